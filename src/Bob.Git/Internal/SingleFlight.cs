using System.Collections.Concurrent;

namespace Bob.Git.Internal;

/// <summary>
/// Coalesces concurrent calls for the same key into one call: callers that arrive while a call for their key is running
/// share its result. Nothing is cached after the call completes, so every result is as fresh as a call that started after
/// the caller arrived or while it waited.
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _inFlight;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null) => _inFlight = new(comparer);

    /// <summary>
    /// Runs <paramref name="call"/> for <paramref name="key"/>, or joins the one already running. The shared call does not
    /// observe any single caller's token (one caller giving up must not fail the others); each caller stops waiting when
    /// its own <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public Task<TValue> RunAsync(TKey key, Func<TKey, Task<TValue>> call, CancellationToken cancellationToken = default)
    {
        var lazy = _inFlight.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => RunAndForgetAsync(k, call)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<TValue> RunAndForgetAsync(TKey key, Func<TKey, Task<TValue>> call)
    {
        try
        {
            return await call(key).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
