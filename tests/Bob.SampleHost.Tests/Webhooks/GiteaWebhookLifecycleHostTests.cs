using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 23 on Gitea through the host's own HTTP route: the hook Bob makes delivers to <c>/api/webhooks/gitea?hook={row}</c>,
/// and the route hands the query to the receiver, which checks the delivery with that hook's secret (not the configured
/// Gitea secret); the same body signed with the configured secret under Bob's hook is refused; unregistering removes the hook.
/// </summary>
public sealed class GiteaWebhookLifecycleHostTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static readonly byte[] Push = EmbeddedPayloads.Read<GiteaWebhookLifecycleHostTests>("gitea", "push.branch.json");

    [Fact]
    public async Task AGiteaHookBobMade_DeliversThroughTheRouteWithItsRowInTheQuery_AndIsVerifiedWithItsOwnSecret()
    {
        var gitea = new FakeGiteaHooks("acme", "web-" + Guid.NewGuid().ToString("N")[..6]);
        await using var server = await FakeProviderServer.StartAsync();
        server.Handler = r => r.Path == "/api/v1/user" ? FakeResponse.Json(200, """{"id":7,"login":"octo","full_name":"Octo Cat"}""") : gitea.Handle(r);
        await using var factory = host.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Host:PublicBaseUrl", "http://localhost/");
            b.UseSetting("Security:AllowPrivateNetworkInstances", "true");
        });
        using var deliveries = factory.CreateClient();
        gitea.Send = (message, token) => deliveries.SendAsync(message, token);
        var (api, _) = await PageBrowser.ApiUserAsync(factory, "gitea-hooks");

        var connection = await JsonAsync(await api.PostAsJsonAsync("/api/connections/pat", new { provider = "gitea", instanceUrl = server.BaseUri.ToString(), token = "gitea-token" }), HttpStatusCode.Created);
        var repository = await JsonAsync(await api.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = gitea.RemoteUrl(server.BaseUri), provider = "gitea", connectionId = connection.GetProperty("id").GetGuid() }), HttpStatusCode.Created);
        var hook = Assert.Single(gitea.Hooks);
        var url = (string)hook["config"]!["url"]!;
        var statuses = await gitea.DeliverAsync("push", Push);

        Assert.Equal("managed", repository.GetProperty("webhook").GetProperty("mode").GetString());
        Assert.StartsWith("http://localhost/api/webhooks/gitea?hook=", url, StringComparison.Ordinal);
        Assert.Equal([202], statuses);
        using (var forged = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Push) })
        {
            forged.Content.Headers.ContentType = new("application/json");
            forged.Headers.Add("X-Gitea-Event", "push");
            forged.Headers.Add("X-Gitea-Delivery", Guid.NewGuid().ToString());
            forged.Headers.Add("X-Gitea-Signature", ProviderDeliveries.Hex(SampleHostFixture.GiteaSecret, Push));
            Assert.Equal(HttpStatusCode.Unauthorized, (await deliveries.SendAsync(forged)).StatusCode);
        }

        var shown = await JsonAsync(await api.GetAsync($"/api/repositories/{repository.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, shown.GetProperty("webhook").GetProperty("lastDeliveryAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/repositories/{repository.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Empty(gitea.Hooks);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
