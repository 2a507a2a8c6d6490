using FsCheck;
using FsCheck.Xunit;

namespace Bob.Git.Abstractions.Tests;

/// <summary>Issue 18.5: only absolute http(s) links from outside are kept.</summary>
public sealed class HttpLinkTests
{
    [Theory]
    [InlineData("https://github.com/acme/web/pull/2")]
    [InlineData("http://gitea.internal:3000/acme/web/pulls/2")]
    [InlineData("HTTPS://GitLab.example.org/gitlab/acme/web/-/merge_requests/7")]
    public void AnHttpLink_IsKept(string url)
    {
        Assert.True(TextRules.IsHttpLink(url));
        Assert.Equal(url, new PullRequestInfo(default!, 1, "t", null, "h", "b", null, PullRequestStatus.Open, url, null, null).Url);
    }

    [Theory]
    [InlineData("javascript:alert(4)//")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("//evil.example/x")]
    [InlineData("/acme/web/pull/2")]
    [InlineData("ftp://files.example/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://")]
    [InlineData("https://github.com/a\nb")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElse_IsDropped(string? url)
    {
        Assert.False(TextRules.IsHttpLink(url));
        Assert.Equal("", new PullRequestInfo(default!, 1, "t", null, "h", "b", null, PullRequestStatus.Open, url!, null, null).Url);
    }

    [Property]
    public void AKeptLink_AlwaysStartsWithItsHttpScheme(NonNull<string> text)
    {
        foreach (var candidate in new[] { text.Get, "https://" + text.Get, "javascript:" + text.Get })
        {
            if (TextRules.IsHttpLink(candidate))
            {
                Assert.Matches("^(?i:https?)://[^/]", candidate);
                Assert.True(Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
            }
        }
    }
}
