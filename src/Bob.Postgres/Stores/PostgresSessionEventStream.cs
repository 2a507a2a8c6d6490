using System.Runtime.CompilerServices;
using System.Text.Json;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>
/// The <see cref="ISessionEventStream"/> over <c>session_events</c>. Appends go through <c>bob_append_session_event</c>
/// (the next number under the session's row lock, and a <c>NOTIFY</c> after commit); subscribers read from the table
/// after their last number whenever this host's <see cref="SessionEventListener"/> wakes them (a notification for their
/// session, or the listener reconnecting) and every <see cref="PollInterval"/> as a safety net, so the table is the only
/// source of what they see: nothing is lost in a gap and nothing comes twice.
/// </summary>
public sealed class PostgresSessionEventStream(
    [FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
    SessionEventListener listener) : ISessionEventStream
{
    /// <summary>How often a subscriber reads again when nothing woke it (a lost notification, a host without a listener).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task<long> AppendAsync(Guid sessionId, string kind, JsonElement? payload = null, CancellationToken cancellationToken = default)
    {
        await using var command = AppendCommand("SELECT bob_append_session_event($1, $2, $3)", sessionId, kind, payload);
        return await command.ExecuteScalarAsync(cancellationToken) is long sequence
            ? sequence
            : throw BobNotFoundException.ForSession(sessionId);
    }

    /// <inheritdoc />
    public async Task<(long Sequence, bool Appended)> AppendOnceAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        await using var command = AppendCommand("SELECT seq, appended FROM bob_append_session_event_once($1, $2, $3, $4)", sessionId, kind, payload);
        command.Parameters.Add(new NpgsqlParameter { Value = dedupeKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? (reader.GetInt64(0), reader.GetBoolean(1))
            : throw BobNotFoundException.ForSession(sessionId);
    }

    /// <inheritdoc />
    public async Task<(long Sequence, bool Appended)> AppendOnceWithEffectsAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload, IReadOnlyList<OutboxMessage> effects, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        ArgumentNullException.ThrowIfNull(effects);
        if (payload is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("An event's payload is a JSON object.", nameof(payload));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var body = payload ?? JsonDocument.Parse("{}").RootElement;
        if (await Internal.SessionEvents.AppendOnceAsync(connection, transaction, sessionId, kind, dedupeKey, body, cancellationToken) is not { } appended)
        {
            throw BobNotFoundException.ForSession(sessionId);
        }

        if (appended.Appended)
        {
            foreach (var effect in effects)
            {
                await Internal.Outbox.EnqueueAsync(connection, transaction, effect, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>An append statement with the session, the kind and the payload (an object) as $1, $2 and $3.</summary>
    private NpgsqlCommand AppendCommand(string sql, Guid sessionId, string kind, JsonElement? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (payload is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("An event's payload is a JSON object.", nameof(payload));
        }

        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = payload?.GetRawText() ?? "{}", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        return command;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SessionEvent>> ReadAfterAsync(Guid sessionId, long after, int limit = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand(
            "SELECT seq, kind, payload::text, created_at FROM session_events WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var events = new List<SessionEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(2));
            events.Add(new SessionEvent(sessionId, reader.GetInt64(0), reader.GetString(1), payload.RootElement.Clone(), Internal.Timestamps.FromUtc(reader.GetDateTime(3))));
        }

        return events;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SessionEvent> SubscribeAsync(Guid sessionId, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        using var wake = listener.Subscribe(sessionId);
        var last = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await ReadAfterAsync(sessionId, last, 500, cancellationToken);
            foreach (var item in batch)
            {
                yield return item;
                last = item.Sequence;
            }

            if (batch.Count < 500)
            {
                await wake.WaitAsync(PollInterval, cancellationToken);
            }
        }
    }
}
