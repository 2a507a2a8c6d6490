using Bob.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// <see cref="IWebhookDeliveryQueue"/> over <c>webhook_deliveries</c>: claims with <c>FOR UPDATE SKIP LOCKED</c> in a single
/// statement (no transaction is held while processing), leases in <c>locked_until</c>/<c>locked_by</c>, and LISTEN on
/// <c>bob_webhook_deliveries</c> for wake-ups.
/// </summary>
public sealed partial class PostgresWebhookDeliveryQueue([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, ILogger<PostgresWebhookDeliveryQueue>? logger = null)
    : IWebhookDeliveryQueue, IWebhookDeliveryAdmin, IAsyncDisposable
{
    private const string Channel = Internal.DeliveryNotifier.Channel;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly SemaphoreSlim _listenGate = new(1, 1);
    private NpgsqlConnection? _listener;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string workerId, int maxCount, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH due AS (
                SELECT id FROM webhook_deliveries
                WHERE status = 'pending'
                  AND (next_retry_at IS NULL OR next_retry_at <= $1)
                  AND (locked_until IS NULL OR locked_until < $1)
                ORDER BY received_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET locked_until = $3, locked_by = $4, attempted_at = $1
            FROM due WHERE d.id = due.id
            RETURNING d.id, d.provider, d.event_type, d.delivery_id, d.payload, d.retry_count, d.received_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = maxCount });
        command.Parameters.Add(new NpgsqlParameter { Value = leaseUntil.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = workerId });
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return claimed;
    }

    /// <inheritdoc />
    public async Task CompleteAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            UPDATE webhook_deliveries
            SET status = 'processed', processed_at = $3, error_message = NULL, next_retry_at = NULL, locked_until = NULL, locked_by = NULL
            WHERE id = ANY($1) AND locked_by = $2 AND status = 'pending'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = workerId });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> RenewAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return 0;
        }

        // Only locked_until changes, which no index covers: the update stays HOT, like a claim.
        await using var command = dataSource.CreateCommand(
            """
            UPDATE webhook_deliveries SET locked_until = $3
            WHERE id = ANY($1) AND locked_by = $2 AND status = 'pending' AND locked_until < $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = workerId });
        command.Parameters.Add(new NpgsqlParameter { Value = leaseUntil.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(IReadOnlyCollection<Guid> ids, string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            UPDATE webhook_deliveries SET locked_until = NULL, locked_by = NULL
            WHERE id = ANY($1) AND locked_by = $2 AND status = 'pending'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = workerId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task FailAsync(Guid id, string workerId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE webhook_deliveries
            SET retry_count = retry_count + 1,
                status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                next_retry_at = $4, error_message = $3, locked_until = NULL, locked_by = NULL
            WHERE id = $1 AND locked_by = $2 AND status = 'pending'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = workerId });
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        command.Parameters.Add(new NpgsqlParameter { Value = retryAt is { } r ? r.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _listenGate.WaitAsync(cancellationToken);
        try
        {
            if (_listener is null || _listener.State != System.Data.ConnectionState.Open)
            {
                if (_listener is not null)
                {
                    await _listener.DisposeAsync();
                }

                _listener = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var listen = new NpgsqlCommand($"LISTEN {Channel}", _listener);
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }

            // Extra wake-ups from a burst of inserts are harmless: the worker just finds fewer rows due.
            return await _listener.WaitAsync(timeout, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            LogListenFailed(_logger, ex);
            if (_listener is not null)
            {
                await _listener.DisposeAsync();
                _listener = null;
            }

            return false;
        }
        finally
        {
            _listenGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> PruneAsync(DateTimeOffset processedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM webhook_deliveries WHERE id IN (
                SELECT id FROM webhook_deliveries WHERE status = 'processed' AND processed_at < $1 LIMIT $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = processedBefore.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = maxCount });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDeliverySummary>> ListAsync(string status, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, provider, delivery_id, event_type, action, status, retry_count, error_message, next_retry_at, received_at
            FROM webhook_deliveries WHERE status = $1 ORDER BY received_at DESC, id LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<WebhookDeliverySummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new WebhookDeliverySummary(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookHourlyCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT provider, date_trunc('hour', received_at, 'UTC') AS hour, count(*)::int,
                   (count(*) FILTER (WHERE status = 'failed' OR retry_count > 0))::int
            FROM webhook_deliveries WHERE received_at >= $1
            GROUP BY 1, 2 ORDER BY 2, 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = since.ToUniversalTime() });
        var counts = new List<WebhookHourlyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new WebhookHourlyCount(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE webhook_deliveries
            SET status = 'pending', retry_count = 0, next_retry_at = NULL, error_message = NULL, locked_until = NULL, locked_by = NULL, processed_at = NULL
            WHERE id = $1 AND status IN ('failed', 'processed')
            RETURNING pg_notify('{Channel}', id::text)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    /// <summary>Stops listening and closes the listening connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            if (_listener.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    // The pool does not reset connections (AddBobPostgres): leave none listening.
                    await using var unlisten = new NpgsqlCommand("UNLISTEN *", _listener);
                    await unlisten.ExecuteNonQueryAsync();
                }
                catch (NpgsqlException)
                {
                    // A broken connection is not returned to the pool.
                }
            }

            await _listener.DisposeAsync();
        }

        _listenGate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN connection failed; falling back to polling until it reconnects")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
