using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// CI signals on Gitea (issue 21) through sample host processes on real PostgreSQL, against a fake Gitea on 127.0.0.1 that
/// answers as API v1's swagger says: Gitea's <c>status</c> deliveries (<c>CommitStatusPayload</c> of
/// <c>modules/structs/hook.go</c>, around the repository and sender of a real gitea.com delivery) for a session's pull
/// request's head, pending then failure, and Gitea Actions' <c>workflow_run</c> (1.25+) running then failed, each twice and
/// shuffled, to a host SIGKILLed before it processes any; a late
/// pending; then a new head whose failing status was never delivered, found by the cron backfill.
/// </summary>
public sealed class GiteaChecksHostTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-gitea-checks";
    private const string CronSecret = "gitea-checks-cron";
    private const string Repo = "/api/v1/repos/anbraten/test-repo";
    private const string Head1 = "d555a5dd07f4d0148a58d4686ec381502ae6a2d4";
    private const string Head2 = "5b3c2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly JsonObject _delivery = JsonNode.Parse(EmbeddedPayloads.Read<GiteaChecksHostTests>("gitea", "pull_request.merged.json"))!.AsObject();
    private readonly ConcurrentQueue<string> _unanswered = new();
    private FakeProviderServer _gitea = null!;

    public async Task InitializeAsync()
    {
        _gitea = await FakeProviderServer.StartAsync();
        _gitea.Handler = Handle;
    }

    public async Task DisposeAsync() => await _gitea.DisposeAsync();

    private string WebUrl => new Uri(_gitea.BaseUri, "anbraten/test-repo").ToString();

    /// <summary>
    /// The fake Gitea: the token's user, the open pull requests (pull request 1 on <see cref="Head2"/>), its reviews and
    /// conversation (none), and the statuses of <see cref="Head2"/> (<c>ci/woodpecker/pr/test</c> failed), as
    /// <c>GET /repos/{owner}/{repo}/commits/{ref}/statuses</c> lists them.
    /// </summary>
    private FakeResponse? Handle(RecordedRequest r)
    {
        if (r.Header("Authorization") != $"token {Token}")
        {
            return FakeResponse.Json(401, """{"message":"token is required"}""");
        }

        var answer = (r.Method, r.Path) switch
        {
            ("GET", "/api/v1/user") => FakeResponse.Json(200, _delivery["sender"]!.ToJsonString()),
            ("GET", Repo + "/pulls") when r.Query.Contains("state=open", StringComparison.Ordinal) => FakeResponse.Json(200, new JsonArray(PullRequest(Head2, "2026-03-01T09:00:00Z")).ToJsonString()),
            ("GET", Repo + "/pulls/1/reviews") or ("GET", Repo + "/issues/1/comments") => FakeResponse.Json(200, "[]"),
            ("GET", Repo + "/commits/" + Head2 + "/statuses") => FakeResponse.Json(200,
                $$"""[{"id":12,"status":"failure","target_url":"https://ci.example.org/repos/1/pipeline/10","description":"test failed","url":"{{WebUrl}}/commit/{{Head2}}","context":"ci/woodpecker/pr/test","creator":{{_delivery["sender"]!.ToJsonString()}},"created_at":"2026-03-01T09:01:00Z","updated_at":"2026-03-01T09:02:00Z"}]"""),
            ("GET", var p) when p.EndsWith("/statuses", StringComparison.Ordinal) => FakeResponse.Json(200, "[]"),
            _ => null,
        };
        if (answer is null)
        {
            _unanswered.Enqueue($"{r.Method} {r.Path}{r.Query}");
        }

        return answer;
    }

    private Task<RunningHost> StartHostAsync(bool worker) => RunningHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
    {
        ["GIT_TOKEN_ENCRYPTION_KEY"] = _key,
        ["Security__AllowPrivateNetworkInstances"] = "true",
        ["Providers__Gitea__BaseUrl"] = _gitea.BaseUri.ToString(),
        ["Webhooks__Gitea__Secret"] = SampleHostFixture.GiteaSecret,
        ["Webhooks__Worker__Enabled"] = worker ? "true" : "false",
        ["Cron__Secret"] = CronSecret,
        ["GitSync__IntervalSeconds"] = "0",
    });

    private JsonObject Repository()
    {
        var repository = _delivery["repository"]!.DeepClone().AsObject();
        repository["html_url"] = WebUrl;
        repository["clone_url"] = WebUrl + ".git";
        return repository;
    }

    /// <summary>The real delivery's pull request 1, open on <paramref name="head"/>.</summary>
    private JsonObject PullRequest(string head, string updatedAt)
    {
        var pullRequest = _delivery["pull_request"]!.DeepClone().AsObject();
        pullRequest["state"] = "open";
        pullRequest["merged"] = false;
        pullRequest["merged_at"] = null;
        pullRequest["closed_at"] = null;
        pullRequest["html_url"] = $"{WebUrl}/pulls/1";
        pullRequest["head"]!["sha"] = head;
        pullRequest["updated_at"] = updatedAt;
        return pullRequest;
    }

    private byte[] PullRequestDelivery(string action, string head, string updatedAt) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["action"] = action,
        ["number"] = 1,
        ["pull_request"] = PullRequest(head, updatedAt),
        ["repository"] = Repository(),
        ["sender"] = _delivery["sender"]!.DeepClone(),
    }.ToJsonString());

    /// <summary>Gitea's <c>CommitStatusPayload</c> for <see cref="Head1"/> in <paramref name="state"/>, at <paramref name="minute"/>.</summary>
    private byte[] Status(string state, int minute) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["commit"] = new JsonObject { ["id"] = Head1, ["message"] = "Update README.md\n", ["url"] = $"{WebUrl}/commit/{Head1}" },
        ["context"] = "ci/woodpecker/pr/build",
        ["created_at"] = "2023-12-05T18:40:00Z",
        ["description"] = "Pipeline " + state,
        ["id"] = 4711 + minute,
        ["repository"] = Repository(),
        ["sender"] = _delivery["sender"]!.DeepClone(),
        ["sha"] = Head1,
        ["state"] = state,
        ["target_url"] = "https://ci.example.org/repos/1/pipeline/9",
        ["updated_at"] = $"2023-12-05T18:{minute:00}:00Z",
    }.ToJsonString());

    /// <summary>Gitea Actions' <c>workflow_run</c> delivery (1.25+) for <see cref="Head1"/>: run 96 of workflow <c>build</c>; Go writes a time not yet reached as its zero time.</summary>
    private byte[] WorkflowRun(string status, string? conclusion) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["action"] = status == "completed" ? "completed" : "in_progress",
        ["workflow"] = new JsonObject { ["id"] = "build.yml", ["name"] = "build", ["path"] = ".gitea/workflows/build.yml", ["state"] = "active" },
        ["workflow_run"] = new JsonObject
        {
            ["id"] = 96, ["html_url"] = $"{WebUrl}/actions/runs/96", ["display_title"] = "Update README.md", ["event"] = "pull_request",
            ["head_sha"] = Head1, ["status"] = status, ["conclusion"] = conclusion, ["run_attempt"] = 1, ["run_number"] = 12,
            ["started_at"] = "2023-12-05T18:40:00Z", ["completed_at"] = conclusion is null ? "0001-01-01T00:00:00Z" : "2023-12-05T18:44:00Z",
        },
        ["repository"] = Repository(),
        ["sender"] = _delivery["sender"]!.DeepClone(),
    }.ToJsonString());

    [Fact]
    public async Task Gitea_Statuses_ThroughAKilledHost_AreOneEventPerChange_AndTheBackfillFindsAMissedFailure()
    {
        var (_, apiKey) = await ReviewLoopHosts.UserAsync(database.DataSource);
        await using var hostA = await StartHostAsync(worker: true);
        using var a = ReviewLoopHosts.Client(hostA, apiKey);
        var (_, session) = await ReviewLoopHosts.ForgeSessionAsync(a, "gitea", _gitea.BaseUri, Token, "test-repo", WebUrl);

        using var plain = ReviewLoopHosts.Client(hostA);
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.Gitea("pull_request", "pull_request", PullRequestDelivery("opened", Head1, "2023-12-05T18:35:31Z")));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);
        var pullRequest = await ReviewLoopHosts.LinkAsync(database.DataSource, session, "anbraten", "test-repo", 1);

        // The build pending, then failed, each twice, shuffled, to a host killed before it processes any; then a late pending.
        var hostB = await StartHostAsync(worker: false);
        using (var b = ReviewLoopHosts.Client(hostB))
        {
            var deliveries = new[] { ("status", Status("pending", 40)), ("status", Status("failure", 45)), ("workflow_run", WorkflowRun("in_progress", null)), ("workflow_run", WorkflowRun("completed", "failure")) };
            foreach (var (eventName, body) in deliveries.Concat(deliveries).OrderBy(_ => Random.Shared.Next()))
            {
                await ReviewLoopHosts.SendAsync(b, ProviderDeliveries.Gitea(eventName, eventName, body));
            }
        }

        await hostB.KillAsync();
        await ReviewLoopHosts.DrainedAsync(database.DataSource);
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.Gitea("status", "status", Status("pending", 41)));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);

        var events = await EventsAsync(session);
        // Told red once, naming what had failed when it turned: the status, Gitea Actions' run, or both.
        Assert.Contains(Assert.Single(events, e => e.State == "failure").Failing, new[] { "build", "ci/woodpecker/pr/build", "build, ci/woodpecker/pr/build" });
        Assert.All(events, e => Assert.Equal(Head1, e.Head));
        Assert.True(events.Count <= 2, string.Join(" | ", events));
        var checks = (await SessionPushTests.Json(await a.GetAsync($"/api/pull-requests/{pullRequest}"), HttpStatusCode.OK)).GetProperty("checks");
        Assert.Equal(("failure", Head1), (checks.GetProperty("state").GetString(), checks.GetProperty("headSha").GetString()));

        // A new head (Gitea's synchronized delivery); its failing status was never delivered: the backfill finds it, once.
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.Gitea("pull_request", "pull_request", PullRequestDelivery("synchronized", Head2, "2026-03-01T09:00:00Z")));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);
        var round = await ReviewLoopHosts.CronTwiceAsync(hostA, CronSecret);
        await ReviewLoopHosts.DrainedAsync(database.DataSource);

        Assert.True(_unanswered.IsEmpty, string.Join(" | ", _unanswered));
        Assert.Equal(0, round.GetProperty("failed").GetInt32());
        Assert.Equal([(Head2, "failure", "ci/woodpecker/pr/test")], (await EventsAsync(session)).Where(e => e.Head == Head2));
    }

    private Task<List<(string Head, string State, string Failing)>> EventsAsync(Guid session) => ReviewLoopHosts.ChecksEventsAsync(database.DataSource, session);
}
