using System.Collections.Concurrent;
using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>An <see cref="ISessionNotifier"/> that records what it is asked to push, once per dedupe key (as Bob.Notifications sends once per device and key).</summary>
public sealed class RecordingSessionNotifier : ISessionNotifier
{
    private readonly ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);

    /// <summary>What was pushed, in order.</summary>
    public ConcurrentQueue<(Guid User, Guid Session, string Title, string Body)> Sent { get; } = new();

    /// <inheritdoc />
    public Task<int> NotifyAsync(Guid userId, Guid sessionId, string title, string body, string dedupeKey, CancellationToken cancellationToken = default)
    {
        if (_keys.TryAdd(dedupeKey, true))
        {
            Sent.Enqueue((userId, sessionId, title, body));
        }

        return Task.FromResult(1);
    }
}
