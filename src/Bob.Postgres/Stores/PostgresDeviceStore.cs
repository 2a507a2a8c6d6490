using Bob.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="IDeviceStore"/> over <c>device_push_tokens</c> and <c>push_tickets</c>.</summary>
public sealed class PostgresDeviceStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IDeviceStore
{
    private const string Columns = "id, user_id, device_type, expo_push_token, enabled, created_at";

    /// <inheritdoc />
    public async Task<(Device Device, bool Created)> UpsertAsync(Guid userId, string expoPushToken, DeviceType type, int maxEnabledPerUser, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expoPushToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEnabledPerUser, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The token's lock, then the user's (always in this order): one mover per token, one cap per user at a time.
        await using (var locks = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtextextended('bob-device-token:' || $1, 0)), pg_advisory_xact_lock(hashtextextended('bob-device-user:' || $2::text, 0))",
            connection,
            transaction))
        {
            locks.Parameters.Add(new NpgsqlParameter { Value = expoPushToken });
            locks.Parameters.Add(new NpgsqlParameter { Value = userId });
            await locks.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var move = new NpgsqlCommand(
            "UPDATE device_push_tokens SET enabled = false, disabled_reason = 'registered by another user' WHERE expo_push_token = $1 AND user_id <> $2 AND enabled",
            connection,
            transaction))
        {
            move.Parameters.Add(new NpgsqlParameter { Value = expoPushToken });
            move.Parameters.Add(new NpgsqlParameter { Value = userId });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        (Device Device, bool Created) result;
        await using (var upsert = new NpgsqlCommand(
            $"""
            INSERT INTO device_push_tokens (user_id, device_type, expo_push_token, last_seen_at) VALUES ($1, $2, $3, clock_timestamp())
            ON CONFLICT (user_id, expo_push_token) DO UPDATE SET device_type = EXCLUDED.device_type, enabled = true, disabled_reason = NULL, last_seen_at = clock_timestamp()
            RETURNING {Columns}, xmax = 0
            """,
            connection,
            transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = userId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = Wire(type) });
            upsert.Parameters.Add(new NpgsqlParameter { Value = expoPushToken });
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            result = (Read(reader), reader.GetBoolean(6));
        }

        await using (var cap = new NpgsqlCommand(
            """
            UPDATE device_push_tokens SET enabled = false, disabled_reason = 'over the device limit'
            WHERE id IN (
                SELECT id FROM device_push_tokens
                WHERE user_id = $1 AND enabled
                ORDER BY id = $2 DESC, last_seen_at DESC NULLS LAST, created_at DESC, id
                OFFSET $3)
            """,
            connection,
            transaction))
        {
            cap.Parameters.Add(new NpgsqlParameter { Value = userId });
            cap.Parameters.Add(new NpgsqlParameter { Value = result.Device.Id });
            cap.Parameters.Add(new NpgsqlParameter { Value = maxEnabledPerUser });
            await cap.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid userId, Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM device_push_tokens WHERE id = $1 AND user_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Device>> ListEnabledAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM device_push_tokens WHERE user_id = $1 AND enabled ORDER BY created_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        var list = new List<Device>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<int> DisableAsync(string expoPushToken, string reason, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE device_push_tokens SET enabled = false, disabled_reason = $2 WHERE expo_push_token = $1 AND enabled");
        command.Parameters.Add(new NpgsqlParameter { Value = expoPushToken });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<Guid>> DevicesPushedAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT device_id FROM push_tickets WHERE dedupe_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = dedupeKey });
        var set = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            set.Add(reader.GetGuid(0));
        }

        return set;
    }

    /// <inheritdoc />
    public async Task AddTicketsAsync(string dedupeKey, IReadOnlyList<PushTicket> tickets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        if (tickets.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "INSERT INTO push_tickets (receipt_id, device_id, dedupe_key) SELECT r, d, $3 FROM unnest($1::text[], $2::uuid[]) AS t(r, d) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = tickets.Select(t => t.ReceiptId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = tickets.Select(t => t.DeviceId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = dedupeKey });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(PushTicket Ticket, string ExpoPushToken)>> TicketsBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT t.receipt_id, t.device_id, d.expo_push_token FROM push_tickets t JOIN device_push_tokens d ON d.id = t.device_id WHERE t.created_at < $1 ORDER BY t.created_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = before.ToUniversalTime(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<(PushTicket, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((new PushTicket(reader.GetString(0), reader.GetGuid(1)), reader.GetString(2)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task RemoveTicketsAsync(IReadOnlyList<string> receiptIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM push_tickets WHERE receipt_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = receiptIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Wire(DeviceType type) => type switch
    {
        DeviceType.Ios => "ios",
        DeviceType.Android => "android",
        DeviceType.Web => "web",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown device type."),
    };

    private static Device Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2) switch { "ios" => DeviceType.Ios, "android" => DeviceType.Android, _ => DeviceType.Web },
        reader.GetString(3),
        reader.GetBoolean(4),
        Internal.Timestamps.FromUtc(reader.GetDateTime(5)));
}
