namespace Bob.Git.Abstractions.Tests;

public sealed class GitInstanceTests
{
    [Theory]
    [InlineData("https://git.example.org/gitlab/", "https://git.example.org/gitlab")]
    [InlineData("HTTPS://Git.Example.ORG:443/gitlab", "https://git.example.org/gitlab")]
    [InlineData("https://git.example.org:8443", "https://git.example.org:8443")]
    [InlineData("http://gitea.local:3000/", "http://gitea.local:3000")]
    [InlineData("https://[::1]:3000/", "https://[::1]:3000")]
    public void Create_NormalisesBaseUrl(string input, string expected) =>
        Assert.Equal(expected, GitInstance.Create(GitProvider.GitLab, input).BaseUrl);

    [Theory]
    [InlineData("https://github.com/")]
    [InlineData("https://www.github.com")]
    public void Create_GitHubCom_IsTheCloudInstanceWithNullInstanceUrl(string url)
    {
        var instance = GitInstance.Create(GitProvider.GitHub, url);

        Assert.Same(GitInstance.GitHubCom, instance);
        Assert.Null(instance.InstanceUrl);
    }

    [Theory]
    [InlineData("ftp://example.com", "absolute http or https URL")]
    [InlineData("example.com", "absolute http or https URL")]
    [InlineData("https://user:secret@example.com", "user information")]
    [InlineData("https://example.com/?a=b", "query")]
    [InlineData("", "absolute http or https URL")]
    public void TryCreate_InvalidUrl_SaysWhy(string url, string fragment)
    {
        Assert.False(GitInstance.TryCreate(GitProvider.Gitea, url, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromInstanceUrl_GiteaWithoutUrl_Throws() =>
        Assert.Throws<ArgumentException>(() => GitInstance.FromInstanceUrl(GitProvider.Gitea, null));

    [Fact]
    public void FromInstanceUrl_RoundTripsInstanceUrl()
    {
        var instance = GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab");

        Assert.Equal(instance, GitInstance.FromInstanceUrl(GitProvider.GitLab, instance.InstanceUrl));
        Assert.Same(GitInstance.GitLabCom, GitInstance.FromInstanceUrl(GitProvider.GitLab, null));
    }
}
