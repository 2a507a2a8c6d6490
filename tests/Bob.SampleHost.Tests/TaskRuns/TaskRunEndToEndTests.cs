using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bob.Postgres;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Plan 5.1–5.4 and 6.1 end to end, through sample host processes on one database: a fake Expo push service, a fake Kanbanger that checks every request
/// against SPEC §5 (and answers a repeated <c>Idempotency-Key</c> with its first answer), a fake GitHub Enterprise Server
/// with a real bare repository over smart HTTP, real git. Every webhook is delivered twice, and the host is killed with
/// SIGKILL and another started between the steps, once while a tracker comment's answer is on its way back.
/// </summary>
/// <remarks>
/// Only the host processes work on this database (no in-process host): every worker that could claim a row is configured
/// as the test says.
/// </remarks>
public sealed class TaskRunEndToEndTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-task-runs";
    private const string KanbangerToken = "not-a-real-token-kanbanger-api";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bob-runs-" + Guid.NewGuid().ToString("N")[..8]);
    private GitHubRemote _remote = null!;
    private FakeKanbanger _kanbanger = null!;
    private FakeExpo _expo = null!;
    private Dictionary<string, string?> _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        _remote = await GitHubRemote.StartAsync(_temp, Token);
        _kanbanger = await FakeKanbanger.StartAsync(KanbangerToken);
        _expo = await FakeExpo.StartAsync();
        _settings = new Dictionary<string, string?>
        {
            ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Security__AllowPrivateNetworkInstances"] = "true",
            ["Git__WorkDirectory"] = Path.Combine(_temp, "work"),
            ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
            ["Webhooks__Kanbanger__Secret"] = SampleHostFixture.KanbangerSecret,
            ["Webhooks__Worker__Lease"] = "00:00:06",
            ["Kanbanger__BaseUrl"] = _kanbanger.BaseUri.ToString(),
            ["Kanbanger__ApiToken"] = KanbangerToken,
            ["Kanbanger__WorkspaceId"] = "ws_auto",
            ["GitSync__IntervalSeconds"] = "0",
            ["Expo__BaseUrl"] = _expo.BaseUri.ToString(),
        };
    }

    public async Task DisposeAsync()
    {
        await _kanbanger.DisposeAsync();
        await _expo.DisposeAsync();
        await _remote.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    private Task<RunningHost> StartHostAsync() => RunningHost.StartAsync(database.ConnectionString, _settings);

    private async Task<(Guid UserId, string ApiKey)> UserAsync()
    {
        var user = await new UserStore(database.DataSource).CreateAsync($"assignee-{Guid.NewGuid():N}", false);
        return (user.Id, await new ApiKeyStore(database.DataSource, TimeProvider.System).CreateAsync(user.Id));
    }

    private static HttpClient Client(RunningHost running, string apiKey)
    {
        var client = new HttpClient { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Sends a signed Kanbanger delivery to the host twice, as two deliveries (a Kanbanger retry: new id, new time).</summary>
    private static async Task DeliverTwiceAsync(RunningHost running, string eventName, string body)
    {
        using var plain = new HttpClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds(); // two timestamps, two signatures: a retry, not a replay
        for (var i = 0; i < 2; i++)
        {
            using var request = ProviderDeliveries.Kanbanger(eventName, Encoding.UTF8.GetBytes(body), now - i);
            request.RequestUri = new Uri(running.BaseAddress, "api/webhooks/kanbanger");
            using var response = await plain.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{eventName}: {(int)response.StatusCode}");
        }
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var list = await SessionPushTests.Json(await client.GetAsync("/api/task-runs"), HttpStatusCode.OK);
            if (list.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } item)
            {
                var run = await SessionPushTests.Json(await client.GetAsync($"/api/task-runs/{item.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
                if (done(run))
                {
                    Assert.Single(list.GetProperty("items").EnumerateArray());
                    return run;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }

    private async Task WaitForCommentsAsync(int count, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_kanbanger.Comments.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for comment {count} ({what}); have: {string.Join(" | ", _kanbanger.Comments.Select(c => c.Body))}; deliveries: {await DeliveriesAsync()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AssignedBlockedRepliedPushedMerged_WithEveryWebhookTwiceAndTheHostKilledBetweenSteps_CommentsPushesAndEventsOncePerMilestone()
    {
        var (userId, apiKey) = await UserAsync();
        var taskId = $"tsk_{Guid.NewGuid():N}";
        var hostA = await StartHostAsync();
        Guid runId, sessionId, worktreeId;
        string path, branch;
        try
        {
            using var a = Client(hostA, apiKey);
            await _remote.RegisterAsync(a);
            await SessionPushTests.Json(await a.PostAsJsonAsync("/api/devices", new { expoPushToken = "ExponentPushToken[e2e-phone-xxxxxxxx]", deviceType = "ios" }), HttpStatusCode.Created);

            // 1. task.assigned (SPEC §5's body) → a running run, its session, and a worktree on disk on its bob/ branch.
            var assigned = $$$"""
                {"event":"task.assigned","workspaceId":"ws_1",
                 "task":{"id":"{{{taskId}}}","identifier":"BOB-42","title":"Fix login redirect loop",
                         "description":"Users bounce between /login and /home.","url":"https://kanbanger.example/ws_1/BOB-42"},
                 "assignee":{"userId":"{{{userId}}}"},
                 "repository":{"remoteUrl":"{{{_remote.RemoteUrl}}}","baseBranch":"main"}}
                """;
            await DeliverTwiceAsync(hostA, "task.assigned", assigned);
            var run = await WaitForRunAsync(a, r => r.GetProperty("status").GetString() == "running", "the run to start");
            runId = run.GetProperty("id").GetGuid();
            sessionId = run.GetProperty("sessionId").GetGuid();
            worktreeId = run.GetProperty("worktreeId").GetGuid();
            Assert.Equal(("BOB-42", "Fix login redirect loop"), (run.GetProperty("taskIdentifier").GetString(), run.GetProperty("title").GetString()));
            var worktree = Assert.Single((await SessionPushTests.Json(await a.GetAsync($"/api/sessions/{sessionId}/worktrees"), HttpStatusCode.OK)).EnumerateArray());
            path = worktree.GetProperty("path").GetString()!;
            branch = worktree.GetProperty("branch").GetString()!;
            Assert.StartsWith($"bob/{sessionId:N}"[..12] + "/", branch, StringComparison.Ordinal);
            Assert.Equal(branch, await GitHubRemote.Git("-C", path, "rev-parse", "--abbrev-ref", "HEAD"));
            await WaitForCommentsAsync(1, "started");
        }
        finally
        {
            await hostA.KillAsync();
        }

        // 2. On another host: the agent blocks; Kanbanger's reply (twice) resumes the run.
        var hostB = await StartHostAsync();
        try
        {
            using var b = Client(hostB, apiKey);
            var blocked = await SessionPushTests.Json(await b.PostAsJsonAsync($"/api/task-runs/{runId}/block", new { reason = "Which endpoint, v1 or v2?" }), HttpStatusCode.OK);
            Assert.Equal("blocked", blocked.GetProperty("status").GetString());
            await WaitForCommentsAsync(2, "blocked");
            await DeliverTwiceAsync(hostB, "comment.created", $$$"""
                {"event":"comment.created","workspaceId":"ws_1","task":{"id":"{{{taskId}}}","identifier":"BOB-42"},
                 "comment":{"id":"cmt_9","body":"Use the v2 endpoint","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}
                """);
            await WaitForRunAsync(b, r => r.GetProperty("status").GetString() == "running", "the reply to resume the run");
        }
        finally
        {
            await hostB.KillAsync();
        }

        // 3. On a third host: the agent commits and pushes; the draft pull request is linked to the run and the task.
        var hostC = await StartHostAsync();
        int number;
        try
        {
            using var c = Client(hostC, apiKey);
            await File.WriteAllTextAsync(Path.Combine(path, "login.txt"), "redirect once\n");
            await GitHubRemote.Git("-C", path, "add", ".");
            await GitHubRemote.Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Fix the login redirect loop");
            var pushed = await SessionPushTests.Json(await c.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId }), HttpStatusCode.OK);
            number = pushed.GetProperty("pullRequest").GetProperty("number").GetInt32();
            var run = await WaitForRunAsync(c, r => r.GetProperty("pullRequestId").ValueKind == JsonValueKind.String, "the pull request to be linked");
            Assert.Equal(pushed.GetProperty("pullRequest").GetProperty("id").GetGuid(), run.GetProperty("pullRequestId").GetGuid());
            var linked = await SessionPushTests.Json(await c.GetAsync($"/api/pull-requests/{run.GetProperty("pullRequestId").GetGuid()}"), HttpStatusCode.OK);
            Assert.Equal(taskId, linked.GetProperty("kanbangerTaskId").GetString());
            await WaitForCommentsAsync(3, "pull request opened");

            // 4. GitHub reports the merge (twice). The merge comment is made, but its answer is held back, and the host is
            // killed while it waits: the comment's outbox row is still leased to the dead host.
            _kanbanger.AnswerDelay = body => body.StartsWith("The pull request was merged", StringComparison.Ordinal) ? TimeSpan.FromSeconds(60) : TimeSpan.Zero;
            using var plain = new HttpClient();
            for (var i = 0; i < 2; i++)
            {
                using var webhook = ProviderDeliveries.GitHub("pull_request", _remote.MergedDelivery(number, branch, "Fix login redirect loop"));
                webhook.RequestUri = new Uri(hostC.BaseAddress, "api/webhooks/github");
                Assert.Equal(HttpStatusCode.Accepted, (await plain.SendAsync(webhook)).StatusCode);
            }

            await WaitForCommentsAsync(4, "merged");
        }
        finally
        {
            await hostC.KillAsync();
        }

        // 5. Another host takes the comment over when the dead host's lease runs out and asks again with the same key:
        // Kanbanger answers with the first answer, and the run is complete.
        _kanbanger.AnswerDelay = null;
        var mergedKey = _kanbanger.Comments[3].IdempotencyKey;
        await using var hostD = await StartHostAsync();
        using var d = Client(hostD, apiKey);
        var completed = await WaitForRunAsync(d, r => r.GetProperty("status").GetString() == "completed", "the merge to complete the run");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await PendingOutboxRowsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not drain");
            await Task.Delay(100);
        }

        Assert.True(_kanbanger.Server.Requests.Count(r => r.Header("Idempotency-Key") == mergedKey) >= 2, "the merge comment was asked for again after the kill");

        // Exactly one comment per milestone, each request as SPEC §5 describes it.
        var comments = _kanbanger.Comments;
        Assert.Equal(4, comments.Count);
        Assert.All(comments, c => Assert.Equal(taskId, c.TaskId));
        Assert.Equal(4, comments.Select(c => c.IdempotencyKey).Distinct().Count());
        Assert.Equal("Bob started working on this task.", comments[0].Body);
        Assert.Contains("Which endpoint, v1 or v2?", comments[1].Body, StringComparison.Ordinal);
        Assert.Equal($"Bob opened a draft pull request: {new Uri(_remote.BaseUri, $"acme/web/pull/{number}")}", comments[2].Body);
        Assert.StartsWith("The pull request was merged", comments[3].Body, StringComparison.Ordinal);
        Assert.All(_kanbanger.Server.Requests, r =>
        {
            Assert.Equal(("POST", $"/api/v1/tasks/{taskId}/comments", $"Bearer {KanbangerToken}"), (r.Method, r.Path, r.Header("Authorization")));
            Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal(["body"], r.Json.EnumerateObject().Select(p => p.Name));
        });
        var transitions = completed.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("trigger").GetString()!).ToArray();
        Assert.Equal(["assigned", "started", "blocked", "replied", "pull_request_opened", "pull_request_merged"], transitions);

        // One push per milestone that pushes (blocked, pull request ready, merged), each opening the session.
        var pushDeadline = DateTime.UtcNow.AddSeconds(30);
        while (_expo.Pushes.Count < 3)
        {
            Assert.True(DateTime.UtcNow < pushDeadline, $"pushes: {string.Join(" | ", _expo.Pushes.Select(p => p.Title))}");
            await Task.Delay(100);
        }

        Assert.Equal(["BOB-42 needs an answer", "BOB-42: pull request ready", "BOB-42 merged"], _expo.Pushes.Select(p => p.Title));
        Assert.All(_expo.Pushes, p => Assert.Equal(($"bob://session/{sessionId}", "ExponentPushToken[e2e-phone-xxxxxxxx]"), (p.Url, p.Token)));
        Assert.Equal(3, _expo.Pushes.Select(p => p.CollapseId).Distinct().Count());

        // One task.updated session event per transition after assignment, and the reply once.
        await using var events = database.DataSource.CreateCommand("SELECT kind, count(*) FROM session_events WHERE session_id = $1 AND kind IN ('task.updated', 'reply.received') GROUP BY kind ORDER BY kind");
        events.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sessionId });
        await using var reader = await events.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.Equal((1L, 5L), (counts["reply.received"], counts["task.updated"]));
    }

    /// <summary>The deliveries since the test began, for failure messages.</summary>
    private async Task<string> DeliveriesAsync()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT string_agg(provider || ' ' || event_type || ' ' || coalesce(action, '') || ' ' || status || ' ' || coalesce(error_message, ''), '; ' ORDER BY received_at) FROM webhook_deliveries WHERE received_at > now() - interval '5 minutes'");
        return (await command.ExecuteScalarAsync()) as string ?? "none";
    }

    private async Task<long> PendingOutboxRowsAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE provider = 'task-runs' AND status = 'pending'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Plan 5.3 through a host process: a session's first push opens a pull request that no task is linked to; the gate
    /// passes it (3 files, 30 lines, a specific title, a bullet per commit), and one Kanbanger task is created and linked,
    /// however often it is pushed; a trivial change in another session gets no task, and the session says why.
    /// </summary>
    [Fact]
    public async Task APullRequestWithEnoughContext_GetsOneTask_ATrivialOneNone()
    {
        var (_, apiKey) = await UserAsync();
        await using var running = await StartHostAsync();
        using var client = Client(running, apiKey);
        var repository = await _remote.RegisterAsync(client);

        async Task<(Guid Session, Guid PullRequest)> PushAsync(string title, int files, int linesEach, int commits)
        {
            var session = (await SessionPushTests.Json(await client.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
            var worktree = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{session}/worktrees", new { }), HttpStatusCode.Created);
            var path = worktree.GetProperty("path").GetString()!;
            for (var c = 0; c < commits; c++)
            {
                for (var f = 0; f < files; f++)
                {
                    await File.WriteAllLinesAsync(Path.Combine(path, $"file-{c}-{f}.txt"), Enumerable.Range(0, linesEach).Select(i => $"line {i}"));
                }

                await GitHubRemote.Git("-C", path, "add", ".");
                await GitHubRemote.Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", $"Handle the redirect case {c}");
            }

            var body = new { worktreeId = worktree.GetProperty("id").GetGuid() };
            var pushed = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{session}/push", body), HttpStatusCode.OK);
            await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{session}/push", body), HttpStatusCode.OK); // pushed again
            return (session, pushed.GetProperty("pullRequest").GetProperty("id").GetGuid());
        }

        var (rich, richPullRequest) = await PushAsync("Fix login redirect loop", files: 3, linesEach: 10, commits: 2);
        var (trivial, _) = await PushAsync("Fix login typo", files: 1, linesEach: 2, commits: 1);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await EventCountAsync(rich, "task.created") == 0 || await EventCountAsync(trivial, "task.skipped") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no decision; deliveries: {await DeliveriesAsync()}");
            await Task.Delay(100);
        }

        var creates = _kanbanger.Server.Requests.Where(r => r.Path == "/api/v1/tasks").ToArray();
        var created = Assert.Single(creates.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Equal($"bob-pr-task-{richPullRequest:N}", created);
        var task = creates[0].Json;
        Assert.Equal(("ws_auto", "Fix login redirect loop"), (task.GetProperty("workspaceId").GetString(), task.GetProperty("title").GetString()));
        Assert.Contains("- Handle the redirect case 1", task.GetProperty("description").GetString(), StringComparison.Ordinal);
        var linked = await SessionPushTests.Json(await client.GetAsync($"/api/pull-requests/{richPullRequest}"), HttpStatusCode.OK);
        Assert.Equal("tsk_900", linked.GetProperty("kanbangerTaskId").GetString());
        Assert.Equal(1, await EventCountAsync(rich, "task.created"));
        await using var skipped = database.DataSource.CreateCommand("SELECT payload::text FROM session_events WHERE session_id = $1 AND kind = 'task.skipped'");
        skipped.Parameters.Add(new Npgsql.NpgsqlParameter { Value = trivial });
        Assert.Contains("trivial diff", (string)(await skipped.ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    private async Task<long> EventCountAsync(Guid session, string kind)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM session_events WHERE session_id = $1 AND kind = $2");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = session });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = kind });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
