using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Tests.Verification;

public sealed class GitHubSignatureVerifierTests
{
    // GitHub's published example: docs.github.com, "Validating webhook deliveries", "Testing the webhook payload validation".
    private const string DocsSecret = "It's a Secret to Everybody";
    private const string DocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] DocsBody = "Hello, World!"u8.ToArray();

    private static GitHubSignatureVerifier Verifier(string? secret = DocsSecret, string? previous = null) => new(new WebhookSecrets
    {
        Secret = secret is null ? null : new Secret(secret),
        PreviousSecret = previous is null ? null : new Secret(previous),
    });

    [Fact]
    public void Verify_GitHubsPublishedVector_IsValid()
    {
        using var verifier = Verifier();

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(DocsBody, DocsSignature));
        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(new TestHeaders(("x-hub-signature-256", DocsSignature)), DocsBody));
    }

    [Fact]
    public void Verify_PreviousSecretDuringRotation_IsValid()
    {
        using var verifier = Verifier(secret: "the-new-secret", previous: DocsSecret);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(DocsBody, DocsSignature));
    }

    [Theory]
    [InlineData(null, null, WebhookVerificationResult.MissingSignature)]
    [InlineData("", null, WebhookVerificationResult.MissingSignature)]
    [InlineData(null, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", WebhookVerificationResult.LegacySha1Only)]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", null, WebhookVerificationResult.MalformedSignature)]
    [InlineData("sha256=757107ea", null, WebhookVerificationResult.MalformedSignature)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", null, WebhookVerificationResult.MalformedSignature)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000", null, WebhookVerificationResult.InvalidSignature)]
    public void Verify_BadHeaders_AreRefused(string? signature256, string? sha1, WebhookVerificationResult expected)
    {
        using var verifier = Verifier();

        Assert.Equal(expected, verifier.Verify(DocsBody, signature256, sha1));
    }

    [Fact]
    public void Verify_WrongSecret_IsInvalid()
    {
        using var verifier = Verifier("another secret");

        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.Verify(DocsBody, DocsSignature));
    }

    [Fact]
    public void Verify_NoSecretConfigured_AcceptsNothing()
    {
        using var verifier = Verifier(secret: null);

        Assert.Equal(WebhookVerificationResult.NotConfigured, verifier.Verify(DocsBody, DocsSignature));
    }

    [Property(MaxTest = 300)]
    public Property Verify_SignatureOverRawBytes_HoldsForAnyBodyAndFailsForAnyBitFlip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyArray<byte>>(), ArbMap.Default.ArbFor<NonEmptyString>(), ArbMap.Default.ArbFor<int>(), (body, secret, position) =>
        {
            using var verifier = Verifier(secret.Get);
            var bytes = body.Get;
            var header = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret.Get), bytes));
            var flipped = (byte[])bytes.Clone();
            flipped[Math.Abs(position % flipped.Length)] ^= 0x01;
            return verifier.Verify(bytes, header) == WebhookVerificationResult.Valid
                && verifier.Verify(flipped, header) == WebhookVerificationResult.InvalidSignature;
        });
}
