using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Tests.Verification;

/// <summary>
/// <see cref="WebhookSignatureVerifier.Begin"/>: headers refused before any body is read, and the body checked as it arrives
/// gives the same verdict as <see cref="WebhookSignatureVerifier.Verify"/> over the whole body, for every source.
/// </summary>
public sealed class StreamingVerificationTests
{
    private const string Secret = "streaming-secret";
    private const string Previous = "streaming-secret-old";
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private static readonly string Now = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    private static readonly string SigningToken = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("gitlab-signing-key-32-bytes-long"));

    private static WebhookSecrets Secrets(string secret) => new() { Secret = new Secret(secret), PreviousSecret = new Secret(Previous) };

    private static string Hex(string key, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), data));

    /// <summary>Each source with headers signed by <paramref name="key"/> over <paramref name="body"/> the way it documents.</summary>
    private static (WebhookSignatureVerifier Verifier, TestHeaders Headers) Signed(string source, string key, byte[] body) => source switch
    {
        "github" => (new GitHubSignatureVerifier(Secrets(Secret)), new TestHeaders(("X-Hub-Signature-256", "sha256=" + Hex(key, body)))),
        "gitea" => (new GiteaSignatureVerifier(Secrets(Secret)), new TestHeaders(("X-Gitea-Signature", Hex(key, body)))),
        "kanbanger" => (new KanbangerSignatureVerifier(Secrets(Secret), Clock), new TestHeaders(
            ("X-Kanbanger-Timestamp", Now), ("X-Kanbanger-Signature", "sha256=" + Hex(key, [.. Encoding.ASCII.GetBytes(Now + "."), .. body])))),
        _ => (new GitLabVerifier(new WebhookSecrets { Secret = new Secret(SigningToken) }, Clock), new TestHeaders(
            ("webhook-id", "msg_1"), ("webhook-timestamp", Now),
            ("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(
                key == Secret ? Encoding.ASCII.GetBytes("gitlab-signing-key-32-bytes-long") : Encoding.UTF8.GetBytes(key),
                Encoding.UTF8.GetBytes($"msg_1.{Now}.").Concat(body).ToArray()))))),
    };

    private static WebhookVerificationResult Streamed(WebhookSignatureVerifier verifier, IWebhookHeaders headers, byte[] body, int[] cuts)
    {
        var verdict = verifier.Begin(headers, out var check);
        if (verdict != WebhookVerificationResult.Valid)
        {
            return verdict;
        }

        using (check)
        {
            var offset = 0;
            foreach (var cut in cuts.Select(c => Math.Min(c, body.Length)).Order().Append(body.Length))
            {
                check!.Append(body.AsSpan(offset, cut - offset));
                offset = cut;
            }

            return check!.Complete();
        }
    }

    private static readonly Gen<(string Source, bool RightKey, byte[] Body, int[] Cuts)> Deliveries =
        from source in Gen.Elements("github", "gitea", "kanbanger", "gitlab")
        from rightKey in ArbMap.Default.GeneratorFor<bool>()
        from body in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())
        from cuts in Gen.ArrayOf(Gen.Choose(0, 4096))
        select (source, rightKey, body, cuts);

    [Property(MaxTest = 300)]
    public Property BodyCheckedAsItArrives_InAnyParts_GivesTheVerdictOfTheWholeBody() =>
        Prop.ForAll(Deliveries.ToArbitrary(), d =>
        {
            var (verifier, headers) = Signed(d.Source, d.RightKey ? Secret : "not-the-secret", d.Body);
            using (verifier)
            {
                var whole = verifier.Verify(headers, d.Body);
                var streamed = Streamed(verifier, headers, d.Body, d.Cuts);
                return streamed == whole && (whole == WebhookVerificationResult.Valid) == d.RightKey;
            }
        });

    [Fact]
    public void PreviousSecret_IsAcceptedWhileStreaming()
    {
        var body = "{\"zen\":\"rotation\"}"u8.ToArray();
        var (verifier, headers) = Signed("github", Previous, body);
        using (verifier)
        {
            Assert.Equal(WebhookVerificationResult.Valid, Streamed(verifier, headers, body, [3, 7]));
        }
    }

    public static TheoryData<string, string?, string?, WebhookVerificationResult> RefusedFromHeaders => new()
    {
        { "github", null, null, WebhookVerificationResult.MissingSignature },
        { "github", "X-Hub-Signature-256", "sha256=zz", WebhookVerificationResult.MalformedSignature },
        { "github", "X-Hub-Signature-256", "sha1=" + new string('a', 40), WebhookVerificationResult.MalformedSignature },
        { "github", "X-Hub-Signature", "sha1=" + new string('a', 40), WebhookVerificationResult.LegacySha1Only },
        { "gitea", null, null, WebhookVerificationResult.MissingSignature },
        { "gitea", "X-Gitea-Signature", "", WebhookVerificationResult.MissingSignature },
        { "gitea", "X-Gitea-Signature", new string('g', 64), WebhookVerificationResult.MalformedSignature },
        { "kanbanger", null, null, WebhookVerificationResult.MissingSignature },
        { "gitlab", null, null, WebhookVerificationResult.MissingSignature },
        { "gitlab", "X-Gitlab-Token", "wrong", WebhookVerificationResult.InvalidSignature },
    };

    /// <summary>These are refused by <see cref="WebhookSignatureVerifier.Begin"/> itself, so the receiver never reads their bodies.</summary>
    [Theory]
    [MemberData(nameof(RefusedFromHeaders))]
    public void Begin_RefusesMissingOrMalformedSignatures_FromTheHeadersAlone(string source, string? header, string? value, WebhookVerificationResult expected)
    {
        using WebhookSignatureVerifier verifier = source switch
        {
            "github" => new GitHubSignatureVerifier(Secrets(Secret)),
            "gitea" => new GiteaSignatureVerifier(Secrets(Secret)),
            "kanbanger" => new KanbangerSignatureVerifier(Secrets(Secret), Clock),
            _ => new GitLabVerifier(Secrets("gitlab-token"), Clock),
        };
        var headers = header is null ? new TestHeaders() : new TestHeaders((header, value));

        Assert.Equal(expected, verifier.Begin(headers, out var check));
        Assert.Null(check);
    }

    [Fact]
    public void Begin_StaleKanbangerTimestamp_IsRefusedFromTheHeaders()
    {
        using var verifier = new KanbangerSignatureVerifier(Secrets(Secret), Clock);
        var stale = (Clock.GetUtcNow().ToUnixTimeSeconds() - 301).ToString(CultureInfo.InvariantCulture);

        Assert.Equal(
            WebhookVerificationResult.TimestampOutOfRange,
            verifier.Begin(new TestHeaders(("X-Kanbanger-Timestamp", stale), ("X-Kanbanger-Signature", "sha256=" + new string('a', 64))), out _));
    }

    [Fact]
    public void Begin_GitLabSecretToken_IsCheckedInFull_FromTheHeaders()
    {
        using var verifier = new GitLabVerifier(Secrets("gitlab-token"), Clock);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Begin(new TestHeaders(("X-Gitlab-Token", "gitlab-token")), out var check));
        Assert.Equal(WebhookVerificationResult.Valid, check!.Complete());
    }
}
