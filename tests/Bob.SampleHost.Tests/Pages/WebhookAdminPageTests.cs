using System.Net;
using Bob.Testing;
using Dapper;

namespace Bob.SampleHost.Tests;

/// <summary>
/// <c>/admin/webhooks</c> (issue 23) in a browser without script: per source, deliveries and failures per hour as an SVG chart;
/// dead-lettered deliveries with their reason and a replay button that needs the form's antiforgery token; only for admins.
/// The repository page says whether its webhook is managed.
/// </summary>
public sealed class WebhookAdminPageTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static readonly byte[] Push = EmbeddedPayloads.Read<WebhookAdminPageTests>("github", "push.branch.json");

    [Fact]
    public async Task AnAdmin_SeesDeliveriesPerHourAsAChart_AndTheDeadLetteredOnesWithTheirReason_AndReplaysOne()
    {
        for (var i = 0; i < 3; i++)
        {
            await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("push", Push));
        }

        var reason = "The tracker answered 500 five times (" + Guid.NewGuid().ToString("N")[..6] + ")";
        var deadId = await DeadLetteredAsync(reason);
        var retryReason = "Connection refused (" + Guid.NewGuid().ToString("N")[..6] + ")";
        await RetryingAsync(retryReason);
        using var admin = await PageBrowser.SignedInAsync(host.Factory, "admin", admin: true);

        var html = await admin.GetStringAsync("/admin/webhooks");

        Assert.Contains("data-source=\"github\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("class=\"deliveries\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"failures\"", html, StringComparison.Ordinal); // the dead-lettered one, this hour
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(WebUtility.HtmlEncode(reason), html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(retryReason), html, StringComparison.Ordinal); // failing, to be retried
        Assert.Contains($"/admin/webhooks?id={deadId}&amp;handler=Replay", html, StringComparison.Ordinal);

        var forged = await admin.PostAsync($"/admin/webhooks?id={deadId}&handler=Replay", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no antiforgery token
        var replayed = await admin.PostAsync($"/admin/webhooks?id={deadId}&handler=Replay", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await PageBrowser.AntiforgeryTokenAsync(admin, "/admin/webhooks"),
        }));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("queued to be processed again", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = await host.DataSource.OpenConnectionAsync();
        var status = "failed";
        for (var i = 0; i < 100 && status != "processed"; i++)
        {
            await Task.Delay(100);
            status = await connection.ExecuteScalarAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @deadId", new { deadId });
        }

        Assert.Equal("processed", status); // the worker took it again, and this time it went through
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdmin_IsRefused_AndTheLinkIsNotShownToThem()
    {
        using var user = await PageBrowser.SignedInAsync(host.Factory, "not-admin");

        var page = await user.GetAsync("/admin/webhooks");
        var repositories = await user.GetStringAsync("/repositories");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.DoesNotContain("/admin/webhooks", repositories, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRepositoryPage_SaysItsWebhookIsManual_WhenTheHostHasNoPublicUrl()
    {
        using var browser = await PageBrowser.SignedInAsync(host.Factory, "repo-owner");
        var (api, _) = await PageBrowser.ApiUserAsync(host.Factory, "repo-api");
        var created = await api.PostAsync("/api/repositories", System.Net.Http.Json.JsonContent.Create(new { name = "web", remoteUrl = "https://github.com/acme/web-" + Guid.NewGuid().ToString("N")[..6] + ".git" }));
        var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetGuid();

        var shown = await api.GetStringAsync($"/api/repositories/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("manual", body.GetProperty("webhook").GetProperty("mode").GetString());
        Assert.Contains("Host:PublicBaseUrl", body.GetProperty("webhook").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"manual\"", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/repositories/{id}")).StatusCode); // another user's
    }

    private async Task RetryingAsync(string reason)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, headers, payload, status, retry_count, error_message, next_retry_at)
            VALUES ('gitlab', @delivery, 'Note Hook', true, '{}'::jsonb, '{}'::json, 'pending', 2, @reason, now() + interval '1 hour')
            """,
            new { delivery = Guid.NewGuid().ToString(), reason });
    }

    private async Task<Guid> DeadLetteredAsync(string reason)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, headers, payload, status, retry_count, error_message)
            VALUES ('github', @delivery, 'push', true, '{}'::jsonb, @payload::json, 'failed', 4, @reason)
            RETURNING id
            """,
            new { delivery = Guid.NewGuid().ToString(), reason, payload = System.Text.Encoding.UTF8.GetString(Push) });
    }
}
