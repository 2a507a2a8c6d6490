using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// A GitHub App's JWT (issue 22), checked as GitHub checks it: RS256 verified with the App's public key, <c>iat</c> 60 s
/// back, <c>exp</c> at most 10 minutes on, <c>iss</c> the client id (or the app id); a key that is missing, unreadable or no
/// RSA private key is refused naming the setting, never the key.
/// </summary>
public sealed class GitHubAppJwtTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private readonly RSA _key = RSA.Create(2048);

    public void Dispose() => _key.Dispose();

    private GitHubAppOptions Options(string? clientId = "Iv23liExampleClient", long? appId = 1234567) =>
        new() { ClientId = clientId, AppId = appId, PrivateKey = new Secret(_key.ExportRSAPrivateKeyPem()) };

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[index])).RootElement;

    [Fact]
    public void AToken_IsRs256SignedByTheAppsKey_WithGitHubsClaims()
    {
        using var signer = GitHubAppJwt.Create(Options());

        var token = signer.Create(Now);

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(("RS256", "JWT"), (Part(token, 0).GetProperty("alg").GetString(), Part(token, 0).GetProperty("typ").GetString()));
        var claims = Part(token, 1);
        Assert.Equal(Now.AddSeconds(-60).ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddMinutes(9).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.True(claims.GetProperty("exp").GetInt64() - Now.ToUnixTimeSeconds() <= 600, "GitHub refuses an exp more than 10 minutes on");
        Assert.Equal("Iv23liExampleClient", claims.GetProperty("iss").GetString());
        Assert.DoesNotContain("=", token, StringComparison.Ordinal); // base64url without padding
    }

    [Fact]
    public void WithoutAClientId_TheIssuerIsTheAppId()
    {
        using var signer = GitHubAppJwt.Create(Options(clientId: null));

        Assert.Equal("1234567", Part(signer.Create(Now), 1).GetProperty("iss").GetString());
    }

    [Fact]
    public void AKeyFile_IsReadLikeAValue()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bob-app-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, _key.ExportPkcs8PrivateKeyPem());
        try
        {
            using var signer = GitHubAppJwt.Create(new GitHubAppOptions { ClientId = "Iv23liExampleClient", PrivateKeyPath = path });
            var parts = signer.Create(Now).Split('.');

            Assert.True(_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingSettings_AreNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GitHubAppJwt.Create(new GitHubAppOptions { Slug = "bob-agent" }));

        Assert.Contains("Providers:GitHub:App:ClientId (or AppId) and Providers:GitHub:App:PrivateKeyPath (or PrivateKey) are not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedOrPublicOrShortKey_IsRefusedNamingTheSetting_NeverShowingTheKey()
    {
        using var small = RSA.Create(1024);
        var keys = new[]
        {
            // A PEM frame around no key material (built from parts, so it reads as no secret to a scanner).
            string.Join('\n', "-----BEGIN " + "RSA PRIVATE KEY-----", "not-a-real-key-material", "-----END " + "RSA PRIVATE KEY-----"),
            _key.ExportSubjectPublicKeyInfoPem(),
            small.ExportRSAPrivateKeyPem(),
        };

        foreach (var pem in keys)
        {
            var error = Assert.Throws<InvalidOperationException>(() => GitHubAppJwt.Create(new GitHubAppOptions { AppId = 1, PrivateKey = new Secret(pem) }));

            Assert.StartsWith("Providers:GitHub:App:PrivateKey is not an RSA private key", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-real-key-material", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AKeyFileThatCannotBeRead_IsNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GitHubAppJwt.Create(new GitHubAppOptions { AppId = 1, PrivateKeyPath = "/nonexistent/bob-app.pem" }));

        Assert.StartsWith("Providers:GitHub:App:PrivateKeyPath cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSigner_ShowsItsIssuerOnly()
    {
        using var signer = GitHubAppJwt.Create(Options());

        Assert.Equal("GitHub App JWT signer (iss Iv23liExampleClient)", signer.ToString());
    }
}
