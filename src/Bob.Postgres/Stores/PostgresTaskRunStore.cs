using Bob.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="ITaskRunStore"/> over <c>task_runs</c> and <c>task_run_transitions</c>.</summary>
public sealed class PostgresTaskRunStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : ITaskRunStore
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
            await RecordAsync(connection, transaction, created.Id, 1, null, TaskRunStateMachine.Initial, TaskRunTrigger.Assigned, null, cancellationToken);
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
    public async Task<(TaskRunFireOutcome Outcome, TaskRun Run)?> FireAsync(Guid runId, TaskRunTrigger trigger, string? reason = null, Guid? pullRequestId = null, string? causeKey = null, CancellationToken cancellationToken = default)
    {
        if (trigger == TaskRunTrigger.PullRequestOpened && pullRequestId is null)
        {
            throw new ArgumentException("pull_request_opened names the pull request.", nameof(pullRequestId));
        }

        reason = reason?.Replace("\0", "", StringComparison.Ordinal); // PostgreSQL text cannot hold NUL
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var read = new NpgsqlCommand($"SELECT {Columns} FROM task_runs WHERE id = $1", connection);
            read.Parameters.Add(new NpgsqlParameter { Value = runId });
            var run = await ReadAsync(read, cancellationToken);
            if (run is null)
            {
                return null;
            }

            var (outcome, next, move) = TaskRunStateMachine.Fire(run, trigger);
            if (outcome == TaskRunFireOutcome.Moved && causeKey is not null)
            {
                // Read after the run: a writer that recorded this cause moved the version, so it is seen here or below.
                await using var seen = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM task_run_transitions WHERE task_run_id = $1 AND cause_key = $2)", connection);
                seen.Parameters.Add(new NpgsqlParameter { Value = runId });
                seen.Parameters.Add(new NpgsqlParameter { Value = causeKey });
                outcome = (bool)(await seen.ExecuteScalarAsync(cancellationToken))! ? TaskRunFireOutcome.Ignored : outcome;
            }

            if (outcome != TaskRunFireOutcome.Moved)
            {
                return (outcome, run);
            }

            // Written only if nobody moved the run since it was read; otherwise read it again and fire again.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var update = new NpgsqlCommand(
                $"""
                UPDATE task_runs SET status = $3, version = version + 1,
                    blocked_reason = CASE WHEN $3 = 'blocked' THEN $4 ELSE NULL END,
                    failure_reason = CASE WHEN $3 = 'failed' THEN coalesce($4, $5) ELSE failure_reason END,
                    completed_at = CASE WHEN $3 IN ('completed', 'failed', 'cancelled') THEN now() ELSE completed_at END,
                    pull_request_id = coalesce($6, pull_request_id)
                WHERE id = $1 AND version = $2
                RETURNING {Columns}
                """,
                connection,
                transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = runId });
            update.Parameters.Add(new NpgsqlParameter { Value = run.Version });
            update.Parameters.Add(new NpgsqlParameter { Value = next.ToWireName() });
            update.Parameters.Add(Text(reason));
            update.Parameters.Add(new NpgsqlParameter { Value = trigger.ToWireName() });
            update.Parameters.Add(new NpgsqlParameter { Value = trigger == TaskRunTrigger.PullRequestOpened ? pullRequestId!.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            var moved = await ReadAsync(update, cancellationToken);
            if (moved is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await RecordAsync(connection, transaction, runId, moved.Version, run.Status, next, trigger, reason, cancellationToken, causeKey);
            await EffectsAsync(connection, transaction, moved, move!, trigger, reason, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (outcome, moved);
        }
    }

    /// <inheritdoc />
    public async Task<(long Sequence, bool Appended)> AppendReplyAsync(Guid sessionId, string kind, string dedupeKey, System.Text.Json.JsonElement payload, Bob.Webhooks.OutboxMessage? handOver, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var append = new NpgsqlCommand("SELECT seq, appended FROM bob_append_session_event_once($1, $2, $3, $4)", connection, transaction);
        append.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        append.Parameters.Add(new NpgsqlParameter { Value = kind });
        append.Parameters.Add(new NpgsqlParameter { Value = payload.GetRawText(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        append.Parameters.Add(new NpgsqlParameter { Value = dedupeKey });
        (long Sequence, bool Appended)? result = null;
        await using (var reader = await append.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                result = (reader.GetInt64(0), reader.GetBoolean(1));
            }
        }

        if (result is not { } appended)
        {
            throw new Bob.Git.Abstractions.SessionNotFoundException($"Session {sessionId} was not found.");
        }

        if (appended.Appended && handOver is not null)
        {
            await Internal.Outbox.EnqueueAsync(connection, transaction, handOver, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>
    /// What a move causes, in its transaction: the pull request linked to the task, the session's <c>task.updated</c> event,
    /// and the outbox messages of <see cref="TaskRunMilestones"/> (tracker comment, push), each under a key of the run and
    /// its version (written once per move).
    /// </summary>
    private static async Task EffectsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TaskRun run, TaskRunTransition move, TaskRunTrigger trigger, string? reason, CancellationToken cancellationToken)
    {
        string? pullRequestUrl = null;
        if (run.PullRequestId is { } pullRequest)
        {
            // Opening links the pull request to the task; later moves only read its URL (no row version written for it).
            await using var link = new NpgsqlCommand(
                trigger == TaskRunTrigger.PullRequestOpened
                    ? "UPDATE pull_requests SET kanbanger_task_id = $2 WHERE id = $1 RETURNING url"
                    : "SELECT url FROM pull_requests WHERE id = $1",
                connection,
                transaction);
            link.Parameters.Add(new NpgsqlParameter { Value = pullRequest });
            if (trigger == TaskRunTrigger.PullRequestOpened)
            {
                link.Parameters.Add(new NpgsqlParameter { Value = run.TaskId });
            }

            pullRequestUrl = await link.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (run.SessionId is { } session)
        {
            await using var emit = new NpgsqlCommand(
                "SELECT bob_append_session_event($1, 'task.updated', jsonb_build_object('runId', $2::uuid, 'status', $3::text, 'trigger', $4::text, 'reason', $5::text, 'pullRequestUrl', $6::text))",
                connection,
                transaction);
            emit.Parameters.Add(new NpgsqlParameter { Value = session });
            emit.Parameters.Add(new NpgsqlParameter { Value = run.Id });
            emit.Parameters.Add(new NpgsqlParameter { Value = run.Status.ToWireName() });
            emit.Parameters.Add(new NpgsqlParameter { Value = trigger.ToWireName() });
            emit.Parameters.Add(Text(reason));
            emit.Parameters.Add(Text(pullRequestUrl));
            await emit.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var message in TaskRunMilestones.For(run, move, trigger, reason, pullRequestUrl))
        {
            await Internal.Outbox.EnqueueAsync(connection, transaction, message, cancellationToken);
        }
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

        await using var create = new NpgsqlCommand(
            """
            WITH session AS (INSERT INTO chat_conversations (user_id, repository_id, title) VALUES ($2, $3, $4) RETURNING id)
            UPDATE task_runs SET session_id = (SELECT id FROM session), repository_id = $3 WHERE id = $1 RETURNING session_id
            """,
            connection,
            transaction);
        create.Parameters.Add(new NpgsqlParameter { Value = runId });
        create.Parameters.Add(new NpgsqlParameter { Value = userId });
        create.Parameters.Add(new NpgsqlParameter { Value = repositoryId });
        create.Parameters.Add(Text(title));
        var session = (Guid)(await create.ExecuteScalarAsync(cancellationToken))!;
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
