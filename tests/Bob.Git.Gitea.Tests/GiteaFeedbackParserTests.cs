using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea.Tests;

/// <summary>
/// Gitea's review and comment deliveries read into feedback. The real gitea.com delivery (Resources/gitea/SOURCE.md) is
/// given a review as Gitea's <c>modules/structs/hook.go</c> defines it (<c>PullRequestPayload.Review</c>:
/// <c>{type, content}</c>, the type being the hook event) and sent under each review event name; comments are its
/// <c>IssueCommentPayload</c> (<c>issue</c>, <c>comment</c>, <c>is_pull</c>).
/// </summary>
public sealed class GiteaFeedbackParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.Gitea, "https://gitea.com")]);
    private readonly GiteaWebhookPayloadParser _parser = new(Options.Create(new GiteaOptions()));

    private static JsonObject Delivery() => JsonNode.Parse(EmbeddedPayloads.Read<GiteaFeedbackParserTests>("gitea", "pull_request.merged.json"))!.AsObject();

    private PullRequestFeedbackWebhookEvent? Parse(string eventType, JsonObject body) =>
        (PullRequestFeedbackWebhookEvent?)_parser.Parse(eventType, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), Remotes);

    private static JsonObject Reviewed(string type, string content)
    {
        var body = Delivery();
        body["action"] = "reviewed";
        body["review"] = new JsonObject { ["type"] = type, ["content"] = content };
        return body;
    }

    [Theory]
    [InlineData("pull_request_approved", "pull_request_review_approved", ReviewState.Approved)]
    [InlineData("pull_request_rejected", "pull_request_review_rejected", ReviewState.ChangesRequested)]
    [InlineData("pull_request_comment", "pull_request_review_comment", ReviewState.Commented)]
    [InlineData("pull_request_review_rejected", "pull_request_review_rejected", ReviewState.ChangesRequested)]
    public void AReview_IsReadWithItsStateReviewerAndText_AndStillStatesThePullRequest(string eventType, string type, ReviewState state)
    {
        var parsed = Parse(eventType, Reviewed(type, "Please add a test"))!;

        var review = Assert.IsType<ReviewFeedback>(parsed.Feedback);
        Assert.Equal((state, "anbraten", "26907", "Please add a test"), (review.State, review.Author, review.AuthorId, review.Body));
        Assert.Equal((1, 1), (parsed.Number, parsed.PullRequest!.Number));
        Assert.StartsWith("gitea-", review.ProviderId, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameDeliveryTwice_IsOneReview_AndAnotherText_AnotherReview()
    {
        var first = Parse("pull_request_rejected", Reviewed("pull_request_review_rejected", "Please add a test"))!.Feedback.ProviderId;
        var again = Parse("pull_request_rejected", Reviewed("pull_request_review_rejected", "Please add a test"))!.Feedback.ProviderId;
        var other = Parse("pull_request_rejected", Reviewed("pull_request_review_rejected", "And docs"))!.Feedback.ProviderId;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void APullRequestDeliveryWithoutAReview_IsStillAPullRequestEvent() =>
        Assert.IsType<PullRequestWebhookEvent>(_parser.Parse("pull_request", System.Text.Encoding.UTF8.GetBytes(Delivery().ToJsonString()), Remotes));

    private static JsonObject Commented(bool isPull, string action = "created")
    {
        var delivery = Delivery();
        return new JsonObject
        {
            ["action"] = action,
            ["issue"] = new JsonObject { ["id"] = 1, ["number"] = 1, ["title"] = "test" },
            ["comment"] = new JsonObject
            {
                ["id"] = 812, ["html_url"] = "https://gitea.com/anbraten/test-repo/pulls/1#issuecomment-812", ["body"] = "Use v2",
                ["user"] = delivery["sender"]!.DeepClone(), ["created_at"] = "2023-12-05T18:40:00Z", ["updated_at"] = "2023-12-05T18:40:00Z",
            },
            ["repository"] = delivery["repository"]!.DeepClone(),
            ["sender"] = delivery["sender"]!.DeepClone(),
            ["is_pull"] = isPull,
        };
    }

    [Fact]
    public void ACommentOnAPullRequest_IsConversationFeedback()
    {
        Assert.True(_parser.Handles("issue_comment"));
        var parsed = Parse("issue_comment", Commented(isPull: true))!;

        var comment = Assert.IsType<CommentFeedback>(parsed.Feedback);
        Assert.Equal((CommentKind.Conversation, "812", "anbraten", "Use v2", 1), (comment.Kind, comment.ProviderId, comment.Author, comment.Body, parsed.Number));
        Assert.Equal(PullRequestFeedback.Ended, Parse("issue_comment", Commented(isPull: true, "deleted"))!.Feedback.Revision);
    }

    [Fact]
    public void ACommentOnAPlainIssue_IsNotTheSuites() =>
        Assert.Null(Parse("issue_comment", Commented(isPull: false)));
}
