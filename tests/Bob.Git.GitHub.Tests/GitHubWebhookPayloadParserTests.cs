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

    [Theory]
    [InlineData("pull_request", "pull_request.labeled.json", "labeled")]
    [InlineData("pull_request", "pull_request.locked.json", "locked")]
    public void Parse_DeliveriesThatAreNotStateChanges_StillStateThePullRequest(string eventType, string file, string action)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse(eventType, Fixtures.Bytes(file), Remotes));

        Assert.Equal(action, parsed.Action);
        Assert.Equal(2, parsed.PullRequest.Number);
        Assert.Equal(PullRequestStatus.Open, parsed.PullRequest.Status);
        Assert.Equal("changes", parsed.PullRequest.HeadBranch);
        Assert.NotNull(parsed.PullRequest.UpdatedAt);
    }

    [Theory]
    [InlineData("pull_request_review", "pull_request_review.submitted.json", "pull_request_review.submitted")]
    [InlineData("pull_request_review_comment", "pull_request_review_comment.created.json", "pull_request_review_comment.created")]
    [InlineData("pull_request_review_thread", "pull_request_review_thread.unresolved.json", "pull_request_review_thread.unresolved")]
    public void Parse_ReviewDeliveries_AreFeedback_ThatStillStatesThePullRequest(string eventType, string file, string action)
    {
        var parsed = Assert.IsType<PullRequestFeedbackWebhookEvent>(_parser.Parse(eventType, Fixtures.Bytes(file), Remotes));

        Assert.Equal(action, parsed.Action);
        Assert.Equal(parsed.PullRequest!.Number, parsed.Number);
        Assert.Equal(PullRequestStatus.Open, parsed.PullRequest.Status);
        Assert.NotNull(parsed.PullRequest.UpdatedAt);
    }

    [Fact]
    public void Parse_ReviewOfAMergedPullRequest_WithoutMergedMember_IsMerged()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Bytes("pull_request_review.submitted.json"))!;
        node["pull_request"]!["state"] = "closed";
        node["pull_request"]!["merged_at"] = "2019-05-15T15:21:00Z";

        var parsed = Assert.IsType<PullRequestFeedbackWebhookEvent>(_parser.Parse("pull_request_review", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));

        Assert.Equal(PullRequestStatus.Merged, parsed.PullRequest!.Status);
    }

    [Theory]
    [InlineData("number", "-1")]
    [InlineData("number", "0")]
    [InlineData("number", "4294967296")]
    [InlineData("updated_at", "\"20000-01-01T00:00:00Z\"")]
    [InlineData("updated_at", "\"0001-01-01T00:00:00+14:00\"")]
    [InlineData("updated_at", "99999999999999")]
    [InlineData("updated_at", "\"yesterday\"")]
    public void Parse_ValueOutsideItsDomain_IsAFormatException(string member, string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Bytes("pull_request.opened.json"))!;
        node["pull_request"]![member] = System.Text.Json.Nodes.JsonNode.Parse(json);

        Assert.Throws<FormatException>(() => _parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));
    }

    [Fact]
    public void Parse_NulInTitleBodyAndCommitMessage_IsRemoved()
    {
        var pr = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Bytes("pull_request.opened.json"))!;
        pr["pull_request"]!["title"] = "Fix\u0000 the build";
        pr["pull_request"]!["body"] = "\u0000";
        var push = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Bytes("push.branch.json"))!;
        push["commits"]![0]!["message"] = "Update\u0000README";

        var parsedPr = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(pr.ToJsonString()), Remotes));
        var parsedPush = Assert.IsType<PushWebhookEvent>(_parser.Parse("push", System.Text.Encoding.UTF8.GetBytes(push.ToJsonString()), Remotes));

        Assert.Equal("Fix the build", parsedPr.PullRequest.Title);
        Assert.Equal("", parsedPr.PullRequest.Body);
        Assert.Equal("UpdateREADME", parsedPush.Commits[0].Message);
    }

    [Theory]
    [InlineData("""{"action":"opened"}""")]
    [InlineData("""{"action":"opened","repository":{"html_url":"not a url"},"pull_request":{}}""")]
    [InlineData("""[]""")]
    public void Parse_PayloadOfAnotherShape_IsAFormatException(string json) =>
        Assert.Throws<FormatException>(() => _parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(json), Remotes));
}
