using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Gitea.Tests.Hooks;

/// <summary>
/// Issue 23 on Gitea, at package level: Gitea sends no hook id, so the hook Bob makes delivers to a URL naming its row
/// (<c>?hook=</c>), and that picks the secret a delivery is checked with; a hook made by hand at Bob's URL is adopted and given
/// that URL and a secret; a hook turned off is turned back on; Gitea keeps no delivery log, which the round takes in its stride.
/// </summary>
public sealed class GiteaWebhookLifecycleTests : IAsyncLifetime
{
    private static readonly byte[] Push = EmbeddedPayloads.Read<GiteaWebhookLifecycleTests>("gitea", "push.branch.json");
    private readonly FakeGiteaHooks _gitea = new(HookHarness.Owner, HookHarness.Name);
    private HookHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await HookHarness.StartAsync(
            GitProvider.Gitea,
            git => git.AddGitea(configureWebhook: s => s.Secret = new Secret(HookHarness.SharedSecret)),
            fake => fake.ToString(),
            _ => _gitea.Handle);
        _gitea.Send = _h.ReceiveAsync;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TheHookBobMakes_NamesItsRowInItsUrl_AndItsDeliveriesAreVerifiedWithItsOwnSecret()
    {
        var (user, connection) = await _h.UserAsync();

        await _h.RegisterAsync(user, connection);
        var hook = Assert.Single(_gitea.Hooks);
        var row = await _h.Store.FindAsync(_h.Remote);
        var delivered = await _gitea.DeliverAsync("push", Push);

        Assert.Equal($"http://bob.test/api/webhooks/gitea?hook={row!.Id:D}", (string?)hook["config"]!["url"]);
        Assert.Equal("json", (string?)hook["config"]!["content_type"]);
        Assert.NotEqual(HookHarness.SharedSecret, Assert.Single(_gitea.SecretsEverSet));
        Assert.Equal(202, Assert.Single(delivered));
        Assert.NotNull((await _h.Store.FindAsync(_h.Remote))!.LastDeliveryAt);
    }

    [Fact]
    public async Task AHandMadeHookAtBobsUrl_IsAdopted_WithItsRowInTheUrlAndASecretOfItsOwn()
    {
        _gitea.AddByHand("http://bob.test/api/webhooks/gitea", "someone-elses-secret");
        var (user, connection) = await _h.UserAsync();

        await _h.RegisterAsync(user, connection);

        var hook = Assert.Single(_gitea.Hooks);
        Assert.Contains("?hook=", (string?)hook["config"]!["url"], StringComparison.Ordinal);
        Assert.Equal(202, Assert.Single(await _gitea.DeliverAsync("push", Push)));
    }

    [Fact]
    public async Task AHookTurnedOff_IsTurnedBackOn_AndTheRoundNeedsNoLog()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        _gitea.DeactivateBehindBobsBack((long)_gitea.Hooks[0]["id"]!);

        var round = await _h.Service.RepairAsync();

        Assert.Equal(1, round.Repaired);
        Assert.Equal(0, round.Failed);
        Assert.True((bool)_gitea.Hooks[0]["active"]!);
        Assert.Equal(202, Assert.Single(await _gitea.DeliverAsync("push", Push)));
    }

    [Fact]
    public async Task ADeliveryNamingAnotherRow_OrUnsigned_IsRefused()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        _gitea.AddByHand($"http://bob.test/api/webhooks/gitea?hook={Guid.NewGuid():D}", "guessed");

        var statuses = await _gitea.DeliverAsync("push", Push);

        Assert.Equal([202, 401], statuses.Order());
    }
}
