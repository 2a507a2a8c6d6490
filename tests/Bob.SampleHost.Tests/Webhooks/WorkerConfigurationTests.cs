using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost.Tests;

/// <summary>The worker settings documented under <c>Webhooks:Worker</c> reach the worker.</summary>
public sealed class WorkerConfigurationTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public void WebhooksWorkerSection_IsBoundToTheWorkerOptions()
    {
        using var factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
            builder.UseSetting("Webhooks:Worker:Concurrency", "3");
            builder.UseSetting("Webhooks:Worker:BatchSize", "7");
            builder.UseSetting("Webhooks:Worker:Lease", "00:00:45");
        });

        var options = factory.Services.GetRequiredService<IOptions<WebhookWorkerOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(3, options.Concurrency);
        Assert.Equal(7, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Lease);
    }

    [Fact]
    public async Task WithoutAWorker_DeliveriesAreStoredUnleased_ForAnyWorkerToClaim()
    {
        using var factory = host.Factory.WithWebHostBuilder(builder => builder.UseSetting("Webhooks:Worker:Enabled", "false"));
        var body = System.Text.Encoding.UTF8.GetBytes("""{"action":"labeled","number":1}""");
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SampleHostFixture.GitHubSecret), body)));

        var response = await client.SendAsync(request);
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content)).GetProperty("id").GetGuid();

        // Not leased in its insert (attempted_at would equal received_at); the fixture's own worker may claim it later.
        await using var command = host.DataSource.CreateCommand("SELECT attempted_at IS DISTINCT FROM received_at FROM webhook_deliveries WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }
}
