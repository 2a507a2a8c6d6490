using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// CI signals end to end on GitHub (issue 21), through sample host processes on real PostgreSQL against a fake GitHub
/// Enterprise Server on 127.0.0.1 and a fake Kanbanger: a task run's agent pushes, and GitHub's own <c>check_run</c> and
/// <c>status</c> examples for its head arrive doubled and shuffled at a host that is SIGKILLed before it processes any;
/// then the agent's fix turns green; then a third head fails with a check GitHub never delivered, which the cron backfill
/// finds. One <c>checks.updated</c> per state change, one hand-over and one tracker comment per red head, one comment when
/// a fix turns green, and "pull request ready" pushed once, when the green draft is marked ready for review.
/// </summary>
public sealed class ChecksHostTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-checks";
    private const string CronSecret = "checks-cron-secret";
    private const string KanbangerToken = "not-a-real-token-checks-kanbanger";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bob-checks-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly FakeGitHubReviews _github = new() { Writers = { "Codertocat" } };
    private GitHubRemote _remote = null!;
    private FakeKanbanger _kanbanger = null!;
    private FakeExpo _expo = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        _remote = await GitHubRemote.StartAsync(_temp, Token);
        _kanbanger = await FakeKanbanger.StartAsync(KanbangerToken);
        _expo = await FakeExpo.StartAsync();
        var pulls = _remote.Server.Handler;
        _remote.Server.Handler = r => r.Header("Authorization") == $"Bearer {Token}" ? _github.Handle(r) ?? pulls(r) : pulls(r);
    }

    public async Task DisposeAsync()
    {
        await _expo.DisposeAsync();
        await _kanbanger.DisposeAsync();
        await _remote.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    private Task<RunningHost> StartHostAsync(bool worker) => RunningHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
    {
        ["GIT_TOKEN_ENCRYPTION_KEY"] = _key,
        ["Security__AllowPrivateNetworkInstances"] = "true",
        ["Git__WorkDirectory"] = Path.Combine(_temp, "work"),
        ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
        ["Webhooks__Worker__Enabled"] = worker ? "true" : "false",
        ["Cron__Secret"] = CronSecret,
        ["Webhooks__Kanbanger__Secret"] = SampleHostFixture.KanbangerSecret,
        ["Kanbanger__BaseUrl"] = _kanbanger.BaseUri.ToString(),
        ["Kanbanger__ApiToken"] = KanbangerToken,
        ["Expo__BaseUrl"] = _expo.BaseUri.ToString(),
        ["TaskRuns__GreenSettleSeconds"] = "1",
        ["GitSync__IntervalSeconds"] = "0",
    });

    /// <summary>GitHub's <c>{event}</c> example <paramref name="file"/> on <c>acme/web</c>, changed by <paramref name="change"/>.</summary>
    private byte[] Example(string file, Action<JsonObject> change)
    {
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<ChecksHostTests>("github", file))!.AsObject();
        payload["repository"]!["html_url"] = new Uri(_remote.BaseUri, "acme/web").ToString();
        payload["repository"]!["full_name"] = "acme/web";
        payload["repository"]!["name"] = "web";
        payload["repository"]!["owner"]!["login"] = "acme";
        change(payload);
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private byte[] CheckRun(string file, string head, long? id = null, string? conclusion = null) => Example(file, p =>
    {
        var run = p["check_run"]!.AsObject();
        run["head_sha"] = head;
        run["check_suite"]!["head_sha"] = head;
        if (id is { } newId)
        {
            run["id"] = newId;
            run["completed_at"] = "2019-05-15T15:31:12Z";
        }

        if (conclusion is not null)
        {
            run["conclusion"] = conclusion;
        }
    });

    /// <summary>The agent commits <paramref name="file"/> in the run's worktree and pushes it through Bob; returns the new head.</summary>
    private static async Task<string> AgentPushesAsync(HttpClient client, Guid session, JsonElement worktree, string file)
    {
        var path = worktree.GetProperty("path").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(path, file), $"{file}\n");
        await GitHubRemote.Git("-C", path, "add", ".");
        await GitHubRemote.Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", $"Add {file}");
        await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{session}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);
        return await GitHubRemote.Git("-C", path, "rev-parse", "HEAD");
    }

    private async Task DeliverAsync(HttpClient client, IEnumerable<(string Event, byte[] Body, string Guid)> deliveries)
    {
        foreach (var (eventName, body, guid) in deliveries)
        {
            using var response = await client.SendAsync(ProviderDeliveries.GitHub(eventName, body, guid));
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Task DrainedAsync() => ReviewLoopHosts.DrainedAsync(database.DataSource);

    private Task<List<(string Head, string State, string Failing)>> ChecksEventsAsync(Guid session) => ReviewLoopHosts.ChecksEventsAsync(database.DataSource, session);

    private async Task<List<string>> HandedOverAsync(Guid session) =>
        [.. (await ReviewLoopHosts.EventsAsync(database.DataSource, session, "agent.feedback")).Select(e => e.GetProperty("feedbackId").GetString()!)];

    private List<string> ReadyPushes() =>
        [.. _expo.Pushes.Where(p => p.Title == "BOB-21: pull request ready" && p.Body?.StartsWith("All checks pass", StringComparison.Ordinal) == true).Select(p => p.Body!)];

    private List<string> CiComments(string taskId) =>
        [.. _kanbanger.Comments.Where(c => c.TaskId == taskId && c.Body.StartsWith("CI", StringComparison.Ordinal)).Select(c => c.Body.Split('\n')[0])];

    [Fact]
    public async Task GitHub_ARunsChecks_ThroughAKilledHost_AreOneEventPerChange_OneHandOverAndCommentPerRedHead_AndTheBackfillFindsAMissedFailure()
    {
        var (userId, apiKey) = await ReviewLoopHosts.UserAsync(database.DataSource);
        var taskId = $"tsk_{Guid.NewGuid():N}";
        await using var hostA = await StartHostAsync(worker: true);
        using var a = ReviewLoopHosts.Client(hostA, apiKey);
        await _remote.RegisterAsync(a);
        await SessionPushTests.Json(await a.PostAsJsonAsync("/api/devices", new { expoPushToken = "ExponentPushToken[checks-phone-xxxx]", deviceType = "ios" }), HttpStatusCode.Created);
        await ReviewLoopHosts.AssignAsync(hostA, userId, taskId, "BOB-21", "Fix the flaky login test", _remote.RemoteUrl);

        // The run starts and its agent pushes: the draft pull request is opened and linked.
        var run = await ReviewLoopHosts.RunAsync(a, r => r.GetProperty("status").GetString() == "running", "the run to start");
        var session = run.GetProperty("sessionId").GetGuid();
        var worktree = Assert.Single((await SessionPushTests.Json(await a.GetAsync($"/api/sessions/{session}/worktrees"), HttpStatusCode.OK)).EnumerateArray());
        var head1 = await AgentPushesAsync(a, session, worktree, "login.txt");
        run = await ReviewLoopHosts.RunAsync(a, r => r.GetProperty("pullRequestId").ValueKind == JsonValueKind.String, "the pull request to be linked");
        var pullRequest = run.GetProperty("pullRequestId").GetGuid();
        var number = (await SessionPushTests.Json(await a.GetAsync($"/api/pull-requests/{pullRequest}"), HttpStatusCode.OK)).GetProperty("number").GetInt32();
        var branch = worktree.GetProperty("branch").GetString()!;

        // GitHub's check run examples (queued, then completed failing) and its status example (success) on that head, each
        // twice (once redelivered with its GUID, once as a new delivery), shuffled, to a host killed before it processes any.
        var created = CheckRun("check_run.created.json", head1);
        var failed = CheckRun("check_run.completed.json", head1);
        var status = Example("status.json", p => p["sha"] = head1);
        var deliveries = new List<(string, byte[], string)>();
        foreach (var (eventName, body) in new[] { ("check_run", created), ("check_run", failed), ("status", status) })
        {
            var guid = Guid.NewGuid().ToString();
            deliveries.AddRange([(eventName, body, guid), (eventName, body, guid), (eventName, body, Guid.NewGuid().ToString())]);
        }

        var hostB = await StartHostAsync(worker: false);
        using (var b = ReviewLoopHosts.Client(hostB))
        {
            await DeliverAsync(b, deliveries.OrderBy(_ => Random.Shared.Next()));
        }

        await hostB.KillAsync();
        await DrainedAsync();

        var events = await ChecksEventsAsync(session);
        Assert.Single(events, e => e == (head1, "failure", "Octocoders-linter"));
        Assert.All(events, e => Assert.Equal(head1, e.Head));
        // At most one event per state, ending red: taken first, the status alone is green (Renovate's rule: every check so
        // far passed), the queued run pending; the failure, whenever it is taken, is red for good.
        Assert.Equal(events.Count, events.Select(e => e.State).Distinct().Count());
        Assert.Equal("failure", events[^1].State);
        Assert.Equal([$"ci:{head1}"], await HandedOverAsync(session));
        Assert.Equal([$"CI failed on {head1[..7]}: Octocoders-linter."], CiComments(taskId));
        var checks = (await SessionPushTests.Json(await a.GetAsync($"/api/pull-requests/{pullRequest}"), HttpStatusCode.OK)).GetProperty("checks");
        Assert.Equal(("failure", head1), (checks.GetProperty("state").GetString(), checks.GetProperty("headSha").GetString()));
        Assert.Equal(["Octocoders-linter: failure", "default: success"],
            checks.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}: {i.GetProperty("conclusion").GetString()}").Order(StringComparer.Ordinal));

        // The agent's fix: a new head; GitHub says so, and the linter, run again, passes on it (delivered twice).
        var head2 = await AgentPushesAsync(a, session, worktree, "login.test.txt");
        var pushed2 = DateTimeOffset.UtcNow.AddMinutes(1);
        _remote.Pulls.Pushed(number, head2, pushed2);
        var passed = CheckRun("check_run.completed.json", head2, id: 128620229, conclusion: "success");
        var passedGuid = Guid.NewGuid().ToString();
        await DeliverAsync(a, [
            ("pull_request", _remote.PullRequestDelivery("synchronize", number, branch, "Fix the flaky login test", head2, draft: true, pushed2), Guid.NewGuid().ToString()),
            ("check_run", passed, passedGuid), ("check_run", passed, passedGuid), ("check_run", passed, Guid.NewGuid().ToString()),
        ]);
        await DrainedAsync();

        Assert.Single(await ChecksEventsAsync(session), e => e == (head2, "success", ""));
        Assert.Equal([$"ci:{head1}"], await HandedOverAsync(session));
        Assert.Equal([$"CI failed on {head1[..7]}: Octocoders-linter.", $"CI passed on {head2[..7]}."], CiComments(taskId));
        Assert.Empty(ReadyPushes()); // green, but still a draft

        // Marked ready for review while green (GitHub's ready_for_review example, twice): "pull request ready", once.
        var ready = _remote.PullRequestDelivery("ready_for_review", number, branch, "Fix the flaky login test", head2, draft: false, pushed2.AddSeconds(30));
        await DeliverAsync(a, [("pull_request", ready, Guid.NewGuid().ToString()), ("pull_request", ready, Guid.NewGuid().ToString())]);
        await DrainedAsync();
        Assert.Equal([$"All checks pass on {head2[..7]}: {new Uri(_remote.BaseUri, $"acme/web/pull/{number}")}"], ReadyPushes());

        // A third head fails a check GitHub never delivered: the cron backfill lists its check runs and finds it, once.
        var head3 = await AgentPushesAsync(a, session, worktree, "cleanup.txt");
        var pushed3 = pushed2.AddMinutes(1);
        _remote.Pulls.Pushed(number, head3, pushed3);
        await DeliverAsync(a, [("pull_request", _remote.PullRequestDelivery("synchronize", number, branch, "Fix the flaky login test", head3, draft: false, pushed3), Guid.NewGuid().ToString())]);
        var listed = JsonNode.Parse(EmbeddedPayloads.Read<ChecksHostTests>("github-api", "check-run-paginated.json"))!["check_runs"]!.AsArray();
        listed[0]!["name"] = "unit tests";
        listed[0]!["head_sha"] = head3;
        listed[0]!["conclusion"] = "failure";
        _github.CheckRuns[head3] = listed;
        await DrainedAsync();
        await ReviewLoopHosts.CronTwiceAsync(hostA, CronSecret);
        await DrainedAsync();

        Assert.Single(await ChecksEventsAsync(session), e => e == (head3, "failure", "unit tests"));
        Assert.Equal([$"ci:{head1}", $"ci:{head3}"], await HandedOverAsync(session));
        Assert.Equal([$"CI failed on {head1[..7]}: Octocoders-linter.", $"CI passed on {head2[..7]}.", $"CI failed on {head3[..7]}: unit tests."], CiComments(taskId));
        run = await ReviewLoopHosts.RunAsync(a, _ => true, "the run");
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Single(ReadyPushes()); // a red head pushes nothing
        Assert.Single(_expo.Pushes, p => p.Body?.StartsWith("Bob opened a draft pull request", StringComparison.Ordinal) == true); // the opened one, while its checks had not run
    }
}
