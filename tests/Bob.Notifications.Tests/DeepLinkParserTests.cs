using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Notifications.Tests;

/// <summary>The <c>bob://</c> parser: every link the builder makes parses back to what it was made from; anything else is refused.</summary>
public sealed class DeepLinkParserTests
{
    private static readonly Gen<string> NameGen =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._".ToCharArray())
            .NonEmptyListOf()
            .Select(chars => new string([.. chars.Take(40)]))
            .Where(s => s is not "." and not "..");

    private static Arbitrary<DeepLink> Links => Gen.OneOf(
        ArbMap.Default.GeneratorFor<Guid>().Select(id => (DeepLink)new SessionLink(id)),
        ArbMap.Default.GeneratorFor<Guid>().Select(id => (DeepLink)new RepositoryLink(id)),
        Gen.Elements("github", "gitlab", "gitea").SelectMany(provider =>
            NameGen.ListOf().Select(parts => parts.Take(3).ToArray()).SelectMany(subgroups =>
                NameGen.SelectMany(owner => NameGen.SelectMany(repo => Gen.Choose(1, int.MaxValue).Select(number =>
                    (DeepLink)new PullRequestLink(provider, provider == "gitlab" && subgroups.Length > 0 ? owner + "/" + string.Join('/', subgroups) : owner, repo, number)))))),
        Gen.Elements("github", "gitlab", "gitea").SelectMany(provider =>
            ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get).Where(s => s.Length <= 2048 && !s.Any(char.IsControl) && !char.IsSurrogate(s[^1]) && !s.Any(char.IsSurrogate)).SelectMany(code =>
                ArbMap.Default.GeneratorFor<Guid>().Select(state => (DeepLink)new AuthCallbackLink(provider, code, state.ToString("N"), null, null))))).ToArbitrary();

    [Property]
    public Property EveryBuiltLink_ParsesBackToWhatItWasBuiltFrom() =>
        Prop.ForAll(Links, link =>
        {
            var uri = link.ToUri();
            return DeepLinkParser.Parse(uri.OriginalString) == link && DeepLinkParser.Parse(uri.AbsoluteUri) == link;
        });

    [Fact]
    public void TheDocumentedShapes_Parse()
    {
        Assert.Equal(new SessionLink(Guid.Parse("3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")), DeepLinkParser.Parse("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00"));
        Assert.Equal(new PullRequestLink("gitlab", "group/sub", "proj", 12), DeepLinkParser.Parse("bob://pr/gitlab/group%2Fsub/proj/12"));
        Assert.Equal(new AuthCallbackLink("github", "c0de", "st4te", null, null), DeepLinkParser.Parse("bob://auth/callback?provider=github&code=c0de&state=st4te"));
        Assert.Equal(new AuthCallbackLink("gitea", null, null, "access_denied", "The user said no"), DeepLinkParser.Parse("bob://auth/callback?provider=gitea&error=access_denied&error_description=The%20user%20said%20no"));
        Assert.Equal(new AuthCallbackLink("github", "c0de", "st4te", null, null) { InstallationId = "42" }, DeepLinkParser.Parse("bob://auth/callback?provider=github&code=c0de&state=st4te&installation_id=42"));
        Assert.Equal(new AuthCallbackLink("github", null, "st4te", null, null) { InstallationId = "42" }, DeepLinkParser.Parse("bob://auth/callback?provider=github&state=st4te&installation_id=42"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("BOB://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("bob:session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("bob://session/")]
    [InlineData("bob://session/not-a-guid")]
    [InlineData("bob://session/3F2C1B7E-9D41-4C55-8A0E-5B7C2D9E1F00")]
    [InlineData("bob://session/{3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00}")]
    [InlineData("bob://session/3f2c1b7e9d414c558a0e5b7c2d9e1f00")]
    [InlineData("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00/extra")]
    [InlineData("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00?token=ghp_x")]
    [InlineData("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00#frag")]
    [InlineData("bob://session//3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("bob://user:pw@session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("bob://session:80/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")]
    [InlineData("bob://repo/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f0")]
    [InlineData("bob://pr/bitbucket/acme/web/1")]
    [InlineData("bob://pr/github/acme/web/0")]
    [InlineData("bob://pr/github/acme/web/-1")]
    [InlineData("bob://pr/github/acme/web/+1")]
    [InlineData("bob://pr/github/acme/web/01")]
    [InlineData("bob://pr/github/acme/web/99999999999")]
    [InlineData("bob://pr/github/acme/web")]
    [InlineData("bob://pr/github/ac%2Fme/web/1")]
    [InlineData("bob://pr/github/../web/1")]
    [InlineData("bob://pr/github/acme/we%00b/1")]
    [InlineData("bob://pr/github/acme/we b/1")]
    [InlineData("bob://pr/github/acme/web%/1")]
    [InlineData("bob://pr/github/acme/%C3%28/1")]
    [InlineData("bob://pr/gitlab/group%2F%2Fsub/proj/1")]
    [InlineData("bob://auth/callback")]
    [InlineData("bob://auth/callback?code=x&state=y")]
    [InlineData("bob://auth/callback?provider=github&code=x")]
    [InlineData("bob://auth/callback?provider=github&installation_id=42")]
    [InlineData("bob://auth/callback?provider=github&state=y&installation_id=0")]
    [InlineData("bob://auth/callback?provider=github&state=y&installation_id=-1")]
    [InlineData("bob://auth/callback?provider=github&state=y&installation_id=12345678901234567890")]
    [InlineData("bob://auth/callback?provider=github&code=x&state=y&access_token=z")]
    [InlineData("bob://auth/callback?provider=github&code=x&code=y&state=z")]
    [InlineData("bob://auth/callback?provider=github&code=&state=y")]
    [InlineData("bob://auth/other?provider=github&code=x&state=y")]
    [InlineData("bob://settings")]
    [InlineData("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00\n")]
    public void AMalformedLink_IsRefused_WithAReasonThatDoesNotQuoteIt(string link)
    {
        Assert.False(DeepLinkParser.TryParse(link, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => DeepLinkParser.Parse(link));
        if (link.Length > 12)
        {
            Assert.DoesNotContain(link, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACallbackLink_NeverShowsItsCodeOrState()
    {
        var link = new AuthCallbackLink("github", "secret-code-123", "secret-state-456", null, null);

        Assert.DoesNotContain("secret-code-123", link.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-state-456", link.ToString(), StringComparison.Ordinal);
    }
}
