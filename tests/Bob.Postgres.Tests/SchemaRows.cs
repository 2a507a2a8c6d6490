using Npgsql;

namespace Bob.Postgres.Tests;

/// <summary>Inserts rows with plain SQL, so schema tests do not depend on the stores.</summary>
internal static class SchemaRows
{
    public sealed record Ids(Guid UserId, Guid RepositoryId, Guid ConnectionId, Guid PullRequestId, Guid SessionId);

    public static async Task<Guid> UserAsync(NpgsqlDataSource db) =>
        (Guid)(await ScalarAsync(db, "INSERT INTO users (name) VALUES ('schema-test') RETURNING id"))!;

    public static async Task<Ids> SeedAsync(NpgsqlDataSource db)
    {
        var user = await UserAsync(db);
        var connection = (Guid)(await ScalarAsync(db, """
            INSERT INTO git_provider_connections (user_id, provider, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag)
            VALUES (@u, 'github', gen_random_uuid()::text, 'c', 'i', 't') RETURNING id
            """, ("u", user)))!;
        var repository = (Guid)(await ScalarAsync(db, """
            INSERT INTO repositories (user_id, name, remote_url, remote_provider, remote_owner, remote_name, git_provider_connection_id)
            VALUES (@u, 'web', 'https://github.com/acme/web.git', 'github', 'acme', gen_random_uuid()::text, @c) RETURNING id
            """, ("u", user), ("c", connection)))!;
        var session = (Guid)(await ScalarAsync(db, "INSERT INTO chat_conversations (user_id, repository_id) VALUES (@u, @r) RETURNING id", ("u", user), ("r", repository)))!;
        var pullRequest = (Guid)(await ScalarAsync(db, """
            INSERT INTO pull_requests (user_id, repository_id, provider, remote_owner, remote_name, number, head_branch, base_branch, title, status, url, session_id)
            VALUES (@u, @r, 'github', 'acme', gen_random_uuid()::text, 1, 'feature', 'main', 'Add it', 'draft', 'https://github.com/acme/web/pull/1', @s) RETURNING id
            """, ("u", user), ("r", repository), ("s", session)))!;
        await ScalarAsync(db, """
            INSERT INTO task_runs (user_id, kanbanger_workspace_id, kanbanger_issue_id, kanbanger_issue_identifier, session_id, repository_id, status, pull_request_id)
            VALUES (@u, 'ws_1', 'tsk_' || gen_random_uuid()::text, 'BOB-1', @s, @r, 'running', @p)
            """, ("u", user), ("s", session), ("r", repository), ("p", pullRequest));
        await ScalarAsync(db, """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, payload)
            VALUES ('github', gen_random_uuid()::text, 'ping', true, '{}')
            """);
        return new Ids(user, repository, connection, pullRequest, session);
    }

    public static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>The delivery ids of the outbox rows under <paramref name="source"/> whose id starts with <paramref name="prefix"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> QueuedAsync(NpgsqlDataSource db, string source, string prefix)
    {
        await using var command = db.CreateCommand("SELECT delivery_id FROM webhook_deliveries WHERE provider = $1 AND starts_with(delivery_id, $2) ORDER BY received_at");
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
