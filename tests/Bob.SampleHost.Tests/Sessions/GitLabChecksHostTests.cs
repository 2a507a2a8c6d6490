using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// CI signals on GitLab (issue 21) through sample host processes on real PostgreSQL, against a fake GitLab on 127.0.0.1 that
/// answers as GitLab's REST v4 documentation says: GitLab's own Pipeline Hook example on a session's merge request's head,
/// running and then failed, each twice and shuffled, to a host SIGKILLed before it processes any; a late <c>running</c>;
/// then a new head whose failing external status was never delivered, found by the cron backfill.
/// </summary>
public sealed class GitLabChecksHostTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-gitlab-checks";
    private const string CronSecret = "gitlab-checks-cron";
    private const string Head1 = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
    private const string Head2 = "2c4a1f0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly ConcurrentQueue<string> _unanswered = new();
    private FakeProviderServer _gitlab = null!;

    public async Task InitializeAsync()
    {
        _gitlab = await FakeProviderServer.StartAsync();
        _gitlab.Handler = Handle;
    }

    public async Task DisposeAsync() => await _gitlab.DisposeAsync();

    private static string Api(string file) => Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitLabChecksHostTests>("gitlab-api", file));

    private string WebUrl => new Uri(_gitlab.BaseUri, "my-group/my-project").ToString();

    /// <summary>
    /// The fake GitLab: the token's user and scopes, the project, its open merge request (head <see cref="Head2"/>), the
    /// merge request's discussions and approvals (none), and the head's pipelines (one passed) and commit statuses (an
    /// external one failed, as <c>GET /projects/:id/repository/commits/:sha/statuses</c> lists them).
    /// </summary>
    private FakeResponse? Handle(RecordedRequest r)
    {
        if (r.Header("Authorization") != $"Bearer {Token}")
        {
            return FakeResponse.Json(401, """{"message":"401 Unauthorized"}""");
        }

        var answer = (r.Method, r.Path) switch
        {
            ("GET", "/api/v4/user") => FakeResponse.Json(200, Api("user.json")),
            ("GET", "/api/v4/personal_access_tokens/self") => FakeResponse.Json(200, Api("personal_access_token_self.json")),
            ("GET", "/api/v4/projects/my-group%2Fmy-project") => FakeResponse.Json(200, Api("project.json")),
            ("GET", "/api/v4/projects/3/merge_requests") when r.Query.Contains("state=opened", StringComparison.Ordinal) => FakeResponse.Json(200, new JsonArray(OpenMergeRequest()).ToJsonString()),
            ("GET", "/api/v4/projects/3/merge_requests/1/discussions") or ("GET", "/api/v4/projects/3/merge_requests/1/notes") => FakeResponse.Json(200, "[]"),
            ("GET", "/api/v4/projects/3/merge_requests/1/approvals") => FakeResponse.Json(200, """{"id":5,"iid":1,"project_id":3,"title":"Approvals API","approved":false,"approved_by":[]}"""),
            ("GET", "/api/v4/projects/3/pipelines") when r.Query.Contains($"sha={Head2}", StringComparison.Ordinal) =>
                FakeResponse.Json(200, $$"""[{"id":47,"iid":12,"project_id":3,"status":"success","source":"merge_request_event","ref":"ms-viewport","sha":"{{Head2}}","web_url":"{{WebUrl}}/-/pipelines/47","created_at":"2026-03-01T09:00:00Z","updated_at":"2026-03-01T09:05:00Z"}]"""),
            ("GET", "/api/v4/projects/3/pipelines") => FakeResponse.Json(200, "[]"),
            ("GET", $"/api/v4/projects/3/repository/commits/{Head2}/statuses") =>
                FakeResponse.Json(200, $$$"""[{"id":93,"sha":"{{{Head2}}}","ref":"ms-viewport","status":"failed","name":"danger-review","target_url":"https://ci.example.org/danger/93","description":"2 warnings","created_at":"2026-03-01T09:01:00Z","started_at":"2026-03-01T09:01:00Z","finished_at":"2026-03-01T09:02:00Z","allow_failure":false,"coverage":null,"pipeline_id":null,"author":{"id":1,"username":"root","name":"Administrator","state":"active"}}]"""),
            ("GET", var p) when p.EndsWith("/statuses", StringComparison.Ordinal) => FakeResponse.Json(200, "[]"),
            _ => null,
        };
        if (answer is null)
        {
            _unanswered.Enqueue($"{r.Method} {r.Path}{r.Query}");
        }

        return answer;
    }

    /// <summary>GitLab's single merge request example as the open list answers it: merge request 1, open, on head <see cref="Head2"/>.</summary>
    private JsonObject OpenMergeRequest()
    {
        var mergeRequest = JsonNode.Parse(Api("merge_request.json"))!.AsObject();
        mergeRequest["state"] = "opened";
        mergeRequest["merged_at"] = null;
        mergeRequest["closed_at"] = null;
        mergeRequest["draft"] = false;
        mergeRequest["work_in_progress"] = false;
        mergeRequest["sha"] = Head2;
        mergeRequest["source_branch"] = "ms-viewport";
        mergeRequest["target_branch"] = "master";
        mergeRequest["web_url"] = $"{WebUrl}/-/merge_requests/1";
        mergeRequest["updated_at"] = "2026-03-01T09:00:00Z";
        return mergeRequest;
    }

    private Task<RunningHost> StartHostAsync(bool worker) => RunningHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
    {
        ["GIT_TOKEN_ENCRYPTION_KEY"] = _key,
        ["Security__AllowPrivateNetworkInstances"] = "true",
        ["Providers__GitLab__BaseUrl"] = _gitlab.BaseUri.ToString(),
        ["Webhooks__GitLab__Secret"] = SampleHostFixture.GitLabSecret,
        ["Webhooks__Worker__Enabled"] = worker ? "true" : "false",
        ["Cron__Secret"] = CronSecret,
        ["GitSync__IntervalSeconds"] = "0",
    });

    /// <summary>A GitLab example delivery (<c>gitlab/{file}</c>) on the fake's project.</summary>
    private byte[] Delivery(string file, Action<JsonObject>? change = null)
    {
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<GitLabChecksHostTests>("gitlab", file))!.AsObject();
        payload["project"]!["web_url"] = WebUrl;
        payload["project"]!["path_with_namespace"] = "my-group/my-project";
        change?.Invoke(payload);
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    /// <summary>GitLab's Pipeline Hook example (pipeline 31) on <see cref="Head1"/>, <paramref name="status"/>; running has no job failed yet.</summary>
    private byte[] Pipeline(string status) => Delivery("pipeline.json", p =>
    {
        p["object_attributes"]!["sha"] = Head1;
        p["object_attributes"]!["ref"] = "ms-viewport";
        p["object_attributes"]!["status"] = status;
        p["merge_request"]!["iid"] = 1;
        if (status == "running")
        {
            p["object_attributes"]!["finished_at"] = null;
            foreach (var build in p["builds"]!.AsArray())
            {
                build!["status"] = "running";
            }
        }
    });

    [Fact]
    public async Task GitLab_APipeline_ThroughAKilledHost_IsOneEventPerChange_NamesItsFailedJob_AndTheBackfillFindsAMissedFailure()
    {
        var (_, apiKey) = await ReviewLoopHosts.UserAsync(database.DataSource);
        await using var hostA = await StartHostAsync(worker: true);
        using var a = ReviewLoopHosts.Client(hostA, apiKey);
        var (_, session) = await ReviewLoopHosts.ForgeSessionAsync(a, "gitlab", _gitlab.BaseUri, Token, "project", WebUrl);

        // GitLab's merge request example makes the merge request (head da15608); it is taken into the session.
        using var plain = ReviewLoopHosts.Client(hostA);
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.GitLab("Merge Request Hook", Delivery("merge_request.open.json")));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);
        var pullRequest = await ReviewLoopHosts.LinkAsync(database.DataSource, session, "my-group", "my-project", 1);

        // The pipeline running, then failed, each twice, shuffled, to a host killed before it processes any.
        var hostB = await StartHostAsync(worker: false);
        using (var b = ReviewLoopHosts.Client(hostB))
        {
            foreach (var body in new[] { Pipeline("running"), Pipeline("failed"), Pipeline("running"), Pipeline("failed") }.OrderBy(_ => Random.Shared.Next()))
            {
                await ReviewLoopHosts.SendAsync(b, ProviderDeliveries.GitLab("Pipeline Hook", body));
            }
        }

        await hostB.KillAsync();
        await ReviewLoopHosts.DrainedAsync(database.DataSource);

        // A late running after the failure changes nothing.
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.GitLab("Pipeline Hook", Pipeline("running")));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);

        var events = await EventsAsync(session);
        Assert.Single(events, e => e.State == "failure");
        Assert.All(events, e => Assert.Equal(Head1, e.Head));
        Assert.True(events.Count <= 2, string.Join(" | ", events));
        var failure = events.Single(e => e.State == "failure");
        Assert.Contains("test-build", failure.Failing, StringComparison.Ordinal);
        var checks = (await SessionPushTests.Json(await a.GetAsync($"/api/pull-requests/{pullRequest}"), HttpStatusCode.OK)).GetProperty("checks");
        Assert.Equal(("failure", Head1), (checks.GetProperty("state").GetString(), checks.GetProperty("headSha").GetString()));
        var pipeline = Assert.Single(checks.GetProperty("items").EnumerateArray());
        Assert.Equal(("pipeline", "completed", "failure"), (pipeline.GetProperty("kind").GetString(), pipeline.GetProperty("status").GetString(), pipeline.GetProperty("conclusion").GetString()));

        // A new head (GitLab's update delivery); its external status failed and was never delivered: the backfill finds it, once.
        await ReviewLoopHosts.SendAsync(plain, ProviderDeliveries.GitLab("Merge Request Hook", Delivery("merge_request.open.json", p =>
        {
            p["object_attributes"]!["action"] = "update";
            p["object_attributes"]!["last_commit"]!["id"] = Head2;
            p["object_attributes"]!["updated_at"] = "2026-03-01 09:00:00 UTC";
        })));
        await ReviewLoopHosts.DrainedAsync(database.DataSource);
        var round = await ReviewLoopHosts.CronTwiceAsync(hostA, CronSecret);
        await ReviewLoopHosts.DrainedAsync(database.DataSource);

        Assert.True(_unanswered.IsEmpty, string.Join(" | ", _unanswered));
        Assert.Equal(0, round.GetProperty("failed").GetInt32());
        var found = (await EventsAsync(session)).Where(e => e.Head == Head2).ToList();
        Assert.Equal([(Head2, "failure", "danger-review")], found);
        checks = (await SessionPushTests.Json(await a.GetAsync($"/api/pull-requests/{pullRequest}"), HttpStatusCode.OK)).GetProperty("checks");
        Assert.Equal(["danger-review: failure", "pipeline: success"],
            checks.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}: {i.GetProperty("conclusion").GetString()}").Order(StringComparer.Ordinal));
    }

    private Task<List<(string Head, string State, string Failing)>> EventsAsync(Guid session) => ReviewLoopHosts.ChecksEventsAsync(database.DataSource, session);
}
