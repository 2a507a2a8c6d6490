using Npgsql;

namespace Bob.Postgres.Internal;

/// <summary>
/// Inserts a session (a <c>chat_conversations</c> row) inside a caller's transaction: the one place the stores spell it,
/// used by <see cref="PostgresSessionStore"/> and by <see cref="PostgresTaskRunStore"/>, which makes a run's session in
/// the transaction that attaches it.
/// </summary>
internal static class Sessions
{
    /// <summary>The columns a session is read from, in <see cref="Read"/>'s order.</summary>
    public const string Columns = "id, user_id, repository_id, title, created_at";

    public static async Task<Bob.Git.Abstractions.Session> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand($"INSERT INTO chat_conversations (user_id, repository_id, title) VALUES ($1, $2, $3) RETURNING {Columns}", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)repositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)title ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    /// <summary>A session from a row of <see cref="Columns"/>.</summary>
    public static Bob.Git.Abstractions.Session Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.IsDBNull(2) ? null : reader.GetGuid(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Timestamps.FromUtc(reader.GetDateTime(4)));
}
