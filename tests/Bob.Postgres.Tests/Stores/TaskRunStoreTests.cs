using Bob.Tasks;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>Task runs on real PostgreSQL: idempotent creation, transitions with their cause, and no lost transition under concurrency.</summary>
public sealed class TaskRunStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private PostgresTaskRunStore Store => new(database.DataSource);

    private async Task<TaskRun> RunAsync()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var task = $"tsk_{Guid.NewGuid():N}";
        return (await Store.CreateAsync(new NewTaskRun(user, "ws_1", task, "BOB-42", "Fix login redirect loop", "Users bounce.", "https://kanbanger.example/ws_1/BOB-42", null))).Run;
    }

    [Fact]
    public async Task CreatingTheSameTaskTwice_GivesOneRun_InStarting()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var task = new NewTaskRun(user, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-7", "Title", null, null, null);

        var (first, created) = await Store.CreateAsync(task);
        var (again, createdAgain) = await Store.CreateAsync(task);

        Assert.Equal((true, false, first.Id), (created, createdAgain, again.Id));
        Assert.Equal((TaskRunStatus.Starting, 1), (first.Status, first.Version));
        var record = Assert.Single(await Store.TransitionsAsync(first.Id));
        Assert.Equal((1, (TaskRunStatus?)null, TaskRunStatus.Starting, TaskRunTrigger.Assigned), (record.Version, record.From, record.To, record.Trigger));
    }

    [Fact]
    public async Task Transitions_AreRecordedWithTheirCause_AndARefusedTriggerChangesNothing()
    {
        var run = await RunAsync();

        var started = await Store.FireAsync(run.Id, TaskRunTrigger.Started);
        var refused = await Store.FireAsync(run.Id, TaskRunTrigger.Replied);
        var blocked = await Store.FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");
        var failed = await Store.FireAsync(run.Id, TaskRunTrigger.Failed, "The agent crashed");
        var absorbed = await Store.FireAsync(run.Id, TaskRunTrigger.Replied);

        Assert.Equal((TaskRunFireOutcome.Moved, TaskRunStatus.Running), (started!.Value.Outcome, started.Value.Run.Status));
        Assert.Equal((TaskRunFireOutcome.Refused, TaskRunStatus.Running, 2), (refused!.Value.Outcome, refused.Value.Run.Status, refused.Value.Run.Version));
        Assert.Equal("Which endpoint, v1 or v2?", blocked!.Value.Run.BlockedReason);
        Assert.Equal((TaskRunStatus.Failed, "The agent crashed"), (failed!.Value.Run.Status, failed.Value.Run.FailureReason));
        Assert.Equal(TaskRunFireOutcome.Absorbed, absorbed!.Value.Outcome);
        var log = await Store.TransitionsAsync(run.Id);
        Assert.Equal([TaskRunTrigger.Assigned, TaskRunTrigger.Started, TaskRunTrigger.Blocked, TaskRunTrigger.Failed], log.Select(t => t.Trigger));
        Assert.Equal("Which endpoint, v1 or v2?", log[2].Reason);
        Assert.Null(await Store.FireAsync(Guid.NewGuid(), TaskRunTrigger.Started));
    }

    /// <summary>Two writers (each with its own connections, as two hosts have) fire at one run at once: no transition is lost.</summary>
    [Fact]
    public async Task TwoConcurrentWriters_NeverLoseATransition()
    {
        var run = await RunAsync();
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);
        await using var otherHost = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        var hostA = Store;
        var hostB = new PostgresTaskRunStore(otherHost);

        async Task<int> FireManyAsync(PostgresTaskRunStore store, TaskRunTrigger trigger)
        {
            var moved = 0;
            for (var i = 0; i < 60; i++)
            {
                moved += (await store.FireAsync(run.Id, trigger))!.Value.Outcome == TaskRunFireOutcome.Moved ? 1 : 0;
            }

            return moved;
        }

        var counts = await Task.WhenAll(Task.Run(() => FireManyAsync(hostA, TaskRunTrigger.Blocked)), Task.Run(() => FireManyAsync(hostB, TaskRunTrigger.Replied)));

        var log = await Store.TransitionsAsync(run.Id);
        Assert.Equal(2 + counts.Sum(), log.Count); // assigned, started, then every move either writer saw succeed
        Assert.Equal(Enumerable.Range(1, log.Count), log.Select(t => t.Version));
        for (var i = 1; i < log.Count; i++)
        {
            Assert.Equal(log[i - 1].To, log[i].From); // a chain: each move starts where the previous one ended
        }

        var final = (await Store.FireAsync(run.Id, TaskRunTrigger.Started))!.Value.Run; // refused from running and blocked: the run as stored
        Assert.Equal(log[^1].To, final.Status);
    }

    [Fact]
    public async Task EightWritersFailingOneRunAtOnce_FailItOnce()
    {
        var run = await RunAsync();
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () => (await Store.FireAsync(run.Id, TaskRunTrigger.Failed, $"writer {i}"))!.Value.Outcome)));

        Assert.Single(outcomes, o => o == TaskRunFireOutcome.Moved);
        Assert.All(outcomes.Where(o => o != TaskRunFireOutcome.Moved), o => Assert.Equal(TaskRunFireOutcome.Absorbed, o));
        Assert.Single(await Store.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Failed);
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
