namespace Bob.Git.Abstractions;

/// <summary>
/// Told, inside the transaction that makes the change, when a session's pull request is linked to it, marked ready for review, merged or closed; the
/// outbox rows it returns are written in that same transaction (so its side effects happen if and only if the change
/// commits). It decides nothing that needs I/O: a package registers one to queue its own work (<c>Bob.Tasks</c>: the
/// session's task run, or an automatic task), and the processing of those rows decides.
/// </summary>
public interface IPullRequestSessionObserver
{
    /// <summary>The rows to queue for <paramref name="change"/> (none: nothing to do).</summary>
    IReadOnlyList<OutboxMessage> Changed(PullRequestSessionChange change);
}
