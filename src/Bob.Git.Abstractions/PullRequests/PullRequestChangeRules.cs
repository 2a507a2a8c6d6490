using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>
/// What a stored change of a session's pull request tells the session and its observers. Decided here, once for every
/// <see cref="IPullRequestStore"/>, and written by the store in the change's transaction: a change a person sees (status,
/// title, body, head commit or branches) is a session event of the new status's kind; a merge or close of a session's pull
/// request tells the <see cref="IPullRequestSessionObserver"/>s; linking a pull request to a session is
/// <see cref="SessionEventKinds.PullRequestCreated"/> and tells them <see cref="Linked"/>.
/// </summary>
public static class PullRequestChangeRules
{
    /// <summary>The observers' change when a pull request is linked to a session.</summary>
    public const string Linked = "linked";

    /// <summary>The observers' change when a session's draft pull request is marked ready for review.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Whether a person sees the change from <paramref name="prior"/> (none: a new pull request) to <paramref name="current"/>.
    /// A report that moves only the provider's time (a label, an assignee, a review) is stored but says nothing new.
    /// </summary>
    public static bool IsVisibleChange(PullRequestInfo? prior, PullRequestInfo current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return prior is null
            || prior.Status != current.Status || prior.Title != current.Title || prior.Body != current.Body
            || prior.HeadSha != current.HeadSha || prior.HeadBranch != current.HeadBranch || prior.BaseBranch != current.BaseBranch;
    }

    /// <summary>The session event of a visible change of pull request <paramref name="pullRequestId"/> to <paramref name="current"/>.</summary>
    public static (string Kind, JsonElement Payload) ChangedEvent(Guid pullRequestId, PullRequestInfo current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return (SessionEventKinds.ForPullRequest(current.Status),
            SessionEventPayloads.ToElement(new PullRequestChangedEvent(pullRequestId, current.Url, current.Number, current.Title, current.Status.ToWireName())));
    }

    /// <summary>The session event of linking pull request <paramref name="pullRequestId"/> to a session.</summary>
    public static (string Kind, JsonElement Payload) LinkedEvent(Guid pullRequestId, string url, int number, string title) =>
        (SessionEventKinds.PullRequestCreated, SessionEventPayloads.ToElement(new PullRequestLinkedEvent(pullRequestId, url, number, title)));

    /// <summary>What the observers are told when a session's pull request visibly changes to <paramref name="status"/>: its wire name for a merge or a close, else nothing.</summary>
    public static string? ObserverChange(PullRequestStatus status) =>
        status is PullRequestStatus.Merged or PullRequestStatus.Closed ? status.ToWireName() : null;

    /// <summary>
    /// What the observers are told when a session's pull request visibly changes from <paramref name="prior"/> (none: a new
    /// pull request) to <paramref name="status"/>: its wire name for a merge or a close, <see cref="Ready"/> when a draft is
    /// marked ready for review, else nothing.
    /// </summary>
    public static string? ObserverChange(PullRequestStatus? prior, PullRequestStatus status) =>
        prior == PullRequestStatus.Draft && status == PullRequestStatus.Open ? Ready : ObserverChange(status);
}
