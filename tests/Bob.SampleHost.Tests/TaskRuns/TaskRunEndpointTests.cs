using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>The task-run routes (SPEC §3): the user's own runs with their transitions, and the agent-facing triggers.</summary>
public sealed class TaskRunEndpointTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private async Task<(HttpClient Client, Guid RunId)> RunAsync(string name, bool started = true)
    {
        var (client, userId) = await host.CreateUserClientAsync(name);
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix login redirect loop", null, null, null));
        if (started)
        {
            await store.FireAsync(run.Id, TaskRunTrigger.Started);
        }

        return (client, run.Id);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task BlockThenFail_AreRecordedWithTheirReasons_AndCancellingTheFailedRunIs409()
    {
        var (client, id) = await RunAsync("agent");

        var blocked = await JsonAsync(await client.PostAsJsonAsync($"/api/task-runs/{id}/block", new { reason = "Which endpoint?" }), HttpStatusCode.OK);
        var failed = await JsonAsync(await client.PostAsJsonAsync($"/api/task-runs/{id}/fail", new { reason = "Gave up" }), HttpStatusCode.OK);
        var cancelled = await JsonAsync(await client.PostAsync($"/api/task-runs/{id}/cancel", null), HttpStatusCode.Conflict);
        var read = await JsonAsync(await client.GetAsync($"/api/task-runs/{id}"), HttpStatusCode.OK);

        Assert.Equal(("blocked", "Which endpoint?"), (blocked.GetProperty("status").GetString(), blocked.GetProperty("blockedReason").GetString()));
        Assert.Equal(("failed", "Gave up"), (failed.GetProperty("status").GetString(), failed.GetProperty("failureReason").GetString()));
        Assert.Contains("'failed'", cancelled.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["assigned", "started", "blocked", "failed"], read.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("trigger").GetString()));
        Assert.Equal("failed", (await JsonAsync(await client.GetAsync("/api/task-runs?status=failed"), HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ATriggerTheMachineDoesNotAllow_Is409NamingBoth()
    {
        var (client, id) = await RunAsync("refused", started: false);

        var response = await client.PostAsJsonAsync($"/api/task-runs/{id}/block", new { reason = "Too early" });
        var problem = await JsonAsync(response, HttpStatusCode.Conflict);

        Assert.Contains("'blocked'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'starting'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUsersRun_Is404_AndAMissingReasonIs400()
    {
        var (_, id) = await RunAsync("owner");
        var (stranger, _) = await host.CreateUserClientAsync("stranger");
        var (mine, own) = await RunAsync("mine");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/task-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/task-runs/{id}/fail", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mine.PostAsJsonAsync($"/api/task-runs/{own}/block", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mine.GetAsync("/api/task-runs?status=assigned")).StatusCode);
    }

    [Fact]
    public async Task TaskRunLists_PageNewestFirst_WithACursor()
    {
        var (client, userId) = await host.CreateUserClientAsync("pages");
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", $"BOB-{i}", "T", null, null, null))).Run.Id);
        }

        var first = await JsonAsync(await client.GetAsync("/api/task-runs?limit=2"), HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await JsonAsync(await client.GetAsync($"/api/task-runs?limit=2&cursor={cursor}"), HttpStatusCode.OK);

        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("id").GetGuid());
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    /// <summary>Cancelling tells the run's agent through the outbox: the sample agent's <c>agent.cancelled</c> arrives once.</summary>
    [Fact]
    public async Task Cancel_TellsTheAgentOnce_ThroughTheOutbox()
    {
        var (client, userId) = await host.CreateUserClientAsync("canceller");
        var session = await host.Factory.Services.GetRequiredService<Bob.Git.SessionService>().CreateAsync(userId, null, "BOB-7");
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-7", "Title", null, null, null, session.Id));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);

        await JsonAsync(await client.PostAsync($"/api/task-runs/{run.Id}/cancel", null), HttpStatusCode.OK);
        await JsonAsync(await client.PostAsync($"/api/task-runs/{run.Id}/cancel", null), HttpStatusCode.OK); // the same cancel again: nothing queued again

        var events = host.Factory.Services.GetRequiredService<Bob.Git.Abstractions.ISessionEventStream>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await events.ReadAfterAsync(session.Id, 0)).Any(e => e.Kind == "agent.cancelled"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the agent was not told");
            await Task.Delay(50);
        }

        await Task.Delay(300);
        Assert.Single(await events.ReadAfterAsync(session.Id, 0), e => e.Kind == "agent.cancelled");
    }

    /// <summary>Issue 18.3: an agent that reports on a finished run hears that it is finished, naming the trigger and the status.</summary>
    [Theory]
    [InlineData("completed", "block")]
    [InlineData("completed", "fail")]
    [InlineData("completed", "cancel")]
    [InlineData("cancelled", "block")]
    [InlineData("cancelled", "fail")]
    [InlineData("failed", "block")]
    [InlineData("failed", "cancel")]
    public async Task AnAgentTriggerOnAFinishedRun_Is409NamingTriggerAndStatus(string finished, string route)
    {
        var (client, id) = await RunAsync($"finished-{finished}-{route}");
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        await store.FireAsync(id, finished switch
        {
            "completed" => TaskRunTrigger.PullRequestMerged,
            "cancelled" => TaskRunTrigger.Cancelled,
            _ => TaskRunTrigger.Failed,
        }, "done");
        var version = (await JsonAsync(await client.GetAsync($"/api/task-runs/{id}"), HttpStatusCode.OK)).GetProperty("version").GetInt32();

        var problem = await JsonAsync(await client.PostAsJsonAsync($"/api/task-runs/{id}/{route}", new { reason = "still there?" }), HttpStatusCode.Conflict);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(finished, detail, StringComparison.Ordinal);
        Assert.Contains(route == "block" ? "blocked" : route == "fail" ? "failed" : "cancelled", detail, StringComparison.Ordinal);
        Assert.Equal(version, (await JsonAsync(await client.GetAsync($"/api/task-runs/{id}"), HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }
}
