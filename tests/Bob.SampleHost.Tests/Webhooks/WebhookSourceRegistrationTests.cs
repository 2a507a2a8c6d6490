using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bob.Webhooks;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// A webhook source is something a package registers: a sender the suite has never heard of gets its route, its verifier,
/// durable storage and processing from one <see cref="WebhookSourceDefinition"/>, with no edit of the core.
/// </summary>
public sealed class WebhookSourceRegistrationTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private const string Secret = "acme-webhook-secret";

    [Fact]
    public async Task ASourceRegisteredByAnotherPackage_IsRouted_Verified_Stored_AndProcessed()
    {
        var processed = new ConcurrentQueue<ClaimedDelivery>();
        var acme = new WebhookSourceDefinition(
            "acme-ci",
            "AcmeCI",
            ["X-Acme-Event"],
            ["X-Acme-Delivery"],
            (secrets, _) => new GitHubSignatureVerifier(secrets)) // Acme signs the way GitHub does
        {
            CreateProcessor = _ => new RecordingProcessor(processed),
        };
        await using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddBobWebhookSource(acme, o => o.Secret = new Bob.Git.Abstractions.Secret(Secret))));
        using var client = factory.CreateClient();
        var delivery = Guid.NewGuid().ToString();

        using var forged = await client.SendAsync(Acme(delivery, "not-the-secret"));
        using var accepted = await client.SendAsync(Acme(delivery, Secret));
        using var duplicate = await client.SendAsync(Acme(delivery, Secret));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Accepted, HttpStatusCode.OK), (forged.StatusCode, accepted.StatusCode, duplicate.StatusCode));
        await using var stored = host.DataSource.CreateCommand("SELECT provider, event_type, headers ? 'x-hub-signature-256' FROM webhook_deliveries WHERE delivery_id = $1");
        stored.Parameters.Add(new Npgsql.NpgsqlParameter { Value = delivery });
        await using (var row = await stored.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync());
            Assert.Equal(("acme-ci", "build.finished", false), (row.GetString(0), row.GetString(1), row.GetBoolean(2)));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (processed.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var handled = Assert.Single(processed);
        Assert.Equal(("acme-ci", "build.finished", delivery), (handled.Source, handled.EventType, handled.DeliveryId));
    }

    [Fact]
    public async Task AnUnregisteredSource_HasNoRoute()
    {
        // Signed in, so the fallback policy's 401 for anonymous requests to unknown paths does not hide the missing route.
        var (client, _) = await host.CreateUserClientAsync($"no-route-{Guid.NewGuid():N}");

        using var response = await client.SendAsync(Acme(Guid.NewGuid().ToString(), Secret));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage Acme(string delivery, string secret)
    {
        var body = """{"build":{"id":42,"status":"passed"}}"""u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/acme-ci") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Acme-Event", "build.finished");
        request.Headers.Add("X-Acme-Delivery", delivery);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    private sealed class RecordingProcessor(ConcurrentQueue<ClaimedDelivery> processed) : IWebhookSourceProcessor
    {
        public bool Handles(string eventType) => eventType == "build.finished";

        public Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
        {
            processed.Enqueue(delivery);
            return Task.FromResult(WebhookProcessingResult.Done);
        }
    }
}
