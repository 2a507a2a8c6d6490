using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// <c>/api/devices</c> (plan 6.1) and quick replies, <c>POST /api/sessions/{id}/replies</c> (plan 6.3), through the host:
/// validation with the field named, upserts per user and token, idempotency on <c>clientInputId</c>, other users' ids 404.
/// </summary>
public sealed class DeviceAndReplyEndpointTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private const string Token = "ExponentPushToken[device-test-xxxxxxxxx]";

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected) => await SessionPushTests.Json(response, expected);

    [Fact]
    public async Task ADevice_IsRegisteredOnce_RefreshedAfter_AndDeletedOnlyByItsUser()
    {
        var (client, _) = await host.CreateUserClientAsync("device-owner");
        var (stranger, _) = await host.CreateUserClientAsync("device-stranger");

        var created = await Json(await client.PostAsJsonAsync("/api/devices", new { expoPushToken = Token, deviceType = "ios" }), HttpStatusCode.Created);
        var again = await Json(await client.PostAsJsonAsync("/api/devices", new { expoPushToken = Token, deviceType = "android" }), HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(("android", true), (again.GetProperty("deviceType").GetString(), again.GetProperty("enabled").GetBoolean()));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/devices/{id}")).StatusCode);
        using var anonymous = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/devices", new { expoPushToken = Token, deviceType = "ios" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"expoPushToken":"apns-0123456789abcdef","deviceType":"ios"}""", "expoPushToken")]
    [InlineData("""{"expoPushToken":"ExponentPushToken[a\u0000b]","deviceType":"ios"}""", "expoPushToken")]
    [InlineData("""{"expoPushToken":"ExponentPushToken[xxxxxxxxxxxx]","deviceType":"windows"}""", "deviceType")]
    [InlineData("""{"deviceType":"ios"}""", "expoPushToken")]
    [InlineData("""{}""", "deviceType")]
    public async Task ABadDevice_Is400_NamingTheField(string body, string field)
    {
        var (client, _) = await host.CreateUserClientAsync("device-bad");

        using var response = await client.PostAsync("/api/devices", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Json(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<(HttpClient Client, Guid UserId, Guid SessionId)> SessionAsync(string name)
    {
        var (client, userId) = await host.CreateUserClientAsync(name);
        var session = await Json(await client.PostAsJsonAsync("/api/sessions", new { title = "Replies" }), HttpStatusCode.Created);
        return (client, userId, session.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AQuickReply_IsStoredOncePerClientInputId_AnotherTextIs409_AndRepliesKeepTheirOrder()
    {
        var (client, _, session) = await SessionAsync("replier");

        var first = await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-1", text = "Use v2" }), HttpStatusCode.Created);
        var repeat = await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-1", text = "Use v2" }), HttpStatusCode.OK);
        using var conflict = await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-1", text = "Use v1" });
        var second = await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-2", text = "And add a test" }), HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("sequence").GetInt64(), repeat.GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("in-1", (await conflict.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(second.GetProperty("sequence").GetInt64() > first.GetProperty("sequence").GetInt64());
        var replies = (await host.Factory.Services.GetRequiredService<ISessionEventStream>().ReadAfterAsync(session, 0)).Where(e => e.Kind == "reply.received").ToArray();
        Assert.Equal(["Use v2", "And add a test"], replies.Select(r => r.Payload.GetProperty("body").GetString()));
    }

    [Theory]
    [InlineData("""{"text":"hi"}""", "clientInputId")]
    [InlineData("""{"clientInputId":"x","text":""}""", "text")]
    [InlineData("""{"clientInputId":"x","text":"a\u0000b"}""", "text")]
    [InlineData("""{"clientInputId":"x\u0007","text":"hi"}""", "clientInputId")]
    public async Task ABadReply_Is400_NamingTheField(string body, string field)
    {
        var (client, _, session) = await SessionAsync("replier-bad");

        using var response = await client.PostAsync($"/api/sessions/{session}/replies", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Json(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplyToAnotherUsersSession_Is404()
    {
        var (_, _, session) = await SessionAsync("replier-owner");
        var (stranger, _) = await host.CreateUserClientAsync("replier-stranger");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-1", text = "hi" })).StatusCode);
    }

    [Fact]
    public async Task AQuickReplyToABlockedRun_ResumesIt_Once()
    {
        var (client, userId, session) = await SessionAsync("replier-run");
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix it", null, null, null, session));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);
        await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "v1 or v2?");

        await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-9", text = "v2" }), HttpStatusCode.Created);
        for (var waited = 0; waited < 100 && (await store.GetAsync(userId, run.Id))!.Status != TaskRunStatus.Running; waited++)
        {
            await Task.Delay(100); // handed over through the outbox
        }

        Assert.Equal(TaskRunStatus.Running, (await store.GetAsync(userId, run.Id))!.Status);
        await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "And the timeout?");
        await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-9", text = "v2" }), HttpStatusCode.OK); // a client retry

        await Task.Delay(500); // a second hand-over, if one were queued, would have resumed the run by now
        var after = (await store.GetAsync(userId, run.Id))!;
        Assert.Equal(TaskRunStatus.Blocked, after.Status);
        Assert.Single(await store.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Replied);
    }
}

/// <summary>Issue 18.2: a repeated quick reply, however often and however concurrently, is one hand-over and one event.</summary>
public sealed class RepeatedReplyTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task ARepeatedReply_SentConcurrentlyAndAgain_IsHandedToTheAgentOnce()
    {
        var (client, userId) = await host.CreateUserClientAsync("replier-repeat");
        var session = (await SessionPushTests.Json(await client.PostAsJsonAsync("/api/sessions", new { title = "Repeats" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-43", "Fix it", null, null, null, session));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);
        await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "v1 or v2?");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "once", text = "v2" })));
        for (var i = 0; i < 10; i++)
        {
            using var again = await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "once", text = "v2" });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Single(concurrent, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(concurrent, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var events = host.Factory.Services.GetRequiredService<ISessionEventStream>();
        IReadOnlyList<SessionEvent> all = [];
        for (var waited = 0; waited < 100 && !all.Any(e => e.Kind == "agent.reply"); waited++)
        {
            await Task.Delay(100);
            all = await events.ReadAfterAsync(session, 0);
        }

        // The hand-over's outbox row is done: nothing more can come for it.
        await using (var pending = host.DataSource.CreateCommand("SELECT count(*) FROM bob.webhook_deliveries WHERE provider = 'task-runs' AND event_type = 'agent.reply' AND status <> 'processed'"))
        {
            for (var waited = 0; waited < 100 && (long)(await pending.ExecuteScalarAsync())! > 0; waited++)
            {
                await Task.Delay(100);
            }
        }

        all = await events.ReadAfterAsync(session, 0);
        Assert.Single(all, e => e.Kind == "reply.received");
        Assert.Single(all, e => e.Kind == "agent.reply");
        Assert.Single(host.Logs.Lines, l => l.Contains("Sample agent: reply app:once", StringComparison.Ordinal)); // one hand-over, not one deduplicated event
        Assert.Single(await store.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Replied);
        Assert.Equal(TaskRunStatus.Running, (await store.GetAsync(userId, run.Id))!.Status);
    }
}

/// <summary>Issue 18.7: device tokens of Expo's shapes only, at most <c>Devices:MaxPerUser</c> enabled per user, one user per token.</summary>
public sealed class DeviceLimitTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static string Token(string tag) => $"ExponentPushToken[{tag}{Guid.NewGuid():N}]";

    [Theory]
    [InlineData("ExponentPushToken[]")]
    [InlineData("ExpoPushToken[]")]
    [InlineData("ExponentPushToken[<script>]")]
    [InlineData("ExponentPushToken[a\"b]")]
    public async Task ATokenWithAnEmptyOrUnsafeBody_Is400(string token)
    {
        var (client, _) = await host.CreateUserClientAsync("device-shape");

        using var response = await client.PostAsJsonAsync("/api/devices", new { expoPushToken = token, deviceType = "ios" });

        var problem = await SessionPushTests.Json(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("expoPushToken", out _));
    }

    [Fact]
    public async Task AUsersEnabledDevices_AreCappedAt20_TheLeastRecentlySeenDisabledFirst()
    {
        var (client, userId) = await host.CreateUserClientAsync("device-many");
        var tokens = Enumerable.Range(0, 25).Select(i => Token($"cap{i:D2}")).ToArray();
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/devices", new { expoPushToken = token, deviceType = "android" })).StatusCode);
        }

        // Seen again: the first one is now the most recent, so it stays and the next oldest goes.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/devices", new { expoPushToken = tokens[0], deviceType = "android" })).StatusCode);
        var store = host.Factory.Services.GetRequiredService<Bob.Notifications.IDeviceStore>();
        var enabled = await store.ListEnabledAsync(userId);
        Assert.Equal(20, enabled.Count);
        Assert.Equal(tokens.Skip(6).Append(tokens[0]).Order(), enabled.Select(d => d.ExpoPushToken).Order());

        // A burst of new ones at once: still 20, all of them from the burst (the most recently seen).
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.PostAsJsonAsync("/api/devices", new { expoPushToken = Token($"burst{i:D2}"), deviceType = "ios" })));
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        enabled = await store.ListEnabledAsync(userId);
        Assert.Equal(20, enabled.Count);
        Assert.All(enabled, d => Assert.StartsWith("ExponentPushToken[burst", d.ExpoPushToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATokenRegisteredByAnotherUser_MovesToThem()
    {
        var (first, firstId) = await host.CreateUserClientAsync("device-first");
        var (second, secondId) = await host.CreateUserClientAsync("device-second");
        var token = Token("moved");
        var store = host.Factory.Services.GetRequiredService<Bob.Notifications.IDeviceStore>();

        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/devices", new { expoPushToken = token, deviceType = "ios" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync("/api/devices", new { expoPushToken = token, deviceType = "ios" })).StatusCode);

        Assert.DoesNotContain(await store.ListEnabledAsync(firstId), d => d.ExpoPushToken == token);
        Assert.Contains(await store.ListEnabledAsync(secondId), d => d.ExpoPushToken == token);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync("/api/devices", new { expoPushToken = token, deviceType = "ios" })).StatusCode);
        Assert.Contains(await store.ListEnabledAsync(firstId), d => d.ExpoPushToken == token);
        Assert.DoesNotContain(await store.ListEnabledAsync(secondId), d => d.ExpoPushToken == token);
    }
}
