using System.Text;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Webhooks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Tasks.Tests.Kanbanger;

/// <summary>
/// Kanbanger's deliveries (SPEC §5's own bodies) through the processor over in-memory stores and a real git remote: an
/// assignment runs the task, a comment becomes the session's reply and the agent's hand-over once, and any body not shaped
/// as SPEC §5 says is a dead letter with its reason, never an exception.
/// </summary>
public sealed class KanbangerWebhookProcessorTests : InMemoryBobTest
{
    protected override Task ArrangeAsync() => Bob.RegisterAsync(User, Remote);

    private KanbangerWebhookProcessor Processor => Bob.Get<KanbangerWebhookProcessor>();

    private string Assigned(string task = "tsk_123") => $$$"""
        {"event":"task.assigned","workspaceId":"ws_1",
         "task":{"id":"{{{task}}}","identifier":"BOB-42","title":"Fix login redirect loop",
                 "description":"Users bounce between /login and /home.","url":"https://kanbanger.example/ws_1/BOB-42"},
         "assignee":{"userId":"{{{User}}}"},
         "repository":{"remoteUrl":"{{{Remote.RemoteUrl}}}","baseBranch":"main"}}
        """;

    private static string Comment(string task = "tsk_123", string id = "cmt_9") => $$$"""
        {"event":"comment.created","workspaceId":"ws_1",
         "task":{"id":"{{{task}}}","identifier":"BOB-42"},
         "comment":{"id":"{{{id}}}","body":"Use the v2 endpoint","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}
        """;

    private static ClaimedDelivery Delivery(string eventType, string body) =>
        new(Guid.NewGuid(), "kanbanger", eventType, Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(body), 0);

    [Fact]
    public void ItHandlesTheTwoEventsOfSpec5_AndNothingElse()
    {
        Assert.True(Processor.Handles("task.assigned"));
        Assert.True(Processor.Handles("comment.created"));
        Assert.False(Processor.Handles("task.updated"));
    }

    [Fact]
    public async Task TheSpecsAssignment_RunsTheTask()
    {
        var result = await Processor.ProcessAsync(Delivery("task.assigned", Assigned()));

        Assert.Equal(WebhookProcessingOutcome.Done, result.Outcome);
        var run = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_123"))!;
        Assert.Equal((TaskRunStatus.Running, "BOB-42", "https://kanbanger.example/ws_1/BOB-42"), (run.Status, run.TaskIdentifier, run.TaskUrl));
        Assert.Equal("Users bounce between /login and /home.", Assert.Single(Bob.Agent.Starts).Description);
    }

    [Fact]
    public async Task TheSpecsComment_IsTheSessionsReply_AndTheAgentsHandOver_OnceHoweverOftenDelivered()
    {
        await Processor.ProcessAsync(Delivery("task.assigned", Assigned()));
        var run = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_123"))!;

        await Processor.ProcessAsync(Delivery("comment.created", Comment()));
        await Processor.ProcessAsync(Delivery("comment.created", Comment())); // Kanbanger's retry, under a new delivery id

        var reply = Assert.Single(Bob.Sessions.EventsOf(run.SessionId!.Value), e => e.Kind == SessionEventKinds.ReplyReceived);
        Assert.Equal(("Ana", "Use the v2 endpoint", "cmt_9"), (reply.Payload.GetProperty("author").GetString(), reply.Payload.GetProperty("body").GetString(), reply.Payload.GetProperty("commentId").GetString()));
        var handOver = Assert.Single(Bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.AgentReplyEvent);
        Assert.Equal("cmt_9", (string?)handOver.Payload["commentId"]);
    }

    [Fact]
    public async Task ACommentOnAFinishedRun_IsShown_ButHandedToNobody_AndOneOnAnUnknownTask_IsDone()
    {
        await Processor.ProcessAsync(Delivery("task.assigned", Assigned()));
        var run = (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_123"))!;
        await Bob.Get<TaskRunService>().CancelAsync(User, run.Id);

        var finished = await Processor.ProcessAsync(Delivery("comment.created", Comment()));
        var unknown = await Processor.ProcessAsync(Delivery("comment.created", Comment(task: "tsk_unknown")));

        Assert.Equal((WebhookProcessingOutcome.Done, WebhookProcessingOutcome.Done), (finished.Outcome, unknown.Outcome));
        Assert.Single(Bob.Sessions.EventsOf(run.SessionId!.Value), e => e.Kind == SessionEventKinds.ReplyReceived);
        Assert.DoesNotContain(Bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.AgentReplyEvent);
    }

    [Theory]
    [InlineData("task.assigned", """{"event":"task.assigned","workspaceId":"ws_1"}""", "'task' must be an object.")]
    [InlineData("task.assigned", """{"workspaceId":"ws_1","task":{"id":"t","identifier":"B-1","title":"a\u0000b"},"assignee":{"userId":"u"},"repository":{"remoteUrl":"r"}}""", "'title' must be a non-empty string")]
    [InlineData("task.assigned", """{"workspaceId":7,"task":{"id":"t","identifier":"B-1"},"assignee":{"userId":"u"},"repository":{"remoteUrl":"r"}}""", "'workspaceId' must be a non-empty string")]
    [InlineData("comment.created", """{"workspaceId":"ws_1","task":{"id":"t"},"comment":{"id":"c"}}""", "'body' must be a non-empty string")]
    [InlineData("comment.created", "not json", "Not a comment.created body")]
    public async Task ABodyNotShapedAsSpec5Says_IsADeadLetter_SayingWhy(string eventType, string body, string reason)
    {
        var result = await Processor.ProcessAsync(Delivery(eventType, body));

        Assert.Equal(WebhookProcessingOutcome.DeadLetter, result.Outcome);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Empty(Bob.Agent.Starts);
    }

    [Property(MaxTest = 300)]
    public Property AnyBodyThatIsNotSpec5s_IsADeadLetter_NeverAnException() =>
        Prop.ForAll(Bodies.ToArbitrary(), text =>
        {
            foreach (var eventType in new[] { "task.assigned", "comment.created" })
            {
                var result = Processor.ProcessAsync(Delivery(eventType, text ?? "")).GetAwaiter().GetResult();
                if (result.Outcome != WebhookProcessingOutcome.DeadLetter)
                {
                    return false;
                }
            }

            return true;
        });

    /// <summary>Any text, and JSON objects with SPEC §5's member names holding values of any kind.</summary>
    private static readonly Gen<string> Bodies = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(t => t ?? ""),
        from members in Gen.SubListOf(new[] { "workspaceId", "task", "assignee", "repository", "comment", "id", "body" })
        from values in Gen.ArrayOf(Gen.Elements("1", "null", "\"\"", "\"x\"", "[]", "{}", "{\"id\":\"t\"}", "true"), members.Count)
        select "{" + string.Join(",", members.Select((m, i) => $"\"{m}\":{values[i]}")) + "}");

    [Fact]
    public async Task AnAssignmentWhoseRemoteCannotBeReached_LeavesForTheWorker_WhichRetriesIt()
    {
        Remote.Server.GitRoot = null;

        var ex = await Assert.ThrowsAsync<TaskRunPreparationDelayedException>(() => Processor.ProcessAsync(Delivery("task.assigned", Assigned())));

        Assert.Equal(WebhookProcessingOutcome.Retry, WebhookProcessingResult.For(ex, DateTimeOffset.UtcNow).Outcome);
    }
}
