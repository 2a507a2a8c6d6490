using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bob.Postgres;

/// <summary>
/// One <c>LISTEN bob_session_events</c> connection per host, fanned out to this host's subscribers: a notification
/// (<c>'{session id}:{seq}'</c>) wakes the subscribers of that session, and every (re)connection wakes them all, so after
/// the connection drops and comes back each one reads again from its last sequence. Wake-ups coalesce: a subscriber that
/// has not read yet is woken once however many events arrive, so a slow subscriber never slows appenders or other
/// subscribers.
/// </summary>
public sealed partial class SessionEventListener(
    [FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
    ILogger<SessionEventListener> logger) : BackgroundService
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "bob_session_events";

    /// <summary>The listener connection's <c>application_name</c>.</summary>
    public const string ApplicationName = "bob-session-events";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Wake, byte>> _subscribers = new();
    private long _connections;

    /// <summary>How many times the listener has connected (a test waits for a reconnection with it).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Registers a subscriber of <paramref name="sessionId"/>; dispose it to stop.</summary>
    public Wake Subscribe(Guid sessionId)
    {
        var wake = new Wake(this, sessionId);
        _subscribers.GetOrAdd(sessionId, _ => new ConcurrentDictionary<Wake, byte>())[wake] = 0;
        return wake;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Interlocked.Increment(ref _connections);
                backoff = TimeSpan.FromMilliseconds(100);
                WakeAll(); // whatever was appended while this host was not listening is read now
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        if (!await connection.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken))
                        {
                            // Nothing for a while: make sure the connection is alive, so a dead one is noticed in seconds.
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteNonQueryAsync(stoppingToken);
                        }
                    }
                }
                finally
                {
                    connection.Notification -= OnNotification;
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        await using var unlisten = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection);
                        await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                LogDisconnected(logger, ex);
                WakeAll(); // subscribers fall back to reading (and polling) until the listener is back
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromMilliseconds(Math.Min(5_000, backoff.TotalMilliseconds * 2));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var colon = e.Payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Guid.TryParse(e.Payload.AsSpan(0, colon), out var sessionId) && _subscribers.TryGetValue(sessionId, out var wakes))
        {
            foreach (var wake in wakes.Keys)
            {
                wake.Signal();
            }
        }
    }

    private void WakeAll()
    {
        foreach (var wakes in _subscribers.Values)
        {
            foreach (var wake in wakes.Keys)
            {
                wake.Signal();
            }
        }
    }

    private void Remove(Wake wake)
    {
        if (_subscribers.TryGetValue(wake.SessionId, out var wakes) && wakes.TryRemove(wake, out _) && wakes.IsEmpty)
        {
            _subscribers.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Wake, byte>>(wake.SessionId, wakes));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session events LISTEN connection failed; reconnecting (subscribers read from the table meanwhile)")]
    private static partial void LogDisconnected(ILogger logger, Exception exception);

    /// <summary>A subscriber's wake-up: signalled at most once until it waits again.</summary>
    public sealed class Wake : IDisposable
    {
        private readonly SessionEventListener _owner;
        private readonly SemaphoreSlim _signal = new(0, 1);

        internal Wake(SessionEventListener owner, Guid sessionId)
        {
            _owner = owner;
            SessionId = sessionId;
        }

        /// <summary>The session.</summary>
        public Guid SessionId { get; }

        /// <summary>Waits until woken or <paramref name="timeout"/> passes.</summary>
        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        /// <summary>Stops the subscription.</summary>
        public void Dispose()
        {
            _owner.Remove(this);
            _signal.Dispose();
        }

        internal void Signal()
        {
            try
            {
                if (_signal.CurrentCount == 0)
                {
                    _signal.Release();
                }
            }
            catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
            {
                // already signalled, or the subscriber is gone
            }
        }
    }
}
