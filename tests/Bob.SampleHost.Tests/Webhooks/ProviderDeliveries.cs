using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Deliveries with the headers each provider really sends (GitHub's, GitLab's and Gitea's webhook documentation; Gitea's
/// <c>services/webhook/deliver.go</c> for its event and event-type headers), signed with the sample host's secrets.
/// </summary>
internal static class ProviderDeliveries
{
    public static string Hex(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static HttpRequestMessage Json(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        return request;
    }

    public static HttpRequestMessage GitHub(string eventName, byte[] body, string? delivery = null)
    {
        var request = Json("/api/webhooks/github", body);
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hex(SampleHostFixture.GitHubSecret, body));
        return request;
    }

    public static HttpRequestMessage GitLab(string eventName, byte[] body, string? delivery = null)
    {
        var request = Json("/api/webhooks/gitlab", body);
        request.Headers.Add("X-Gitlab-Event", eventName);
        request.Headers.Add("X-Gitlab-Token", SampleHostFixture.GitLabSecret);
        request.Headers.Add("X-Gitlab-Event-UUID", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Gitlab-Webhook-UUID", "8e4c3c9e-d6a8-4b77-9d6b-0f1e5a0b3c2d");
        request.Headers.Add("X-Gitlab-Instance", "https://gitlab.example.com");
        return request;
    }

    /// <summary>
    /// A Gitea delivery: <c>X-Gitea-Event</c> is the coarse name (<c>pull_request</c>, <c>pull_request_approved</c>, ...) and
    /// <c>X-Gitea-Event-Type</c> the fine one; Gitea also sends the Gogs and GitHub forms. Forgejo sends its own
    /// <c>X-Forgejo-*</c> headers beside Gitea's, or, with <paramref name="forgejoOnly"/>, the test leaves Gitea's out.
    /// </summary>
    public static HttpRequestMessage Gitea(string eventName, string eventType, byte[] body, bool forgejo = false, bool forgejoOnly = false)
    {
        var request = Json("/api/webhooks/gitea", body);
        var delivery = Guid.NewGuid().ToString();
        var signature = Hex(SampleHostFixture.GiteaSecret, body);
        if (!forgejoOnly)
        {
            request.Headers.Add("X-Gitea-Delivery", delivery);
            request.Headers.Add("X-Gitea-Event", eventName);
            request.Headers.Add("X-Gitea-Event-Type", eventType);
            request.Headers.Add("X-Gitea-Signature", signature);
            request.Headers.Add("X-Gogs-Delivery", delivery);
            request.Headers.Add("X-Gogs-Event", eventName);
            request.Headers.Add("X-GitHub-Event", eventName);
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + signature);
        }

        if (forgejo || forgejoOnly)
        {
            request.Headers.Add("X-Forgejo-Delivery", delivery);
            request.Headers.Add("X-Forgejo-Event", eventName);
            request.Headers.Add("X-Forgejo-Event-Type", eventType);
            request.Headers.Add("X-Forgejo-Signature", signature);
        }

        return request;
    }

    /// <summary>The Kanbanger signature (SPEC §5) of <paramref name="body"/> at <paramref name="timestamp"/>.</summary>
    public static string KanbangerSignature(long timestamp, byte[] body) =>
        "sha256=" + Hex(SampleHostFixture.KanbangerSecret, [.. Encoding.UTF8.GetBytes($"{timestamp}."), .. body]);

    /// <summary>A Kanbanger delivery (SPEC §5) with a new delivery id, signed at <paramref name="timestamp"/> unless <paramref name="signature"/> is given.</summary>
    public static HttpRequestMessage Kanbanger(string eventName, byte[] body, long timestamp, string? signature = null)
    {
        var request = Json("/api/webhooks/kanbanger", body);
        request.Headers.Add("X-Kanbanger-Event", eventName);
        request.Headers.Add("X-Kanbanger-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Kanbanger-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Kanbanger-Signature", signature ?? KanbangerSignature(timestamp, body));
        return request;
    }

    /// <summary>Sends a delivery, expects it stored (202), and returns its row id.</summary>
    public static async Task<Guid> SendAsync(SampleHostFixture host, HttpRequestMessage request)
    {
        using var client = host.Factory.CreateClient();
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Waits for the host's worker to settle a delivery and returns its status and error.</summary>
    public static async Task<(string Status, string? Error)> SettledAsync(SampleHostFixture host, Guid id)
    {
        // The bound only keeps a broken build from hanging; it measures nothing.
        for (var i = 0; i < 300; i++)
        {
            await using var command = host.DataSource.CreateCommand(
                "SELECT status, error_message, retry_count FROM webhook_deliveries WHERE id = @id");
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var status = reader.GetString(0);
                var error = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (status != "pending" || reader.GetInt32(2) > 0)
                {
                    return (status, error);
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Delivery {id} was not settled.");
    }

    /// <summary>Registers <paramref name="remoteUrl"/> for a new user.</summary>
    public static async Task RegisterAsync(SampleHostFixture host, string remoteUrl, string? provider = null)
    {
        var (client, _) = await host.CreateUserClientAsync($"owner-{Guid.NewGuid():N}");
        using var response = await client.PostAsJsonAsync("/api/repositories", new { name = "repo", remoteUrl, provider });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
