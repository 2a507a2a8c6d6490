using Bob.Tasks;
using Npgsql;

namespace Bob.Postgres;

// The task run store's reads: by session, user, task, their transitions, and keyset pages.
public partial class PostgresTaskRunStore
{
    /// <inheritdoc />
    public async Task<TaskRun?> FindBySessionAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM task_runs WHERE session_id = $1 ORDER BY created_at LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TaskRun?> GetAsync(Guid userId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM task_runs WHERE id = $1 AND user_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TaskRun?> FindByTaskAsync(string workspaceId, string taskId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM task_runs WHERE kanbanger_workspace_id = $1 AND kanbanger_issue_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRunTransitionRecord>> TransitionsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, from_status, to_status, trigger, reason, created_at FROM task_run_transitions WHERE task_run_id = $1 ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        var list = new List<TaskRunTransitionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new TaskRunTransitionRecord(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : Status(reader.GetString(1)),
                Status(reader.GetString(2)),
                Enum.GetValues<TaskRunTrigger>().Single(t => t.ToWireName() == reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Internal.Timestamps.FromUtc(reader.GetDateTime(5))));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRun>> ListAsync(Guid userId, TaskRunStatus? status, int limit, Bob.Git.Abstractions.PageKey? after = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM task_runs
            WHERE user_id = $1 AND ($2::text IS NULL OR status = $2) AND ($4::uuid IS NULL OR (created_at, id) < ($5, $4))
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(Text(status?.ToWireName()));
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = after is { } key ? key.CreatedAt : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var list = new List<TaskRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }
}
