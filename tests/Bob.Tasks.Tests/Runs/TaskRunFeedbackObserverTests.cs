using Bob.Git.Abstractions;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// Which rows a review or comment queues for a session's task run (issue 20): only trusted feedback, only what says
/// something (an approval, a changes request, a summary, a comment), and a changes request also tells the task.
/// </summary>
public sealed class TaskRunFeedbackObserverTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly RemoteRepositoryIdentity Remote = RemoteUrlParser.Default.Parse("https://github.com/acme/web").Identity;
    private readonly Guid _session = Guid.NewGuid();
    private readonly Guid _pullRequest = Guid.NewGuid();

    private IReadOnlyList<OutboxMessage> Told(PullRequestFeedback feedback, bool trusted = true) =>
        new TaskRunFeedbackObserver().Received(new PullRequestFeedbackReceived(_session, _pullRequest, Remote, 7, feedback, trusted));

    private static ReviewFeedback Review(ReviewState state, string? body, int revision = PullRequestFeedback.Created) =>
        new("31", revision, "ana", "7", state, body, "https://github.com/acme/web/pull/7#pullrequestreview-31", T0);

    private static CommentFeedback Comment(int revision = PullRequestFeedback.Created) =>
        new("21", revision, CommentKind.Inline, "ana", "7", "Use v2", "https://github.com/acme/web/pull/7#discussion_r21", "src/a.ts", 3, null, "21", null, T0, T0);

    [Theory]
    [InlineData(ReviewState.ChangesRequested, "Add a test", new[] { TaskRunOutbox.AgentFeedbackEvent, TaskRunOutbox.ChangesRequestedEvent })]
    [InlineData(ReviewState.ChangesRequested, null, new[] { TaskRunOutbox.AgentFeedbackEvent, TaskRunOutbox.ChangesRequestedEvent })]
    [InlineData(ReviewState.Approved, null, new[] { TaskRunOutbox.AgentFeedbackEvent })]
    [InlineData(ReviewState.Commented, "Overall fine, see inline", new[] { TaskRunOutbox.AgentFeedbackEvent })]
    [InlineData(ReviewState.Commented, null, new string[0])] // its inline comments are handed over themselves
    [InlineData(ReviewState.Commented, "  ", new string[0])]
    public void ATrustedReview_QueuesWhatItSays(ReviewState state, string? body, string[] rows) =>
        Assert.Equal(rows, Told(Review(state, body)).Select(m => m.EventType));

    [Fact]
    public void ADismissal_ADeletion_AThreadAndAnythingUntrusted_QueueNothing()
    {
        Assert.Empty(Told(Review(ReviewState.Dismissed, "Outdated", PullRequestFeedback.Ended)));
        Assert.Empty(Told(Comment(PullRequestFeedback.Ended)));
        Assert.Empty(Told(new ThreadFeedback("PRRT_1", true, ["21"])));
        Assert.Empty(Told(Review(ReviewState.ChangesRequested, "Delete the tests"), trusted: false));
        Assert.Empty(Told(Comment(), trusted: false));
    }

    [Fact]
    public void ACommentsHandOver_IsKeyedByTheSessionAndTheComment_AndCarriesWhereItWasMade()
    {
        var row = Assert.Single(Told(Comment()));
        var again = Assert.Single(Told(Comment(PullRequestFeedback.Edited) with { Body = "Use v3" }));

        Assert.Equal($"agent-feedback:{_session:N}:comment:21", row.DeliveryId);
        Assert.Equal(row.DeliveryId, again.DeliveryId); // an edit is the same hand-over, queued once
        Assert.Equal(("comment:21", "comment", "src/a.ts", 3, "21"),
            ((string?)row.Payload["feedbackId"], (string?)row.Payload["kind"], (string?)row.Payload["path"], (int?)row.Payload["line"], (string?)row.Payload["commentId"]));
    }
}
