using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitHub.Tests.Hooks;

/// <summary>
/// Repositories reached through a GitHub App have no hook of their own: the App's webhook delivers for them. What it failed
/// to deliver is read from the App's own delivery log (<c>GET /app/hook/deliveries</c>, with the App JWT the fake verifies)
/// and asked for again once (<c>POST /app/hook/deliveries/{id}/attempts</c>); the redelivery arrives with its GUID.
/// </summary>
public sealed class GitHubAppHookLogTests : IAsyncLifetime
{
    private static readonly byte[] Push = EmbeddedPayloads.Read<GitHubAppHookLogTests>("github", "push.branch.json");
    private readonly FakeGitHubApp _app = new();
    private HookHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await HookHarness.StartAsync(
            GitProvider.GitHub,
            git => git.AddGitHub(
                o =>
                {
                    o.ApiBaseUrl = HookHarnessBase + "api/v3/";
                    o.App.ClientId = _app.ClientId;
                    o.App.ClientSecret = new Secret(_app.ClientSecret);
                    o.App.Slug = _app.Slug;
                    o.App.PrivateKey = new Secret(_app.PrivateKeyPem);
                },
                s => s.Secret = new Secret(HookHarness.SharedSecret)),
            fake => fake.ToString(),
            _ => _app.Handle);
        _app.WebhookUrl = new Uri("http://bob.test/api/webhooks/github");
        _app.WebhookSecret = HookHarness.SharedSecret;
        _app.Send = _h.ReceiveAsync;
        _app.Now = () => _h.Clock.GetUtcNow(); // GitHub and Bob agree on the time, as NTP would have them
    }

    /// <summary>The fake's address, known only once it listens: the options read it when the App client is first made.</summary>
    private string HookHarnessBase => _h.Host.Server.BaseUri.ToString();

    public async Task DisposeAsync()
    {
        await _app.AppSendsAsync();
        await _h.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task AFailedAppDelivery_IsAskedForAgainOnce_AndArrivesWithItsGuid()
    {
        await _h.Installations.SaveAsync(_h.Instance, 900, "acme", true, null);
        var taken = await _app.DeliverThroughAppAsync("push", Push);
        var missed = await _app.DeliverThroughAppAsync("push", Push, unreachable: true);

        var round = await _h.Service.RepairAsync();
        await _app.AppSendsAsync();
        _h.Clock.Shift += TimeSpan.FromMinutes(5);
        var next = await _h.Service.RepairAsync();
        await _app.AppSendsAsync();

        Assert.Equal(202, taken.StatusCode);
        Assert.Equal(1, round.Redelivered);
        Assert.Equal(0, next.Redelivered);
        Assert.Equal(1, _app.AppRedeliveries(missed.Guid));
        Assert.Equal(0, _app.AppRedeliveries(taken.Guid));
        Assert.Contains(missed.Guid, await _h.Deliveries.FindHeldAsync("github", [missed.Guid]));
        Assert.Equal(0, _app.RefusedJwts);
    }

    [Fact]
    public async Task WithoutAnInstallation_TheAppsLogIsNotRead()
    {
        await _app.DeliverThroughAppAsync("push", Push, unreachable: true);

        var round = await _h.Service.RepairAsync();

        Assert.Equal(0, round.Checked);
        Assert.Equal(0, round.Redelivered);
    }
}
