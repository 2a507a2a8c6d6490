namespace Bob.Tasks;

/// <summary>
/// A trusted reviewer's review or comment on a run's pull request, handed to the run's agent (issue 20). Only feedback whose
/// author may write to the repository is handed over; everything else stays in the session, marked untrusted.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="SessionId">The run's session.</param>
/// <param name="FeedbackId">The dedupe key of this call: <c>review:{providerId}</c> or <c>comment:{providerId}</c>.</param>
/// <param name="Kind"><see cref="TaskAgentFeedbackKinds.Review"/> or <see cref="TaskAgentFeedbackKinds.Comment"/>.</param>
/// <param name="Author">The reviewer's login.</param>
/// <param name="Body">What they wrote (may be empty for a review that only approves).</param>
/// <param name="Path">The file of an inline comment.</param>
/// <param name="Line">The line of an inline comment.</param>
/// <param name="Url">Its web page, or empty.</param>
/// <param name="ReviewState">A review's state (<c>approved</c>, <c>changes_requested</c>, <c>commented</c>); <see langword="null"/> for a comment.</param>
/// <param name="CommentId">A comment's provider id, to answer in its thread (<c>POST /api/pull-requests/{id}/replies</c>); <see langword="null"/> for a review.</param>
public sealed record TaskAgentFeedback(
    Guid RunId,
    Guid SessionId,
    string FeedbackId,
    string Kind,
    string Author,
    string Body,
    string? Path,
    int? Line,
    string Url,
    string? ReviewState = null,
    string? CommentId = null);

/// <summary>The kinds of <see cref="TaskAgentFeedback"/>.</summary>
public static class TaskAgentFeedbackKinds
{
    /// <summary>A review (its state and summary).</summary>
    public const string Review = "review";

    /// <summary>An inline or conversation comment.</summary>
    public const string Comment = "comment";

    /// <summary>The checks of the run's pull request's head failed (issue 21): the body names them with their pages.</summary>
    public const string CiFailed = "ci_failed";
}
