using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// Quick replies from the app over in-memory stores: stored once per client input id however often and concurrently
/// sent, handed to a live run's agent once, refused when the id is reused for other text, and checked before anything
/// is stored.
/// </summary>
public sealed class QuickReplyServiceTests : IAsyncDisposable
{
    private readonly InMemoryBob _bob = InMemoryBob.Create();
    private readonly Guid _user = Guid.NewGuid();

    private QuickReplyService Service => _bob.Get<QuickReplyService>();

    public ValueTask DisposeAsync() => _bob.DisposeAsync();

    private async Task<(Guid Session, TaskRun Run)> RunningAsync()
    {
        _bob.Runs.AddUser(_user);
        var (run, _) = await _bob.Runs.CreateAsync(new NewTaskRun(_user, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix", null, null, null));
        var session = await _bob.Runs.EnsureSessionAsync(run.Id, Guid.NewGuid(), "BOB-42 Fix");
        await _bob.Get<TaskRunTriggers>().FireAsync(run.Id, TaskRunTrigger.Started);
        return (session, run);
    }

    [Fact]
    public async Task AReply_IsStoredOncePerInputId_EvenConcurrently_AndHandedToTheRunOnce()
    {
        var (session, run) = await RunningAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Service.ReplyAsync(_user, session, "input-1", "Use v2", "Ana"))));

        Assert.Single(replies, r => r.Created);
        Assert.Single(replies.Select(r => r.Sequence).Distinct());
        var stored = Assert.Single(_bob.Sessions.EventsOf(session), e => e.Kind == SessionEventKinds.ReplyReceived);
        Assert.Equal(("Use v2", "Ana", "app", "input-1"), (stored.Payload.GetProperty("body").GetString(), stored.Payload.GetProperty("author").GetString(), stored.Payload.GetProperty("source").GetString(), stored.Payload.GetProperty("clientInputId").GetString()));
        var handOver = Assert.Single(_bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.AgentReplyEvent);
        Assert.Equal((run.Id.ToString(), "app:input-1"), ((string?)handOver.Payload["runId"], (string?)handOver.Payload["commentId"]));
    }

    [Fact]
    public async Task AnInputIdReusedForOtherText_IsAConflict_AndStoresNothing()
    {
        var (session, _) = await RunningAsync();
        await Service.ReplyAsync(_user, session, "input-1", "Use v2");

        var ex = await Assert.ThrowsAsync<BobConflictException>(() => Service.ReplyAsync(_user, session, "input-1", "Use v1"));

        Assert.Equal(BobErrorKind.Conflict, ex.Kind);
        Assert.Single(_bob.Sessions.EventsOf(session), e => e.Kind == SessionEventKinds.ReplyReceived);
    }

    [Fact]
    public async Task AReplyInASessionWithoutALiveRun_IsStored_ButHandedToNobody()
    {
        var session = await _bob.Sessions.CreateAsync(_user, null, "Chat");
        var (runSession, run) = await RunningAsync();
        await _bob.Get<TaskRunService>().CancelAsync(_user, run.Id);

        var plain = await Service.ReplyAsync(_user, session.Id, "input-1", "Hello");
        var late = await Service.ReplyAsync(_user, runSession, "input-2", "Too late");

        Assert.True(plain.Created && late.Created);
        Assert.DoesNotContain(_bob.Runs.Outbox, m => m.EventType == TaskRunOutbox.AgentReplyEvent);
    }

    [Theory]
    [InlineData("", "text", "clientInputId")]
    [InlineData("id\u0007", "text", "clientInputId")]
    [InlineData("input-1", "", "text")]
    [InlineData("input-1", "bell\u0007", "text")]
    public async Task BadInput_IsRefusedByField_BeforeAnythingIsStored(string clientInputId, string text, string field)
    {
        var (session, _) = await RunningAsync();

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Service.ReplyAsync(_user, session, clientInputId, text));

        Assert.Equal(field, ex.Field);
        Assert.DoesNotContain(_bob.Sessions.EventsOf(session), e => e.Kind == SessionEventKinds.ReplyReceived);
    }

    [Fact]
    public async Task AnotherUsersSession_IsNotFound()
    {
        var (session, _) = await RunningAsync();

        var ex = await Assert.ThrowsAsync<BobNotFoundException>(() => Service.ReplyAsync(Guid.NewGuid(), session, "input-1", "Hi"));

        Assert.Equal(BobNotFoundException.Session, ex.Resource);
        Assert.DoesNotContain(_bob.Sessions.EventsOf(session), e => e.Kind == SessionEventKinds.ReplyReceived);
    }

    [Fact]
    public async Task AMultiLineReply_IsKeptAsWritten()
    {
        var (session, _) = await RunningAsync();

        var reply = await Service.ReplyAsync(_user, session, "input-1", "Line one\n\tLine two");

        Assert.Equal("Line one\n\tLine two", reply.Text);
    }
}
