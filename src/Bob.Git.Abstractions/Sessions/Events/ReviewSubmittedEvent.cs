namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.ReviewSubmitted"/>.</summary>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="ReviewId">The provider's review id.</param>
/// <param name="Author">The reviewer's login.</param>
/// <param name="State"><c>approved</c>, <c>changes_requested</c>, <c>commented</c> or <c>dismissed</c>.</param>
/// <param name="Body">The review's text, if any.</param>
/// <param name="Url">Its web page, or empty.</param>
/// <param name="Trusted">Whether the reviewer may write to the repository (only then does it steer the agent).</param>
public sealed record ReviewSubmittedEvent(Guid PullRequestId, string ReviewId, string Author, string State, string? Body, string Url, bool Trusted);
