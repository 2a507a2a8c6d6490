using System.Net;
using Bob.Testing;
using Xunit.Abstractions;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Large unsigned bodies against the sample host as a real process. Probing found 30 concurrent 25 MiB POSTs without a
/// signature grew the host from 154 MB to 820 MB for good: every body was read whole into a pooled array before the
/// signature was looked at, and the pools kept the arrays.
/// </summary>
public sealed class WebhookMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// How much the host's working set may grow over the 30 requests: the default budget for unverified bodies
    /// (<c>Webhooks:MaxBufferedBodyBytes</c>, 64 MiB) and as much again, a sixth of the 750 MiB the bodies add up to.
    /// </summary>
    private const long GrowthBound = 128L * 1024 * 1024;

    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>
    /// "none": no signature header, refused from the headers before the body is read. "forged": a well-formed signature made
    /// without the secret, so each body is read (in pooled 64 KB parts, hashed as it arrives) before it is refused.
    /// </summary>
    [Theory]
    [InlineData("none")]
    [InlineData("forged")]
    public async Task ThirtyConcurrentUnsigned25MiBBodies_Are401_AndTheHostsMemoryStaysBounded(string signature)
    {
        await using var host = await RunningHost.StartAsync(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks__GitHub__Secret"] = "memory-test-secret",
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var body = new byte[25 * 1024 * 1024];
        Array.Fill(body, (byte)'a');
        body[0] = (byte)'{';

        async Task<HttpStatusCode> PostAsync(int size)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/github") { Content = new ByteArrayContent(body, 0, size) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-GitHub-Event", "push");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            if (signature == "forged")
            {
                request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
            }

            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        // Warm up the paths the big requests take, then measure from there.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(64 * 1024));
        }

        var before = host.WorkingSet;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PostAsync(body.Length)));

        var after = host.WorkingSet;
        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")));
        output.WriteLine($"working set: before {before / 1048576} MiB, after {after / 1048576} MiB, growth {(after - before) / 1048576} MiB (bound {GrowthBound / 1048576} MiB)");
        // Forged: each is refused once read (401), or, while the budget is full for over 5 s, answered 503 to send again later.
        HttpStatusCode[] allowed = signature == "none" ? [HttpStatusCode.Unauthorized] : [HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable];
        Assert.All(statuses, s => Assert.Contains(s, allowed));
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.True(after - before < GrowthBound, $"The working set grew by {(after - before) / 1048576} MiB, from {before / 1048576} MiB.");
    }
}
