namespace Bob.Git.Abstractions.Tests;

/// <summary>Issue 19: every session event's payload is a record written one way; the JSON clients read is what it was.</summary>
public sealed class SessionEventPayloadsTests
{
    private static readonly Guid Id = Guid.Parse("0b7c2a9e-4a57-4f0e-9d55-3f6f3f6d2a11");

    [Fact]
    public void EachPayload_IsTheCamelCaseJsonClientsRead()
    {
        Assert.Equal(
            """{"pullRequestId":"0b7c2a9e-4a57-4f0e-9d55-3f6f3f6d2a11","url":"https://github.com/acme/web/pull/7","number":7,"title":"Fix it"}""",
            SessionEventPayloads.ToElement(new PullRequestLinkedEvent(Id, "https://github.com/acme/web/pull/7", 7, "Fix it")).GetRawText());
        Assert.Equal(
            """{"pullRequestId":"0b7c2a9e-4a57-4f0e-9d55-3f6f3f6d2a11","url":"https://github.com/acme/web/pull/7","number":7,"title":"Fix it","status":"merged"}""",
            SessionEventPayloads.ToElement(new PullRequestChangedEvent(Id, "https://github.com/acme/web/pull/7", 7, "Fix it", "merged")).GetRawText());
        Assert.Equal(
            """{"runId":"0b7c2a9e-4a57-4f0e-9d55-3f6f3f6d2a11","status":"blocked","trigger":"blocked","reason":null,"pullRequestUrl":null}""",
            SessionEventPayloads.ToElement(new TaskUpdatedEvent(Id, "blocked", "blocked", null, null)).GetRawText());
        Assert.Equal(
            """{"pullRequestId":"0b7c2a9e-4a57-4f0e-9d55-3f6f3f6d2a11","layer":3,"reasons":["generic title"]}""",
            SessionEventPayloads.ToElement(new TaskSkippedEvent(Id, 3, ["generic title"])).GetRawText());
    }

    [Fact]
    public void AReply_CarriesTheIdOfItsSourceOnly()
    {
        var comment = SessionEventPayloads.ToElement(new ReplyReceivedEvent("Ana", "Use v2", "kanbanger") { CommentId = "cmt_9" });
        var app = SessionEventPayloads.ToElement(new ReplyReceivedEvent("ana", "Use v2", "app") { ClientInputId = "in-1" });

        Assert.Equal("cmt_9", comment.GetProperty("commentId").GetString());
        Assert.False(comment.TryGetProperty("clientInputId", out _));
        Assert.Equal("in-1", app.GetProperty("clientInputId").GetString());
        Assert.False(app.TryGetProperty("commentId", out _));
    }

    [Theory]
    [InlineData(PullRequestStatus.Draft, "pr.updated")]
    [InlineData(PullRequestStatus.Open, "pr.updated")]
    [InlineData(PullRequestStatus.Merged, "pr.merged")]
    [InlineData(PullRequestStatus.Closed, "pr.closed")]
    public void APullRequestChange_IsAnnouncedUnderItsStatussKind(PullRequestStatus status, string kind) =>
        Assert.Equal(kind, SessionEventKinds.ForPullRequest(status));
}
