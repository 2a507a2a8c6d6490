using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// The backfill sync (plan 3.4) through <c>POST /api/cron/git-sync</c>: with every webhook withheld, pull requests opened,
/// merged and closed on a fake GitHub Enterprise Server end up stored with the right state after one sync, and a sync
/// with nothing changed makes only conditional list requests, each answered 304.
/// </summary>
public sealed class GitSyncTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-git-sync";
    private const string CronSecret = "cron-secret-for-tests-0123456789";
    private FakeProviderServer _github = null!;
    private FakeGitHubPulls _pulls = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeProviderServer.StartAsync();
        _pulls = new FakeGitHubPulls(_github.BaseUri, "acme", "api");
        _github.Handler = r => r.Header("Authorization") != $"Bearer {Token}"
            ? FakeResponse.Json(401, """{"message":"Bad credentials"}""")
            : r.Path == "/api/v3/user" ? FakeResponse.Json(200, Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitSyncTests>("github-api", "private-user.json"))) : _pulls.Handle(r);
        _factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Security:AllowPrivateNetworkInstances", "true");
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
            builder.UseSetting("GitSync:IntervalSeconds", "0");
            builder.UseSetting("Cron:Secret", CronSecret);
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _github.DisposeAsync();
    }

    private async Task<JsonElement> CronAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cron/git-sync");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        return await SessionPushTests.Json(await client.SendAsync(request), HttpStatusCode.OK);
    }

    private async Task<Dictionary<int, (string Status, bool Merged)>> StoredAsync()
    {
        await using var command = host.DataSource.CreateCommand("SELECT number, status, merged_at IS NOT NULL FROM pull_requests WHERE remote_name = 'api'");
        var rows = new Dictionary<int, (string, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt32(0)] = (reader.GetString(1), reader.GetBoolean(2));
        }

        return rows;
    }

    [Fact]
    public async Task WithWebhooksWithheld_OneSyncStoresWhatWasOpenedMergedAndClosed_AndAnUnchangedSyncIsAll304()
    {
        string key;
        using (var scope = _factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"sync-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var connection = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = _github.BaseUri.ToString(), token = Token }), HttpStatusCode.Created);
        await SessionPushTests.Json(
            await client.PostAsJsonAsync("/api/repositories", new { name = "api", remoteUrl = new Uri(_github.BaseUri, "acme/api.git").ToString(), provider = "github", connectionId = connection.GetProperty("id").GetGuid() }),
            HttpStatusCode.Created);
        using var cron = _factory.CreateClient();
        var first = _pulls.Open("feature-a", "main", "A");
        var second = _pulls.Open("feature-b", "main", "B");
        var third = _pulls.Open("feature-c", "main", "C");

        var round1 = await CronAsync(cron);
        Assert.Equal((1, 3, 0), (round1.GetProperty("repositories").GetInt32(), round1.GetProperty("updated").GetInt32(), round1.GetProperty("failed").GetInt32()));

        // Merged, closed and opened on the provider; no webhook tells the suite.
        _pulls.Finish(first, merge: true);
        _pulls.Finish(second, merge: false);
        var fourth = _pulls.Open("feature-d", "main", "D");
        var round2 = await CronAsync(cron);

        Assert.Equal(3, round2.GetProperty("updated").GetInt32());
        var stored = await StoredAsync();
        Assert.Equal(("merged", true), stored[first]);
        Assert.Equal(("closed", false), stored[second]);
        Assert.Equal(("open", false), stored[third]);
        Assert.Equal(("open", false), stored[fourth]);

        // Nothing changed: the list is asked for conditionally and answered 304; nothing else is requested.
        var before = _github.Requests.Count;
        var (lists, notModified) = (_pulls.ListRequests, _pulls.NotModifiedAnswers);
        var round3 = await CronAsync(cron);

        Assert.Equal((1, 0, 1), (round3.GetProperty("repositories").GetInt32(), round3.GetProperty("updated").GetInt32(), round3.GetProperty("notModified").GetInt32()));
        var requests = _github.Requests.Skip(before).ToArray();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(("GET", "/api/v3/repos/acme/api/pulls"), (r.Method, r.Path)));
        Assert.All(requests, r => Assert.NotNull(r.Header("If-None-Match")));
        Assert.Equal(_pulls.ListRequests - lists, _pulls.NotModifiedAnswers - notModified);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-secret")]
    [InlineData("Basic Y3Jvbi1zZWNyZXQ=")]
    public async Task TheCronRoute_WithoutTheSecret_Answers401(string? authorization)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cron/git-sync");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Two host processes syncing at the same moment share the repositories between them: each is synced once.</summary>
    [Fact]
    public async Task TwoHostProcessesSyncingAtOnce_SyncEachRepositoryOnce()
    {
        var fakes = Enumerable.Range(0, 10).ToDictionary(i => $"svc{i}", i => new FakeGitHubPulls(_github.BaseUri, "acme", $"svc{i}"));
        foreach (var fake in fakes.Values)
        {
            fake.Open("feature", "main", "Feature");
        }

        _github.Handler = r => r.Header("Authorization") != $"Bearer {Token}"
            ? FakeResponse.Json(401, """{"message":"Bad credentials"}""")
            : r.Path == "/api/v3/user" ? FakeResponse.Json(200, Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitSyncTests>("github-api", "private-user.json")))
            : fakes.Values.Select(f => f.Handle(r)).FirstOrDefault(a => a is not null);
        var settings = new Dictionary<string, string?>
        {
            ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Security__AllowPrivateNetworkInstances"] = "true",
            ["Webhooks__Worker__Enabled"] = "false",
            ["GitSync__IntervalSeconds"] = "0",
            ["GitSync__MaxConcurrency"] = "2",
            ["Cron__Secret"] = CronSecret,
        };
        await using var hostA = await RunningHost.StartAsync(host.ConnectionString, settings);
        await using var hostB = await RunningHost.StartAsync(host.ConnectionString, settings);
        string key;
        using (var scope = _factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"sync2-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        using var a = new HttpClient { BaseAddress = hostA.BaseAddress };
        using var b = new HttpClient { BaseAddress = hostB.BaseAddress };
        a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var connection = await SessionPushTests.Json(await a.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = _github.BaseUri.ToString(), token = Token }), HttpStatusCode.Created);
        foreach (var name in fakes.Keys)
        {
            await SessionPushTests.Json(
                await a.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = new Uri(_github.BaseUri, $"acme/{name}.git").ToString(), provider = "github", connectionId = connection.GetProperty("id").GetGuid() }),
                HttpStatusCode.Created);
        }

        a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        b.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        var rounds = await Task.WhenAll(a.PostAsync("/api/cron/git-sync", null), b.PostAsync("/api/cron/git-sync", null));
        var answers = await Task.WhenAll(rounds.Select(r => SessionPushTests.Json(r, HttpStatusCode.OK)));

        Assert.Equal(10, answers.Sum(x => x.GetProperty("repositories").GetInt32()));
        Assert.All(fakes.Values, f => Assert.Equal(1, f.ListRequests));
        await using var stored = host.DataSource.CreateCommand("SELECT count(*) FROM pull_requests WHERE remote_name LIKE 'svc%'");
        Assert.Equal(10L, await stored.ExecuteScalarAsync());
    }

    /// <summary>An instance whose rate limit is nearly spent is left alone until its reset: the round stops asking it.</summary>
    [Fact]
    public async Task AnInstanceWhoseRateLimitIsNearlySpent_IsLeftAloneUntilItsReset()
    {
        var fakes = Enumerable.Range(0, 5).ToDictionary(i => $"lim{i}", i => new FakeGitHubPulls(_github.BaseUri, "acme", $"lim{i}") { RateLimitRemaining = 42 });
        _github.Handler = r => r.Header("Authorization") != $"Bearer {Token}"
            ? FakeResponse.Json(401, """{"message":"Bad credentials"}""")
            : r.Path == "/api/v3/user" ? FakeResponse.Json(200, Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitSyncTests>("github-api", "private-user.json")))
            : fakes.Values.Select(f => f.Handle(r)).FirstOrDefault(a => a is not null);
        await using var factory = _factory.WithWebHostBuilder(b => b.UseSetting("GitSync:MaxConcurrency", "1"));
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"limit-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var connection = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = _github.BaseUri.ToString(), token = Token }), HttpStatusCode.Created);
        foreach (var name in fakes.Keys)
        {
            await SessionPushTests.Json(
                await client.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = new Uri(_github.BaseUri, $"acme/{name}.git").ToString(), provider = "github", connectionId = connection.GetProperty("id").GetGuid() }),
                HttpStatusCode.Created);
        }

        using var cron = factory.CreateClient();
        var first = await CronAsync(cron);
        var second = await CronAsync(cron);

        // The first answer said 42 requests were left (fewer than GitSync:MinRemainingRequests, 100): nothing more is asked of it.
        Assert.Equal(1, first.GetProperty("repositories").GetInt32());
        Assert.Equal(0, second.GetProperty("repositories").GetInt32());
        Assert.Equal(1, fakes.Values.Sum(f => f.ListRequests));
    }
}
