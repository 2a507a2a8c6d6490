using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;
using Bob.Testing;

namespace Bob.Git.Gitea.Tests;

public sealed class GiteaWebhookPayloadParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.Gitea, "https://gitea.com"), GitInstance.Create(GitProvider.Gitea, "http://localhost:3000")]);
    private readonly GiteaWebhookPayloadParser _parser = new(Options.Create(new GiteaOptions()));

    private static byte[] Fixture(string file) => EmbeddedPayloads.Read<GiteaWebhookPayloadParserTests>("gitea", file);

    /// <summary>The captured merged payload with the fields Gitea sets for another action (Resources/gitea/SOURCE.md).</summary>
    private static byte[] PullRequest(string action, string state, bool merged, string? title = null)
    {
        var node = JsonNode.Parse(Fixture("pull_request.merged.json"))!;
        node["action"] = action;
        var pr = node["pull_request"]!;
        pr["state"] = state;
        pr["merged"] = merged;
        if (!merged)
        {
            pr["merged_at"] = null;
            pr["merge_commit_sha"] = null;
        }

        if (title is not null)
        {
            pr["title"] = title;
        }

        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    [Fact]
    public void Parse_CapturedMergedPullRequest_IsMerged()
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", Fixture("pull_request.merged.json"), Remotes));

        Assert.Equal("merged", parsed.Action);
        Assert.Equal(PullRequestStatus.Merged, parsed.PullRequest.Status);
        Assert.Equal(new RemoteRepositoryIdentity(GitInstance.Create(GitProvider.Gitea, "https://gitea.com"), "anbraten", "test-repo"), parsed.Repository);
        Assert.Equal(1, parsed.PullRequest.Number);
        Assert.Equal("Adjust file", parsed.PullRequest.Title);
        Assert.Equal("anbraten-patch-1", parsed.PullRequest.HeadBranch);
        Assert.Equal("main", parsed.PullRequest.BaseBranch);
        Assert.Equal("d555a5dd07f4d0148a58d4686ec381502ae6a2d4", parsed.PullRequest.HeadSha);
        Assert.Equal(new DateTimeOffset(2023, 12, 5, 18, 35, 31, TimeSpan.Zero), parsed.PullRequest.MergedAt);
    }

    [Theory]
    [InlineData("opened", "open", false, "opened", PullRequestStatus.Open)]
    [InlineData("closed", "closed", false, "closed", PullRequestStatus.Closed)]
    [InlineData("reopened", "open", false, "reopened", PullRequestStatus.Open)]
    [InlineData("synchronized", "open", false, "synchronize", PullRequestStatus.Open)]
    public void Parse_Actions_MapToNormalizedEvents(string action, string state, bool merged, string expected, PullRequestStatus status)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", PullRequest(action, state, merged), Remotes));

        Assert.Equal(expected, parsed.Action);
        Assert.Equal(status, parsed.PullRequest.Status);
        Assert.Null(parsed.PullRequest.MergedAt);
    }

    [Theory]
    [InlineData("WIP: Adjust file")]
    [InlineData("[WIP] Adjust file")]
    public void Parse_WorkInProgressPrefix_IsADraftWithoutThePrefix(string title)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", PullRequest("edited", "open", false, title), Remotes));

        Assert.Equal(PullRequestStatus.Draft, parsed.PullRequest.Status);
        Assert.Equal("Adjust file", parsed.PullRequest.Title);
    }

    [Fact]
    public void Parse_ConfiguredDraftPrefix_IsUsed()
    {
        var parser = new GiteaWebhookPayloadParser(Options.Create(new GiteaOptions { DraftTitlePrefix = "DRAFT:" }));

        var parsed = Assert.IsType<PullRequestWebhookEvent>(parser.Parse("pull_request", PullRequest("edited", "open", false, "DRAFT: Adjust file"), Remotes));

        Assert.Equal(PullRequestStatus.Draft, parsed.PullRequest.Status);
    }

    [Fact]
    public void Parse_DocumentedPush_GivesTheCommit()
    {
        var parsed = Assert.IsType<PushWebhookEvent>(_parser.Parse("push", Fixture("push.branch.json"), Remotes));

        Assert.Equal("refs/heads/develop", parsed.Ref);
        Assert.Equal("gitea/webhooks", parsed.Repository.FullName);
        var commit = Assert.Single(parsed.Commits);
        Assert.Equal("bffeb74224043ba2feb48d137756c8a9331c449a", commit.Sha);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 17, 52, 11, TimeSpan.Zero), commit.CommittedAt);
    }

    [Theory]
    [InlineData("issues")]
    [InlineData("release")]
    public void Parse_OtherEvents_AreNotHandled(string eventType)
    {
        Assert.False(_parser.Handles(eventType));
        Assert.Null(_parser.Parse(eventType, "{}"u8.ToArray(), Remotes));
    }

    [Theory]
    [InlineData("pull_request")]
    [InlineData("push")]
    [InlineData("pull_request_approved")]
    [InlineData("pull_request_rejected")]
    [InlineData("pull_request_comment")]
    [InlineData("pull_request_label")]
    [InlineData("pull_request_review_approved")]
    public void Handles_PullRequestAndPush(string eventType) => Assert.True(_parser.Handles(eventType));

    [Theory]
    [InlineData("pull_request", "label_updated", "label_updated")]
    [InlineData("pull_request", "synchronized", "synchronize")]
    [InlineData("pull_request_approved", "reviewed", "pull_request_approved.reviewed")]
    public void Parse_EveryPullRequestDelivery_StatesThePullRequest(string eventType, string action, string expectedAction)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse(eventType, PullRequest(action, "open", merged: false), Remotes));

        Assert.Equal(expectedAction, parsed.Action);
        Assert.Equal(PullRequestStatus.Open, parsed.PullRequest.Status);
    }

    [Fact]
    public void Parse_TrimmedPayloadWithoutUpdatedAt_HasNoTime()
    {
        var node = JsonNode.Parse(PullRequest("label_updated", "open", merged: false))!;
        node["pull_request"]!.AsObject().Remove("updated_at");

        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));

        Assert.Null(parsed.PullRequest.UpdatedAt);
    }

    [Fact]
    public void Parse_WrongShape_IsAFormatException() =>
        Assert.Throws<FormatException>(() => _parser.Parse("push", """{"ref":"refs/heads/main"}"""u8.ToArray(), Remotes));
}
