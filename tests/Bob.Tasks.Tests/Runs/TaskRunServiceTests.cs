using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// The task run service over in-memory stores, an in-memory forge, a recording agent and a real git remote served over
/// smart HTTP: an assignment prepares a session, a worktree and the agent once, however often and however concurrently
/// it arrives; every reason it cannot is a failed run that says what to do, except a remote that cannot be reached,
/// which is tried again later; replies, pull request changes and cancels move the run as the state machine says.
/// </summary>
public sealed class TaskRunServiceTests : InMemoryBobTest
{

    private TaskRunService Service => Bob.Get<TaskRunService>();

    private TaskAssignment Assignment(string? assignee = null, string? remoteUrl = null, string? baseBranch = null, string task = "tsk_1") =>
        new("ws_1", task, "BOB-42", "Fix login redirect loop", "Users bounce between /login and /home.", "https://kanbanger.example/ws_1/BOB-42",
            assignee ?? User.ToString(), remoteUrl ?? Remote.RemoteUrl, baseBranch);

    private Task<Repository> RegisteredAsync(bool connected = true) =>
        connected ? Bob.RegisterAsync(User, Remote) : Bob.RegisterAsync(User, Remote.RemoteUrl, connected: false);

    [Fact]
    public async Task AnAssignment_PreparesASessionAWorktreeAndTheAgent_AndRunsTheTask()
    {
        var repository = await RegisteredAsync();

        var run = await Service.AssignAsync(Assignment());

        Assert.Equal((TaskRunStatus.Running, (Guid?)repository.Id), (run.Status, run.RepositoryId));
        var session = (await Bob.Sessions.GetAsync(User, run.SessionId!.Value))!;
        Assert.Equal("BOB-42 Fix login redirect loop", session.Title);
        var start = Assert.Single(Bob.Agent.Starts);
        Assert.Equal((run.Id, session.Id, "BOB-42", "Users bounce between /login and /home."), (start.RunId, start.SessionId, start.TaskIdentifier, start.Description));
        Assert.StartsWith($"bob/", start.Branch, StringComparison.Ordinal);
        Assert.Equal(await Remote.ShaAsync("refs/heads/main"), await GitRemote.RunAsync("-C", start.WorktreePath, "rev-parse", "HEAD"));
        Assert.Equal(start.Branch, await GitRemote.RunAsync("-C", start.WorktreePath, "branch", "--show-current"));
        Assert.Contains(Bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.CommentEvent);
    }

