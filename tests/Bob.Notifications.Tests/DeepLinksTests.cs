using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Notifications.Tests;

public sealed class DeepLinksTests
{
    [Fact]
    public void Session_FollowsTheScheme() =>
        Assert.Equal("bob://session/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00", DeepLinks.Session(Guid.Parse("3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")).AbsoluteUri);

    [Fact]
    public void Repository_FollowsTheScheme() =>
        Assert.Equal("bob://repo/3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00", DeepLinks.Repository(Guid.Parse("3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00")).AbsoluteUri);

    [Fact]
    public void PullRequest_EncodesGitLabNamespaceAsOneSegment()
    {
        var link = DeepLinks.PullRequest("gitlab", "group/sub", "proj", 12);

        Assert.Equal("bob://pr/gitlab/group%2Fsub/proj/12", link.OriginalString);
        Assert.Equal(["gitlab", "group/sub", "proj", "12"], Segments(link));
    }

    [Fact]
    public void AuthCallback_EncodesQuery() =>
        Assert.Equal("bob://auth/callback?code=a%20b&state=x%26y", DeepLinks.AuthCallback([new("code", "a b"), new("state", "x&y")]).OriginalString);

    [Fact]
    public void PullRequest_NonPositiveNumber_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeepLinks.PullRequest("github", "acme", "web", 0));

    [Property]
    public Property PullRequest_AnyOwnerAndName_RoundTripThroughSegments() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<NonEmptyString>(),
            ArbMap.Default.ArbFor<NonEmptyString>(),
            ArbMap.Default.ArbFor<PositiveInt>(),
            (owner, name, number) =>
            {
                if (string.IsNullOrWhiteSpace(owner.Get) || string.IsNullOrWhiteSpace(name.Get))
                {
                    return true;
                }

                var segments = Segments(DeepLinks.PullRequest("github", owner.Get, name.Get, number.Get));
                return segments.SequenceEqual(["github", owner.Get, name.Get, number.Get.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            });

    private static string[] Segments(Uri link)
    {
        // bob://pr/a/b/c/d: the "host" is "pr", the rest is the path.
        var raw = link.OriginalString["bob://pr/".Length..];
        return raw.Split('/').Select(Uri.UnescapeDataString).ToArray();
    }
}
