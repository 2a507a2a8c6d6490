using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Webhooks;

/// <summary>
/// The verifiers of the hooks Bob manages, one per hook, built from its own secrets (issue 23) and held in memory, so a
/// delivery is verified without reading the database. The cache is read again in the background once it is a minute old
/// (deliveries meanwhile use what is known), at once after this host changes a hook (<see cref="Invalidate"/>), and when a
/// delivery names a hook it does not know, at most once per <see cref="MissInterval"/> whatever the number of such
/// deliveries: a forged hook id costs the database nothing more.
/// Thread-safe; one per host.
/// </summary>
public sealed partial class WebhookHookVerifiers : IDisposable
{
    /// <summary>How old the cache may grow before a lookup reads it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>The least time between two reads caused by deliveries naming an unknown hook.</summary>
    public static readonly TimeSpan MissInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Retirement = TimeSpan.FromMinutes(5);
    private readonly Lazy<IWebhookHookSource?> _source;
    private readonly WebhookSources _sources;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private volatile bool _stale = true;
    private int _refreshing;

    /// <summary>
    /// Creates the cache over a source made when a delivery first names a hook (when it makes none, no delivery is ever found to
    /// come from a managed hook) (so a host that never makes hooks needs nothing
    /// the source needs, such as the vault's keys); a source that cannot be made is logged and taken as none.
    /// </summary>
    public WebhookHookVerifiers(WebhookSources sources, TimeProvider timeProvider, Func<IWebhookHookSource?> source, ILogger<WebhookHookVerifiers>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(source);
        _sources = sources;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _source = new Lazy<IWebhookHookSource?>(() =>
        {
            try
            {
                return source();
            }
            catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                LogNoSource(_logger, ex.Message);
                return null;
            }
        });
    }

    /// <summary>Makes the next lookup read the hooks again (after this host made, rotated or removed one).</summary>
    public void Invalidate() => _stale = true;

    /// <summary>
    /// The verifier of the hook <paramref name="request"/> names, and that hook's id; <see langword="null"/> when it names none
    /// this host knows (the source's shared secret then applies).
    /// </summary>
    public async ValueTask<(WebhookSignatureVerifier Verifier, Guid HookId)?> FindAsync(WebhookSourceDefinition source, WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        if (KeysOf(source, request) is not { Length: > 0 } keys || _source.Value is null)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var snapshot = _snapshot;
        if (_stale || snapshot.Entries.Count == 0 && now - snapshot.ReadAt > MissInterval)
        {
            snapshot = await ReadAsync(snapshot, cancellationToken); // this host changed a hook, or knows none yet
        }
        else if (now - snapshot.ReadAt > MaxAge)
        {
            RefreshSoon(snapshot); // served from what is known meanwhile: no delivery waits for the database
        }

        var entry = Lookup(snapshot, source, keys);
        if (entry is null && now - snapshot.ReadAt > MissInterval)
        {
            // Maybe another host made the hook a moment ago.
            snapshot = await ReadAsync(snapshot, cancellationToken);
            entry = Lookup(snapshot, source, keys);
        }

        if (entry is null)
        {
            return null;
        }

        return (entry.PreviousUntil is { } until && now < until ? entry.WithPrevious : entry.CurrentOnly, entry.HookId);
    }

    /// <summary>
    /// After <paramref name="refused"/> refused a delivery naming a hook: reads the hooks again (at most once per
    /// <see cref="MissInterval"/>) and returns the hook's verifier if it changed meanwhile (another host rotated its secret or
    /// made it again); otherwise <see langword="null"/>.
    /// </summary>
    public async ValueTask<(WebhookSignatureVerifier Verifier, Guid HookId)?> RecheckAsync(WebhookSourceDefinition source, WebhookRequest request, WebhookSignatureVerifier refused, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = _snapshot;
        if (KeysOf(source, request) is not { Length: > 0 } keys || _source.Value is null
            || _timeProvider.GetUtcNow() - snapshot.ReadAt <= MissInterval)
        {
            return null;
        }

        snapshot = await ReadAsync(snapshot, cancellationToken);
        if (Lookup(snapshot, source, keys) is not { } entry)
        {
            return null;
        }

        var verifier = entry.PreviousUntil is { } until && _timeProvider.GetUtcNow() < until ? entry.WithPrevious : entry.CurrentOnly;
        return ReferenceEquals(verifier, refused) ? null : (verifier, entry.HookId);
    }

    /// <summary>The keys the request names, most specific first (each at most 300 characters).</summary>
    private static string[] KeysOf(WebhookSourceDefinition source, WebhookRequest request) =>
        source.HookKeys is { } keys ? [.. keys.FromRequest(request).Where(k => k is { Length: > 0 and <= 300 }).Take(4)] : [];

    private static Entry? Lookup(Snapshot snapshot, WebhookSourceDefinition source, string[] keys)
    {
        foreach (var key in keys)
        {
            if (snapshot.Entries.TryGetValue((source.Name, key), out var entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Disposes every verifier.</summary>
    public void Dispose()
    {
        _snapshot.Dispose();
        _reading.Dispose();
    }

    private void RefreshSoon(Snapshot seen)
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(seen, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task<Snapshot> ReadAsync(Snapshot seen, CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(_snapshot, seen))
            {
                return _snapshot; // another request read it meanwhile
            }

            var readAt = _timeProvider.GetUtcNow();
            IReadOnlyList<WebhookHook> hooks;
            try
            {
                _stale = false;
                hooks = await _source.Value!.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Keep verifying with what is known; try again after the miss interval, not per request.
                LogReadFailed(_logger, ex);
                var kept = seen with { ReadAt = readAt };
                _snapshot = kept;
                return kept;
            }

            var fresh = Build(hooks, readAt);
            var retired = _snapshot;
            _snapshot = fresh;
            _ = RetireAsync(retired);
            return fresh;
        }
        finally
        {
            _reading.Release();
        }
    }

    private Snapshot Build(IReadOnlyList<WebhookHook> hooks, DateTimeOffset readAt)
    {
        var entries = new Dictionary<(string, string), Entry>();
        foreach (var hook in hooks)
        {
            if (!_sources.TryGet(hook.Source, out var source) || source.HookKeys is not { } keys)
            {
                continue;
            }

            Entry entry;
            try
            {
                entry = new Entry(
                    hook.Id,
                    source.CreateVerifier(new WebhookSecrets { Secret = hook.Secret }, _timeProvider),
                    source.CreateVerifier(new WebhookSecrets { Secret = hook.Secret, PreviousSecret = hook.PreviousSecret }, _timeProvider),
                    hook.PreviousSecret is null ? null : hook.PreviousSecretUntil);
            }
            catch (ArgumentException ex)
            {
                LogUnusableSecret(_logger, hook.Id, ex.Message);
                continue;
            }

            foreach (var key in keys.Of(hook))
            {
                entries[(source.Name, key)] = entry;
            }
        }

        return new Snapshot(entries, readAt);
    }

    private async Task RetireAsync(Snapshot retired)
    {
        if (retired.Entries.Count == 0)
        {
            return;
        }

        await Task.Delay(Retirement, _timeProvider).ConfigureAwait(false);
        retired.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The managed hooks' secrets could not be read; deliveries are verified with what this host knew")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The managed hooks' secrets cannot be read in this host ({Reason}); every delivery is verified with its source's shared secret")]
    private static partial void LogNoSource(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hook {HookId}'s secret cannot make a verifier: {Reason}")]
    private static partial void LogUnusableSecret(ILogger logger, Guid hookId, string reason);

    private sealed record Entry(Guid HookId, WebhookSignatureVerifier CurrentOnly, WebhookSignatureVerifier WithPrevious, DateTimeOffset? PreviousUntil);

    private sealed record Snapshot(IReadOnlyDictionary<(string Source, string Key), Entry> Entries, DateTimeOffset ReadAt) : IDisposable
    {
        public static readonly Snapshot Empty = new(new Dictionary<(string, string), Entry>(), DateTimeOffset.MinValue);

        public void Dispose()
        {
            foreach (var entry in Entries.Values.Distinct())
            {
                entry.CurrentOnly.Dispose();
                entry.WithPrevious.Dispose();
            }
        }
    }
}
