using System.Data.Common;
using System.Net.Sockets;

namespace Bob.Git.Abstractions;

/// <summary>
/// Tells a store that cannot be reached (the database stopped, restarting, refusing connections, its pool exhausted) from a
/// fault, and keeps one host's view of the outage so that it is logged once when it starts and once when it ends, not once
/// per request. Receivers and APIs answer <c>503</c> with <c>Retry-After</c> while <see cref="IsUnavailable"/> holds.
/// Thread-safe; one per host (registered as a singleton by <c>AddBobWebhooks()</c>).
/// </summary>
public sealed class StoreOutage(TimeProvider timeProvider)
{
    /// <summary>What a client is told to wait before sending again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private int _refused;

    /// <summary>Creates the tracker on the system clock.</summary>
    public StoreOutage()
        : this(TimeProvider.System)
    {
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) says the store could not be reached, rather than that a command
    /// was wrong: a transient <see cref="DbException"/> (<see cref="DbException.IsTransient"/>, which Npgsql sets for refused
    /// and broken connections and an exhausted pool), a connection-class or shutdown SQLSTATE (<c>08…</c>, <c>57P01</c> to
    /// <c>57P03</c>, <c>53300</c>), or a socket error.
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case DbException { SqlState: { } state } when state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300":
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records a request refused because the store is away; <see langword="true"/> for the first one of an outage (the one
    /// to log).
    /// </summary>
    public bool Refused()
    {
        lock (_gate)
        {
            _refused++;
            if (_since is not null)
            {
                return false;
            }

            _since = timeProvider.GetUtcNow();
            return true;
        }
    }

    /// <summary>
    /// Records that the store answered; when that ends an outage, how long it lasted and how many requests were refused
    /// (to log once), otherwise <see langword="null"/>. Cheap enough to call on every success.
    /// </summary>
    public (TimeSpan Duration, int Refused)? Answered()
    {
        if (Volatile.Read(ref _refused) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_since is not { } since)
            {
                return null;
            }

            var ended = (timeProvider.GetUtcNow() - since, _refused);
            _since = null;
            _refused = 0;
            return ended;
        }
    }
}
