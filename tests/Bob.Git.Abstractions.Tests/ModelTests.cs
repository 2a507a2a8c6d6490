using System.Text.Json;

namespace Bob.Git.Abstractions.Tests;

public sealed class ModelTests
{
    [Fact]
    public void TokenSet_ToString_HidesTokens()
    {
        var tokens = new TokenSet("gho_accesssecret", "ghr_refreshsecret", DateTimeOffset.UnixEpoch);

        var text = tokens.ToString();

        Assert.DoesNotContain("accesssecret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refreshsecret", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GitProvider.GitHub, "\"github\"")]
    [InlineData(GitProvider.GitLab, "\"gitlab\"")]
    [InlineData(GitProvider.Gitea, "\"gitea\"")]
    public void GitProvider_SerialisesAsLowerCaseWireName(GitProvider provider, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(provider));
        Assert.Equal(provider, JsonSerializer.Deserialize<GitProvider>(json));
    }

    [Theory]
    [InlineData("\"bitbucket\"")]
    [InlineData("3")]
    public void GitProvider_UnknownName_IsAJsonError(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GitProvider>(json));

    [Fact]
    public void GitProviderNames_AcceptsForgejoAsGitea() =>
        Assert.Equal(GitProvider.Gitea, GitProviderNames.Parse("Forgejo"));

    [Theory]
    [InlineData(PullRequestStatus.Draft, "draft")]
    [InlineData(PullRequestStatus.Open, "open")]
    [InlineData(PullRequestStatus.Merged, "merged")]
    [InlineData(PullRequestStatus.Closed, "closed")]
    public void PullRequestStatus_RoundTripsThroughStoredName(PullRequestStatus status, string name)
    {
        Assert.Equal(name, status.ToWireName());
        Assert.Equal(status, PullRequestStatusNames.Parse(name));
    }

    [Fact]
    public void PushEvent_AllZeroAfter_IsADeletion()
    {
        var repo = new RemoteRepositoryIdentity(GitInstance.GitHubCom, "acme", "web");
        var push = new PushWebhookEvent(repo, "refs/tags/v1", new string('a', 40), new string('0', 40), false, []);

        Assert.True(push.Deleted);
        Assert.True(push.IsTag);
    }
}
