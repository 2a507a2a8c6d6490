using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.GitLab.Tests;

/// <summary>
/// GitLab's documented "Comment on a merge request" Note Hook read into feedback: a conversation note by its author, a
/// diff note inline with its file, line and discussion, an edit as an edit; notes on anything but merge requests, and
/// GitLab's system notes, are not the suite's.
/// </summary>
public sealed class GitLabNoteParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.GitLab, "http://example.com")]);
    private readonly GitLabWebhookPayloadParser _parser = new();

    private PullRequestFeedbackWebhookEvent? Parse(Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(EmbeddedPayloads.Read<GitLabNoteParserTests>("gitlab", "note.merge_request.json"))!;
        change?.Invoke(node);
        return (PullRequestFeedbackWebhookEvent?)_parser.Parse("Note Hook", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes);
    }

    [Fact]
    public void TheDocumentedExample_IsAConversationComment_OnTheMergeRequestsIid()
    {
        var parsed = Parse()!;

        var comment = Assert.IsType<CommentFeedback>(parsed.Feedback);
        Assert.Equal((1, "note.create", "gitlab-org/gitlab-test"), (parsed.Number, parsed.Action, parsed.Repository.FullName));
        Assert.Equal((CommentKind.Conversation, "1244", "root", "1", "This MR needs work."), (comment.Kind, comment.ProviderId, comment.Author, comment.AuthorId, comment.Body));
        Assert.Equal(("http://example.com/gitlab-org/gitlab-test/merge_requests/1#note_1244", PullRequestFeedback.Created), (comment.Url, comment.Revision));
        Assert.Equal(new DateTimeOffset(2015, 5, 17, 18, 21, 36, TimeSpan.Zero), comment.CreatedAt);
        Assert.True(_parser.Handles("Note Hook"));
    }

    [Fact]
    public void ADiffNote_IsInline_WithItsFileLineAndDiscussion()
    {
        var comment = Assert.IsType<CommentFeedback>(Parse(n =>
        {
            // A diff note carries "position" and "discussion_id", as GitLab documents for notes on a diff.
            n["object_attributes"]!["type"] = "DiffNote";
            n["object_attributes"]!["discussion_id"] = "6a9c1750b37d513a43987b574953fceb50b03ce7";
            n["object_attributes"]!["position"] = new JsonObject { ["old_path"] = "README.md", ["new_path"] = "README.md", ["old_line"] = null, ["new_line"] = 12 };
        })!.Feedback);

        Assert.Equal((CommentKind.Inline, "README.md", (int?)12, "6a9c1750b37d513a43987b574953fceb50b03ce7"), (comment.Kind, comment.Path, comment.Line, comment.ThreadId));
    }

    [Fact]
    public void AnEditedNote_IsAnEdit() =>
        Assert.Equal(PullRequestFeedback.Edited, Parse(n => n["object_attributes"]!["action"] = "update")!.Feedback.Revision);

    [Theory]
    [InlineData("Issue")]
    [InlineData("Commit")]
    [InlineData("Snippet")]
    public void ANoteOnAnythingButAMergeRequest_IsNotTheSuites(string noteable) =>
        Assert.Null(Parse(n => n["object_attributes"]!["noteable_type"] = noteable));

    [Fact]
    public void AGitLabSystemNote_IsNotAPersonSpeaking() =>
        Assert.Null(Parse(n => n["object_attributes"]!["system"] = true));
}
