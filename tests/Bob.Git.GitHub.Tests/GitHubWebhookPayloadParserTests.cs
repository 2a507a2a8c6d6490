using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Tests;

public sealed class GitHubWebhookPayloadParserTests
{
    private static readonly RemoteUrlParser Remotes = RemoteUrlParser.Default;
    private readonly GitHubWebhookPayloadParser _parser = new();

    [Theory]
    [InlineData("pull_request.opened.json", "opened", PullRequestStatus.Open)]
    [InlineData("pull_request.closed.json", "closed", PullRequestStatus.Closed)]
    [InlineData("pull_request.reopened.json", "reopened", PullRequestStatus.Open)]
    [InlineData("pull_request.synchronize.json", "synchronize", PullRequestStatus.Open)]
    [InlineData("pull_request.ready_for_review.json", "ready_for_review", PullRequestStatus.Open)]
    [InlineData("pull_request.converted_to_draft.json", "converted_to_draft", PullRequestStatus.Draft)]
    public void Parse_PullRequestPayloads_GiveNormalizedEvents(string file, string action, PullRequestStatus status)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", Fixtures.Bytes(file), Remotes));

        Assert.Equal(action, parsed.Action);
        Assert.Equal(status, parsed.PullRequest.Status);
        Assert.Equal(new RemoteRepositoryIdentity(GitInstance.GitHubCom, "Codertocat", "Hello-World"), parsed.Repository);
        Assert.Equal(2, parsed.PullRequest.Number);
        Assert.Equal("changes", parsed.PullRequest.HeadBranch);
        Assert.Equal("master", parsed.PullRequest.BaseBranch);
        Assert.Equal("Update the README with new information.", parsed.PullRequest.Title);
        Assert.Equal("https://github.com/Codertocat/Hello-World/pull/2", parsed.PullRequest.Url);
    }

    [Fact]
    public void Parse_OpenedPayload_CarriesTimestampsAndHeadSha()
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", Fixtures.Bytes("pull_request.opened.json"), Remotes));

        Assert.Equal(DateTimeOffset.Parse("2019-05-15T15:20:33Z", System.Globalization.CultureInfo.InvariantCulture), parsed.PullRequest.UpdatedAt);
        Assert.Equal("ec26c3e57ca3a959ca5aad62de7213c562f8c821", parsed.PullRequest.HeadSha);
        Assert.Null(parsed.PullRequest.MergedAt);
    }

    [Fact]
    public void Parse_MergedClose_IsTheMergedAction()
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", Fixtures.Merged(), Remotes));

        Assert.Equal("merged", parsed.Action);
        Assert.Equal(PullRequestStatus.Merged, parsed.PullRequest.Status);
        Assert.NotNull(parsed.PullRequest.MergedAt);
    }

    [Fact]
    public void Parse_BranchPush_GivesCommits()
    {
        var parsed = Assert.IsType<PushWebhookEvent>(_parser.Parse("push", Fixtures.Bytes("push.branch.json"), Remotes));

        Assert.Equal("refs/heads/master", parsed.Ref);
        Assert.False(parsed.IsTag);
        Assert.False(parsed.Deleted);
        var commit = Assert.Single(parsed.Commits);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", commit.Sha);
        Assert.Equal("Codertocat", commit.AuthorName);
    }

    [Fact]
    public void Parse_TagDeletion_IsADeletedTag()
    {
        var parsed = Assert.IsType<PushWebhookEvent>(_parser.Parse("push", Fixtures.Bytes("push.tag-deleted.json"), Remotes));

        Assert.True(parsed.IsTag);
        Assert.True(parsed.Deleted);
        Assert.Empty(parsed.Commits);
    }

    [Fact]
    public void Parse_EnterpriseServerPayload_ResolvesToTheConfiguredInstance()
    {
        var remotes = new RemoteUrlParser([GitInstance.Create(GitProvider.GitHub, "https://octocoders.github.io")]);

        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", Fixtures.Bytes("ghes.pull_request.opened.json"), remotes));

        Assert.Equal("https://octocoders.github.io", parsed.Repository.InstanceUrl);
    }

    [Theory]
    [InlineData("ping")]
    [InlineData("issues")]
    public void Parse_OtherEvents_AreNotHandled(string eventType)
    {
        Assert.False(_parser.Handles(eventType));
        Assert.Null(_parser.Parse(eventType, """{"zen":"x"}"""u8.ToArray(), Remotes));
    }

    [Theory]
    [InlineData("pull_request")]
    [InlineData("push")]
    public void Handles_PullRequestAndPush(string eventType) => Assert.True(_parser.Handles(eventType));

    [Fact]
    public void Parse_LabeledAction_IsNotHandled()
    {
        var labeled = System.Text.Encoding.UTF8.GetString(Fixtures.Bytes("pull_request.opened.json")).Replace("\"action\": \"opened\"", "\"action\": \"labeled\"", StringComparison.Ordinal);

        Assert.Null(_parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(labeled), Remotes));
    }

    [Theory]
    [InlineData("""{"action":"opened"}""")]
    [InlineData("""{"action":"opened","repository":{"html_url":"not a url"},"pull_request":{}}""")]
    [InlineData("""[]""")]
    public void Parse_PayloadOfAnotherShape_IsAFormatException(string json) =>
        Assert.Throws<FormatException>(() => _parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(json), Remotes));
}
