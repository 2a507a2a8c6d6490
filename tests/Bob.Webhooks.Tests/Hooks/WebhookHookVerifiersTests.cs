using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Webhooks.Tests.Hooks;

/// <summary>
/// The hosts' cache of hook verifiers (issue 23): deliveries through a known hook are checked with its own secret and read
/// nothing; deliveries naming unknown hooks cost at most one read of the hooks per miss interval, however many arrive; a
/// secret rotated on another host is picked up when a delivery fails with the old one; the previous secret ends with its grace.
/// </summary>
public sealed class WebhookHookVerifiersTests
{
    private static readonly WebhookSourceDefinition Source = new("acme", "Acme", ["X-Acme-Event"], ["X-Acme-Delivery"], (secrets, _) => new GitHubSignatureVerifier(secrets))
    {
        HookKeys = new WebhookHookKeys(r => r.Get("X-Acme-Hook") is { } id ? [id] : [], h => [h.ProviderHookId]),
    };

    private static readonly byte[] Body = """{"zen":"Design for failure."}"""u8.ToArray();

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
    private readonly CountingSource _hooks = new();

    private WebhookHookVerifiers NewCache() => new(new WebhookSources([Source]), _clock, () => _hooks);

    [Fact]
    public async Task AKnownHook_IsCheckedWithItsOwnSecret_WithoutReadingTheHooksAgain()
    {
        _hooks.Set(Hook("7", "secret-seven"));
        using var cache = NewCache();

        var first = await cache.FindAsync(Source, Request("7", "secret-seven"));
        for (var i = 0; i < 100; i++)
        {
            await cache.FindAsync(Source, Request("7", "secret-seven"));
        }

        Assert.NotNull(first);
        Assert.Equal(WebhookVerificationResult.Valid, first.Value.Verifier.Verify(Request("7", "secret-seven"), Body));
        Assert.Equal(WebhookVerificationResult.InvalidSignature, first.Value.Verifier.Verify(Request("7", "another"), Body));
        Assert.Equal(1, _hooks.Reads);
    }

    [Fact]
    public async Task AThousandDeliveriesNamingUnknownHooks_ReadTheHooksAtMostOncePerMissInterval()
    {
        _hooks.Set(Hook("7", "secret-seven"));
        using var cache = NewCache();
        await cache.FindAsync(Source, Request("7", "secret-seven"));

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(await cache.FindAsync(Source, Request("forged-" + i, "x")));
        }

        var afterBurst = _hooks.Reads;
        _clock.Advance(WebhookHookVerifiers.MissInterval + TimeSpan.FromSeconds(1));
        await cache.FindAsync(Source, Request("forged-again", "x"));

        Assert.Equal(1, afterBurst);
        Assert.Equal(2, _hooks.Reads);
    }

    [Fact]
    public async Task AHookMadeOnAnotherHost_IsFoundOnItsFirstDelivery_OnceTheMissIntervalHasPassed()
    {
        using var cache = NewCache();
        await cache.FindAsync(Source, Request("1", "s"));
        _hooks.Set(Hook("8", "secret-eight"));
        _clock.Advance(WebhookHookVerifiers.MissInterval + TimeSpan.FromSeconds(1));

        var found = await cache.FindAsync(Source, Request("8", "secret-eight"));

        Assert.NotNull(found);
        Assert.Equal(WebhookVerificationResult.Valid, found.Value.Verifier.Verify(Request("8", "secret-eight"), Body));
    }

    [Fact]
    public async Task ASecretRotatedOnAnotherHost_IsPickedUpWhenADeliveryFailsWithTheOldOne_AndThePreviousOneEndsWithItsGrace()
    {
        _hooks.Set(Hook("7", "old"));
        using var cache = NewCache();
        var before = await cache.FindAsync(Source, Request("7", "new"));
        _hooks.Set(Hook("7", "new", previous: "old", until: _clock.GetUtcNow() + TimeSpan.FromHours(1)));
        _clock.Advance(WebhookHookVerifiers.MissInterval + TimeSpan.FromSeconds(1));

        var changed = await cache.RecheckAsync(Source, Request("7", "new"), before!.Value.Verifier);
        var unchanged = await cache.RecheckAsync(Source, Request("7", "new"), changed!.Value.Verifier);
        _clock.Advance(TimeSpan.FromHours(1));
        var afterGrace = await cache.FindAsync(Source, Request("7", "old"));

        Assert.Equal(WebhookVerificationResult.Valid, changed.Value.Verifier.Verify(Request("7", "new"), Body));
        Assert.Equal(WebhookVerificationResult.Valid, changed.Value.Verifier.Verify(Request("7", "old"), Body));
        Assert.Null(unchanged); // nothing changed since: no second read within the interval either
        Assert.Equal(WebhookVerificationResult.InvalidSignature, afterGrace!.Value.Verifier.Verify(Request("7", "old"), Body));
        Assert.Equal(WebhookVerificationResult.Valid, afterGrace.Value.Verifier.Verify(Request("7", "new"), Body));
    }

    [Fact]
    public async Task AStaleCache_IsReadAgainInTheBackground_WhileDeliveriesAreVerifiedWithWhatIsKnown()
    {
        _hooks.Set(Hook("7", "secret-seven"));
        using var cache = NewCache();
        await cache.FindAsync(Source, Request("7", "secret-seven"));
        var slow = new TaskCompletionSource();
        _hooks.Gate = slow.Task; // the database is slow to answer now
        _clock.Advance(WebhookHookVerifiers.MaxAge + TimeSpan.FromSeconds(1));

        var found = cache.FindAsync(Source, Request("7", "secret-seven")).AsTask();
        var completed = await Task.WhenAny(found, Task.Delay(TimeSpan.FromSeconds(10))) == found;
        slow.SetResult();

        Assert.True(completed, "a delivery waited for the background read");
        Assert.NotNull(await found);
    }

    [Fact]
    public async Task WhenTheHooksCannotBeRead_TheCacheKeepsWhatItKnew()
    {
        _hooks.Set(Hook("7", "secret-seven"));
        using var cache = NewCache();
        await cache.FindAsync(Source, Request("7", "secret-seven"));
        _hooks.Fail = true;
        _clock.Advance(WebhookHookVerifiers.MaxAge + TimeSpan.FromSeconds(1));

        var found = await cache.FindAsync(Source, Request("7", "secret-seven"));

        Assert.NotNull(found);
        Assert.Equal(WebhookVerificationResult.Valid, found.Value.Verifier.Verify(Request("7", "secret-seven"), Body));
    }

    private static WebhookHook Hook(string id, string secret, string? previous = null, DateTimeOffset? until = null) =>
        new(Guid.NewGuid(), "acme", "acme.example", id, new Secret(secret), previous is null ? null : new Secret(previous), until);

    private static WebhookRequest Request(string hookId, string secret) => new(
        "acme",
        [
            KeyValuePair.Create("X-Acme-Hook", hookId),
            KeyValuePair.Create("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body))),
        ],
        new MemoryStream(Body));

    private sealed class CountingSource : IWebhookHookSource
    {
        private IReadOnlyList<WebhookHook> _hooks = [];
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public bool Fail { get; set; }

        public Task Gate { get; set; } = Task.CompletedTask;

        public void Set(params WebhookHook[] hooks) => _hooks = hooks;

        public async Task<IReadOnlyList<WebhookHook>> ReadAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            await Gate;
            return Fail ? throw new TimeoutException("the database is away") : _hooks;
        }
    }
}
