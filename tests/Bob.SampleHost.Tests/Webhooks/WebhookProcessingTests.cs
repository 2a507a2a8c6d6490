using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>A real GitHub delivery through the running host: stored, processed by its worker, visible in the domain tables.</summary>
public sealed class WebhookProcessingTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static byte[] Resource(string file) => EmbeddedPayloads.Read<WebhookProcessingTests>("github", file);

    private async Task<HttpResponseMessage> PostGitHubAsync(string eventName, byte[] body)
    {
        using var client = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SampleHostFixture.GitHubSecret), body)));
        return await client.SendAsync(request);
    }

    private async Task<T?> WaitForAsync<T>(string sql, Func<object?, bool> done, params (string Name, object Value)[] parameters)
    {
        // Waits for the background worker; the bound only keeps a broken build from hanging, it measures nothing.
        for (var i = 0; i < 300; i++)
        {
            await using var command = host.DataSource.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var result = await command.ExecuteScalarAsync();
            if (done(result))
            {
                return (T?)result;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Condition not reached: {sql}");
    }

    [Fact]
    public async Task ADeliveryThisHostStores_IsLeasedInItsInsert_AndProcessedByItsOwnWorkerFromMemory()
    {
        var response = await PostGitHubAsync("pull_request", Resource("pull_request.opened.json"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await WaitForAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", r => r is "processed", ("id", id));

        // attempted_at was set by the INSERT itself (same transaction time as received_at), not by a later claim.
        Assert.True(await WaitForAsync<bool>("SELECT attempted_at = received_at FROM webhook_deliveries WHERE id = @id", r => r is not null, ("id", id)));
    }

    [Fact]
    public async Task RealPullRequestOpened_ForARegisteredRepository_BecomesAPullRequestRow()
    {
        var (client, userId) = await host.CreateUserClientAsync("webhook-owner");
        var created = await client.PostAsJsonAsync("/api/repositories", new { name = "hello", remoteUrl = "https://github.com/Codertocat/Hello-World.git" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var response = await PostGitHubAsync("pull_request", Resource("pull_request.opened.json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deliveryId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var status = await WaitForAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", r => r is "processed" or "failed", ("id", deliveryId));
        Assert.Equal("processed", status);
        var row = await WaitForAsync<string>(
            "SELECT concat_ws('|', status, title, head_branch, user_id) FROM pull_requests WHERE lower(remote_name) = 'hello-world' AND number = 2",
            r => r is string);
        Assert.Equal($"open|Update the README with new information.|changes|{userId}", row);
    }

    [Fact]
    public async Task PayloadOfTheWrongShape_IsDeadLettered_ListedForAdmins_AndReplayable()
    {
        var (admin, _) = await host.CreateUserClientAsync("ops", admin: true);
        var (user, _) = await host.CreateUserClientAsync("not-ops");
        var response = await PostGitHubAsync("pull_request", """{"action":"opened","note":"no repository here"}"""u8.ToArray());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal("failed", await WaitForAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", r => r is "failed", ("id", id)));

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/webhook-deliveries?status=failed")).StatusCode);
        var failed = await admin.GetFromJsonAsync<JsonElement[]>("/api/webhook-deliveries?status=failed");
        var listed = Assert.Single(failed!, d => d.GetProperty("id").GetGuid() == id);
        Assert.Contains("documented shape", listed.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/webhook-deliveries/{id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/webhook-deliveries/{id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/webhook-deliveries/{Guid.NewGuid()}/replay", null)).StatusCode);
        Assert.Equal(1, await WaitForAsync<int>("SELECT retry_count FROM webhook_deliveries WHERE id = @id AND status = 'failed'", r => r is 1, ("id", id)));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/webhook-deliveries?status=exploded")).StatusCode);
    }

    [Fact]
    public async Task UnhandledEvent_IsStoredAndMarkedProcessed()
    {
        var response = await PostGitHubAsync("star", """{"action":"created","starred_at":"2019-05-15T15:20:40Z"}"""u8.ToArray());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("processed", await WaitForAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", r => r is "processed", ("id", id)));
    }
}
