using Microsoft.Extensions.Time.Testing;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Tests.Verification;

public sealed class GitLabVerifierTests
{
    // The Standard Webhooks specification's published example (also the svix libraries' test vector).
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Body = """{"test": 2432232314}"""u8.ToArray();

    private static FakeTimeProvider ClockAt(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    private static GitLabVerifier Verifier(string secret, string? previous = null, long now = 1614265330) => new(
        new WebhookSecrets { Secret = new Secret(secret), PreviousSecret = previous is null ? null : new Secret(previous) },
        ClockAt(now));

    [Fact]
    public void VerifyStandardWebhook_PublishedVector_IsValid()
    {
        using var verifier = Verifier(SigningSecret);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.VerifyStandardWebhook(Body, MessageId, Timestamp, Signature));
        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(
            new TestHeaders(("webhook-id", MessageId), ("webhook-timestamp", Timestamp), ("webhook-signature", Signature)), Body));
    }

    [Fact]
    public void VerifyStandardWebhook_SeveralSignatures_AnyMatchIsEnough()
    {
        using var verifier = Verifier(SigningSecret);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.VerifyStandardWebhook(Body, MessageId, Timestamp, "v1,bm9wZQ== " + Signature));
    }

    [Theory]
    [InlineData(1614265330 + 301)]
    [InlineData(1614265330 - 301)]
    public void VerifyStandardWebhook_StaleOrFutureTimestamp_IsRefused(long now)
    {
        using var verifier = Verifier(SigningSecret, now: now);

        Assert.Equal(WebhookVerificationResult.TimestampOutOfRange, verifier.VerifyStandardWebhook(Body, MessageId, Timestamp, Signature));
    }

    [Theory]
    [InlineData("msg_other")]
    public void VerifyStandardWebhook_OtherMessageId_IsInvalid(string id)
    {
        using var verifier = Verifier(SigningSecret);

        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.VerifyStandardWebhook(Body, id, Timestamp, Signature));
    }

    [Fact]
    public void VerifyToken_ConstantTimeSharedSecret()
    {
        using var verifier = Verifier("gitlab-hook-secret", previous: "old-secret");

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(new TestHeaders(("X-Gitlab-Token", "gitlab-hook-secret")), Body));
        Assert.Equal(WebhookVerificationResult.Valid, verifier.VerifyToken("old-secret"));
        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.VerifyToken("gitlab-hook-secreT"));
        Assert.Equal(WebhookVerificationResult.InvalidSignature, verifier.VerifyToken(new string('x', 5000)));
        Assert.Equal(WebhookVerificationResult.MissingSignature, verifier.VerifyToken(""));
    }

    [Fact]
    public void Verify_SigningTokenConfiguredButOnlyATokenHeader_IsRefused()
    {
        using var verifier = Verifier(SigningSecret);

        Assert.Equal(WebhookVerificationResult.MissingSignature, verifier.Verify(new TestHeaders(("X-Gitlab-Token", SigningSecret)), Body));
    }
}
