using System.Text;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// The task runs' outbox rows, as the state changes queued them in the in-memory store, performed by the processor
/// against a fake Kanbanger on 127.0.0.1, a recording notifier and a recording agent: each side effect once per row
/// however often the row is performed, and a failure judged by <see cref="BobException.IsTransient"/> alone.
/// </summary>
public sealed class TaskRunOutboxProcessorTests : InMemoryBobTest
{
    private const string KanbangerToken = "not-a-real-kanbanger-token";
    private readonly RecordingSessionNotifier _notifier = new();
    private FakeKanbanger _kanbanger = null!;

    protected override async Task<InMemoryBob> CreateBobAsync(GitRemote remote)
    {
        _kanbanger = await FakeKanbanger.StartAsync(KanbangerToken);
        return InMemoryBob.Create(remote, _kanbanger.BaseUri, services => services.AddSingleton<ISessionNotifier>(_notifier));
    }

    protected override Task ArrangeAsync() => Bob.RegisterAsync(User, Remote);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    private TaskRunOutboxProcessor Processor => Bob.Get<TaskRunOutboxProcessor>();

    private async Task<TaskRun> RunAsync(string task = "tsk_1") =>
        await Bob.Get<TaskRunService>().AssignAsync(new TaskAssignment("ws_1", task, "BOB-42", "Fix login redirect loop", null, null, User.ToString(), Remote.RemoteUrl, null));

    private static ClaimedDelivery Delivery(OutboxMessage message) =>
        new(Guid.NewGuid(), message.Source, message.EventType, message.DeliveryId, Encoding.UTF8.GetBytes(message.Payload.ToJsonString()), 0);

    private async Task<IReadOnlyList<WebhookProcessingResult>> PerformAsync(string eventType, int times = 1)
    {
        var results = new List<WebhookProcessingResult>();
        foreach (var message in Bob.Runs.Outbox.Where(m => m.EventType == eventType))
        {
            for (var i = 0; i < times; i++)
            {
                Assert.True(Processor.Handles(message.EventType));
                results.Add(await Processor.ProcessAsync(Delivery(message)));
            }
        }

        return results;
    }

    [Fact]
    public async Task ARunsComment_ReachesKanbangerOnce_HoweverOftenItsRowIsPerformed()
    {
        var run = await RunAsync();

        var results = await PerformAsync(TaskRunOutbox.CommentEvent, times: 3);

        Assert.All(results, r => Assert.Equal(WebhookProcessingOutcome.Done, r.Outcome));
        var comment = Assert.Single(_kanbanger.Comments);
        Assert.Equal(("tsk_1", $"bob-task-run-{run.Id:N}-2-started"), (comment.TaskId, comment.IdempotencyKey));
    }

