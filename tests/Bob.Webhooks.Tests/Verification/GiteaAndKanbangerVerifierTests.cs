using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Tests.Verification;

public sealed class GiteaAndKanbangerVerifierTests
{
    private const string Secret = "hook-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main","titre":"déjà vu ✓"}""");

    private static string Hex(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    [Fact]
    public void Gitea_BareHexSignature_IsValid_AndTheEmptyHeaderOfAnUnsignedHookIsRefused()
    {
        using var verifier = new GiteaSignatureVerifier(new WebhookSecrets { Secret = new Secret(Secret) });

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(new TestHeaders(("X-Gitea-Signature", Hex(Secret, Body))), Body));
        Assert.Equal(WebhookVerificationResult.MissingSignature, verifier.Verify(new TestHeaders(("X-Gitea-Signature", "")), Body));
        Assert.Equal(WebhookVerificationResult.MalformedSignature, verifier.Verify(Body, "sha256=" + Hex(Secret, Body)));
        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.Verify(Body, Hex("other", Body)));
    }

    [Fact]
    public void Gitea_ForgejoHeader_IsAccepted()
    {
        using var verifier = new GiteaSignatureVerifier(new WebhookSecrets { Secret = new Secret(Secret) });

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(new TestHeaders(("X-Forgejo-Signature", Hex(Secret, Body))), Body));
    }

    [Theory]
    [InlineData(0, WebhookVerificationResult.Valid)]
    [InlineData(300, WebhookVerificationResult.Valid)]
    [InlineData(-300, WebhookVerificationResult.Valid)]
    [InlineData(301, WebhookVerificationResult.TimestampOutOfRange)]
    [InlineData(-301, WebhookVerificationResult.TimestampOutOfRange)]
    public void Kanbanger_TimestampWindowIsThreeHundredSeconds(int skewSeconds, WebhookVerificationResult expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_768_384_800));
        var timestamp = (1_768_384_800 + skewSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var verifier = new KanbangerSignatureVerifier(new WebhookSecrets { Secret = new Secret(Secret) }, clock);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(Body).ToArray();

        Assert.Equal(expected, verifier.Verify(Body, timestamp, "sha256=" + Hex(Secret, signed)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("17683848OO")]
    [InlineData("-1768384800")]
    [InlineData("1768384800.5")]
    public void Kanbanger_MalformedTimestamp_IsRefused(string? timestamp)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_768_384_800));
        using var verifier = new KanbangerSignatureVerifier(new WebhookSecrets { Secret = new Secret(Secret) }, clock);

        Assert.Equal(WebhookVerificationResult.TimestampOutOfRange, verifier.Verify(Body, timestamp, "sha256=" + new string('0', 64)));
    }

    [Fact]
    public void Kanbanger_SignatureOverBodyWithoutTimestamp_IsInvalid()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_768_384_800));
        using var verifier = new KanbangerSignatureVerifier(new WebhookSecrets { Secret = new Secret(Secret) }, clock);

        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.Verify(Body, "1768384800", "sha256=" + Hex(Secret, Body)));
    }
}
