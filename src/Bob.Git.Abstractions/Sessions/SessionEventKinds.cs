namespace Bob.Git.Abstractions;

/// <summary>
/// Every kind of session event the suite appends (SPEC §3), in one place; each kind's payload is a record of
/// <see cref="SessionEventJsonContext"/>. A host's own agent appends its own <c>agent.*</c> kinds; readers ignore kinds
/// they do not know.
/// </summary>
public static class SessionEventKinds
{
    /// <summary>A pull request was linked to the session (its push opened or found it): <see cref="PullRequestLinkedEvent"/>.</summary>
    public const string PullRequestCreated = "pr.created";

    /// <summary>A linked pull request's status (draft/open), title, body, head or branches changed: <see cref="PullRequestChangedEvent"/>.</summary>
    public const string PullRequestUpdated = "pr.updated";

    /// <summary>A linked pull request was merged: <see cref="PullRequestChangedEvent"/>.</summary>
    public const string PullRequestMerged = "pr.merged";

    /// <summary>A linked pull request was closed without merging: <see cref="PullRequestChangedEvent"/>.</summary>
    public const string PullRequestClosed = "pr.closed";

    /// <summary>The session's task run moved: <see cref="TaskUpdatedEvent"/>.</summary>
    public const string TaskUpdated = "task.updated";

    /// <summary>A Kanbanger task was created for the session's pull request: <see cref="TaskCreatedEvent"/>.</summary>
    public const string TaskCreated = "task.created";

    /// <summary>The session's pull request was weighed and got no task: <see cref="TaskSkippedEvent"/>.</summary>
    public const string TaskSkipped = "task.skipped";

    /// <summary>A reply arrived (a Kanbanger comment or a quick reply from the app): <see cref="ReplyReceivedEvent"/>.</summary>
    public const string ReplyReceived = "reply.received";

    /// <summary>A review was submitted, edited or dismissed on the session's pull request: <see cref="ReviewSubmittedEvent"/>.</summary>
    public const string ReviewSubmitted = "review.submitted";

    /// <summary>A comment was made or edited on the session's pull request: <see cref="ReviewCommentEvent"/>.</summary>
    public const string ReviewComment = "review.comment";

    /// <summary>A review thread of the session's pull request was resolved or unresolved: <see cref="ReviewThreadResolvedEvent"/>.</summary>
    public const string ReviewThreadResolved = "review.thread_resolved";

    /// <summary>The checks of the session's pull request's head changed state (issue 21): <see cref="ChecksUpdatedEvent"/>, once per head and state.</summary>
    public const string ChecksUpdated = "checks.updated";

    /// <summary>The kind announcing a pull request that changed to <paramref name="status"/>.</summary>
    public static string ForPullRequest(PullRequestStatus status) => status switch
    {
        PullRequestStatus.Merged => PullRequestMerged,
        PullRequestStatus.Closed => PullRequestClosed,
        _ => PullRequestUpdated,
    };
}
