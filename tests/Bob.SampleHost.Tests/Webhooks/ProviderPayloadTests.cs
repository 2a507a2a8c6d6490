using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// The providers' own documented and published payloads through the running host: stored, processed by its worker, and
/// visible in the domain tables. Sources of every payload are in the SOURCE.md beside it.
/// </summary>
public sealed class ProviderPayloadTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static byte[] Resource(string provider, string file) => EmbeddedPayloads.Read<ProviderPayloadTests>(provider, file);

    private async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = host.DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string?> PullRequestAsync(string owner, string name, int number)
    {
        await using var command = host.DataSource.CreateCommand(
            "SELECT concat_ws('|', status, head_branch, base_branch, title) FROM pull_requests WHERE lower(remote_owner) = lower(@o) AND lower(remote_name) = lower(@n) AND number = @number");
        command.Parameters.AddWithValue("o", owner);
        command.Parameters.AddWithValue("n", name);
        command.Parameters.AddWithValue("number", number);
        return (string?)await command.ExecuteScalarAsync();
    }

    public static TheoryData<string> DocumentedPushes => ["gitlab", "gitea", "forgejo"];

    /// <summary>
    /// The documented push examples carry commit times with offsets (<c>2011-12-12T14:27:31+02:00</c>,
    /// <c>2017-03-13T13:52:11-04:00</c>); they were dead-lettered with "Cannot write DateTimeOffset with Offset=02:00:00".
    /// </summary>
    [Theory]
    [MemberData(nameof(DocumentedPushes))]
    public async Task DocumentedPushExample_WithOffsetCommitTimes_PutsItsCommitsIntoGitCommitsOnce(string provider)
    {
        var (body, remote, request) = provider switch
        {
            "gitlab" => (Resource("gitlab", "push.branch.json"), "http://example.com/mike/diaspora.git", (Func<byte[], HttpRequestMessage>)(b => ProviderDeliveries.GitLab("Push Hook", b))),
            "gitea" => (Resource("gitea", "push.branch.json"), "http://localhost:3000/gitea/webhooks.git", b => ProviderDeliveries.Gitea("push", "push", b)),
            _ => (Resource("gitea", "forgejo.push.branch.json"), "http://localhost:3000/forgejo/webhooks.git", b => ProviderDeliveries.Gitea("push", "push", b, forgejo: true)),
        };
        await ProviderDeliveries.RegisterAsync(host, remote, provider == "gitlab" ? "gitlab" : "gitea");
        var commits = JsonNode.Parse(body)!["commits"]!.AsArray().Select(c => (Sha: c!["id"]!.GetValue<string>(), Time: DateTimeOffset.Parse(c["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime())).ToArray();

        // Sent twice, as a provider's retry or a manual redelivery would (a new delivery id each time).
        foreach (var _ in new[] { 1, 2 })
        {
            var id = await ProviderDeliveries.SendAsync(host, request(body));
            var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
            Assert.True(status == "processed", $"{status}: {error}");
        }

        foreach (var (sha, time) in commits)
        {
            Assert.Equal(1, await CountAsync(
                "SELECT count(*) FROM git_commits WHERE sha = @sha AND committed_at = @at AND remote_owner || '/' || remote_name || '.git' = @path",
                ("sha", sha), ("at", time), ("path", new Uri(remote).AbsolutePath.TrimStart('/'))));
        }
    }

    /// <summary>The closed example with the fields GitHub sets on a merge (Resources/github/SOURCE.md).</summary>
    private static JsonNode Merged(JsonNode node)
    {
        node["pull_request"]!["merged"] = true;
        node["pull_request"]!["merged_at"] = node["pull_request"]!["closed_at"]!.GetValue<string>();
        return node;
    }

    public static TheoryData<string, string> GitHubPullRequestDeliveries => new()
    {
        { "pull_request.opened.json", "open" },
        { "pull_request.assigned.json", "open" },
        { "pull_request.unassigned.json", "open" },
        { "pull_request.labeled.json", "open" },
        { "pull_request.unlabeled.json", "open" },
        { "pull_request.locked.json", "open" },
        { "pull_request.unlocked.json", "open" },
        { "pull_request.review_requested.json", "open" },
        { "pull_request.review_request_removed.json", "open" },
        { "pull_request.synchronize.json", "open" },
        { "pull_request.ready_for_review.json", "open" },
        { "pull_request.converted_to_draft.json", "draft" },
        { "pull_request.reopened.json", "open" },
        { "pull_request.closed.json", "closed" },
        { "pull_request.closed.json+merged", "merged" },
        { "pull_request.opened.json+auto_merge_enabled", "open" },
        { "pull_request.opened.json+enqueued", "open" },
        { "pull_request.opened.json+milestoned", "open" },
        { "pull_request.opened.json+an_action_github_adds_later", "open" },
        { "pull_request_review.submitted.json", "open" },
        { "pull_request_review.dismissed.json", "open" },
        { "pull_request_review_comment.created.json", "open" },
        { "pull_request_review_thread.resolved.json", "open" },
    };

    private static async Task<Guid> RepositoryIdAsync(HttpClient client) =>
        Assert.Single((await SessionPushTests.Json(await client.GetAsync("/api/repositories"), HttpStatusCode.OK)).EnumerateArray()).GetProperty("id").GetGuid();

    /// <summary>
    /// GitHub's review comment example, delivered twice and then deleted, through the host: kept once, then gone; the
    /// deletion delivered again and a late copy of the creation change nothing (issue 20).
    /// </summary>
    [Fact]
    public async Task GitHub_AReviewComment_IsKeptOnce_AndItsDeletionIsNotUndone()
    {
        var owner = "Codertocat";
        var name = $"fb-{Guid.NewGuid():N}";
        await ProviderDeliveries.RegisterAsync(host, $"https://github.com/{owner}/{name}.git");
        byte[] Delivery(string file)
        {
            var node = JsonNode.Parse(Resource("github", file))!;
            node["repository"]!["html_url"] = $"https://github.com/{owner}/{name}";
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        async Task<(long Live, long Deleted)> RowsAsync() => (
            await CountAsync("SELECT count(*) FROM pull_request_comments WHERE lower(remote_name) = lower(@n) AND comment_id = '284312630' AND NOT deleted", ("n", name)),
            await CountAsync("SELECT count(*) FROM pull_request_comments WHERE lower(remote_name) = lower(@n) AND comment_id = '284312630' AND deleted", ("n", name)));

        foreach (var file in new[] { "pull_request_review_comment.created.json", "pull_request_review_comment.created.json" })
        {
            var (status, error) = await ProviderDeliveries.SettledAsync(host, await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request_review_comment", Delivery(file))));
            Assert.True(status == "processed", $"{status}: {error}");
        }

        Assert.Equal((1L, 0L), await RowsAsync());

        // The owner reads it back: the comment in the pull request's timeline, and a changes request rolls up.
        var (client, _) = await host.CreateUserClientAsync($"reader-{Guid.NewGuid():N}");
        (await client.PostAsJsonAsync("/api/repositories", new { name = "repo", remoteUrl = $"https://github.com/{owner}/{name}.git" })).EnsureSuccessStatusCode();
        var review = JsonNode.Parse(Delivery("pull_request_review.submitted.json"))!;
        review["review"]!["state"] = "changes_requested";
        await ProviderDeliveries.SettledAsync(host, await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request_review", Encoding.UTF8.GetBytes(review.ToJsonString()))));
        var listed = await SessionPushTests.Json(await client.GetAsync($"/api/repositories/{await RepositoryIdAsync(client)}/pull-requests"), HttpStatusCode.OK);
        var pullRequestId = Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        var pullRequest = await SessionPushTests.Json(await client.GetAsync($"/api/pull-requests/{pullRequestId}"), HttpStatusCode.OK);
        Assert.Equal("changes_requested", pullRequest.GetProperty("reviewState").GetString());
        var timeline = (await SessionPushTests.Json(await client.GetAsync($"/api/pull-requests/{pullRequestId}/comments"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("inline", "284312630", "README.md"), ("review", "237895671", null)], timeline.Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("id").GetString(), i.GetProperty("path").GetString())));

        foreach (var file in new[] { "pull_request_review_comment.deleted.json", "pull_request_review_comment.created.json" })
        {
            await ProviderDeliveries.SettledAsync(host, await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request_review_comment", Delivery(file))));
        }

        Assert.Equal((0L, 1L), await RowsAsync());
    }

    /// <summary>
    /// GitHub does not redeliver lost webhooks: a repository that only ever received this one delivery still gets the pull
    /// request, with the state the delivery states. Actions without an example in the published set take the opened example
    /// with that action (a change the test makes, as GitHub sends the same pull request object with every action).
    /// </summary>
    [Theory]
    [MemberData(nameof(GitHubPullRequestDeliveries))]
    public async Task GitHub_OnlyThisPullRequestDelivery_StoresThePullRequest(string fixture, string expectedStatus)
    {
        var file = fixture.Split('+')[0];
        var node = JsonNode.Parse(Resource("github", file))!;
        if (fixture.EndsWith("+merged", StringComparison.Ordinal))
        {
            node = Merged(node);
        }
        else if (fixture.Contains('+', StringComparison.Ordinal))
        {
            node["action"] = fixture.Split('+')[1];
        }

        var eventName = file[..file.IndexOf('.', StringComparison.Ordinal)];
        var owner = node["repository"]!["owner"]!["login"]!.GetValue<string>();
        var name = $"only-{Guid.NewGuid():N}";
        node["repository"]!["html_url"] = $"https://github.com/{owner}/{name}";
        await ProviderDeliveries.RegisterAsync(host, $"https://github.com/{owner}/{name}.git");
        var pr = node["pull_request"]!;

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub(eventName, Encoding.UTF8.GetBytes(node.ToJsonString())));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.True(status == "processed", $"{status}: {error}");
        Assert.Equal(
            $"{expectedStatus}|{pr["head"]!["ref"]}|{pr["base"]!["ref"]}|{pr["title"]}",
            await PullRequestAsync(owner, name, pr["number"]!.GetValue<int>()));
    }

    public static TheoryData<string, string, string> GitLabMergeRequestActions => new()
    {
        { "open", "opened", "open" },
        { "update", "opened", "open" },
        { "approved", "opened", "open" },
        { "unapproved", "opened", "open" },
        { "approval", "opened", "open" },
        { "unapproval", "opened", "open" },
        { "close", "closed", "closed" },
        { "reopen", "opened", "open" },
        { "merge", "merged", "merged" },
    };

    /// <summary>GitLab's documented merge request example, with the action and state GitLab sets for each action (Resources/gitlab/SOURCE.md).</summary>
    [Theory]
    [MemberData(nameof(GitLabMergeRequestActions))]
    public async Task GitLab_OnlyThisMergeRequestDelivery_StoresTheMergeRequest(string action, string state, string expectedStatus)
    {
        var node = JsonNode.Parse(Resource("gitlab", "merge_request.open.json"))!;
        var name = $"only-{Guid.NewGuid():N}";
        node["project"]!["web_url"] = $"http://example.com/gitlabhq/{name}";
        node["object_attributes"]!["action"] = action;
        node["object_attributes"]!["state"] = state;
        await ProviderDeliveries.RegisterAsync(host, $"http://example.com/gitlabhq/{name}.git", "gitlab");

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitLab("Merge Request Hook", Encoding.UTF8.GetBytes(node.ToJsonString())));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.True(status == "processed", $"{status}: {error}");
        Assert.Equal($"{expectedStatus}|ms-viewport|master|MS-Viewport", await PullRequestAsync("gitlabhq", name, 1));
    }

    public static TheoryData<string, string, string, string, string> GiteaPullRequestDeliveries => new()
    {
        // X-Gitea-Event, X-Gitea-Event-Type, action, shape, expected status
        { "pull_request", "pull_request", "opened", "open", "open" },
        { "pull_request", "pull_request", "edited", "open", "open" },
        { "pull_request", "pull_request", "reopened", "open", "open" },
        { "pull_request", "pull_request", "closed", "closed", "closed" },
        { "pull_request", "pull_request", "closed", "merged", "merged" },
        { "pull_request", "pull_request_sync", "synchronized", "open", "open" },
        { "pull_request", "pull_request_assign", "assigned", "open", "open" },
        { "pull_request", "pull_request_assign", "unassigned", "open", "open" },
        { "pull_request", "pull_request_label", "label_updated", "open", "open" },
        { "pull_request", "pull_request_label", "label_cleared", "open", "open" },
        { "pull_request", "pull_request_milestone", "milestoned", "open", "open" },
        { "pull_request", "pull_request_milestone", "demilestoned", "open", "open" },
        { "pull_request", "pull_request_review_request", "review_requested", "open", "open" },
        { "pull_request", "pull_request_review_request", "review_request_removed", "open", "open" },
        { "pull_request_approved", "pull_request_review_approved", "reviewed", "open", "open" },
        { "pull_request_rejected", "pull_request_review_rejected", "reviewed", "open", "open" },
        { "pull_request_comment", "pull_request_review_comment", "reviewed", "open", "open" },
        { "pull_request", "pull_request_label", "label_updated", "trimmed", "open" },
        { "pull_request_approved", "pull_request_review_approved", "reviewed", "forgejo", "open" },
    };

    /// <summary>
    /// The captured gitea.com delivery with the fields Gitea sets for each action (Resources/gitea/SOURCE.md); "trimmed" drops
    /// <c>updated_at</c>, <c>merged</c> and <c>draft</c> as relayed copies do; "forgejo" sends only Forgejo's own headers.
    /// </summary>
    [Theory]
    [MemberData(nameof(GiteaPullRequestDeliveries))]
    public async Task Gitea_OnlyThisPullRequestDelivery_StoresThePullRequest(string eventName, string eventType, string action, string shape, string expectedStatus)
    {
        var node = JsonNode.Parse(Resource("gitea", "pull_request.merged.json"))!;
        var name = $"only-{Guid.NewGuid():N}";
        node["repository"]!["html_url"] = $"https://gitea.com/anbraten/{name}";
        node["action"] = action;
        var pr = node["pull_request"]!.AsObject();
        pr["state"] = shape is "closed" or "merged" ? "closed" : "open";
        pr["merged"] = shape == "merged";
        if (shape != "merged")
        {
            pr["merged_at"] = null;
            pr["merge_commit_sha"] = null;
        }

        if (shape == "trimmed")
        {
            pr.Remove("updated_at");
            pr.Remove("merged");
            pr.Remove("draft");
        }

        await ProviderDeliveries.RegisterAsync(host, $"https://gitea.com/anbraten/{name}.git", "gitea");
        var body = Encoding.UTF8.GetBytes(node.ToJsonString());

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Gitea(eventName, eventType, body, forgejoOnly: shape == "forgejo"));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.True(status == "processed", $"{status}: {error}");
        Assert.Equal($"{expectedStatus}|anbraten-patch-1|main|Adjust file", await PullRequestAsync("anbraten", name, 1));
    }

    /// <summary>
    /// A delivery dead-lettered by a defect of ours (here: as the offset defect left GitLab's documented push, stored
    /// <c>failed</c> with its error) is processed again by the admin replay once the fix is deployed, and its commits land.
    /// The repository URL is the test's own, so this test does not share rows with the one above.
    /// </summary>
    [Fact]
    public async Task DeadLetteredByADefect_ReplayedAfterTheFix_LandsInGitCommits()
    {
        var (admin, _) = await host.CreateUserClientAsync("replayer", admin: true);
        var node = JsonNode.Parse(Resource("gitlab", "push.branch.json"))!;
        var name = $"replayed-{Guid.NewGuid():N}";
        node["project"]!["web_url"] = $"http://example.com/mike/{name}";
        await ProviderDeliveries.RegisterAsync(host, $"http://example.com/mike/{name}.git", "gitlab");
        await using var insert = host.DataSource.CreateCommand(
            """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, action, signature_valid, headers, payload, status, retry_count, error_message)
            VALUES ('gitlab', @delivery, 'Push Hook', NULL, true, '{}', @payload::json, 'failed', 8,
                'InvalidCastException: Cannot write DateTimeOffset with Offset=02:00:00 to PostgreSQL type ''timestamp with time zone'', only offset 0 (UTC) is supported.')
            RETURNING id
            """);
        insert.Parameters.AddWithValue("delivery", Guid.NewGuid().ToString());
        insert.Parameters.AddWithValue("payload", node.ToJsonString());
        var id = (Guid)(await insert.ExecuteScalarAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/webhook-deliveries/{id}/replay", null)).StatusCode);

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.True(status == "processed", $"{status}: {error}");
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM git_commits WHERE lower(remote_name) = @n", ("n", name)));
    }

    public static TheoryData<string, string, string> NeverValid => new()
    {
        // member of pull_request, JSON value, what the dead letter says
        { "number", "-1", "'number' must be a number from 1" },
        { "number", "2147483648", "'number' must be a number from 1" },
        { "updated_at", "\"275760-09-13T00:00:00Z\"", "timestamp" },
        { "updated_at", "\"0001-01-01T00:00:00+14:00\"", "timestamp" },
        { "updated_at", "99999999999999999", "timestamp" },
    };

    /// <summary>Values outside their domain can never be stored: dead-lettered at the first attempt with the reason, not retried for 21 hours.</summary>
    [Theory]
    [MemberData(nameof(NeverValid))]
    public async Task ValueOutsideItsDomain_IsDeadLetteredAtOnce_WithTheReason(string member, string json, string reason)
    {
        var node = JsonNode.Parse(Resource("github", "pull_request.opened.json"))!;
        node["pull_request"]![member] = JsonNode.Parse(json);

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request", Encoding.UTF8.GetBytes(node.ToJsonString())));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.Equal("failed", status);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync("SELECT retry_count::bigint FROM webhook_deliveries WHERE id = @id", ("id", id)));
    }

    /// <summary>PostgreSQL text cannot hold NUL; JSON can (<c>\u0000</c>). Removed when read, the delivery is processed.</summary>
    [Fact]
    public async Task NulInTitleAndCommitMessage_IsRemoved_AndTheDeliveryProcessed()
    {
        var name = $"nul-{Guid.NewGuid():N}";
        await ProviderDeliveries.RegisterAsync(host, $"https://github.com/Codertocat/{name}.git");
        var pr = JsonNode.Parse(Resource("github", "pull_request.opened.json"))!;
        pr["repository"]!["html_url"] = $"https://github.com/Codertocat/{name}";
        pr["pull_request"]!["title"] = "Fix\u0000 it";
        var push = JsonNode.Parse(Resource("github", "push.branch.json"))!;
        push["repository"]!["html_url"] = $"https://github.com/Codertocat/{name}";
        push["commits"]![0]!["message"] = "nul\u0000inside";

        foreach (var (eventName, body) in new[] { ("pull_request", pr), ("push", push) })
        {
            var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub(eventName, Encoding.UTF8.GetBytes(body.ToJsonString())));
            var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
            Assert.True(status == "processed", $"{status}: {error}");
        }

        Assert.Equal("open|changes|master|Fix it", await PullRequestAsync("Codertocat", name, 2));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM git_commits WHERE lower(remote_name) = @n AND message = 'nulinside'", ("n", name)));
    }

    /// <summary>
    /// Gitea and Forgejo serve SHA-256 repositories: object ids of 64 hex characters. The columns held 40, so such a head or
    /// commit failed on every retry; now it is stored. The documented push and the captured pull request, with the ids of a
    /// SHA-256 repository (a change the test makes).
    /// </summary>
    [Fact]
    public async Task Sha256RepositoryIds_AreStored()
    {
        var name = $"sha256-{Guid.NewGuid():N}";
        await ProviderDeliveries.RegisterAsync(host, $"https://gitea.com/anbraten/{name}.git", "gitea");
        var head = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var pr = JsonNode.Parse(Resource("gitea", "pull_request.merged.json"))!;
        pr["repository"]!["html_url"] = $"https://gitea.com/anbraten/{name}";
        pr["pull_request"]!["head"]!["sha"] = head;
        var push = JsonNode.Parse(Resource("gitea", "push.branch.json"))!;
        push["repository"]!["html_url"] = $"https://gitea.com/anbraten/{name}";
        push["commits"]![0]!["id"] = head.ToUpperInvariant();

        foreach (var (eventName, body) in new[] { ("pull_request", pr), ("push", push) })
        {
            var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Gitea(eventName, eventName, Encoding.UTF8.GetBytes(body.ToJsonString())));
            var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
            Assert.True(status == "processed", $"{status}: {error}");
        }

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM pull_requests WHERE lower(remote_name) = @n AND head_sha = @h", ("n", name), ("h", head)));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM git_commits WHERE lower(remote_name) = @n AND sha = @h", ("n", name), ("h", head)));
    }

    [Theory]
    [InlineData("not-a-sha")]
    [InlineData("ec26c3e57ca3a959ca5aad62de7213c562f8c82")]
    public async Task HeadShaThatIsNoObjectId_IsDeadLetteredAtOnce(string sha)
    {
        var node = JsonNode.Parse(Resource("github", "pull_request.opened.json"))!;
        node["pull_request"]!["head"]!["sha"] = sha;

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request", Encoding.UTF8.GetBytes(node.ToJsonString())));

        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);
        Assert.Equal("failed", status);
        Assert.Contains("git object id", error, StringComparison.Ordinal);
    }
}
