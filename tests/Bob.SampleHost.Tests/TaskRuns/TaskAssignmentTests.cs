using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bob.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// <c>task.assigned</c> that cannot be prepared (SPEC §5, plan 5.1): the run fails with a stored reason saying what to fix,
/// the tracker gets exactly that as one comment (queued in the outbox), and no session or worktree is made.
/// </summary>
public sealed class TaskAssignmentTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static byte[] Assigned(string taskId, string userId, string remoteUrl) => Encoding.UTF8.GetBytes($$$"""
        {"event":"task.assigned","workspaceId":"ws_1",
         "task":{"id":"{{{taskId}}}","identifier":"BOB-42","title":"Fix login redirect loop","description":"Users bounce.","url":"https://kanbanger.example/ws_1/BOB-42"},
         "assignee":{"userId":"{{{userId}}}"},
         "repository":{"remoteUrl":"{{{remoteUrl}}}","baseBranch":"main"}}
        """);

    private async Task<TaskRun> FailedRunAsync(string taskId)
    {
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await store.FindByTaskAsync("ws_1", taskId) is { Status: TaskRunStatus.Failed } run)
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, "the assignment was not processed");
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> QueuedCommentsAsync(Guid runId)
    {
        await using var command = host.DataSource.CreateCommand(
            "SELECT payload->>'body' FROM webhook_deliveries WHERE provider = 'task-runs' AND event_type = 'kanbanger.comment' AND payload->>'runId' = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId.ToString() });
        var bodies = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetString(0));
        }

        return bodies;
    }

    public static TheoryData<string, string> Unpreparable => new()
    {
        { "unknown-user", "is not a Bob user" },
        { "not-a-guid", "is not a Bob user" },
        { "unregistered", "is not registered in Bob by the assignee" },
        { "no-connection", "has no provider connection" },
    };

    [Theory]
    [MemberData(nameof(Unpreparable))]
    public async Task AnAssignmentThatCannotBePrepared_FailsTheRunWithWhatToFix_CommentsOnce_AndMakesNothingElse(string problem, string reason)
    {
        var (client, userId) = await host.CreateUserClientAsync("assignee");
        var remote = $"https://github.com/acme/web-{Guid.NewGuid():N}.git";
        if (problem == "no-connection")
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = remote })).StatusCode);
        }

        var assignee = problem switch
        {
            "unknown-user" => Guid.NewGuid().ToString(),
            "not-a-guid" => "ana@example.org",
            _ => userId.ToString(),
        };
        var taskId = $"tsk_{Guid.NewGuid():N}";
        var body = Assigned(taskId, assignee, remote);

        // Delivered twice, as Kanbanger retries: one run, one failure, one comment.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds(); // two timestamps, two signatures: a retry, not a replay
        await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("task.assigned", body, now));
        await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("task.assigned", body, now - 1));

        var run = await FailedRunAsync(taskId);
        await Task.Delay(300); // the second delivery, if processed after the first, must change nothing
        run = (await host.Factory.Services.GetRequiredService<ITaskRunStore>().FindByTaskAsync("ws_1", taskId))!;
        Assert.Contains(reason, run.FailureReason, StringComparison.Ordinal);
        Assert.Equal((TaskRunStatus.Failed, 2, (Guid?)null, (Guid?)null), (run.Status, run.Version, run.SessionId, run.WorktreeId));
        var comment = Assert.Single(await QueuedCommentsAsync(run.Id));
        Assert.Equal($"Bob could not finish this task: {run.FailureReason}", comment);
        if (problem is "unregistered" or "no-connection")
        {
            Assert.Equal(userId, run.UserId);
            var sessions = await SessionPushTests.Json(await client.GetAsync("/api/sessions"), HttpStatusCode.OK);
            Assert.Empty(sessions.GetProperty("items").EnumerateArray());
            var listed = await SessionPushTests.Json(await client.GetAsync("/api/task-runs?status=failed"), HttpStatusCode.OK);
            Assert.Equal(run.Id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        }
        else
        {
            Assert.Null(run.UserId);
        }
    }

    [Fact]
    public async Task AnAssignmentThatIsNotTheDocumentedShape_IsDeadLetteredWithTheReason()
    {
        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("task.assigned", Encoding.UTF8.GetBytes("""{"event":"task.assigned","workspaceId":"ws_1","task":{"id":"tsk_1","identifier":"BOB-1"},"assignee":{"userId":"x"}}"""), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);

        Assert.Equal("failed", status);
        Assert.Contains("'repository' must be an object", error, StringComparison.Ordinal);
    }
}
