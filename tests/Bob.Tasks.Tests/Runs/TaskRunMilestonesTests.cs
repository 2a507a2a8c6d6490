namespace Bob.Tasks.Tests.Runs;

/// <summary>The session state service's decision: each milestone's outputs, each with its own dedupe key.</summary>
public sealed class TaskRunMilestonesTests
{
    private static readonly Guid RunId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    private static readonly Guid SessionId = Guid.Parse("3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00");

    private static TaskRun Run(TaskRunStatus status, int version, Guid? session = null, Guid? user = null) =>
        new(RunId, user ?? Guid.NewGuid(), "ws_1", "tsk_1", "BOB-42", "Fix login redirect loop", status, version, null, null, session ?? SessionId, null, null, DateTimeOffset.UnixEpoch);

    private static TaskRunTransition Move(TaskRunStatus from, TaskRunTrigger trigger) => TaskRunStateMachine.Table.Single(t => t.From == from && t.Trigger == trigger);

    [Fact]
    public void ABlock_IsOneCommentAndOnePush_UnderTheirOwnKeys_AndThePushOpensTheSession()
    {
        var messages = TaskRunMilestones.For(Run(TaskRunStatus.Blocked, 3), Move(TaskRunStatus.Running, TaskRunTrigger.Blocked), TaskRunTrigger.Blocked, "v1 or v2?", null);

        Assert.Equal([("kanbanger.comment", $"comment:{RunId:N}:3"), ("push.notification", $"push:{RunId:N}:3")], messages.Select(m => (m.EventType, m.DeliveryId)));
        Assert.All(messages, m => Assert.Equal(TaskRunOutbox.SourceName, m.Source));
        var push = messages[1].Payload;
        Assert.Equal(("BOB-42 needs an answer", SessionId.ToString()), ((string?)push["title"], (string?)push["sessionId"]));
        Assert.Contains("v1 or v2?", (string?)push["body"], StringComparison.Ordinal);
        Assert.Equal($"bob-task-run-{RunId:N}-3-blocked", (string?)messages[0].Payload["idempotencyKey"]);
    }

    [Fact]
    public void APushRowWrittenWithALink_StillNamesItsSession()
    {
        var older = new PushPayload(RunId, Guid.NewGuid(), "BOB-42 needs an answer", "v1 or v2?", $"bob://session/{SessionId}", "push:k");

        Assert.Equal(SessionId, older.Session);
        Assert.Equal(SessionId, (older with { Link = null, SessionId = SessionId }).Session);
        Assert.Null((older with { Link = "bob://session/not-an-id" }).Session);
    }

    [Fact]
    public void AStart_IsACommentWithoutAPush_AndAReply_IsNeither()
    {
        Assert.Equal(["kanbanger.comment"], TaskRunMilestones.For(Run(TaskRunStatus.Running, 2), Move(TaskRunStatus.Starting, TaskRunTrigger.Started), TaskRunTrigger.Started, null, null).Select(m => m.EventType));
        Assert.Empty(TaskRunMilestones.For(Run(TaskRunStatus.Running, 4), Move(TaskRunStatus.Blocked, TaskRunTrigger.Replied), TaskRunTrigger.Replied, "v2", null));
    }

    [Fact]
    public void ARunWithoutAUser_IsToldInTheTrackerOnly()
    {
        var run = Run(TaskRunStatus.Failed, 2) with { UserId = null, SessionId = null };

        var messages = TaskRunMilestones.For(run, Move(TaskRunStatus.Starting, TaskRunTrigger.Failed), TaskRunTrigger.Failed, "The assignee is not a Bob user.", null);

        Assert.Equal(["kanbanger.comment"], messages.Select(m => m.EventType));
    }

    [Fact]
    public void EveryMoveThatPushes_AlsoComments()
    {
        Assert.All(TaskRunStateMachine.Table.Where(t => t.Push), t => Assert.NotNull(t.Report));
    }

    [Fact]
    public void ACancellation_TellsTheAgentAndTheTracker_UnderTheirOwnKeys()
    {
        var messages = TaskRunMilestones.For(Run(TaskRunStatus.Cancelled, 3), Move(TaskRunStatus.Running, TaskRunTrigger.Cancelled), TaskRunTrigger.Cancelled, null, null);

        Assert.Equal([("agent.cancel", $"agent-cancel:{RunId:N}:3"), ("kanbanger.comment", $"comment:{RunId:N}:3")], messages.Select(m => (m.EventType, m.DeliveryId)));
    }
}
