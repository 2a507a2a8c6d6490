using System.Text;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitLab.Tests.Hooks;

/// <summary>
/// Issue 23 on GitLab, at package level: a Maintainer's connection makes one project hook with a token of its own, whose
/// deliveries are verified by that token (found by its hash); a Developer's is manual; a hook GitLab disabled is turned back
/// on through a test delivery; missed events are resent from GitLab's events log, 5 a minute (GitLab's limit), the rest the
/// next round, each once; a GitLab without the events API (before 17.4) is "no log", not an error; a corrected URL gets a new
/// token, since GitLab resets it.
/// </summary>
public sealed class GitLabWebhookLifecycleTests : IAsyncLifetime
{
    private static readonly byte[] MergeRequest = EmbeddedPayloads.Read<GitLabWebhookLifecycleTests>("gitlab", "merge_request.open.json");
    private readonly FakeGitLabHooks _gitlab = new(HookHarness.Owner, HookHarness.Name);
    private HookHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await HookHarness.StartAsync(
            GitProvider.GitLab,
            git => git.AddGitLab(configureWebhook: s => s.Secret = new Secret(HookHarness.SharedSecret)),
            fake => new Uri(fake, "gitlab").ToString(),
            _ => _gitlab.Handle);
        _gitlab.Send = _h.ReceiveAsync;
        _gitlab.Now = () => _h.Clock.GetUtcNow();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AMaintainer_MakesOneHookWithATokenOfItsOwn_AndItsDeliveriesAreVerifiedByThatToken()
    {
        var (user, connection) = await _h.UserAsync();

        await _h.RegisterAsync(user, connection);
        var hook = Assert.Single(_gitlab.Hooks);
        var delivered = await _gitlab.DeliverAsync("Merge Request Hook", MergeRequest);

        Assert.Equal("http://bob.test/api/webhooks/gitlab", (string?)hook["url"]);
        foreach (var flag in GitLabClient.Events)
        {
            Assert.True((bool)hook[flag]!, flag);
        }

        Assert.False((bool)hook["issues_events"]!);
        var token = Assert.Single(_gitlab.TokensEverSet);
        Assert.Equal(64, token.Length);
        Assert.Equal(202, Assert.Single(delivered).Status);
        Assert.NotNull((await _h.Store.FindAsync(_h.Remote))!.LastDeliveryAt);
        Assert.Equal(401, await SendWithTokenAsync("not-the-token"));
        Assert.Equal(202, await SendWithTokenAsync(HookHarness.SharedSecret)); // a hook made by hand, with the provider-wide token
    }

    [Fact]
    public async Task ADeveloper_RegistersTheProjectAnyway_AsManual()
    {
        _gitlab.AccessLevel = 30;
        var (user, connection) = await _h.UserAsync();

        var repository = await _h.RegisterAsync(user, connection);
        var view = await _h.Service.DescribeAsync(repository);

        Assert.Empty(_gitlab.Hooks);
        Assert.Equal("manual", view.Mode);
        Assert.Contains("Maintainer", view.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHookGitLabDisabled_IsTurnedBackOnThroughATestDelivery()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var id = (long)_gitlab.Hooks[0]["id"]!;
        _gitlab.DisableBehindBobsBack(id);

        var round = await _h.Service.RepairAsync();

        Assert.Equal(1, round.Repaired);
        Assert.Equal(1, _gitlab.Tests);
        Assert.Equal("executable", (string?)_gitlab.Hooks[0]["alert_status"]);
        Assert.Equal(202, Assert.Single(await _gitlab.DeliverAsync("Merge Request Hook", MergeRequest)).Status);
    }

    [Fact]
    public async Task SevenMissedEvents_AreResentFiveThisRoundAndTwoTheNext_EachOnce()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var missed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            missed.Add(Assert.Single(await _gitlab.DeliverAsync("Merge Request Hook", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(MergeRequest).Replace("\"iid\": 1", $"\"iid\": {i + 1}", StringComparison.Ordinal)), unreachable: true)).Key);
        }

        var first = await _h.Service.RepairAsync();
        _h.Clock.Shift += TimeSpan.FromMinutes(5);
        var second = await _h.Service.RepairAsync();
        _h.Clock.Shift += TimeSpan.FromMinutes(5);
        var third = await _h.Service.RepairAsync();

        Assert.Equal(5, first.Redelivered);
        Assert.Equal(2, second.Redelivered);
        Assert.Equal(0, third.Redelivered);
        Assert.All(missed, key => Assert.Equal(1, _gitlab.Resends(key)));
        Assert.Equal(7, (await _h.Deliveries.FindHeldAsync("gitlab", missed)).Count);
    }

    [Fact]
    public async Task AGitLabWithoutTheEventsApi_HasNoLog_AndTheRoundStillChecksTheHook()
    {
        _gitlab.HasEventLog = false;
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        await _gitlab.DeliverAsync("Merge Request Hook", MergeRequest, unreachable: true);

        var round = await _h.Service.RepairAsync();

        Assert.Equal(1, round.Checked);
        Assert.Equal(0, round.Failed);
        Assert.Equal(0, round.Redelivered);
    }

    [Fact]
    public async Task AHookPointedElsewhere_IsPointedBack_WithANewToken_SinceGitLabResetsItWithTheUrl()
    {
        var (user, connection) = await _h.UserAsync();
        await _h.RegisterAsync(user, connection);
        var hook = _gitlab.Hooks[0];
        var id = (long)hook["id"]!;
        _gitlab.Handle(new RecordedRequest("PUT", $"/gitlab/api/v4/projects/3/hooks/{id}", "", new Dictionary<string, string>(), """{"url":"https://elsewhere.example/hook"}"""));

        var round = await _h.Service.RepairAsync();

        Assert.Equal(1, round.Repaired);
        Assert.Equal("http://bob.test/api/webhooks/gitlab", (string?)_gitlab.Hooks[0]["url"]);
        Assert.Equal(2, _gitlab.TokensEverSet.Count);
        Assert.Equal(202, Assert.Single(await _gitlab.DeliverAsync("Merge Request Hook", MergeRequest)).Status);
    }

    private async Task<int> SendWithTokenAsync(string token)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://bob.test/api/webhooks/gitlab") { Content = new ByteArrayContent(MergeRequest) };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add("X-Gitlab-Event", "Merge Request Hook");
        message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        message.Headers.Add("X-Gitlab-Token", token);
        using var response = await _h.ReceiveAsync(message, CancellationToken.None);
        return (int)response.StatusCode;
    }
}
