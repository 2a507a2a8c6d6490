using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// Queues, in the transaction that links, merges or closes a session's pull request, one <see cref="TaskRunOutbox.PullRequestEvent"/>
/// row per change (<c>pr:{pullRequestId}:{change}</c>); its processing decides: the session's task run follows it, or a
/// session without a run has its newly linked pull request weighed for an automatic task (plan 5.3).
/// </summary>
internal sealed class TaskRunPullRequestObserver : IPullRequestSessionObserver
{
    public IReadOnlyList<OutboxMessage> Changed(PullRequestSessionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return [TaskRunOutbox.PullRequestChanged(change.SessionId, change.PullRequestId, change.Change, change.UserId)];
    }
}
