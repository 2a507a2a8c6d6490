using System.Net;
using Microsoft.Extensions.Configuration;

namespace Bob.SampleHost.Tests;

/// <summary>A webhook secret rotated in the host's configuration takes effect at once, without a restart.</summary>
public sealed class SecretRotationTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task RotatedSecret_IsUsedWithoutARestart_AndTheOldOneStopsWhenDropped()
    {
        var settings = new ReloadableSource();
        await using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.Add(settings)));
        using var client = factory.CreateClient();
        async Task<HttpStatusCode> PostAsync(string secret) =>
            (await client.SendAsync(Signed(secret))).StatusCode;

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(SampleHostFixture.GitHubSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("rotated-secret"));

        settings.Provider.Change(("Webhooks:GitHub:Secret", "rotated-secret"), ("Webhooks:GitHub:PreviousSecret", SampleHostFixture.GitHubSecret));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("rotated-secret"));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(SampleHostFixture.GitHubSecret));

        settings.Provider.Change(("Webhooks:GitHub:Secret", "rotated-secret"), ("Webhooks:GitHub:PreviousSecret", ""));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("rotated-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(SampleHostFixture.GitHubSecret));
    }

    private static HttpRequestMessage Signed(string secret)
    {
        var body = """{"zen":"Rotate your secrets."}"""u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "ping");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    /// <summary>A configuration source whose values the test changes, announcing each change as a reload does.</summary>
    private sealed class ReloadableSource : IConfigurationSource
    {
        public ReloadableProvider Provider { get; } = new();

        public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
    }

    private sealed class ReloadableProvider : ConfigurationProvider
    {
        public void Change(params (string Key, string Value)[] values)
        {
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }

            OnReload();
        }
    }
}
