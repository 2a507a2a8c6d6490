using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bob.Webhooks;
using Bob.Git.Abstractions;

namespace Bob.Benchmarks.Webhooks;

/// <summary>
/// Verifying one delivery's signature over the raw body: a one-shot HMAC plus a constant-time compare (the floor a careful
/// hand-written check reaches), the suite's GitHub and Gitea verifiers, and Octokit.Webhooks' validator.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SignatureVerificationBenchmarks : IDisposable
{
    private const string Secret = "a-webhook-secret-of-reasonable-length";
    private readonly byte[] _key = Encoding.UTF8.GetBytes(Secret);
    private byte[] _body = [];
    private string _githubHeader = "";
    private string _giteaHeader = "";
    private GitHubSignatureVerifier _github = null!;
    private GiteaSignatureVerifier _gitea = null!;

    [Params(1024, 25 * 1024, 1024 * 1024)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = new byte[BodyBytes];
        RandomNumberGenerator.Fill(_body);
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(_key, _body));
        _githubHeader = "sha256=" + hex;
        _giteaHeader = hex;
        var secrets = new WebhookSecrets { Secret = new Secret(Secret) };
        _github = new GitHubSignatureVerifier(secrets);
        _gitea = new GiteaSignatureVerifier(secrets);
    }

    [Benchmark(Baseline = true)]
    public bool OneShotHmac()
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> provided = stackalloc byte[32];
        HMACSHA256.HashData(_key, _body, expected);
        Convert.FromHexString(_githubHeader.AsSpan(7), provided, out _, out _);
        return CryptographicOperations.FixedTimeEquals(expected, provided);
    }

    [Benchmark]
    public WebhookVerificationResult BobGitHub() => _github.Verify(_body, _githubHeader);

    [Benchmark]
    public WebhookVerificationResult BobGitea() => _gitea.Verify(_body, _giteaHeader);

    [Benchmark]
    public Octokit.Webhooks.WebhookSignatureValidationResult OctokitWebhooks() => Octokit.Webhooks.WebhookSignatureValidator.Verify(_githubHeader, Secret, _body);

    public void Dispose()
    {
        _github?.Dispose();
        _gitea?.Dispose();
        GC.SuppressFinalize(this);
    }
}
