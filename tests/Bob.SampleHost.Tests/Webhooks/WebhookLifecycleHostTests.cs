using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 23 as a story on two sample host processes behind one public URL (a load balancer that alternates them), sharing one
/// database, against a fake GitHub Enterprise Server that keeps hooks and delivers through them for real: two users register
/// acme/web at once, one through each host, and one hook is made; its deliveries, signed with its own secret, are taken by
/// both hosts; one signed with the provider-wide secret under its id is refused; a delivery the hosts never got is asked
/// for again by the cron round, once; a hook deleted and then turned off on GitHub is repaired; a rotation on one host is
/// honoured by the other; unregistering both removes the hook. No hook secret appears in the database, logs or responses.
/// </summary>
public sealed class WebhookLifecycleHostTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-hooks";
    private const string CronSecret = "hooks-cron-secret";
    private static readonly Uri PublicBase = new("http://bob-lb.test/");
    private static readonly byte[] Push = EmbeddedPayloads.Read<WebhookLifecycleHostTests>("github", "push.branch.json");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bob-hooks-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly FakeGitHubHooks _hooks = new("acme", "web");
    private readonly List<string> _responses = [];
    private GitHubRemote _remote = null!;
    private RunningHost[] _hosts = [];
    private int _next;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        _remote = await GitHubRemote.StartAsync(_temp, Token);
        var rest = _remote.Server.Handler;
        _remote.Server.Handler = r => r.Header("Authorization") == $"Bearer {Token}" ? _hooks.Handle(r) ?? rest(r) : rest(r);
        _hooks.Send = LoadBalancedAsync;
    }

    public async Task DisposeAsync()
    {
        await _hooks.PingsSentAsync();
        foreach (var running in _hosts)
        {
            await running.DisposeAsync();
        }

        await _remote.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    /// <summary>The load balancer in front of the hosts: each delivery to the public URL goes to the next host.</summary>
    private async Task<HttpResponseMessage> LoadBalancedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Assert.Equal(PublicBase.Authority, request.RequestUri!.Authority);
        var target = _hosts[Interlocked.Increment(ref _next) % _hosts.Length];
        request.RequestUri = new Uri(target.BaseAddress, request.RequestUri.PathAndQuery);
        using var client = new HttpClient();
        return await client.SendAsync(request, cancellationToken);
    }

    private Task<RunningHost> StartHostAsync() => RunningHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
    {
        ["GIT_TOKEN_ENCRYPTION_KEY"] = _key,
        ["Security__AllowPrivateNetworkInstances"] = "true",
        ["Git__WorkDirectory"] = Path.Combine(_temp, "work"),
        ["Host__PublicBaseUrl"] = PublicBase.ToString(),
        ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
        ["Webhooks__CheckIntervalSeconds"] = "0",
        ["GitSync__IntervalSeconds"] = "0",
        ["Cron__Secret"] = CronSecret,
        ["Logging__LogLevel__Default"] = "Debug",
    });

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        _responses.Add(text);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> CronAsync(RunningHost running)
    {
        using var cron = ReviewLoopHosts.Client(running);
        cron.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        return (await JsonAsync(await cron.PostAsync("/api/cron/git-sync", null), HttpStatusCode.OK)).GetProperty("webhooks");
    }

    private async Task<int> CountStoredAsync(string guid)
    {
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE provider = 'github' AND delivery_id = $1");
        count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = guid });
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task TwoHostsBehindOneUrl_MakeOneHook_VerifyItsDeliveries_RedeliverWhatWasMissedOnce_RepairRotateAndRetireIt()
    {
        _hosts = [await StartHostAsync(), await StartHostAsync()];
        var (_, keyA) = await ReviewLoopHosts.UserAsync(database.DataSource);
        var (_, keyB) = await ReviewLoopHosts.UserAsync(database.DataSource);
        using var a = ReviewLoopHosts.Client(_hosts[0], keyA);
        using var b = ReviewLoopHosts.Client(_hosts[1], keyB);
        var connectionA = (await JsonAsync(await a.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = _remote.BaseUri.ToString(), token = Token }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var connectionB = (await JsonAsync(await b.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = _remote.BaseUri.ToString(), token = Token }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // Both register at once, one on each host: one hook.
        var registered = await Task.WhenAll(
            a.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = _remote.RemoteUrl, connectionId = connectionA }),
            b.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = _remote.RemoteUrl, connectionId = connectionB }));
        var repoA = await JsonAsync(registered[0], HttpStatusCode.Created);
        var repoB = await JsonAsync(registered[1], HttpStatusCode.Created);
        var hook = Assert.Single(_hooks.Hooks);
        Assert.Equal("http://bob-lb.test/api/webhooks/github", (string?)hook["config"]!["url"]);
        Assert.Equal("managed", repoA.GetProperty("webhook").GetProperty("mode").GetString());
        Assert.Equal("managed", repoB.GetProperty("webhook").GetProperty("mode").GetString());
        var hookId = hook["id"]!.ToString();
        await _hooks.PingsSentAsync();

        // Deliveries through the hook reach both hosts and verify with its own secret; the shared secret under its id does not.
        var taken = new List<LoggedDelivery>();
        for (var i = 0; i < 4; i++)
        {
            taken.AddRange(await _hooks.DeliverAsync("push", Push));
        }

        Assert.All(taken, d => Assert.Equal(202, d.StatusCode));
        foreach (var host in _hosts)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SendSignedAsync(host, hookId, SampleHostFixture.GitHubSecret));
        }

        var shown = await JsonAsync(await b.GetAsync($"/api/repositories/{repoB.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, shown.GetProperty("webhook").GetProperty("lastDeliveryAt").ValueKind);

        // A delivery the hosts never got (both were unreachable) is asked for again by one cron round, once.
        var missed = Assert.Single(await _hooks.DeliverAsync("push", Push, unreachable: true));
        var first = await CronAsync(_hosts[0]);
        await _hooks.PingsSentAsync();
        var second = await CronAsync(_hosts[1]);
        await _hooks.PingsSentAsync();
        Assert.Equal(1, first.GetProperty("redelivered").GetInt32());
        Assert.Equal(0, second.GetProperty("redelivered").GetInt32());
        Assert.Equal(1, _hooks.Redeliveries(missed.Guid));
        Assert.Equal(1, await CountStoredAsync(missed.Guid));

        // Deleted on GitHub: made again; then turned off: turned back on.
        _hooks.DeleteBehindBobsBack(long.Parse(hookId, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, (await CronAsync(_hosts[1])).GetProperty("repaired").GetInt32());
        var remade = Assert.Single(_hooks.Hooks);
        var remadeId = (long)remade["id"]!;
        Assert.NotEqual(hookId, remadeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _hooks.ChangeBehindBobsBack(remadeId, active: false);
        Assert.Equal(1, (await CronAsync(_hosts[0])).GetProperty("repaired").GetInt32());
        Assert.True((bool)Assert.Single(_hooks.Hooks)["active"]!);
        await _hooks.PingsSentAsync();
        Assert.All(await _hooks.DeliverAsync("push", Push), d => Assert.Equal(202, d.StatusCode));
        Assert.All(await _hooks.DeliverAsync("push", Push), d => Assert.Equal(202, d.StatusCode));
        var repaired = await JsonAsync(await a.GetAsync($"/api/repositories/{repoA.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, repaired.GetProperty("webhook").GetProperty("repairedAt").ValueKind);
        Assert.Equal(1, repaired.GetProperty("webhook").GetProperty("redeliveredCount").GetInt32());

        // Rotated through host A: GitHub signs with the new secret at once, and host B takes it too.
        await JsonAsync(await a.PostAsync($"/api/repositories/{repoA.GetProperty("id").GetGuid()}/webhook/rotate-secret", null), HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(6)); // past the hosts' miss interval, so host B re-reads the hook when a delivery fails
        Assert.All(await _hooks.DeliverAsync("push", Push), d => Assert.Equal(202, d.StatusCode));
        Assert.All(await _hooks.DeliverAsync("push", Push), d => Assert.Equal(202, d.StatusCode));
        var oldSecret = _hooks.SecretsEverSet[^2];
        foreach (var host in _hosts)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendSignedAsync(host, remadeId.ToString(System.Globalization.CultureInfo.InvariantCulture), oldSecret)); // within the grace period
        }

        // Another user's id is 404; unregistering both removes the hook.
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/api/repositories/{repoA.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/repositories/{repoA.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Single(_hooks.Hooks);
        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteAsync($"/api/repositories/{repoB.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Empty(_hooks.Hooks);

        // No hook secret in plaintext anywhere a person could look.
        var logs = new StringBuilder();
        foreach (var host in _hosts)
        {
            logs.Append(await host.StopAndReadLogAsync());
        }

        var dump = await DatabaseAsTextAsync();
        Assert.True(_hooks.SecretsEverSet.Count >= 3);
        foreach (var secret in _hooks.SecretsEverSet)
        {
            Assert.DoesNotContain(secret, logs.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(_responses, r => r.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static async Task<HttpStatusCode> SendSignedAsync(RunningHost host, string hookId, string secret)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(Push) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", hookId);
        request.Headers.Add("X-GitHub-Enterprise-Host", "127.0.0.1");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Push)));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Every row of every table of Bob's schema, as text.</summary>
    private async Task<string> DatabaseAsTextAsync()
    {
        var tables = new List<string>();
        await using (var list = database.DataSource.CreateCommand("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'bob' AND table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("bob.repository_webhooks", tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = database.DataSource.CreateCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t");
            text.Append(await rows.ExecuteScalarAsync()).Append('\n');
        }

        return text.ToString();
    }
}
