using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Testing;
using Npgsql;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Several hosts on one database, as several processes: the fixture's host in this process, and the sample host started as
/// a real process beside it. A delivery is held "in processing" by blocking its pull request row with a lock the test
/// holds, which the host's store waits on.
/// </summary>
public sealed class MultiHostTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private Dictionary<string, string?> Settings(params (string Name, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
            ["Webhooks__Kanbanger__Secret"] = SampleHostFixture.KanbangerSecret,
        };
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }

        return settings;
    }

    private static byte[] PullRequest(string name, string action)
    {
        var node = JsonNode.Parse(EmbeddedPayloads.Read<MultiHostTests>("github", $"pull_request.{action}.json"))!;
        node["repository"]!["html_url"] = $"https://github.com/Codertocat/{name}";
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static async Task<Guid> PostAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private async Task<(string Status, string? LockedBy, int Retries)> DeliveryAsync(Guid id)
    {
        await using var command = host.DataSource.CreateCommand("SELECT status, locked_by, retry_count FROM webhook_deliveries WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2));
    }

    /// <summary>A registered repository whose pull request 2 exists, and a transaction that locks that row.</summary>
    private async Task<(string Name, NpgsqlConnection Connection, NpgsqlTransaction Lock)> LockedPullRequestAsync()
    {
        var name = $"multi-{Guid.NewGuid():N}";
        await ProviderDeliveries.RegisterAsync(host, $"https://github.com/Codertocat/{name}.git");
        var opened = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "opened")));
        Assert.Equal("processed", (await ProviderDeliveries.SettledAsync(host, opened)).Status);

        var connection = await host.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var select = new NpgsqlCommand("SELECT id FROM pull_requests WHERE lower(remote_name) = @n FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("n", name);
        Assert.NotNull(await select.ExecuteScalarAsync());
        return (name, connection, transaction);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan bound, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < bound, $"Not within {bound}: {what}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A host that dies while it holds a delivery (killed mid-processing) leaves it leased; with the default settings another
    /// host processes it within 30 seconds. With the former 2-minute lease it waited two minutes.
    /// </summary>
    [Fact]
    public async Task DeliveryHeldByAHostThatDies_IsProcessedByAnotherHost_Within30Seconds()
    {
        var (name, connection, rowLock) = await LockedPullRequestAsync();
        await using var _ = connection;
        Guid id;
        await using (var dying = await RunningHost.StartAsync(host.ConnectionString, Settings()))
        {
            using var client = new HttpClient { BaseAddress = dying.BaseAddress };
            id = await PostAsync(client, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "labeled")));
            await WaitUntilAsync(async () => (await DeliveryAsync(id)).LockedBy is not null, TimeSpan.FromSeconds(30), "the dying host holds the delivery");
        }

        // The process is gone (killed on dispose); its blocked statement went with its connection.
        var killedAt = Stopwatch.StartNew();
        await rowLock.RollbackAsync();

        await WaitUntilAsync(async () => (await DeliveryAsync(id)).Status == "processed", TimeSpan.FromSeconds(30), "another host processes the delivery");
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(30), $"{killedAt.Elapsed}");
    }

    /// <summary>
    /// A live host that takes longer than several leases over one delivery keeps it: its heartbeat renews the lease, so the
    /// other host never claims it, and it is processed once, by the host that started it.
    /// </summary>
    [Fact]
    public async Task SlowButLiveHost_KeepsItsDelivery_PastSeveralLeases()
    {
        var (name, connection, rowLock) = await LockedPullRequestAsync();
        await using var _ = connection;
        await using var slow = await RunningHost.StartAsync(host.ConnectionString, Settings(("Webhooks__Worker__Lease", "00:00:02"), ("Webhooks__Worker__PollInterval", "00:00:01")));
        await using var other = await RunningHost.StartAsync(host.ConnectionString, Settings(("Webhooks__Worker__Lease", "00:00:02"), ("Webhooks__Worker__PollInterval", "00:00:01")));
        using var client = new HttpClient { BaseAddress = slow.BaseAddress };
        var id = await PostAsync(client, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "labeled")));
        await WaitUntilAsync(async () => (await DeliveryAsync(id)).LockedBy is not null, TimeSpan.FromSeconds(30), "the slow host holds the delivery");
        var holder = (await DeliveryAsync(id)).LockedBy;

        // Four leases pass while the delivery is blocked; the holder must stay the same all along.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(8))
        {
            Assert.Equal(holder, (await DeliveryAsync(id)).LockedBy);
            await Task.Delay(250);
        }

        await rowLock.RollbackAsync();

        await WaitUntilAsync(async () => (await DeliveryAsync(id)).Status == "processed", TimeSpan.FromSeconds(30), "the slow host finishes");
        Assert.Equal(0, (await DeliveryAsync(id)).Retries);
    }

    /// <summary>SPEC §5 across processes: a Kanbanger request replayed at another host under a new delivery id is a duplicate there too.</summary>
    [Fact]
    public async Task KanbangerReplay_AtAnotherHostProcess_IsADuplicate()
    {
        await using var other = await RunningHost.StartAsync(host.ConnectionString, Settings());
        using var otherClient = new HttpClient { BaseAddress = other.BaseAddress };
        using var here = host.Factory.CreateClient();
        var body = Encoding.UTF8.GetBytes($$$"""{"event":"comment.created","workspaceId":"ws_1","task":{"id":"tsk_{{{Guid.NewGuid():N}}}","identifier":"BOB-42"},"comment":{"id":"cmt_9","body":"Use the v2 endpoint","author":{"name":"Ana"},"createdAt":"2026-01-14T10:00:00Z"}}""");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = await PostAsync(here, ProviderDeliveries.Kanbanger("comment.created", body, ts));
        using var replay = await otherClient.SendAsync(ProviderDeliveries.Kanbanger("comment.created", body, ts));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(first, JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
    }
}
