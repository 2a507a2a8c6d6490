using Bob.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="ITaskRunStore"/> over <c>task_runs</c> and <c>task_run_transitions</c>.</summary>
public sealed partial class PostgresTaskRunStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : ITaskRunStore
{
    private const string Columns =
        "id, user_id, kanbanger_workspace_id, kanbanger_issue_id, kanbanger_issue_identifier, task_title, status, version, blocked_reason, failure_reason, session_id, repository_id, pull_request_id, created_at, task_description, task_url, worktree_id";

    /// <inheritdoc />
    public async Task<(TaskRun Run, bool Created)> CreateAsync(NewTaskRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO task_runs (user_id, kanbanger_workspace_id, kanbanger_issue_id, kanbanger_issue_identifier, task_title, task_description, task_url, repository_id, session_id, status, version)
            VALUES ((SELECT id FROM users WHERE id = $1), $2, $3, $4, $5, $6, $7, $8, $9, 'starting', 1)
            ON CONFLICT (kanbanger_workspace_id, kanbanger_issue_id) DO NOTHING
            RETURNING {Columns}
            """,
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)run.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = run.WorkspaceId });
        insert.Parameters.Add(new NpgsqlParameter { Value = run.TaskId });
        insert.Parameters.Add(new NpgsqlParameter { Value = run.TaskIdentifier });
        insert.Parameters.Add(Text(run.Title));
        insert.Parameters.Add(Text(run.Description));
        insert.Parameters.Add(Text(run.TaskUrl));
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)run.RepositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)run.SessionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var created = await ReadAsync(insert, cancellationToken);
        if (created is not null)
        {
            await RecordAsync(connection, transaction, created.Id, 1, null, TaskRunStatus.Starting, TaskRunTrigger.Assigned, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (created, true);
        }

        await using var existing = new NpgsqlCommand($"SELECT {Columns} FROM task_runs WHERE kanbanger_workspace_id = $1 AND kanbanger_issue_id = $2", connection, transaction);
        existing.Parameters.Add(new NpgsqlParameter { Value = run.WorkspaceId });
        existing.Parameters.Add(new NpgsqlParameter { Value = run.TaskId });
        var found = await ReadAsync(existing, cancellationToken) ?? throw new InvalidOperationException($"Task {run.TaskId} was neither created nor found.");
        await transaction.CommitAsync(cancellationToken);
        return (found, false);
    }

    /// <inheritdoc />
    public async Task<TaskRun?> FindAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM task_runs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> HasCauseAsync(Guid runId, string causeKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM task_run_transitions WHERE task_run_id = $1 AND cause_key = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = causeKey });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<string?> PullRequestUrlAsync(Guid pullRequestId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT url FROM pull_requests WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async Task<TaskRun?> TryMoveAsync(TaskRunMove move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE task_runs SET status = $3, version = version + 1, blocked_reason = $4, failure_reason = $5,
                completed_at = CASE WHEN $6 THEN now() ELSE completed_at END,
                pull_request_id = coalesce($7, pull_request_id)
            WHERE id = $1 AND version = $2
            RETURNING {Columns}
            """,
            connection,
            transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = move.RunId });
        update.Parameters.Add(new NpgsqlParameter { Value = move.FromVersion });
        update.Parameters.Add(new NpgsqlParameter { Value = move.To.ToWireName() });
        update.Parameters.Add(Text(move.BlockedReason));
        update.Parameters.Add(Text(move.FailureReason));
        update.Parameters.Add(new NpgsqlParameter { Value = move.Finishes });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)move.PullRequestId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var moved = await ReadAsync(update, cancellationToken);
        if (moved is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await RecordAsync(connection, transaction, move.RunId, moved.Version, move.From, move.To, move.Trigger, move.Reason, cancellationToken, move.CauseKey);
        if (move is { PullRequestId: { } pullRequest, LinkTaskId: { } task })
        {
            await using var link = new NpgsqlCommand("UPDATE pull_requests SET kanbanger_task_id = $2 WHERE id = $1", connection, transaction);
            link.Parameters.Add(new NpgsqlParameter { Value = pullRequest });
            link.Parameters.Add(new NpgsqlParameter { Value = task });
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (session, kind, payload) in move.Events)
        {
            await Internal.SessionEvents.AppendAsync(connection, transaction, session, kind, payload, cancellationToken);
        }

        foreach (var message in move.Outbox)
        {
            await Internal.Outbox.EnqueueAsync(connection, transaction, message, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockAsync(Guid runId, CancellationToken cancellationToken = default) =>
        await Internal.AdvisoryLock.AcquireAsync(dataSource, $"bob:task-run:{runId:N}", cancellationToken);

    /// <inheritdoc />
    public async Task<Guid> EnsureSessionAsync(Guid runId, Guid repositoryId, string? title, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var read = new NpgsqlCommand("SELECT user_id, session_id FROM task_runs WHERE id = $1 FOR UPDATE", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = runId });
        Guid userId;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
            {
                throw new InvalidOperationException($"Task run {runId} does not exist or has no user.");
            }

            if (!reader.IsDBNull(1))
            {
                return reader.GetGuid(1);
            }

            userId = reader.GetGuid(0);
        }

        var session = (await Internal.Sessions.InsertAsync(connection, transaction, userId, repositoryId, title, cancellationToken)).Id;
        await using var attach = new NpgsqlCommand("UPDATE task_runs SET session_id = $2, repository_id = $3 WHERE id = $1", connection, transaction);
        attach.Parameters.Add(new NpgsqlParameter { Value = runId });
        attach.Parameters.Add(new NpgsqlParameter { Value = session });
        attach.Parameters.Add(new NpgsqlParameter { Value = repositoryId });
        await attach.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return session;
    }

    /// <inheritdoc />
    public async Task AttachWorktreeAsync(Guid runId, Guid worktreeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE task_runs SET worktree_id = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = worktreeId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid runId, int version, TaskRunStatus? from, TaskRunStatus to, TaskRunTrigger trigger, string? reason, CancellationToken cancellationToken, string? causeKey = null)
    {
        await using var record = new NpgsqlCommand(
            "INSERT INTO task_run_transitions (task_run_id, version, from_status, to_status, trigger, reason, cause_key) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction);
        record.Parameters.Add(new NpgsqlParameter { Value = runId });
        record.Parameters.Add(new NpgsqlParameter { Value = version });
        record.Parameters.Add(Text(from?.ToWireName()));
        record.Parameters.Add(new NpgsqlParameter { Value = to.ToWireName() });
        record.Parameters.Add(new NpgsqlParameter { Value = trigger.ToWireName() });
        record.Parameters.Add(Text(reason));
        record.Parameters.Add(Text(causeKey));
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static TaskRunStatus Status(string wire) => Enum.GetValues<TaskRunStatus>().Single(s => s.ToWireName() == wire);

    private static async Task<TaskRun?> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static TaskRun Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        Status(reader.GetString(6)),
        reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetGuid(10),
        reader.IsDBNull(11) ? null : reader.GetGuid(11),
        reader.IsDBNull(12) ? null : reader.GetGuid(12),
        Internal.Timestamps.FromUtc(reader.GetDateTime(13)))
    {
        Description = reader.IsDBNull(14) ? null : reader.GetString(14),
        TaskUrl = reader.IsDBNull(15) ? null : reader.GetString(15),
        WorktreeId = reader.IsDBNull(16) ? null : reader.GetGuid(16),
    };
}
