using System.Net;
using System.Text;
using System.Text.Json;
using Bob.Testing;
using Npgsql;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.4: with PostgreSQL stopped under signed webhook traffic and API calls on two host processes, every answer is a
/// <c>503</c> problem with <c>Retry-After</c> (not a 500), the outage is logged once per host rather than once per request,
/// both hosts serve again when the database is back, and every delivery answered <c>202</c> is stored.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static HttpRequestMessage Delivery() =>
        ProviderDeliveries.GitHub("ping", Encoding.UTF8.GetBytes($$"""{"zen":"Keep it logically awesome.","hook_id":{{Random.Shared.Next(1, 1_000_000)}}}"""));

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "Retry-After is missing");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WhileTheDatabaseIsStopped_TwoHostsAnswer503WithRetryAfter_LogItOnce_AndLoseNothingAccepted()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync();
        var settings = new Dictionary<string, string?> { ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret };
        await using var first = await RunningHost.StartAsync(cluster.ConnectionString, settings);
        await using var second = await RunningHost.StartAsync(cluster.ConnectionString, settings);
        var (exit, stdout, stderr) = await HostProcess.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = cluster.ConnectionString }, TimeSpan.FromMinutes(2), "create-user", "outage");
        Assert.True(exit == 0, stderr);
        var key = stdout.Split('\n').Single(l => l.StartsWith("api-key: ", StringComparison.Ordinal))["api-key: ".Length..].Trim();
        var hosts = new[] { first, second };
        var clients = hosts.Select(h => new HttpClient { BaseAddress = h.BaseAddress }).ToArray();
        var accepted = new List<Guid>();
        foreach (var client in clients)
        {
            using var response = await client.SendAsync(Delivery());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        }

        // A browser's open event stream on the first host, when the database goes away: it ends (EventSource resumes with
        // Last-Event-ID), and the host logs no unhandled error for it.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = new StringContent("{\"title\":\"Outage\"}", Encoding.UTF8, "application/json") };
        create.Headers.Authorization = new("Bearer", key);
        using var created = await clients[0].SendAsync(create);
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var open = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/events");
        open.Headers.Authorization = new("Bearer", key);
        open.Headers.Add("Accept", "text/event-stream");
        using var stream = await clients[0].SendAsync(open, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();

        await cluster.StopAsync();
        using (var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var buffer = new byte[4096];
            while (await body.ReadAsync(buffer, ended.Token) > 0)
            {
                // heartbeats, until the host ends the stream
            }
        }

        foreach (var client in clients)
        {
            for (var i = 0; i < 5; i++)
            {
                using var webhook = await client.SendAsync(Delivery());
                await AssertUnavailableAsync(webhook);
                using var list = new HttpRequestMessage(HttpMethod.Get, "/api/repositories");
                list.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(list));
                using var events = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{Guid.NewGuid()}/events");
                events.Headers.Authorization = new("Bearer", key);
                events.Headers.Add("Accept", "text/event-stream");
                await AssertUnavailableAsync(await client.SendAsync(events));
                using var comments = new HttpRequestMessage(HttpMethod.Get, $"/api/pull-requests/{Guid.NewGuid()}/comments");
                comments.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(comments));
                using var reply = new HttpRequestMessage(HttpMethod.Post, $"/api/pull-requests/{Guid.NewGuid()}/replies")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new { inReplyTo = 21, body = "Done.", clientInputId = "outage-1" }),
                };
                reply.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(reply));
                using var appComplete = new HttpRequestMessage(HttpMethod.Post, "/api/connections/github-app/complete")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new { code = "c0de", state = "st4te", installationId = 42 }), // chunked, as .NET sends it
                };
                appComplete.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(appComplete));
                using var unregister = new HttpRequestMessage(HttpMethod.Delete, $"/api/repositories/{Guid.NewGuid()}");
                unregister.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(unregister));
                using var rotate = new HttpRequestMessage(HttpMethod.Post, $"/api/repositories/{Guid.NewGuid()}/webhook/rotate-secret");
                rotate.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(rotate));
                using var pullRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/pull-requests/{Guid.NewGuid()}");
                pullRequest.Headers.Authorization = new("Bearer", key);
                await AssertUnavailableAsync(await client.SendAsync(pullRequest));
                using var page = new HttpRequestMessage(HttpMethod.Get, $"/pull-requests/{Guid.NewGuid()}");
                page.Headers.Authorization = new("Bearer", key);
                page.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"); // as a browser asks
                var pageResponse = await client.SendAsync(page);
                Assert.True(pageResponse.StatusCode == HttpStatusCode.ServiceUnavailable, $"the page answered {(int)pageResponse.StatusCode}");
                Assert.True(pageResponse.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "the page's Retry-After is missing");
            }
        }

        await cluster.RestartAsync();
        foreach (var client in clients)
        {
            // Pooled connections broken by the restart may refuse a request or two more; then deliveries are stored again.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                using var response = await client.SendAsync(Delivery());
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
                    break;
                }

                await AssertUnavailableAsync(response);
                Assert.True(DateTime.UtcNow < deadline, "the host did not recover within 30 s");
                await Task.Delay(200);
            }

            using var list = new HttpRequestMessage(HttpMethod.Get, "/api/repositories");
            list.Headers.Authorization = new("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(list)).StatusCode);
        }

        await using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString))
        await using (var stored = dataSource.CreateCommand("SELECT count(*) FROM bob.webhook_deliveries WHERE id = ANY($1)"))
        {
            stored.Parameters.Add(new NpgsqlParameter { Value = accepted.ToArray() });
            Assert.Equal(accepted.Count, (long)(await stored.ExecuteScalarAsync())!);
        }

        foreach (var host in hosts)
        {
            var log = await host.StopAndReadLogAsync();
            Assert.DoesNotContain("fail: Microsoft.AspNetCore", log, StringComparison.Ordinal);
            Assert.DoesNotContain("fail: Bob.SampleHost", log, StringComparison.Ordinal);
            Assert.DoesNotContain("fail: Bob.Webhooks.WebhookWorker", log, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(log, "The database cannot be reached"));
            Assert.Equal(1, CountOf(log, "The database answers again"));
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
