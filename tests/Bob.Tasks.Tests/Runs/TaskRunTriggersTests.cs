using Bob.Testing;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// <see cref="TaskRunTriggers"/> without a host or a database: it decides every move and what the move causes (the
/// session's <c>task.updated</c> event, the tracker comment, the push, the agent's cancellation, the pull request's task),
/// and the store only writes what it was given.
/// </summary>
public sealed class TaskRunTriggersTests
{
    private readonly InMemoryTaskRunStore _store = new();

    private TaskRunTriggers Triggers => new(_store);

    private async Task<TaskRun> RunAsync(bool withSession = true)
    {
        var user = _store.AddUser();
        var (run, _) = await _store.CreateAsync(new NewTaskRun(user, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix login redirect loop", null, null, null, withSession ? Guid.NewGuid() : null));
        return run;
    }

    [Fact]
    public async Task ABlockingMove_WritesTheSessionEventTheCommentAndThePush_UnderTheRunsNewVersion()
    {
        var run = await RunAsync();
        await Triggers.FireAsync(run.Id, TaskRunTrigger.Started);

        var blocked = await Triggers.FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");

        Assert.Equal((TaskRunFireOutcome.Moved, TaskRunStatus.Blocked, 3), (blocked!.Value.Outcome, blocked.Value.Run.Status, blocked.Value.Run.Version));
        var updated = _store.Events.Last(e => e.Kind == "task.updated");
        Assert.Equal(run.SessionId, updated.SessionId);
        Assert.Equal(("blocked", "blocked", "Which endpoint, v1 or v2?"), (updated.Payload.GetProperty("status").GetString(), updated.Payload.GetProperty("trigger").GetString(), updated.Payload.GetProperty("reason").GetString()));
        Assert.Contains(_store.Outbox, m => m.DeliveryId == $"comment:{run.Id:N}:3" && m.Payload["body"]!.GetValue<string>().Contains("Which endpoint", StringComparison.Ordinal));
        Assert.Contains(_store.Outbox, m => m.DeliveryId == $"push:{run.Id:N}:3");
    }

    [Fact]
    public async Task ARefusedOrIgnoredTrigger_WritesNothing()
    {
        var run = await RunAsync();
        var before = (_store.Events.Count, _store.Outbox.Count);

        var refused = await Triggers.FireAsync(run.Id, TaskRunTrigger.Replied);

        Assert.Equal(TaskRunFireOutcome.Refused, refused!.Value.Outcome);
        Assert.Equal(before, (_store.Events.Count, _store.Outbox.Count));
        Assert.Single(await _store.TransitionsAsync(run.Id));
    }

    [Fact]
    public async Task OpeningThePullRequest_LinksItAndTheTask_AndReportsItsUrl_Once()
    {
        var run = await RunAsync();
        var pullRequest = Guid.NewGuid();
        _store.PullRequestUrls[pullRequest] = "https://github.com/acme/web/pull/7";
        await Triggers.FireAsync(run.Id, TaskRunTrigger.Started);

        var opened = await Triggers.FireAsync(run.Id, TaskRunTrigger.PullRequestOpened, pullRequestId: pullRequest);
        var again = await Triggers.FireAsync(run.Id, TaskRunTrigger.PullRequestOpened, pullRequestId: Guid.NewGuid());

        Assert.Equal((TaskRunFireOutcome.Moved, TaskRunFireOutcome.Ignored), (opened!.Value.Outcome, again!.Value.Outcome));
        Assert.Equal(pullRequest, again.Value.Run.PullRequestId);
        Assert.Equal(run.TaskId, Assert.Single(_store.LinkedTasks).Value);
        Assert.Equal("Bob opened a draft pull request: https://github.com/acme/web/pull/7", Assert.Single(_store.Outbox, m => m.DeliveryId == $"comment:{run.Id:N}:3").Payload["body"]!.GetValue<string>());
        Assert.Equal("https://github.com/acme/web/pull/7", _store.Events.Last().Payload.GetProperty("pullRequestUrl").GetString());
    }

    [Fact]
    public async Task Cancelling_QueuesTheAgentsCancellation_AndFinishesTheRun()
    {
        var run = await RunAsync();
        await Triggers.FireAsync(run.Id, TaskRunTrigger.Started);

        var cancelled = await Triggers.FireAsync(run.Id, TaskRunTrigger.Cancelled);

        Assert.Equal(TaskRunStatus.Cancelled, cancelled!.Value.Run.Status);
        Assert.Contains(_store.Outbox, m => m.EventType == TaskRunOutbox.AgentCancelEvent && m.DeliveryId == $"agent-cancel:{run.Id:N}:3");
    }

    [Fact]
    public async Task AFailureWithoutAReason_IsNamedAfterItsTrigger_AndAReasonLosesItsNul()
    {
        var first = await RunAsync(withSession: false);
        var second = await RunAsync(withSession: false);

        var unnamed = await Triggers.FireAsync(first.Id, TaskRunTrigger.Failed);
        var named = await Triggers.FireAsync(second.Id, TaskRunTrigger.Failed, "bad\0byte");

        Assert.Equal("failed", unnamed!.Value.Run.FailureReason);
        Assert.Equal("badbyte", named!.Value.Run.FailureReason);
        Assert.Empty(_store.Events); // no session, no task.updated
    }

    [Fact]
    public async Task OpeningWithoutAPullRequest_IsRefusedBeforeAnythingIsRead()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Triggers.FireAsync(Guid.NewGuid(), TaskRunTrigger.PullRequestOpened));
    }
}
