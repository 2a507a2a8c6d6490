using Bob.Tasks;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>Task runs on real PostgreSQL: idempotent creation, transitions with their cause, and no lost transition under concurrency.</summary>
public sealed class TaskRunStoreTests(PostgresDatabase database) : TaskRunStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ITaskRunStore Store => new PostgresTaskRunStore(database.DataSource);

    /// <summary>Another host: its own data source, so its own connections.</summary>
    protected override ITaskRunStore OtherHost() => new PostgresTaskRunStore(Npgsql.NpgsqlDataSource.Create(database.ConnectionString));

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);

    private async Task<TaskRun> RunAsync()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var task = $"tsk_{Guid.NewGuid():N}";
        return (await Store.CreateAsync(new NewTaskRun(user, "ws_1", task, "BOB-42", "Fix login redirect loop", "Users bounce.", "https://kanbanger.example/ws_1/BOB-42", null))).Run;
    }

    private async Task<List<(string DeliveryId, string Body, string Key)>> CommentsAsync(Guid runId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT delivery_id, payload->>'body', payload->>'idempotencyKey' FROM webhook_deliveries WHERE provider = 'task-runs' AND event_type = 'kanbanger.comment' AND payload->>'runId' = $1 ORDER BY received_at");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId.ToString() });
        var list = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    [Fact]
    public async Task AMoveThatReports_QueuesOneCommentInItsTransaction_AndAMoveThatDoesNot_QueuesNone()
    {
        var run = await RunAsync();
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);
        await Store.FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");
        await Store.FireAsync(run.Id, TaskRunTrigger.Replied, "v2");
        await Store.FireAsync(run.Id, TaskRunTrigger.Replied, "v2 again"); // refused: running
        await Store.FireAsync(run.Id, TaskRunTrigger.Failed, "The agent crashed");
        await Store.FireAsync(run.Id, TaskRunTrigger.Failed, "twice"); // absorbed

        var comments = await CommentsAsync(run.Id);
        Assert.Equal(3, comments.Count); // started, blocked, failed; the reply and the refused and absorbed triggers say nothing
        Assert.Contains("Which endpoint, v1 or v2?", comments[1].Body, StringComparison.Ordinal);
        Assert.Contains("The agent crashed", comments[2].Body, StringComparison.Ordinal);
        Assert.Equal(3, comments.Select(c => c.Key).Distinct().Count());
        Assert.Equal($"bob-task-run-{run.Id:N}-5-failed", comments[2].Key);
    }

    [Fact]
    public async Task PullRequestOpened_LinksThePullRequestToTheRunAndTheTask_Once()
    {
        var seeded = await SchemaRows.SeedAsync(database.DataSource);
        var pullRequest = seeded.PullRequestId;
        var (run, _) = await Store.CreateAsync(new NewTaskRun(seeded.UserId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-8", "Title", null, null, seeded.RepositoryId));
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);

        var first = await Store.FireAsync(run.Id, TaskRunTrigger.PullRequestOpened, pullRequestId: pullRequest);
        var again = await Store.FireAsync(run.Id, TaskRunTrigger.PullRequestOpened, pullRequestId: pullRequest);

        Assert.Equal((TaskRunFireOutcome.Moved, TaskRunFireOutcome.Ignored), (first!.Value.Outcome, again!.Value.Outcome));
        Assert.Equal(pullRequest, again.Value.Run.PullRequestId);
        await using var task = database.DataSource.CreateCommand("SELECT kanbanger_task_id FROM pull_requests WHERE id = $1");
        task.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pullRequest });
        Assert.Equal(run.TaskId, await task.ExecuteScalarAsync());
        var opened = (await CommentsAsync(run.Id)).Where(c => c.Key.EndsWith("pull_request_opened", StringComparison.Ordinal)).ToList();
        Assert.Equal("Bob opened a draft pull request: https://github.com/acme/web/pull/1", Assert.Single(opened).Body);
    }

    [Fact]
    public async Task AnAssigneeWhoIsNoBobUser_GivesARunWithoutAUser()
    {
        var (run, created) = await Store.CreateAsync(new NewTaskRun(Guid.NewGuid(), "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-9", "Title", null, null, null));

        Assert.True(created);
        Assert.Null(run.UserId);
        var failed = await Store.FireAsync(run.Id, TaskRunTrigger.Failed, "The assignee is not a Bob user.");
        Assert.Equal(TaskRunStatus.Failed, failed!.Value.Run.Status);
        Assert.Single(await CommentsAsync(run.Id));
    }
}
