using System.Collections.Concurrent;

namespace Bob.Git.Internal;

/// <summary>
/// Results kept for a short, fixed time from when their load started; concurrent callers share a load in flight, and a
/// failed load is not kept. Bounded: when full it starts over.
/// </summary>
internal sealed class ShortLivedCache<TKey, TValue>(TimeSpan lifetime, TimeProvider timeProvider, int maxEntries = 10_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public Task<TValue> GetOrLoadAsync(TKey key, Func<TKey, Task<TValue>> load, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetTimestamp();
        if (!_entries.TryGetValue(key, out var entry) || !IsUsable(entry, now))
        {
            if (_entries.Count >= maxEntries)
            {
                _entries.Clear();
            }

            var created = new Entry(now, new Lazy<Task<TValue>>(() => load(key)));
            entry = _entries.AddOrUpdate(key, created, (_, existing) => IsUsable(existing, now) ? existing : created);
        }

        return entry.Value.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets <paramref name="key"/>'s result, so the next call loads it again.</summary>
    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    private bool IsUsable(Entry entry, long now) =>
        timeProvider.GetElapsedTime(entry.Started, now) < lifetime
        && !(entry.Value.IsValueCreated && (entry.Value.Value.IsFaulted || entry.Value.Value.IsCanceled));

    private sealed record Entry(long Started, Lazy<Task<TValue>> Value);
}
