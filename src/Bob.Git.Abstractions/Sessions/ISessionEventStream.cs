using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>
/// A session's event stream (plan 4.5): append events, read them after a sequence number, and follow them live. Every host
/// sharing the store sees every event: a subscriber on one host receives what another host appended, and a subscriber that
/// resumes after the last sequence it saw gets exactly what it missed, in order. Sessions are not checked against a user
/// here: callers check ownership first.
/// </summary>
public interface ISessionEventStream
{
    /// <summary>Appends an event and returns its sequence number.</summary>
    /// <exception cref="BobNotFoundException">The session does not exist.</exception>
    Task<long> AppendAsync(Guid sessionId, string kind, JsonElement? payload = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event once per <paramref name="dedupeKey"/> in the session: the same key again appends nothing and answers
    /// the first event's number with <c>Appended</c> false (a redelivered reply, a repeated client input).
    /// </summary>
    /// <exception cref="BobNotFoundException">No such session.</exception>
    Task<(long Sequence, bool Appended)> AppendOnceAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event once per <paramref name="dedupeKey"/> and, when it is appended, queues <paramref name="effects"/> in
    /// the same transaction: the event and what it causes (an agent hand-over, a reaction) are written together or not at all,
    /// and the same key again writes neither. Answers as <see cref="AppendOnceAsync"/> does.
    /// </summary>
    /// <exception cref="BobNotFoundException">No such session.</exception>
    Task<(long Sequence, bool Appended)> AppendOnceWithEffectsAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload, IReadOnlyList<OutboxMessage> effects, CancellationToken cancellationToken = default);

    /// <summary>The session's events after <paramref name="after"/> (0: from the first), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SessionEvent>> ReadAfterAsync(Guid sessionId, long after, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session's events after <paramref name="after"/>, then every new one as it is appended on any host, until
    /// <paramref name="cancellationToken"/> is cancelled. Holds no database connection while it waits.
    /// </summary>
    IAsyncEnumerable<SessionEvent> SubscribeAsync(Guid sessionId, long after, CancellationToken cancellationToken = default);
}