    [Fact]
    public async Task TheSameAssignmentAgainAndConcurrently_StartsTheAgentOnce()
    {
        await RegisteredAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Service.AssignAsync(Assignment()))));
        var again = await Service.AssignAsync(Assignment());

        Assert.Single(runs.Select(r => r.Id).Append(again.Id).Distinct());
        Assert.Single(Bob.Agent.Starts);
        Assert.Single(await Bob.Sessions.ListAsync(User, 10, null));
        Assert.Equal(TaskRunStatus.Running, again.Status);
    }

    [Fact]
    public async Task AnAssigneeWhoIsNotABobUser_FailsTheRun_SayingWhatToDo()
    {
        await RegisteredAsync();

        var run = await Service.AssignAsync(Assignment(assignee: "usr_someone_else"));

        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Contains("is not a Bob user", run.FailureReason, StringComparison.Ordinal);
        Assert.Empty(Bob.Agent.Starts);
    }

    [Fact]
    public async Task AFailedPreparation_TellsTheTrackerOnce_InOneCommentSayingWhatToFix_AndMakesNoSession()
    {
        await RegisteredAsync(connected: false);

        var run = await Service.AssignAsync(Assignment());
        var again = await Service.AssignAsync(Assignment());

        Assert.Equal((run.Id, TaskRunStatus.Failed, 2), (again.Id, again.Status, again.Version));
        var comment = Assert.Single(Bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.CommentEvent);
        Assert.Equal($"Bob could not finish this task: {run.FailureReason}", (string?)comment.Payload["body"]);
        Assert.Equal(("tsk_1", $"bob-task-run-{run.Id:N}-2-failed"), ((string?)comment.Payload["taskId"], (string?)comment.Payload["idempotencyKey"]));
        Assert.Null(run.SessionId);
        Assert.Empty(await Bob.Sessions.ListAsync(User, 10, null));
    }

    [Fact]
    public async Task ARepositoryTheAssigneeDidNotRegister_FailsTheRun()
    {
        await RegisteredAsync();

        var run = await Service.AssignAsync(Assignment(remoteUrl: new Uri(Remote.BaseUri, "acme/other.git").ToString()));

        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Contains("is not registered in Bob", run.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepositoryWithoutAConnection_FailsTheRun_NamingTheEndpointToSetOne()
    {
        var repository = await RegisteredAsync(connected: false);

        var run = await Service.AssignAsync(Assignment());

        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Contains($"PUT /api/repositories/{repository.Id}/connection", run.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABaseBranchTheRemoteDoesNotHave_FailsTheRun_AskingToFixTheTask()
    {
        await RegisteredAsync();

        var run = await Service.AssignAsync(Assignment(baseBranch: "release/9"));

        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Contains("Fix the task's repository.baseBranch", run.FailureReason, StringComparison.Ordinal);
        Assert.Empty(Bob.Agent.Starts);
    }

    [Fact]
    public async Task ATokenTheRemoteRefuses_FailsTheRun_AskingToReconnect()
    {
        await RegisteredAsync();
        Remote.RequireToken("bob", "a-token-bob-does-not-have");

        var run = await Service.AssignAsync(Assignment());

        Assert.Equal(TaskRunStatus.Failed, run.Status);
        Assert.Contains("refused the token", run.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARemoteThatCannotBeReached_DelaysThePreparation_AndTheRunWaits()
    {
        await RegisteredAsync();
        Remote.Server.GitRoot = null; // the git endpoints now answer 599, as a failing remote does

        var ex = await Assert.ThrowsAsync<TaskRunPreparationDelayedException>(() => Service.AssignAsync(Assignment()));

        Assert.True(ex.IsTransient);
        Assert.Equal(TaskRunStatus.Starting, (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!.Status);
        Assert.Empty(Bob.Agent.Starts);
    }

    [Fact]
    public async Task AReply_ReachesTheAgent_AndUnblocksABlockedRun_OncePerComment()
    {
        await RegisteredAsync();
        var run = await Service.AssignAsync(Assignment());
        var triggers = Bob.Get<TaskRunTriggers>();
        await triggers.FireAsync(run.Id, TaskRunTrigger.Blocked, "v1 or v2?");
        run = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!;

        var replied = await Service.ReplyAsync(run, "c-1", "ana", "v2, please");
        var again = await Service.ReplyAsync(run, "c-1", "ana", "v2, please");

        Assert.Equal(TaskRunStatus.Running, replied.Status);
        Assert.Equal(replied.Version, (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!.Version);
        Assert.Equal(("c-1", "ana", "v2, please"), (Bob.Agent.Replies.First().CommentId, Bob.Agent.Replies.First().Author, Bob.Agent.Replies.First().Body));
        Assert.Equal(TaskRunStatus.Running, again.Status);
    }

    [Fact]
    public async Task AReplyToAFinishedRun_ReachesNobody()
    {
        await RegisteredAsync();
        var run = await Service.AssignAsync(Assignment());
        var cancelled = (await Service.CancelAsync(User, run.Id))!.Value.Run;

        var after = await Service.ReplyAsync(cancelled, "c-1", "ana", "too late");

        Assert.Equal(TaskRunStatus.Cancelled, after.Status);
        Assert.Empty(Bob.Agent.Replies);
        Assert.Null(await Service.CancelAsync(Guid.NewGuid(), run.Id));
    }

    [Fact]
    public async Task AMergeThatArrivesBeforeTheLink_LinksFirst_ThenCompletesTheRun()
    {
        await RegisteredAsync();
        var run = await Service.AssignAsync(Assignment());
        var pullRequest = Guid.NewGuid();

        await Service.PullRequestChangedAsync(run.SessionId!.Value, pullRequest, "merged");

        var after = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!;
        Assert.Equal((TaskRunStatus.Completed, (Guid?)pullRequest), (after.Status, after.PullRequestId));
        Assert.Equal([TaskRunTrigger.Assigned, TaskRunTrigger.Started, TaskRunTrigger.PullRequestOpened, TaskRunTrigger.PullRequestMerged], (await Bob.Runs.TransitionsAsync(run.Id)).Select(t => t.Trigger));
    }

    [Fact]
    public async Task AnotherPullRequestOfTheSession_DoesNotMoveTheRun()
    {
        await RegisteredAsync();
        var run = await Service.AssignAsync(Assignment());
        var first = Guid.NewGuid();
        await Service.PullRequestChangedAsync(run.SessionId!.Value, first, "linked");

        await Service.PullRequestChangedAsync(run.SessionId!.Value, Guid.NewGuid(), "closed");
        await Service.PullRequestChangedAsync(Guid.NewGuid(), first, "merged");

        var after = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!;
        Assert.Equal((TaskRunStatus.Running, (Guid?)first), (after.Status, after.PullRequestId));
    }
}
