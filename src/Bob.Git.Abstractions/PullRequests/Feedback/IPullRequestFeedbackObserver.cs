namespace Bob.Git.Abstractions;

/// <summary>
/// Told, inside the transaction that appends a session's <c>review.*</c> event, about a review or comment on the session's pull
/// request; the outbox rows it returns are written in that same transaction, so its side effects happen once, with the event,
/// however often the provider delivers the feedback and whichever host takes it. It decides nothing that needs I/O: a
/// package registers one to queue its own work (<c>Bob.Tasks</c>: the hand-over to the session's task run's agent), and the
/// processing of those rows decides.
/// </summary>
public interface IPullRequestFeedbackObserver
{
    /// <summary>The rows to queue for <paramref name="received"/> (none: nothing to do).</summary>
    IReadOnlyList<OutboxMessage> Received(PullRequestFeedbackReceived received);
}

/// <summary>A review or comment on a session's pull request (see <see cref="IPullRequestFeedbackObserver"/>).</summary>
/// <param name="SessionId">The session the pull request belongs to.</param>
/// <param name="PullRequestId">The pull request's row.</param>
/// <param name="Repository">The remote.</param>
/// <param name="Number">The pull request's number.</param>
/// <param name="Feedback">The review or comment as reported (a deletion is never told).</param>
/// <param name="Trusted">Whether its author may write to the repository (and is not Bob itself): only trusted feedback steers an agent.</param>
public sealed record PullRequestFeedbackReceived(Guid SessionId, Guid PullRequestId, RemoteRepositoryIdentity Repository, int Number, PullRequestFeedback Feedback, bool Trusted);
