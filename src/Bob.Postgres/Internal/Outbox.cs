using Npgsql;
using NpgsqlTypes;

namespace Bob.Postgres.Internal;

/// <summary>
/// Writes outbox rows: deliveries of an outbox source (<c>WebhookSourceDefinition.ForOutbox</c>) inserted into
/// <c>webhook_deliveries</c> inside the caller's transaction, so the side effect is queued if and only if the state change
/// commits. The delivery id is the dedupe key: writing the same one twice queues it once. The webhook workers are woken by
/// the same NOTIFY as for received deliveries, sent at commit.
/// </summary>
internal static class Outbox
{
    public static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Bob.Git.Abstractions.OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    """
                    INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, headers, payload, status)
                    VALUES ($1, $2, $3, true, '{}'::jsonb, $4, 'pending')
                    ON CONFLICT DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        new NpgsqlParameter { Value = message.Source },
                        new NpgsqlParameter { Value = message.DeliveryId },
                        new NpgsqlParameter { Value = message.EventType },
                        new NpgsqlParameter { Value = message.Payload.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Json },
                    },
                },
                new NpgsqlBatchCommand($"NOTIFY {DeliveryNotifier.Channel}"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
