using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Bob.Postgres.Internal;

/// <summary>
/// Appends session events inside a caller's transaction, so an event is written with the change it announces: through
/// <c>bob_append_session_event</c> (the next number under the session's row lock, a NOTIFY at commit) and its once-per-key
/// form. The one place the stores spell these calls.
/// </summary>
internal static class SessionEvents
{
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid sessionId, string kind, JsonElement payload, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT bob_append_session_event($1, $2, $3)", connection, transaction, sessionId, kind, payload);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends the event once per <paramref name="dedupeKey"/>; <see langword="null"/> when the session does not exist.</summary>
    public static async Task<(long Sequence, bool Appended)?> AppendOnceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid sessionId, string kind, string dedupeKey, JsonElement payload, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT seq, appended FROM bob_append_session_event_once($1, $2, $3, $4)", connection, transaction, sessionId, kind, payload);
        command.Parameters.Add(new NpgsqlParameter { Value = dedupeKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid sessionId, string kind, JsonElement payload)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = payload.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return command;
    }
}
