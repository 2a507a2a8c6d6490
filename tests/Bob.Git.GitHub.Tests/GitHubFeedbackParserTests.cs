using System.Text.Json.Nodes;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// GitHub's own review, review comment, review thread and issue comment examples (octokit/webhooks-examples) read into
/// provider-neutral feedback: who said what, where, in which thread, and how far along the item's life the report is.
/// </summary>
public sealed class GitHubFeedbackParserTests
{
    private static readonly RemoteUrlParser Remotes = RemoteUrlParser.Default;
    private readonly GitHubWebhookPayloadParser _parser = new();

    private T Feedback<T>(string eventType, string file, Action<JsonNode>? change = null)
        where T : PullRequestFeedback
    {
        var node = JsonNode.Parse(Fixtures.Bytes(file))!;
        change?.Invoke(node);
        var parsed = Assert.IsType<PullRequestFeedbackWebhookEvent>(_parser.Parse(eventType, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));
        return Assert.IsType<T>(parsed.Feedback);
    }

    [Fact]
    public void ASubmittedReview_NamesItsReviewerStateAndPage()
    {
        var review = Feedback<ReviewFeedback>("pull_request_review", "pull_request_review.submitted.json");

        Assert.Equal(("237895671", PullRequestFeedback.Created, "Codertocat", "21031067", ReviewState.Commented), (review.ProviderId, review.Revision, review.Author, review.AuthorId, review.State));
        Assert.Equal(("https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-237895671", (string?)null), (review.Url, review.Body));
        Assert.Equal(DateTimeOffset.Parse("2019-05-15T15:20:38Z", System.Globalization.CultureInfo.InvariantCulture), review.SubmittedAt);
    }

    [Theory]
    [InlineData("approved", ReviewState.Approved)]
    [InlineData("changes_requested", ReviewState.ChangesRequested)]
    [InlineData("APPROVED", ReviewState.Approved)]
    public void AReviewsState_IsReadAsGitHubWritesIt(string state, ReviewState expected) =>
        Assert.Equal(expected, Feedback<ReviewFeedback>("pull_request_review", "pull_request_review.submitted.json", n => n["review"]!["state"] = state).State);

    [Fact]
    public void ADismissedReview_IsItsLastReport()
    {
        var review = Feedback<ReviewFeedback>("pull_request_review", "pull_request_review.dismissed.json");

        Assert.Equal((ReviewState.Dismissed, PullRequestFeedback.Ended), (review.State, review.Revision));
    }

    [Fact]
    public void AReviewComment_IsInline_WithItsFileLineThreadAndReview()
    {
        var comment = Feedback<CommentFeedback>("pull_request_review_comment", "pull_request_review_comment.created.json");

        Assert.Equal((CommentKind.Inline, "284312630", "Codertocat", "README.md"), (comment.Kind, comment.ProviderId, comment.Author, comment.Path));
        Assert.Equal(("Maybe you should use more emoji on this line.", "284312630", "237895671", (string?)null), (comment.Body, comment.ThreadId, comment.ReviewId, comment.InReplyTo));
        Assert.Equal("https://github.com/Codertocat/Hello-World/pull/2#discussion_r284312630", comment.Url);
        Assert.False(comment.Deleted);
    }

    [Fact]
    public void AReplyInAThread_BelongsToTheThreadOfItsFirstComment()
    {
        var reply = Feedback<CommentFeedback>("pull_request_review_comment", "pull_request_review_comment.created.json", n =>
        {
            n["comment"]!["id"] = 284312631; // a reply, as GitHub sends one: its own id, in_reply_to_id the thread's first comment
            n["comment"]!["in_reply_to_id"] = 284312630;
        });

        Assert.Equal(("284312631", "284312630", "284312630"), (reply.ProviderId, reply.InReplyTo, reply.ThreadId));
    }

    [Fact]
    public void EditsAndDeletions_SayHowFarAlongTheCommentIs()
    {
        var edited = Feedback<CommentFeedback>("pull_request_review_comment", "pull_request_review_comment.edited.json");
        var deleted = Feedback<CommentFeedback>("pull_request_review_comment", "pull_request_review_comment.deleted.json");

        Assert.Equal(PullRequestFeedback.Edited, edited.Revision);
        Assert.Equal((PullRequestFeedback.Ended, true, (int?)265), (deleted.Revision, deleted.Deleted, deleted.Line));
    }

    [Theory]
    [InlineData("pull_request_review_thread.resolved.json", true)]
    [InlineData("pull_request_review_thread.unresolved.json", false)]
    public void AThread_IsNamedByItsNodeId_WithItsComments(string file, bool resolved)
    {
        var thread = Feedback<ThreadFeedback>("pull_request_review_thread", file);

        Assert.Equal(resolved, thread.Resolved);
        Assert.StartsWith("PRRT_", thread.ProviderId, StringComparison.Ordinal);
        Assert.NotEmpty(thread.CommentIds);
    }

    [Fact]
    public void ACommentOnAPlainIssue_IsNotTheSuites()
    {
        Assert.True(_parser.Handles("issue_comment"));
        Assert.Null(_parser.Parse("issue_comment", Fixtures.Bytes("issue_comment.created.json"), Remotes));
    }

    [Fact]
    public void ACommentOnAPullRequestsConversation_IsConversationFeedback_OnThatNumber()
    {
        var node = JsonNode.Parse(Fixtures.Bytes("issue_comment.created.json"))!;
        // GitHub marks an issue that is a pull request with an "issue.pull_request" object (docs: "Issue comment" webhook).
        node["issue"]!["pull_request"] = new JsonObject
        {
            ["url"] = "https://api.github.com/repos/Codertocat/Hello-World/pulls/1",
            ["html_url"] = "https://github.com/Codertocat/Hello-World/pull/1",
            ["diff_url"] = "https://github.com/Codertocat/Hello-World/pull/1.diff",
            ["patch_url"] = "https://github.com/Codertocat/Hello-World/pull/1.patch",
            ["merged_at"] = null,
        };

        var parsed = Assert.IsType<PullRequestFeedbackWebhookEvent>(_parser.Parse("issue_comment", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));

        var comment = Assert.IsType<CommentFeedback>(parsed.Feedback);
        Assert.Equal((1, "issue_comment.created", (PullRequestInfo?)null), (parsed.Number, parsed.Action, parsed.PullRequest));
        Assert.Equal((CommentKind.Conversation, "492700400", "Codertocat", (string?)null, (string?)null), (comment.Kind, comment.ProviderId, comment.Author, comment.Path, comment.ThreadId));
    }

    [Fact]
    public void AReviewWithAStateGitHubDoesNotSend_IsRefusedAsAShapeError()
    {
        var node = JsonNode.Parse(Fixtures.Bytes("pull_request_review.submitted.json"))!;
        node["review"]!["state"] = "maybe";

        Assert.Throws<FormatException>(() => _parser.Parse("pull_request_review", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));
    }
}
