using Npgsql;

namespace Bob.Postgres.Internal;

/// <summary>
/// A session-level advisory lock on a text key, held on a connection of its own until disposed, across every host on the
/// database. Taken with <c>pg_try_advisory_lock</c> and a short backoff, so a waiter holds no connection while it waits.
/// </summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private AdvisoryLock(NpgsqlConnection connection, string key) => (_connection, _key) = (connection, key);

    /// <summary>Waits until the lock on <paramref name="key"/> is this caller's.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(NpgsqlDataSource dataSource, string key, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
                take.Parameters.Add(new NpgsqlParameter { Value = key });
                if ((bool)(await take.ExecuteScalarAsync(cancellationToken))!)
                {
                    var held = new AdvisoryLock(connection, key);
                    connection = null;
                    return held;
                }
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            await Task.Delay(wait, cancellationToken);
            wait = TimeSpan.FromMilliseconds(Math.Min(250, wait.TotalMilliseconds * 2));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", _connection);
            release.Parameters.Add(new NpgsqlParameter { Value = _key });
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
