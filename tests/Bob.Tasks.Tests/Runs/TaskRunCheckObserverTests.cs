using Bob.Git.Abstractions;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// What a head's change of state queues with its <c>checks.updated</c> event (issue 21): a red head one hand-over and one
/// tracker comment naming what fails with their pages, a green head the "passed" comment and the "ready" push to decide
/// later, a pending head nothing; every row keyed by session and head, so the same change written twice queues once.
/// </summary>
public sealed class TaskRunCheckObserverTests
{
    private static readonly Guid Session = Guid.NewGuid();
    private static readonly Guid PullRequest = Guid.NewGuid();
    private static readonly string Head = new('c', 40);
    private readonly TaskRunCheckObserver _observer = new();

    private static CheckReport Check(string name, CheckConclusion? conclusion, string url = "") =>
        new(CheckKind.CheckRun, name, Head, conclusion is null ? CheckStatus.InProgress : CheckStatus.Completed, conclusion, url, DateTimeOffset.UnixEpoch, name);

    private IReadOnlyList<OutboxMessage> Changed(CheckState state, params CheckReport[] checks)
    {
        var (_, failing) = CheckHeadState.Of(checks);
        return _observer.Changed(new CheckStateChange(Session, PullRequest, Head, state, failing, checks));
    }

    [Fact]
    public void ARedHead_QueuesOneHandOverAndOneComment_NamingWhatFailsAndWhere()
    {
        var rows = Changed(CheckState.Failure, Check("lint", CheckConclusion.Failure, "https://ci.example.org/lint"), Check("unit", CheckConclusion.TimedOut), Check("docs", CheckConclusion.Success, "https://ci.example.org/docs"));

        Assert.Equal([(TaskRunOutbox.AgentFeedbackEvent, $"agent-feedback:{Session:N}:ci:{Head}"), (TaskRunOutbox.ChecksFailedEvent, $"checks-failed:{Session:N}:ci:{Head}")],
            rows.Select(r => (r.EventType, r.DeliveryId)));
        var body = rows[0].Payload["body"]!.GetValue<string>();
        Assert.Equal("CI failed on ccccccc: lint, unit.\nlint: https://ci.example.org/lint", body);
        Assert.Equal((TaskAgentFeedbackKinds.CiFailed, "https://ci.example.org/lint"), (rows[0].Payload["kind"]!.GetValue<string>(), rows[0].Payload["url"]!.GetValue<string>()));
        Assert.Equal(body, rows[1].Payload["body"]!.GetValue<string>());
    }

    [Fact]
    public void AGreenHead_QueuesThePassedCommentAndTheReadyPush_ToDecideWhenPerformed()
    {
        var rows = Changed(CheckState.Success, Check("lint", CheckConclusion.Success), Check("docs", CheckConclusion.Skipped));

        Assert.Equal([(TaskRunOutbox.ChecksPassedEvent, $"checks-passed:{Session:N}:ci:{Head}"), (TaskRunOutbox.ReadyPushEvent, $"push-ready:{Session:N}:ci:{Head}")],
            rows.Select(r => (r.EventType, r.DeliveryId)));
        Assert.All(rows, r => Assert.Equal("CI passed on ccccccc.", r.Payload["body"]!.GetValue<string>()));
    }

    [Fact]
    public void APendingHead_QueuesNothing() =>
        Assert.Empty(Changed(CheckState.Pending, Check("lint", null)));

    [Fact]
    public void TheSameChangeTwice_QueuesTheSameRows() =>
        Assert.Equal(
            Changed(CheckState.Failure, Check("lint", CheckConclusion.Failure)).Select(r => r.DeliveryId),
            Changed(CheckState.Failure, Check("lint", CheckConclusion.Failure)).Select(r => r.DeliveryId));
}
