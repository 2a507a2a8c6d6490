using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.GitLab.Tests;

public sealed class GitLabWebhookPayloadParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.GitLab, "http://example.com")]);
    private readonly GitLabWebhookPayloadParser _parser = new();

    private static byte[] Fixture(string file) => EmbeddedPayloads.Read<GitLabWebhookPayloadParserTests>("gitlab", file);

    /// <summary>The documented example with the fields GitLab sets for another action (Resources/gitlab/SOURCE.md).</summary>
    private static byte[] MergeRequest(string action, string state = "opened", bool draft = false, string? title = null, JsonObject? changes = null)
    {
        var node = JsonNode.Parse(Fixture("merge_request.open.json"))!;
        var attributes = node["object_attributes"]!;
        attributes["action"] = action;
        attributes["state"] = state;
        attributes["draft"] = draft;
        if (title is not null)
        {
            attributes["title"] = title;
        }

        node["changes"] = changes ?? new JsonObject();
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    [Fact]
    public void Parse_DocumentedMergeRequestOpen_GivesTheOpenedEvent()
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest("open"), Remotes));

        Assert.Equal("opened", parsed.Action);
        Assert.Equal(new RemoteRepositoryIdentity(GitInstance.Create(GitProvider.GitLab, "http://example.com"), "gitlabhq", "gitlab-test"), parsed.Repository);
        Assert.Equal(1, parsed.PullRequest.Number);
        Assert.Equal("MS-Viewport", parsed.PullRequest.Title);
        Assert.Equal("ms-viewport", parsed.PullRequest.HeadBranch);
        Assert.Equal("master", parsed.PullRequest.BaseBranch);
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", parsed.PullRequest.HeadSha);
        Assert.Equal(PullRequestStatus.Open, parsed.PullRequest.Status);
        Assert.Equal("http://example.com/diaspora/merge_requests/1", parsed.PullRequest.Url);
    }

    [Fact]
    public void Parse_DocumentedPayloadAsIs_ReadsTheDraftChangeAsReadyForReview()
    {
        // The documented example carries "changes.draft: true -> false" with action "open"; read as it is, it is an open.
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", Fixture("merge_request.open.json"), Remotes));

        Assert.Equal("opened", parsed.Action);
    }

    [Theory]
    [InlineData("close", "closed", false, "closed", PullRequestStatus.Closed)]
    [InlineData("reopen", "opened", false, "reopened", PullRequestStatus.Open)]
    [InlineData("merge", "merged", false, "merged", PullRequestStatus.Merged)]
    [InlineData("update", "opened", true, "edited", PullRequestStatus.Draft)]
    public void Parse_Actions_MapToNormalizedActionsAndStatuses(string action, string state, bool draft, string expectedAction, PullRequestStatus status)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest(action, state, draft), Remotes));

        Assert.Equal(expectedAction, parsed.Action);
        Assert.Equal(status, parsed.PullRequest.Status);
        Assert.Equal(status == PullRequestStatus.Merged, parsed.PullRequest.MergedAt is not null);
    }

    [Theory]
    [InlineData(true, "converted_to_draft")]
    [InlineData(false, "ready_for_review")]
    public void Parse_UpdateChangingDraft_IsConvertOrReady(bool nowDraft, string expected)
    {
        var changes = new JsonObject { ["draft"] = new JsonObject { ["previous"] = !nowDraft, ["current"] = nowDraft } };

        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest("update", draft: nowDraft, changes: changes), Remotes));

        Assert.Equal(expected, parsed.Action);
    }

    [Theory]
    [InlineData("Draft: MS-Viewport", "MS-Viewport")]
    [InlineData("[Draft] MS-Viewport", "MS-Viewport")]
    [InlineData("(draft) MS-Viewport", "MS-Viewport")]
    public void Parse_DraftTitlePrefix_MakesADraftAndIsStripped(string title, string stripped)
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest("update", title: title), Remotes));

        Assert.Equal(PullRequestStatus.Draft, parsed.PullRequest.Status);
        Assert.Equal(stripped, parsed.PullRequest.Title);
    }

    [Fact]
    public void TryStripDraftPrefix_LeavesOrdinaryTitlesAlone()
    {
        Assert.False(GitLabWebhookPayloadParser.TryStripDraftPrefix("Draft the v2 API docs", out var title));
        Assert.Equal("Draft the v2 API docs", title);
    }

    [Fact]
    public void Parse_AnActionGitLabAddsLater_StatesTheMergeRequest()
    {
        var parsed = Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest("an_action_gitlab_adds_later"), Remotes));

        Assert.Equal(("an_action_gitlab_adds_later", PullRequestStatus.Open, 1), (parsed.Action, parsed.PullRequest.Status, parsed.PullRequest.Number));
    }

    [Theory]
    [InlineData("approved", ReviewState.Approved)]
    [InlineData("approval", ReviewState.Approved)]
    [InlineData("unapproved", ReviewState.Dismissed)]
    [InlineData("unapproval", ReviewState.Dismissed)]
    public void Parse_Approvals_AreTheUsersReview_AndStillStateTheMergeRequest(string action, ReviewState state)
    {
        var parsed = Assert.IsType<PullRequestFeedbackWebhookEvent>(_parser.Parse("Merge Request Hook", MergeRequest(action), Remotes));

        var review = Assert.IsType<ReviewFeedback>(parsed.Feedback);
        Assert.Equal(($"merge_request.{action}", PullRequestStatus.Open, 1), (parsed.Action, parsed.PullRequest!.Status, parsed.Number));
        Assert.Equal((state, "root", "1", "approval-1-1"), (review.State, review.Author, review.AuthorId, review.ProviderId));
        Assert.Equal(parsed.PullRequest.UpdatedAt, review.SubmittedAt);
    }

    [Fact]
    public void Parse_DocumentedPush_GivesCommits()
    {
        var parsed = Assert.IsType<PushWebhookEvent>(_parser.Parse("Push Hook", Fixture("push.branch.json"), Remotes));

        Assert.Equal("refs/heads/master", parsed.Ref);
        Assert.Equal("mike/diaspora", parsed.Repository.FullName);
        Assert.Equal(["b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"], parsed.Commits.Select(c => c.Sha));
        Assert.Equal(new DateTimeOffset(2011, 12, 12, 12, 27, 31, TimeSpan.Zero), parsed.Commits[0].CommittedAt);
        Assert.Equal("Jordi Mallach", parsed.Commits[0].AuthorName);
    }

    [Fact]
    public void Parse_SelfManagedUnderAPrefix_ResolvesNamespaces()
    {
        var node = JsonNode.Parse(Fixture("push.branch.json"))!;
        node["project"]!["web_url"] = "https://git.example.org/gitlab/platform/tools/cli";
        var remotes = new RemoteUrlParser([GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab")]);

        var parsed = Assert.IsType<PushWebhookEvent>(_parser.Parse("Push Hook", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), remotes));

        Assert.Equal("https://git.example.org/gitlab", parsed.Repository.InstanceUrl);
        Assert.Equal("platform/tools", parsed.Repository.Owner);
    }

    [Fact]
    public void Parse_OtherEvents_AreNotHandled()
    {
        Assert.False(_parser.Handles("Job Hook")); // a pipeline's jobs come with its Pipeline Hook
        Assert.Null(_parser.Parse("Job Hook", "{}"u8.ToArray(), Remotes));
    }

    [Theory]
    [InlineData("Merge Request Hook")]
    [InlineData("Push Hook")]
    public void Handles_MergeRequestAndPushHooks(string eventType) => Assert.True(_parser.Handles(eventType));

    [Fact]
    public void Parse_WrongShape_IsAFormatException() =>
        Assert.Throws<FormatException>(() => _parser.Parse("Merge Request Hook", """{"object_kind":"merge_request"}"""u8.ToArray(), Remotes));
}
