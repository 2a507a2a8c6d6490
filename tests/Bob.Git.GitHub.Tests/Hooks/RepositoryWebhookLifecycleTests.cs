using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitHub.Tests.Hooks;

/// <summary>
/// Issue 23 at package level: Bob makes one hook per remote with a secret of its own, verifies deliveries with that hook's
/// secret, adopts a hook already there, rotates with grace, repairs what was changed behind its back, asks the delivery log
/// for what was missed exactly once, and removes the hook with the last registration.
/// </summary>
public sealed class RepositoryWebhookLifecycleTests : IAsyncLifetime
{
    private static readonly byte[] Push = EmbeddedPayloads.Read<RepositoryWebhookLifecycleTests>("github", "push.branch.json");
    private readonly FakeGitHubHooks _hooks = new(HookHarness.Owner, HookHarness.Name);
    private HookHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await HookHarness.StartAsync(
            GitProvider.GitHub,
            git => git.AddGitHub(configureWebhook: s => s.Secret = new Secret(HookHarness.SharedSecret)),
            fake => fake.ToString(),
            _ => _hooks.Handle);
        _hooks.Send = _h.ReceiveAsync;
    }

    public async Task DisposeAsync()
    {
        await _hooks.PingsSentAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Registering_WithAnAdminConnection_MakesOneJsonHookForTheSuitesEvents_AndItsDeliveriesAreVerifiedWithItsOwnSecret()
    {
        var (user, connection) = await _h.UserAsync();

        await _h.RegisterAsync(user, connection);
        var hook = Assert.Single(_hooks.Hooks);
        var attempts = await _hooks.DeliverAsync("push", Push);

        Assert.Equal("http://bob.test/api/webhooks/github", (string?)hook["config"]!["url"]);
        Assert.Equal("json", (string?)hook["config"]!["content_type"]);
        Assert.Equal(GitHubApiClient.Events, hook["events"]!.AsArray().Select(e => (string)e!).ToArray());
        var secret = Assert.Single(_hooks.SecretsEverSet);
        Assert.Equal(64, secret.Length); // 32 random bytes, hex
        Assert.NotEqual(HookHarness.SharedSecret, secret);
        Assert.Equal(202, Assert.Single(attempts).StatusCode);
        var row = await _h.Store.FindAsync(_h.Remote);
        Assert.Equal((string?)hook["id"]?.ToString(), row!.ProviderHookId);
        Assert.NotNull(row.LastDeliveryAt); // the delivery was verified with the hook's secret, and counted for it
        var view = await _h.Service.DescribeAsync((await _h.Repositories.ListAsync(user))[0]);
        Assert.Equal("managed", view.Mode);
        Assert.True(view.Active);
    }

    [Fact]
    public async Task ADeliveryNamingBobsHook_SignedWithAnotherSecret_IsRefused_AndAHandMadeHook_IsVerifiedWithTheSharedSecret()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var bobs = (string)_hooks.Hooks[0]["id"]!.ToString();

        var forged = await SendAsync(bobs, HookHarness.SharedSecret); // right for a manual hook, wrong for Bob's
        var handMade = _hooks.AddByHand("http://bob.test/api/webhooks/github?manual", HookHarness.SharedSecret, "push");
        var manual = await SendAsync(handMade.ToString(System.Globalization.CultureInfo.InvariantCulture), HookHarness.SharedSecret);
        var unknownHook = await SendAsync("999999", "not-the-secret");

        Assert.Equal(401, forged);
        Assert.Equal(202, manual);
        Assert.Equal(401, unknownHook);
    }

    [Fact]
    public async Task ADeliveryFromAnEnterpriseServerThatNamesItselfDifferently_IsStillVerifiedWithItsHooksSecret()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var hookId = _hooks.Hooks[0]["id"]!.ToString();
        var secret = _hooks.SecretsEverSet[0];

        Assert.Equal(202, await SendAsync(hookId, secret, enterpriseHost: "ghes.corp.example"));
        Assert.Equal(202, await SendAsync(hookId, secret, enterpriseHost: null)); // as github.com sends it
        Assert.Equal(401, await SendAsync(hookId, "wrong", enterpriseHost: "ghes.corp.example"));
    }

    [Fact]
    public async Task TenRegistrationsOfOneRemote_AtOnce_MakeOneHook()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _h.UserAsync()));

        await Task.WhenAll(users.Select(u => Task.Run(() => _h.RegisterAsync(u.User, u.Connection))));

        Assert.Single(_hooks.Hooks);
        Assert.Single(_hooks.SecretsEverSet);
        Assert.Single(_hooks.Requests, r => r.Method == "POST" && r.Path.EndsWith("/hooks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHookAlreadyThereWithBobsUrl_IsAdopted_WithASecretOfItsOwn()
    {
        var before = _hooks.AddByHand("http://bob.test/api/webhooks/github", "someone-elses-secret", "push");
        var (user, connection) = await _h.UserAsync();

        await _h.RegisterAsync(user, connection);
        var attempts = await _hooks.DeliverAsync("push", Push);

        var hook = Assert.Single(_hooks.Hooks);
        Assert.Equal(before, (long)hook["id"]!);
        Assert.Equal(GitHubApiClient.Events.Count, hook["events"]!.AsArray().Count);
        Assert.Equal(202, Assert.Single(attempts).StatusCode);
    }

    [Fact]
    public async Task AConnectionThatMayNotManageHooks_RegistersTheRepositoryAnyway_AsManual()
    {
        _hooks.Admin = false;
        var (user, connection) = await _h.UserAsync();

        var repository = await _h.RegisterAsync(user, connection);
        var view = await _h.Service.DescribeAsync(repository);

        Assert.Empty(_hooks.Hooks);
        Assert.Equal("manual", view.Mode);
        Assert.Contains("admin", view.Note, StringComparison.Ordinal);
        Assert.Single(await _h.Repositories.ListAsync(user));
    }

    [Fact]
    public async Task AClassicTokenWithoutAHookScope_IsManual_EvenForAnAdmin()
    {
        _hooks.Scopes = "read:org, public_repo";
        var (user, connection) = await _h.UserAsync();

        var repository = await _h.RegisterAsync(user, connection);

        Assert.Empty(_hooks.Hooks);
        Assert.Equal("manual", (await _h.Service.DescribeAsync(repository)).Mode);
    }

    [Fact]
    public async Task Rotation_SetsANewSecretOnTheProvider_AndTheOldOneIsAcceptedForTheGracePeriodOnly()
    {
        var (user, connection) = await _h.UserAsync();
        var repository = await _h.RegisterAsync(user, connection);
        var hookId = _hooks.Hooks[0]["id"]!.ToString();
        var old = _hooks.SecretsEverSet[0];

        await _h.Service.RotateSecretAsync(user, repository.Id);
        var fresh = _hooks.SecretsEverSet[^1];
        var withNew = await SendAsync(hookId, fresh);
        var withOldInGrace = await SendAsync(hookId, old);
        _h.Clock.Shift = TimeSpan.FromMinutes(61);
        var withOldAfter = await SendAsync(hookId, old);
        var withNewAfter = await SendAsync(hookId, fresh);

        Assert.NotEqual(old, fresh);
        Assert.Equal(202, withNew);
        Assert.Equal(202, withOldInGrace);
        Assert.Equal(401, withOldAfter);
        Assert.Equal(202, withNewAfter);
        await Assert.ThrowsAsync<BobNotFoundException>(() => _h.Service.RotateSecretAsync(Guid.NewGuid(), repository.Id));
    }

    [Fact]
    public async Task TheRepairRound_RecreatesADeletedHook_TurnsADeactivatedOneBackOn_AndCorrectsItsUrlAndEvents_KeepingItsSecret()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var first = (long)_hooks.Hooks[0]["id"]!;

        _hooks.DeleteBehindBobsBack(first);
        var recreated = await _h.Service.RepairAsync();
        var second = (long)Assert.Single(_hooks.Hooks)["id"]!;
        var afterRecreate = await _hooks.DeliverAsync("push", Push);

        _hooks.ChangeBehindBobsBack(second, active: false, url: "https://elsewhere.example/hook", events: ["push"]);
        _h.Clock.Shift += TimeSpan.FromMinutes(5);
        var corrected = await _h.Service.RepairAsync();
        var hook = Assert.Single(_hooks.Hooks);
        var afterCorrect = await _hooks.DeliverAsync("push", Push);
        _h.Clock.Shift += TimeSpan.FromMinutes(1);
        var quiet = await _h.Service.RepairAsync(); // looked at a minute ago: left alone until the check interval passes

        Assert.Equal(1, recreated.Repaired);
        Assert.NotEqual(first, second);
        Assert.Equal(202, Assert.Single(afterRecreate).StatusCode);
        Assert.Equal(1, corrected.Repaired);
        Assert.True((bool)hook["active"]!);
        Assert.Equal("http://bob.test/api/webhooks/github", (string?)hook["config"]!["url"]);
        Assert.Equal(GitHubApiClient.Events.Count, hook["events"]!.AsArray().Count);
        Assert.Equal(202, Assert.Single(afterCorrect).StatusCode); // still signed: the correction did not drop the secret
        Assert.Equal(0, quiet.Checked);
        Assert.NotNull((await _h.Store.FindAsync(_h.Remote))!.RepairedAt);
    }

    [Fact]
    public async Task AMissedDelivery_IsAskedForAgainExactlyOnce_AndArrivesWithItsGuid()
    {
        _hooks.DeliveriesPerPage = 1; // the log is read across pages, following GitHub's Link header
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        await _hooks.PingsSentAsync();
        var missed = Assert.Single(await _hooks.DeliverAsync("push", Push, unreachable: true));
        var taken = Assert.Single(await _hooks.DeliverAsync("push", Push));

        var round = await _h.Service.RepairAsync();
        await _hooks.PingsSentAsync();
        _h.Clock.Shift += TimeSpan.FromMinutes(5);
        var next = await _h.Service.RepairAsync();
        await _hooks.PingsSentAsync();

        Assert.Equal(1, round.Redelivered);
        Assert.Equal(1, _hooks.Redeliveries(missed.Guid));
        Assert.Equal(0, _hooks.Redeliveries(taken.Guid));
        Assert.Equal(0, next.Redelivered);
        Assert.Contains(missed.Guid, await _h.Deliveries.FindHeldAsync("github", [missed.Guid]));
        var row = await _h.Store.FindAsync(_h.Remote);
        Assert.Equal(1, row!.RedeliveredCount);
        Assert.NotNull(row.LastFailureAt);
    }

    [Fact]
    public async Task Unregistering_KeepsTheHookWhileAnotherRegistrationReliesOnIt_AndRemovesItWithTheLast()
    {
        var a = await _h.UserAsync();
        var b = await _h.UserAsync();
        var first = await _h.RegisterAsync(a.User, a.Connection);
        var second = await _h.RegisterAsync(b.User, b.Connection);

        Assert.False(await _h.Service.UnregisterAsync(b.User, first.Id)); // another user's id
        Assert.True(await _h.Service.UnregisterAsync(a.User, first.Id));
        var kept = _hooks.Hooks.Count;
        Assert.True(await _h.Service.UnregisterAsync(b.User, second.Id));

        Assert.Equal(1, kept);
        Assert.Empty(_hooks.Hooks);
        Assert.Null(await _h.Store.FindAsync(_h.Remote));
    }

    [Fact]
    public async Task TheSameUnregistration20TimesAtOnce_RemovesItOnce_AndDeletesTheHookOnce()
    {
        var (user, connection) = await _h.UserAsync();
        var repository = await _h.RegisterAsync(user, connection);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _h.Service.UnregisterAsync(user, repository.Id))));

        Assert.Single(answers, removed => removed);
        Assert.Empty(_hooks.Hooks);
        Assert.Single(_hooks.Requests, r => r.Method == "DELETE");
        Assert.Null(await _h.Store.FindAsync(_h.Remote));
    }

    [Fact]
    public async Task NoHookSecret_AppearsInTheStoreOrTheLogs()
    {
        var (user, connection) = await _h.UserAsync();
        var repository = await _h.RegisterAsync(user, connection);
        await _h.Service.RotateSecretAsync(user, repository.Id);
        await _hooks.DeliverAsync("push", Push);

        var row = await _h.Store.FindAsync(_h.Remote);
        var stored = string.Join("|", row!.Secret!.Ciphertext, row.PreviousSecret!.Ciphertext, row.Url, row.LastError);
        Assert.Equal(2, _hooks.SecretsEverSet.Count);
        foreach (var secret in _hooks.SecretsEverSet)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(_h.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private async Task<int> SendAsync(string hookId, string secret, string? enterpriseHost = "127.0.0.1")
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://bob.test/api/webhooks/github") { Content = new ByteArrayContent(Push) };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add("X-GitHub-Event", "push");
        message.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        message.Headers.Add("X-GitHub-Hook-ID", hookId);
        if (enterpriseHost is not null)
        {
            message.Headers.Add("X-GitHub-Enterprise-Host", enterpriseHost);
        }

        message.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Push)));
        using var response = await _h.ReceiveAsync(message, CancellationToken.None);
        return (int)response.StatusCode;
    }
}