    [Fact]
    public async Task AKanbangerThatKeepsFailing_IsRetriedLater_AndOneThatRefuses_IsADeadLetter()
    {
        await RunAsync();
        await RunAsync("tsk_gone");
        _kanbanger.FailuresLeft = 100;
        var message = Bob.Runs.Outbox.First(m => m.EventType == TaskRunOutbox.CommentEvent && (string?)m.Payload["taskId"] == "tsk_1");

        var failing = await Assert.ThrowsAsync<KanbangerRequestException>(() => Processor.ProcessAsync(Delivery(message)));
        _kanbanger.FailuresLeft = 0;
        var gone = Bob.Runs.Outbox.First(m => m.EventType == TaskRunOutbox.CommentEvent && (string?)m.Payload["taskId"] == "tsk_gone");
        var refused = await Assert.ThrowsAsync<KanbangerRequestException>(() => Processor.ProcessAsync(Delivery(gone)));

        Assert.Equal(WebhookProcessingOutcome.Retry, WebhookProcessingResult.For(failing, DateTimeOffset.UtcNow).Outcome);
        Assert.Equal(WebhookProcessingOutcome.DeadLetter, WebhookProcessingResult.For(refused, DateTimeOffset.UtcNow).Outcome);
        Assert.DoesNotContain(KanbangerToken, failing.Message + refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlockedRun_PushesItsUser_ToOpenTheSession()
    {
        var run = await RunAsync();
        await Bob.Get<TaskRunTriggers>().FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");

        await PerformAsync(TaskRunOutbox.PushEvent);

        var push = Assert.Single(_notifier.Sent);
        Assert.Equal((User, run.SessionId!.Value, "BOB-42 needs an answer"), (push.User, push.Session, push.Title));
        Assert.Contains("v1 or v2?", push.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APushRowWrittenBeforeRowsNamedTheirSession_StillOpensItsSession()
    {
        var run = await RunAsync();
        var older = new System.Text.Json.Nodes.JsonObject
        {
            ["runId"] = run.Id.ToString(),
            ["userId"] = User.ToString(),
            ["title"] = "BOB-42 needs an answer",
            ["body"] = "Which endpoint?",
            ["link"] = $"bob://session/{run.SessionId}",
            ["dedupeKey"] = "push:older-row",
        };

        var result = await Processor.ProcessAsync(Delivery(new OutboxMessage(TaskRunOutbox.SourceName, "push:older-row", TaskRunOutbox.PushEvent, older)));
        var nameless = await Processor.ProcessAsync(Delivery(new OutboxMessage(TaskRunOutbox.SourceName, "push:nameless", TaskRunOutbox.PushEvent,
            new System.Text.Json.Nodes.JsonObject { ["runId"] = run.Id.ToString(), ["userId"] = User.ToString(), ["title"] = "t", ["body"] = "b", ["dedupeKey"] = "push:nameless" })));

        Assert.Equal(WebhookProcessingOutcome.Done, result.Outcome);
        Assert.Equal((run.SessionId!.Value, "Which endpoint?"), (Assert.Single(_notifier.Sent).Session, _notifier.Sent.Single().Body));
        Assert.Equal((WebhookProcessingOutcome.DeadLetter, "The push names no session."), (nameless.Outcome, nameless.Reason));
    }

    [Fact]
    public async Task AReplyRow_HandsTheReplyToTheAgent_AndResumesTheRun()
    {
        var run = await RunAsync();
        await Bob.Get<TaskRunTriggers>().FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint?");
        await Bob.Get<QuickReplyService>().ReplyAsync(User, run.SessionId!.Value, "input-1", "v2, please", "Ana");

        await PerformAsync(TaskRunOutbox.AgentReplyEvent, times: 2);

        Assert.All(Bob.Agent.Replies, r => Assert.Equal(("app:input-1", "v2, please"), (r.CommentId, r.Body)));
        Assert.Equal(TaskRunStatus.Running, (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!.Status);
        Assert.Single(await Bob.Runs.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Replied);
    }

    [Fact]
    public async Task ACancelledRun_StopsItsAgent()
    {
        var run = await RunAsync();
        await Bob.Get<TaskRunService>().CancelAsync(User, run.Id);

        await PerformAsync(TaskRunOutbox.AgentCancelEvent);

        var cancel = Assert.Single(Bob.Agent.Cancels);
        Assert.Equal((run.Id, run.SessionId), (cancel.RunId, cancel.SessionId));
    }

    [Fact]
    public async Task APullRequestRow_MovesTheSessionsRun()
    {
        var run = await RunAsync();
        var pullRequest = Guid.NewGuid();

        var result = await Processor.ProcessAsync(Delivery(TaskRunOutbox.PullRequestChanged(run.SessionId!.Value, pullRequest, "merged", User)));

        Assert.Equal(WebhookProcessingOutcome.Done, result.Outcome);
        Assert.Equal((TaskRunStatus.Completed, (Guid?)pullRequest), ((await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!.Status, (await Bob.Runs.FindByTaskAsync("ws_1", "tsk_1"))!.PullRequestId));
    }

    [Fact]
    public void EveryRowTheOutboxWrites_IsOneItHandles()
    {
        foreach (var eventType in new[] { TaskRunOutbox.CommentEvent, TaskRunOutbox.PushEvent, TaskRunOutbox.PullRequestEvent, TaskRunOutbox.AgentReplyEvent, TaskRunOutbox.AgentCancelEvent, TaskRunOutbox.AutoTaskEvent })
        {
            Assert.True(Processor.Handles(eventType), eventType);
        }

        Assert.False(Processor.Handles("push"));
    }
}
