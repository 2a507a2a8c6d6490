using Bob.Tasks;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="ITaskRunStore"/> must do, run against each implementation (PostgreSQL in <c>Bob.Postgres.Tests</c>,
/// <see cref="InMemoryTaskRunStore"/> in <c>Bob.Tasks.Tests</c>), with moves decided by <see cref="TaskRunTriggers"/>:
/// idempotent creation, transitions recorded with their cause, no transition lost under concurrent writers, a run failed
/// once however many fail it at once, and a move written only at the version it was decided on.
/// </summary>
public abstract class TaskRunStoreContract
{
    /// <summary>The store under test.</summary>
    protected abstract ITaskRunStore Store { get; }

    /// <summary>A second store over the same data, as another host has (the same instance where there is no such thing).</summary>
    protected abstract ITaskRunStore OtherHost();

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    private async Task<TaskRun> RunAsync() =>
        (await Store.CreateAsync(new NewTaskRun(await UserAsync(), "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix login redirect loop", "Users bounce.", "https://kanbanger.example/ws_1/BOB-42", null))).Run;

    [Fact]
    public async Task CreatingTheSameTaskTwice_GivesOneRun_InStarting()
    {
        var task = new NewTaskRun(await UserAsync(), "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-7", "Title", null, null, null);

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
        var hostA = Store;
        var hostB = OtherHost();

        async Task<int> FireManyAsync(ITaskRunStore store, TaskRunTrigger trigger)
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

    [Fact]
    public async Task AMoveDecidedOnAStaleVersion_WritesNothing()
    {
        var run = await RunAsync();
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);

        var stale = await Store.TryMoveAsync(new TaskRunMove(run.Id, FromVersion: 1, TaskRunStatus.Starting, TaskRunStatus.Cancelled, TaskRunTrigger.Cancelled, null) { Finishes = true });

        Assert.Null(stale);
        Assert.Equal((TaskRunStatus.Running, 2), ((await Store.FindAsync(run.Id))!.Status, (await Store.FindAsync(run.Id))!.Version));
        Assert.Equal(2, (await Store.TransitionsAsync(run.Id)).Count);
    }

    [Fact]
    public async Task ACauseRecordedOnce_IsIgnoredWhenItComesAgain_EvenAfterTheRunBlockedAnew()
    {
        var run = await RunAsync();
        await Store.FireAsync(run.Id, TaskRunTrigger.Started);
        await Store.FireAsync(run.Id, TaskRunTrigger.Blocked, "v1 or v2?");

        var first = await Store.FireAsync(run.Id, TaskRunTrigger.Replied, "v2", causeKey: "reply:cmt_1");
        await Store.FireAsync(run.Id, TaskRunTrigger.Blocked, "And the timeout?");
        var again = await Store.FireAsync(run.Id, TaskRunTrigger.Replied, "v2", causeKey: "reply:cmt_1");

        Assert.Equal((TaskRunFireOutcome.Moved, TaskRunFireOutcome.Ignored), (first!.Value.Outcome, again!.Value.Outcome));
        Assert.True(await Store.HasCauseAsync(run.Id, "reply:cmt_1"));
        Assert.False(await Store.HasCauseAsync(run.Id, "reply:cmt_2"));
        Assert.Equal(TaskRunStatus.Blocked, again.Value.Run.Status);
    }
}
