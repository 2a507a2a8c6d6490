namespace Bob.Git.Abstractions;

/// <summary>
/// Told, inside the transaction that appends a session's <c>checks.updated</c> event, that the checks of the session's pull
/// request's head turned <see cref="CheckState.Failure"/> or <see cref="CheckState.Success"/> (issue 21); the outbox rows it
/// returns are written in that same transaction, so they happen once per head and state. It decides nothing that needs
/// I/O: a package registers one to queue its own work (<c>Bob.Tasks</c>: the run's agent and its tracker), and the
/// processing of those rows decides.
/// </summary>
public interface ICheckStateObserver
{
    /// <summary>The rows to queue for <paramref name="change"/> (none: nothing to do).</summary>
    IReadOnlyList<OutboxMessage> Changed(CheckStateChange change);
}

/// <summary>A session's pull request's head changed state (see <see cref="ICheckStateObserver"/>).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="HeadSha">Its head.</param>
/// <param name="State">The head's state now.</param>
/// <param name="Failing">What fails (names, with a pipeline's failed jobs).</param>
/// <param name="Checks">The head's checks.</param>
public sealed record CheckStateChange(Guid SessionId, Guid PullRequestId, string HeadSha, CheckState State, IReadOnlyList<string> Failing, IReadOnlyList<CheckReport> Checks);
