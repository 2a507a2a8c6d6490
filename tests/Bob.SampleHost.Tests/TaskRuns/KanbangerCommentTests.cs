using System.Net;
using System.Text;
using Bob.Git.Abstractions;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// <c>comment.created</c> through the host (SPEC §5): on a blocked run the reply is stored in the session and resumes the
/// run; on a running run it is stored without a transition; delivered twice (a Kanbanger retry) it resumes once.
/// </summary>
public sealed class KanbangerCommentTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private async Task<(TaskRun Run, Guid SessionId)> RunAsync(bool blocked)
    {
        var (_, userId) = await host.CreateUserClientAsync("kanbanger");
        var services = host.Factory.Services;
        var session = await services.GetRequiredService<Bob.Git.SessionService>().CreateAsync(userId, null, "BOB-42");
        var store = services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix login redirect loop", null, null, null, session.Id));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);
        if (blocked)
        {
            await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");
        }

        return (run, session.Id);
    }

    private static byte[] Comment(string taskId, string commentId, string body) => Encoding.UTF8.GetBytes(
        $$$"""{"event":"comment.created","workspaceId":"ws_1","task":{"id":"{{{taskId}}}","identifier":"BOB-42"},"comment":{"id":"{{{commentId}}}","body":"{{{body}}}","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}""");

    private async Task<TaskRun> WaitForAsync(Guid userId, Guid runId, Func<TaskRun, IReadOnlyList<SessionEvent>, bool> done, Guid sessionId)
    {
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var events = host.Factory.Services.GetRequiredService<ISessionEventStream>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = (await store.GetAsync(userId, runId))!;
            if (done(run, await events.ReadAfterAsync(sessionId, 0)))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, "the comment was not processed");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task ACommentOnABlockedRun_IsStoredAsAReply_AndResumesTheRun_OnceThoughDeliveredTwice()
    {
        var (run, session) = await RunAsync(blocked: true);
        var body = Comment(run.TaskId, "cmt_9", "Use the v2 endpoint");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("comment.created", body, timestamp));
        using var client = host.Factory.CreateClient();
        using var replayed = await client.SendAsync(ProviderDeliveries.Kanbanger("comment.created", body, timestamp)); // same signed request, new delivery id

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        var resumed = await WaitForAsync(run.UserId!.Value, run.Id, (r, e) => r.Status == TaskRunStatus.Running && e.Any(x => x.Kind == "reply.received"), session);
        var transitions = await host.Factory.Services.GetRequiredService<ITaskRunStore>().TransitionsAsync(run.Id);
        Assert.Single(transitions, t => t.Trigger == TaskRunTrigger.Replied);
        Assert.Equal("Use the v2 endpoint", transitions[^1].Reason);
        var reply = Assert.Single(await host.Factory.Services.GetRequiredService<ISessionEventStream>().ReadAfterAsync(session, 0), e => e.Kind == "reply.received");
        Assert.Equal(("cmt_9", "Use the v2 endpoint", "Ana"), (reply.Payload.GetProperty("commentId").GetString(), reply.Payload.GetProperty("body").GetString(), reply.Payload.GetProperty("author").GetString()));
        Assert.Equal(TaskRunStatus.Running, resumed.Status);
        Assert.NotEqual(Guid.Empty, first);
    }

    [Fact]
    public async Task ACommentOnARunningRun_IsStoredWithoutATransition()
    {
        var (run, session) = await RunAsync(blocked: false);

        await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("comment.created", Comment(run.TaskId, "cmt_1", "Looks good so far"), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        var after = await WaitForAsync(run.UserId!.Value, run.Id, (_, e) => e.Any(x => x.Kind == "reply.received"), session);
        Assert.Equal((TaskRunStatus.Running, 2), (after.Status, after.Version));
    }

    [Fact]
    public async Task ACommentBodyThatIsNotTheDocumentedShape_IsDeadLetteredWithTheReason()
    {
        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("comment.created", Encoding.UTF8.GetBytes("""{"event":"comment.created","workspaceId":"ws_1","task":{"identifier":"BOB-1"}}"""), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var row = host.DataSource.CreateCommand("SELECT status, error_message FROM webhook_deliveries WHERE id = $1");
            row.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            await using var reader = await row.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            if (reader.GetString(0) == "failed")
            {
                Assert.Contains("SPEC §5", reader.GetString(1), StringComparison.Ordinal);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the delivery was not dead-lettered");
            await Task.Delay(50);
        }
    }

    /// <summary>A Kanbanger retry of a comment that arrives after the run blocked again: it must not resume the run a second time.</summary>
    [Fact]
    public async Task AReplyDeliveredAgainAfterTheRunBlockedAnew_DoesNotResumeIt_AndIsOneEvent()
    {
        var (run, session) = await RunAsync(blocked: true);
        var body = Comment(run.TaskId, "cmt_late", "Use the v2 endpoint");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("comment.created", body, now));
        await WaitForAsync(run.UserId!.Value, run.Id, (r, _) => r.Status == TaskRunStatus.Running, session);
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "And the timeout?");

        var retry = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("comment.created", body, now - 1)); // new delivery id, new signature
        Assert.Equal("processed", (await ProviderDeliveries.SettledAsync(host, retry)).Status);

        var after = (await store.GetAsync(run.UserId!.Value, run.Id))!;
        Assert.Equal((TaskRunStatus.Blocked, "And the timeout?"), (after.Status, after.BlockedReason));
        Assert.Single(await store.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Replied);
        Assert.Single(await host.Factory.Services.GetRequiredService<ISessionEventStream>().ReadAfterAsync(session, 0), e => e.Kind == "reply.received");
        await Task.Delay(500); // a second hand-over, if one were queued or made, would have reached the agent by now
        Assert.Single(host.Logs.Lines, l => l.Contains("Sample agent: reply cmt_late ", StringComparison.Ordinal)); // one hand-over per comment
    }
}
