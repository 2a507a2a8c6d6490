using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Vault;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Apps;

/// <summary>
/// <see cref="GitAppInstallationTokens"/> at package level, with the in-memory installation store and an App client that
/// counts what it is asked: one mint for many callers, reuse until 5 minutes before expiry, tokens stored only encrypted,
/// and an uninstalled or suspended installation recorded so nothing asks the provider again.
/// </summary>
public sealed class GitAppInstallationTokensTests : IDisposable
{
    private static readonly GitInstance Instance = GitInstance.Create(GitProvider.GitHub, "https://github.acme-corp.example");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly InMemoryGitAppInstallationStore _store = new();
    private readonly VaultKeyRing _keys = new(RandomNumberGenerator.GetBytes(32));
    private readonly CountingApp _app;
    private readonly GitAppInstallationTokens _tokens;

    public GitAppInstallationTokensTests()
    {
        _app = new CountingApp(_time);
        _tokens = new GitAppInstallationTokens(_store, new TokenVault(_keys), [_app], _time);
    }

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task ManyCallers_MintOne_ThenReuseIt_UntilFiveMinutesBeforeItExpires()
    {
        var installation = await _store.SaveAsync(Instance, 7, "acme", true, null);

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _tokens.GetAsync(installation))));
        _time.Advance(TimeSpan.FromMinutes(54));
        var reused = await _tokens.GetAsync(installation);
        _time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left
        var renewed = await _tokens.GetAsync(installation);

        Assert.Single(first.Select(t => t.Token).Distinct());
        Assert.Equal(first[0].Token, reused.Token);
        Assert.NotEqual(first[0].Token, renewed.Token);
        Assert.Equal(2, _app.Mints);
        var stored = await _store.GetTokenAsync(installation.Id);
        Assert.DoesNotContain(renewed.Token, stored!.Value.Token.Ciphertext, StringComparison.Ordinal); // only ciphertext is stored
    }

    [Theory]
    [InlineData("deleted", "install the App on acme again")]
    [InlineData("suspended", "must unsuspend it")]
    public async Task AnInstallationTheProviderRefuses_IsRecorded_AndTheNextCallIsAnsweredWithoutAskingAgain(string reason, string advice)
    {
        var installation = await _store.SaveAsync(Instance, 8, "acme", true, null);
        _app.Refusal = reason;

        var first = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _tokens.GetAsync(installation));
        var recorded = (await _store.GetAsync(installation.Id))!;
        var second = Assert.Throws<GitAppInstallationUnavailableException>(() => GitAppInstallationTokens.EnsureUsable(recorded));

        Assert.Equal((reason, BobErrorKind.Conflict), (first.Reason, first.Kind));
        Assert.Contains(advice, first.Message, StringComparison.Ordinal);
        Assert.Equal(reason, second.Reason);
        Assert.Equal(1, _app.Calls);
    }

    [Fact]
    public void AnAppThatIsNotConfigured_IsAValidationErrorNamingWhatIsMissing()
    {
        _app.Missing = "Providers:GitHub:App:Slug is not set.";

        var ex = Assert.Throws<BobValidationException>(() => _tokens.App(Instance));

        Assert.Equal("provider", ex.Field);
        Assert.Contains("Providers:GitHub:App:Slug is not set.", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An App client that mints numbered tokens living one hour, or refuses as told.</summary>
    private sealed class CountingApp(TimeProvider time) : IGitAppClient
    {
        private int _calls;

        public int Mints { get; private set; }

        public int Calls => Volatile.Read(ref _calls);

        public string? Refusal { get; set; }

        public string? Missing { get; set; }

        public GitProvider Provider => GitProvider.GitHub;

        public string? Unavailable(GitInstance instance) => Missing;

        public async Task<GitAppInstallationToken> CreateInstallationTokenAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(50, cancellationToken); // slow enough for concurrent callers to overlap
            if (Refusal is { } reason)
            {
                throw new GitAppInstallationUnavailableException(installationId, reason, $"refused: {reason}");
            }

            Mints++;
            return new GitAppInstallationToken($"ghs_counting_{Mints}_{Guid.NewGuid():N}", time.GetUtcNow().AddHours(1));
        }

        public bool Supports(GitInstance instance) => true;

        public Uri BuildInstallUrl(GitInstance instance, string state) => throw new NotSupportedException();

        public Uri BuildAuthorizeUrl(GitInstance instance, Uri redirectUri, string state, string codeChallenge) => throw new NotSupportedException();

        public Task<TokenSet> ExchangeCodeAsync(GitInstance instance, string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TokenSet> RefreshAsync(GitInstance instance, string refreshToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<GitAppInstallationInfo>> ListUserInstallationsAsync(GitInstance instance, string userToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListInstallationRepositoriesAsync(GitInstance instance, string installationToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long?> FindRepositoryInstallationAsync(GitInstance instance, string owner, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ProviderHookDeliveryPage> ListAppHookDeliveriesAsync(GitInstance instance, string? cursor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RedeliverAppHookAsync(GitInstance instance, string deliveryId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
