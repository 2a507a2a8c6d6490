using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Tasks;
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
        await store.FireAsync(run.Id, TaskRunTrigger.Blocked, "And the timeout?");
        await Json(await client.PostAsJsonAsync($"/api/sessions/{session}/replies", new { clientInputId = "in-9", text = "v2" }), HttpStatusCode.OK); // a client retry

        var after = (await store.GetAsync(userId, run.Id))!;
        Assert.Equal(TaskRunStatus.Blocked, after.Status);
        Assert.Single(await store.TransitionsAsync(run.Id), t => t.Trigger == TaskRunTrigger.Replied);
    }
}
