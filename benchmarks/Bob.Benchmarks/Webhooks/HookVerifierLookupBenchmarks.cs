using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Benchmarks.Webhooks;

/// <summary>
/// What verifying a delivery with its hook's own secret adds (issue 23): finding the hook's verifier in the host's cache
/// from the request's headers (GitHub's hook id; GitLab's token, hashed) among 1,000 managed hooks, against taking the
/// source's shared verifier, which every delivery did before. The verification itself (an HMAC over the body) is the same
/// either way and measured in <see cref="SignatureVerificationBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HookVerifierLookupBenchmarks : IDisposable
{
    private static readonly WebhookSourceDefinition GitHub = new("github", "GitHub", ["X-GitHub-Event"], ["X-GitHub-Delivery"], (s, _) => new GitHubSignatureVerifier(s))
    {
        HookKeys = new WebhookHookKeys(
            r => r.Get("X-GitHub-Hook-ID") is { Length: > 0 } id ? [$"{r.Get("X-GitHub-Enterprise-Host") ?? "github.com"}/{id}", $"*/{id}"] : [],
            h => [$"{h.InstanceHost}/{h.ProviderHookId}", $"*/{h.ProviderHookId}"]),
    };

    private static readonly WebhookSourceDefinition GitLab = new("gitlab", "GitLab", ["X-Gitlab-Event"], ["Idempotency-Key"], (s, t) => new GitLabVerifier(s, t))
    {
        HookKeys = new WebhookHookKeys(
            r => r.Get("X-Gitlab-Token") is { Length: > 0 } token ? [Hash(token)] : [],
            h => [Hash(h.Secret.Reveal())]),
    };

    private WebhookHookVerifiers _cache = null!;
    private WebhookVerifiers _shared = null!;
    private WebhookRequest _githubRequest = null!;
    private WebhookRequest _gitlabRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sources = new WebhookSources([GitHub, GitLab]);
        var hooks = Enumerable.Range(1, 1000).SelectMany(i => new[]
        {
            new WebhookHook(Guid.NewGuid(), "github", "github.com", (400_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), new Secret(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))), null, null),
            new WebhookHook(Guid.NewGuid(), "gitlab", "gitlab.com", (700 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), new Secret("token-" + i), null, null),
        }).ToList();
        _cache = new WebhookHookVerifiers(sources, TimeProvider.System, () => new FixedSource(hooks));
        _shared = new WebhookVerifiers(sources, new SharedSecrets(), TimeProvider.System);
        _githubRequest = new WebhookRequest("github", [KeyValuePair.Create("X-GitHub-Hook-ID", "400500")], Stream.Null);
        _gitlabRequest = new WebhookRequest("gitlab", [KeyValuePair.Create("X-Gitlab-Token", "token-500")], Stream.Null);
        _ = _cache.FindAsync(GitHub, _githubRequest).AsTask().GetAwaiter().GetResult(); // the first lookup reads the hooks
    }

    [Benchmark(Baseline = true)]
    public WebhookSignatureVerifier SharedVerifier() => _shared.For("github");

    [Benchmark]
    public async Task<Guid?> GitHubHookById() => (await _cache.FindAsync(GitHub, _githubRequest))?.HookId;

    [Benchmark]
    public async Task<Guid?> GitLabHookByTokenHash() => (await _cache.FindAsync(GitLab, _gitlabRequest))?.HookId;

    public void Dispose()
    {
        _cache?.Dispose();
        _shared?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed class FixedSource(IReadOnlyList<WebhookHook> hooks) : IWebhookHookSource
    {
        public Task<IReadOnlyList<WebhookHook>> ReadAsync(CancellationToken cancellationToken = default) => Task.FromResult(hooks);
    }

    private sealed class SharedSecrets : Microsoft.Extensions.Options.IOptionsMonitor<WebhookSecrets>
    {
        public WebhookSecrets CurrentValue => Get(null);

        public WebhookSecrets Get(string? name) => new() { Secret = new Secret("shared-secret-" + name) };

        public IDisposable? OnChange(Action<WebhookSecrets, string?> listener) => null;
    }
}
