using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Bob.Postgres;

/// <summary>
/// <see cref="IWebhookDeliveryStore"/> over <c>webhook_deliveries</c>: one INSERT with the plan's dedupe key, and the replay key of
/// sources that do not sign their delivery id (and a lookup only for duplicates), committed
/// (durable) before the receiver answers. Waiting workers are notified with one coalesced NOTIFY per burst of inserts.
/// </summary>
public sealed class PostgresWebhookDeliveryStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IWebhookDeliveryStore
{
    private readonly Internal.DeliveryNotifier _notifier = new(dataSource);

    /// <inheritdoc />
    public async Task<(Guid Id, bool Stored)> StoreAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var provider = delivery.Source;
        await using (var insert = dataSource.CreateCommand(
            """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, action, signature_valid, headers, payload, status, processed_at,
                locked_by, locked_until, attempted_at, replay_key, hook_id)
            VALUES ($1, $2, $3, $4, true, $5, $6, $7, CASE WHEN $7 = 'processed' THEN now() END,
                $8, $9, CASE WHEN $8 IS NOT NULL THEN now() END, $10, $11)
            ON CONFLICT DO NOTHING
            RETURNING id
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = provider });
            insert.Parameters.Add(new NpgsqlParameter { Value = delivery.DeliveryId });
            insert.Parameters.Add(new NpgsqlParameter { Value = delivery.EventType });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.Action ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(delivery.Headers, PostgresJsonContext.Default.IReadOnlyDictionaryStringString), NpgsqlDbType = NpgsqlDbType.Jsonb });
            // The raw UTF-8 bytes go to the server as they are: no string copy of a payload of up to 25 MiB.
            insert.Parameters.Add(new NpgsqlParameter { Value = delivery.Payload, NpgsqlDbType = NpgsqlDbType.Json });
            insert.Parameters.Add(new NpgsqlParameter { Value = delivery.NeedsProcessing ? "pending" : "processed", NpgsqlDbType = NpgsqlDbType.Varchar });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.Claim?.WorkerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.Claim?.LeaseUntil.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.ReplayKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.HookId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            object? inserted;
            try
            {
                inserted = await insert.ExecuteScalarAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.CharacterNotInRepertoire
                or PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.StatementTooComplex)
            {
                // The json type validates the whole body on insert: its verdict is the receiver's 400. The message names the rule,
                // never PostgreSQL's own text (which quotes the body and names internals).
                throw new BobValidationException(BobValidationException.BodyField, 
                    ex.SqlState switch
                    {
                        PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter => "The body is not valid UTF-8 JSON.",
                        PostgresErrorCodes.StatementTooComplex => "The body's JSON is nested too deeply.",
                        _ => "The body is not valid JSON: it breaks off, or holds something other than one JSON value.",
                    },
                    ex);
            }

            if (inserted is Guid id)
            {
                // A delivery leased to the storing host's worker reaches it in memory; others wake the workers.
                if (delivery.NeedsProcessing && delivery.Claim is null)
                {
                    _notifier.Signal();
                }

                return (id, true);
            }
        }

        // A duplicate: the conflicting row is committed (ON CONFLICT waited for it), so it is visible now.
        // Either key may have matched: the delivery id, or the replay key of a source that does not sign its delivery id.
        await using var existing = dataSource.CreateCommand(
            "SELECT id FROM webhook_deliveries WHERE provider = $1 AND (delivery_id = $2 OR replay_key = $3) ORDER BY received_at LIMIT 1");
        existing.Parameters.Add(new NpgsqlParameter { Value = provider });
        existing.Parameters.Add(new NpgsqlParameter { Value = delivery.DeliveryId });
        existing.Parameters.Add(new NpgsqlParameter { Value = (object?)delivery.ReplayKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        return (await existing.ExecuteScalarAsync(cancellationToken) as Guid?
            ?? throw new InvalidOperationException($"Delivery {delivery.DeliveryId} was neither inserted nor found."), false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> FindHeldAsync(string source, IReadOnlyCollection<string> deliveryIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(deliveryIds);
        if (deliveryIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var held = await Dapper.SqlMapper.QueryAsync<string>(connection, new Dapper.CommandDefinition(
            "SELECT delivery_id FROM webhook_deliveries WHERE provider = @source AND delivery_id = ANY(@ids)",
            new { source, ids = deliveryIds.ToArray() },
            cancellationToken: cancellationToken));
        return held.ToHashSet(StringComparer.Ordinal);
    }
}
