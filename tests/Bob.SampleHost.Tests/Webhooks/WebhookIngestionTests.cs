using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>SPEC §3 webhook contract through the host: status codes, dedupe, durability and the bad-input matrix.</summary>
public sealed class WebhookIngestionTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static string Hex(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static HttpRequestMessage GitHub(byte[] body, string? delivery = null, string? eventName = "pull_request", string? secret = SampleHostFixture.GitHubSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (eventName is not null)
        {
            request.Headers.Add("X-GitHub-Event", eventName);
        }

        if (delivery is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", delivery);
        }

        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hex(secret, body));
        }

        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using var client = host.Factory.CreateClient();
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<T?> ScalarAsync<T>(string sql, Guid id)
    {
        await using var command = host.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        return (T?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task GitHub_NewDelivery_Is202AndStoredWithoutSecretHeaders()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"opened","number":1,"zen":"Design for failure."}""");
        var delivery = Guid.NewGuid().ToString();

        var (status, json) = await SendAsync(GitHub(body, delivery));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = json.GetProperty("id").GetGuid();
        Assert.False(json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(delivery, await ScalarAsync<string>("SELECT delivery_id FROM webhook_deliveries WHERE id = @id", id));
        Assert.Equal("pull_request", await ScalarAsync<string>("SELECT event_type FROM webhook_deliveries WHERE id = @id", id));
        Assert.Equal("opened", await ScalarAsync<string>("SELECT action FROM webhook_deliveries WHERE id = @id", id));
        Assert.Equal(Encoding.UTF8.GetString(body), await ScalarAsync<string>("SELECT payload::text FROM webhook_deliveries WHERE id = @id", id));
        var headers = await ScalarAsync<string>("SELECT headers::text FROM webhook_deliveries WHERE id = @id", id);
        Assert.Contains("x-github-hook-id", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("x-hub-signature", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnhandledEvent_IsStoredAlreadyProcessed_WithoutAWorkerClaim()
    {
        var body = """{"zen":"Keep it logically awesome.","hook_id":292430182}"""u8.ToArray();

        var (status, json) = await SendAsync(GitHub(body, Guid.NewGuid().ToString(), "ping"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = json.GetProperty("id").GetGuid();
        Assert.Equal("processed", await ScalarAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", id));
        Assert.True(await ScalarAsync<bool>("SELECT processed_at IS NOT NULL AND attempted_at IS NULL FROM webhook_deliveries WHERE id = @id", id));
    }

    [Fact]
    public async Task HandledEvent_IsLeftForTheWorker()
    {
        var body = """{"action":"labeled","number":1}"""u8.ToArray();

        var (status, json) = await SendAsync(GitHub(body, Guid.NewGuid().ToString(), "pull_request"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = json.GetProperty("id").GetGuid();

        // Pending, or already claimed by the host's worker: either way a worker saw it (or will).
        Assert.True(await ScalarAsync<bool>("SELECT status = 'pending' OR attempted_at IS NOT NULL FROM webhook_deliveries WHERE id = @id", id));
    }

    [Fact]
    public async Task GitHub_SameDeliveryAgain_Is200WithTheSameRow()
    {
        var body = """{"zen":"Keep it logically awesome."}"""u8.ToArray();
        var delivery = Guid.NewGuid().ToString();

        var first = await SendAsync(GitHub(body, delivery, "ping"));
        var second = await SendAsync(GitHub(body, delivery, "ping"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.True(second.Body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Body.GetProperty("id").GetGuid(), second.Body.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task GitHub_DuplicateStorm_StoresOneRow()
    {
        var body = """{"zen":"Half measures are as bad as nothing at all."}"""u8.ToArray();
        var delivery = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync(GitHub(body, delivery, "ping"))));

        Assert.Single(results, r => r.Status == HttpStatusCode.Accepted);
        Assert.Equal(19, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Single(results.Select(r => r.Body.GetProperty("id").GetGuid()).Distinct());
        await using var count = host.DataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE provider = 'github' AND delivery_id = @d");
        count.Parameters.AddWithValue("d", delivery);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GitHub_PreviousSecret_IsAcceptedDuringRotation()
    {
        var (status, _) = await SendAsync(GitHub("{}"u8.ToArray(), Guid.NewGuid().ToString(), "ping", SampleHostFixture.GitHubPreviousSecret));

        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    public static TheoryData<string, HttpStatusCode> BadGitHubRequests => new()
    {
        { "no-signature", HttpStatusCode.Unauthorized },
        { "wrong-secret", HttpStatusCode.Unauthorized },
        { "sha1-only", HttpStatusCode.Unauthorized },
        { "garbage-signature", HttpStatusCode.Unauthorized },
        { "no-event", HttpStatusCode.BadRequest },
        { "no-delivery", HttpStatusCode.BadRequest },
        { "not-json", HttpStatusCode.BadRequest },
        { "empty-body", HttpStatusCode.BadRequest },
        { "json-array", HttpStatusCode.BadRequest },
        { "form-encoded", HttpStatusCode.BadRequest },
        { "truncated-json", HttpStatusCode.BadRequest },

        // Past the first 8 KB the store (PostgreSQL's json type) validates: its refusals are 400s too, never 500.
        { "large-truncated-json", HttpStatusCode.BadRequest },
        { "large-trailing-garbage", HttpStatusCode.BadRequest },
        { "large-invalid-utf8", HttpStatusCode.BadRequest },
        { "large-deep-nesting", HttpStatusCode.BadRequest },
    };

    private static readonly string Padding = new('x', 10_000);

    [Theory]
    [MemberData(nameof(BadGitHubRequests))]
    public async Task GitHub_BadInput_AnswersSpecStatusWithProblemDetails(string kind, HttpStatusCode expected)
    {
        var body = kind switch
        {
            "not-json" => "this is not json"u8.ToArray(),
            "empty-body" => [],
            "json-array" => "[1,2,3]"u8.ToArray(),
            "form-encoded" => "payload=%7B%22zen%22%3A%22x%22%7D"u8.ToArray(),
            "truncated-json" => """{"action":"opened","number":"""u8.ToArray(),
            "large-truncated-json" => Encoding.UTF8.GetBytes($$"""{"action":"opened","pad":"{{Padding}}","number":"""),
            "large-trailing-garbage" => Encoding.UTF8.GetBytes($$"""{"action":"opened","pad":"{{Padding}}"} trailing"""),
            "large-invalid-utf8" => [.. Encoding.UTF8.GetBytes($$"""{"action":"opened","pad":"{{Padding}}"""), 0xFF, 0xFE, .. "\"}"u8.ToArray()],
            "large-deep-nesting" => Encoding.UTF8.GetBytes($$"""{"action":"opened","pad":"{{Padding}}","deep":{{new string('[', 200_000)}}{{new string(']', 200_000)}}}"""),
            _ => """{"zen":"x"}"""u8.ToArray(),
        };
        var request = GitHub(
            body,
            delivery: kind == "no-delivery" ? null : Guid.NewGuid().ToString(),
            eventName: kind == "no-event" ? null : "ping",
            secret: kind switch { "no-signature" or "sha1-only" or "garbage-signature" => null, "wrong-secret" => "nope", _ => SampleHostFixture.GitHubSecret });
        if (kind == "sha1-only")
        {
            request.Headers.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SampleHostFixture.GitHubSecret), body)));
        }

        if (kind == "garbage-signature")
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=not-hex");
        }

        using var client = host.Factory.CreateClient();
        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BadSignatures_AreCountedNotStored()
    {
        // Counted by the meter (issue 10: not written to the database on every anonymous request).
        using var deliveries = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            host.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Bob.Webhooks", "bob.webhooks.deliveries");

        await SendAsync(GitHub("""{"zen":"forged"}"""u8.ToArray(), "forged-delivery", "ping", "attacker-secret"));

        var refused = Assert.Single(deliveries.GetMeasurementSnapshot(), m => m.Tags["bob.webhook.outcome"] is "rejected");
        Assert.Equal(("github", "invalid_signature"), (refused.Tags["bob.webhook.source"], refused.Tags["bob.webhook.reason"]));
        await using var stored = host.DataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE delivery_id = 'forged-delivery'");
        Assert.Equal(0L, await stored.ExecuteScalarAsync());
        await using var rejections = host.DataSource.CreateCommand("SELECT to_regclass('webhook_rejections') IS NULL");
        Assert.True((bool)(await rejections.ExecuteScalarAsync())!, "the table refusals were once written to is gone (migration 0012)");
    }

    [Fact]
    public async Task AcceptedAndDuplicateDeliveries_AreCountedByTheMeter()
    {
        using var deliveries = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            host.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Bob.Webhooks", "bob.webhooks.deliveries");
        var delivery = Guid.NewGuid().ToString();

        await SendAsync(GitHub("""{"zen":"counted"}"""u8.ToArray(), delivery, "ping"));
        await SendAsync(GitHub("""{"zen":"counted"}"""u8.ToArray(), delivery, "ping"));

        var outcomes = deliveries.GetMeasurementSnapshot().Select(m => m.Tags["bob.webhook.outcome"]).ToArray();
        Assert.Contains("accepted", outcomes);
        Assert.Contains("duplicate", outcomes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GitHub_BodyOverTheLimit_Is413(bool withContentLength)
    {
        var body = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('a', SampleHostFixture.MaxBodyBytes) + "\"}");
        var request = GitHub(body, Guid.NewGuid().ToString(), "ping");
        if (!withContentLength)
        {
            request.Content = new StreamContent(new MemoryStream(body));
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TransferEncodingChunked = true;
        }

        var (status, _) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task NonAsciiUtf8AndNulEscapes_AreStoredExactly()
    {
        var text = """{"title":"Corrige l’accès — 修正 ✓ \ud83d\ude80","note":"nul\u0000inside"}""";
        var body = Encoding.UTF8.GetBytes(text);

        var (status, json) = await SendAsync(GitHub(body, Guid.NewGuid().ToString(), "ping"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(text, await ScalarAsync<string>("SELECT payload::text FROM webhook_deliveries WHERE id = @id", json.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task ActionWithANulEscape_IsStoredWithoutAnAction_Not500()
    {
        var text = """{"action":"open\u0000ed","zen":"x"}""";

        var (status, json) = await SendAsync(GitHub(Encoding.UTF8.GetBytes(text), Guid.NewGuid().ToString(), "ping"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Null(await ScalarAsync<object>("SELECT action FROM webhook_deliveries WHERE id = @id", json.GetProperty("id").GetGuid()) as string);
    }

    [Fact]
    public async Task GitLab_TokenAndIdempotencyKey_AreUsed()
    {
        var body = """{"object_kind":"push","ref":"refs/heads/main"}"""u8.ToArray();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/gitlab") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Gitlab-Event", "Push Hook");
            request.Headers.Add("X-Gitlab-Token", token);
            request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var accepted = await SendAsync(Request(SampleHostFixture.GitLabSecret));
        var retried = await SendAsync(Request(SampleHostFixture.GitLabSecret));
        var refused = await SendAsync(Request("wrong"));

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(key, await ScalarAsync<string>("SELECT delivery_id FROM webhook_deliveries WHERE id = @id", accepted.Body.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Gitea_EmptySignatureOfAnUnsignedHook_Is401()
    {
        var body = """{"ref":"refs/heads/main"}"""u8.ToArray();
        HttpRequestMessage Request(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/gitea") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Gitea-Event", "push");
            request.Headers.Add("X-Gitea-Delivery", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Gitea-Signature", signature);
            return request;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Request(""))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(Hex(SampleHostFixture.GiteaSecret, body)))).Status);
    }

    [Fact]
    public async Task Kanbanger_SpecPayloadWithFreshTimestamp_Is202_AndStaleIs401()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"event":"comment.created","workspaceId":"ws_1",
             "task":{"id":"tsk_123","identifier":"BOB-42"},
             "comment":{"id":"cmt_9","body":"Use the v2 endpoint","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}
            """);
        HttpRequestMessage Request(long timestamp) => ProviderDeliveries.Kanbanger("comment.created", body, timestamp);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(now))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Request(now - 3600))).Status);
    }

    [Fact]
    public async Task Webhooks_IgnoreApiKeys_AndNeedNone()
    {
        using var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-key");

        var response = await client.SendAsync(GitHub("{}"u8.ToArray(), Guid.NewGuid().ToString(), "ping"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// SPEC §5: the delivery id is not signed, so the same signed body, timestamp and signature under new delivery ids is a
    /// duplicate (200, the first row), on this host and on another host over the same database, also when sent at once.
    /// </summary>
    [Fact]
    public async Task Kanbanger_SignedRequestReplayedWithNewDeliveryIds_IsADuplicate_OnEveryHost()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"event":"comment.created","workspaceId":"ws_1","task":{"id":"tsk_{{{Guid.NewGuid():N}}}","identifier":"BOB-42"},"comment":{"id":"cmt_9","body":"Use the v2 endpoint","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}""");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = ProviderDeliveries.KanbangerSignature(ts, body);
        HttpRequestMessage Request(string signatureValue) => ProviderDeliveries.Kanbanger("comment.created", body, ts, signatureValue);

        await using var otherHost = host.Factory.WithWebHostBuilder(_ => { });
        using var here = host.Factory.CreateClient();
        using var there = otherHost.CreateClient();

        var first = await here.SendAsync(Request(signature));
        var firstId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var replays = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? here : there).SendAsync(Request(i == 3 ? signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal) : signature))));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        foreach (var replay in replays)
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            var json = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
            Assert.True(json.GetProperty("duplicate").GetBoolean());
            Assert.Equal(firstId, json.GetProperty("id").GetGuid());
        }

        await using var count = host.DataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE provider = 'kanbanger' AND payload::text LIKE @task");
        count.Parameters.AddWithValue("task", "%" + JsonDocument.Parse(body).RootElement.GetProperty("task").GetProperty("id").GetString() + "%");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
