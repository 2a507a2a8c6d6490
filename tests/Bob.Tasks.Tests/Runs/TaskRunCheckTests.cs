using System.Text;
using Bob.Git;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Tasks.Tests.Runs;

/// <summary>
/// CI signals on a task run's pull request (issue 21) through the suite's own webhook handler, outbox rows and processor
/// over in-memory stores, a fake Kanbanger on 127.0.0.1, a recording agent and a recording push notifier: a red head is
/// handed to the agent and named to the task once, a run blocks for a person after its automatic fixes, and "pull request
/// ready" is pushed only when the pull request is ready for review and green.
/// </summary>
public sealed class TaskRunCheckTests : InMemoryBobTest
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly RecordingSessionNotifier _push = new();
    private FakeKanbanger _kanbanger = null!;
    private Repository _repository = null!;

    protected override async Task<InMemoryBob> CreateBobAsync(GitRemote remote)
    {
        _kanbanger = await FakeKanbanger.StartAsync("not-a-real-kanbanger-token");
        return InMemoryBob.Create(remote, _kanbanger.BaseUri, services => services.AddSingleton<ISessionNotifier>(_push));
    }

    protected override async Task ArrangeAsync() => _repository = await Bob.RegisterAsync(User, Remote);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    private GitWebhookEventHandler Handler => Bob.Get<IEnumerable<IGitWebhookEventHandler>>().OfType<GitWebhookEventHandler>().Single();

    private static string Sha(char c) => new(c, 40);

    private PullRequestInfo Info(string head, PullRequestStatus status, int minutes) =>
        new(_repository.Remote, 7, "Fix login", null, "bob/fix", "main", head, status, $"{_repository.Remote.WebUrl}/pulls/7", T0.AddMinutes(minutes), null);

    /// <summary>A running task run whose session's pull request #7 (head aaaa…) is linked and followed.</summary>
    private async Task<TaskRun> RunWithPullRequestAsync(PullRequestStatus status = PullRequestStatus.Open)
    {
        var run = await Bob.Get<TaskRunService>().AssignAsync(new TaskAssignment("ws_1", "tsk_1", "BOB-42", "Fix login redirect loop", null, null, User.ToString(), Remote.RemoteUrl, null));
        var change = await Bob.PullRequests.ApplyAsync(_repository, Info(Sha('a'), status, 0));
        await Bob.PullRequests.LinkSessionAsync(change.PullRequestId, run.SessionId!.Value);
        await PerformAsync(TaskRunOutbox.PullRequestEvent);
        return (await Bob.Runs.FindAsync(run.Id))!;
    }

    /// <summary>A new head of #7 (the agent's fix), pushed <paramref name="minutes"/> after the first.</summary>
    private Task PushHeadAsync(string head, int minutes, PullRequestStatus status = PullRequestStatus.Open) =>
        Bob.PullRequests.ApplyAsync(_repository, Info(head, status, minutes));

    private Task CheckAsync(string head, string name, CheckConclusion? conclusion, int minutes = 1) =>
        Handler.HandleAsync(new CheckWebhookEvent(_repository.Remote, "check_run", new CheckReport(
            CheckKind.CheckRun, name, head, conclusion is null ? CheckStatus.InProgress : CheckStatus.Completed, conclusion,
            $"https://gitea.example/acme/web/actions/runs/{name}-{head[..4]}", T0.AddMinutes(minutes), $"{name}-{head[..4]}")));

    private IEnumerable<OutboxMessage> Rows => [.. Bob.Runs.Outbox, .. Bob.PullRequests.Outbox];

    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>
    /// Performs every queued row of <paramref name="eventType"/> not done yet, <paramref name="times"/> times each, as the
    /// worker would: a row it finished is not performed again later (within one call, a second time is a lost answer), and
    /// one it was told to retry is performed again with its failures counted.
    /// </summary>
    private async Task PerformAsync(string eventType, int times = 1)
    {
        var processor = Bob.Get<TaskRunOutboxProcessor>();
        foreach (var message in Rows.Where(m => m.EventType == eventType && !_done.Contains(m.DeliveryId)).ToList())
        {
            for (var i = 0; i < times; i++)
            {
                Assert.True(processor.Handles(message.EventType));
                var failures = _failures.GetValueOrDefault(message.DeliveryId);
                var result = await processor.ProcessAsync(new ClaimedDelivery(Guid.NewGuid(), message.Source, message.EventType, message.DeliveryId, Encoding.UTF8.GetBytes(message.Payload.ToJsonString()), failures));
                Assert.NotEqual(WebhookProcessingOutcome.DeadLetter, result.Outcome);
                if (result.Outcome == WebhookProcessingOutcome.Done)
                {
                    _done.Add(message.DeliveryId);
                }
                else
                {
                    _failures[message.DeliveryId] = failures + 1;
                }
            }
        }
    }

    /// <summary>Performs every kind of row the checks and moves queue, twice each, in the order a worker might.</summary>
    private async Task PerformAllAsync()
    {
        foreach (var kind in new[] { TaskRunOutbox.AgentFeedbackEvent, TaskRunOutbox.ChecksFailedEvent, TaskRunOutbox.ChecksPassedEvent, TaskRunOutbox.ReadyPushEvent, TaskRunOutbox.PullRequestEvent, TaskRunOutbox.CommentEvent, TaskRunOutbox.PushEvent })
        {
            await PerformAsync(kind, times: 2);
        }
    }

    private IEnumerable<string> CiComments => _kanbanger.Comments.Where(c => c.Body.StartsWith("CI", StringComparison.Ordinal)).Select(c => c.Body.Split('\n')[0]);

    /// <summary>The "pull request ready" pushes of a green head (not the opened pull request's, which has the same title).</summary>
    private IEnumerable<string> ReadyPushes => _push.Sent.Where(p => p.Title.EndsWith("pull request ready", StringComparison.Ordinal) && p.Body.StartsWith("All checks pass", StringComparison.Ordinal)).Select(p => p.Body);

    [Fact]
    public async Task ARedHead_IsHandedToTheAgentOnce_AndNamedToTheTaskOnce_ThoughItsChecksAreDeliveredTwice()
    {
        var run = await RunWithPullRequestAsync();

        await CheckAsync(Sha('a'), "lint", null);
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure); // delivered again
        await PerformAllAsync();

        var red = Assert.Single(Bob.Agent.Feedback.DistinctBy(f => f.FeedbackId));
        Assert.Equal(($"ci:{Sha('a')}", TaskAgentFeedbackKinds.CiFailed, run.Id), (red.FeedbackId, red.Kind, red.RunId));
        Assert.Contains("https://gitea.example/acme/web/actions/runs/lint-aaaa", red.Body, StringComparison.Ordinal);
        Assert.Equal(["CI failed on aaaaaaa: lint."], CiComments);
    }

    [Fact]
    public async Task AGreenHeadNeverRed_TellsTheTaskNothing()
    {
        await RunWithPullRequestAsync();

        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        await PerformAllAsync();

        Assert.Empty(Bob.Agent.Feedback);
        Assert.Empty(CiComments);
    }

    [Fact]
    public async Task AFixThatTurnsANewHeadGreen_IsOneCommentOnTheTask()
    {
        await RunWithPullRequestAsync();
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PushHeadAsync(Sha('b'), 10);

        await CheckAsync(Sha('b'), "lint", CheckConclusion.Success, 11);
        await PerformAllAsync();

        Assert.Equal(["CI failed on aaaaaaa: lint.", "CI passed on bbbbbbb."], CiComments);
    }

    [Fact]
    public async Task AHeadGreenForAMoment_ThenRed_IsNoPassedComment_EvenWhenItsRowIsPerformedAfterTheRed()
    {
        await RunWithPullRequestAsync();

        await CheckAsync(Sha('a'), "status", CheckConclusion.Success); // the only check so far: green
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PerformAllAsync();

        Assert.Equal(["CI failed on aaaaaaa: lint."], CiComments);
    }

    [Fact]
    public async Task AHeadGreenForAMoment_ThenPending_ThenGreen_PushesReadyOnce_WhenItIsGreen()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Open);

        await CheckAsync(Sha('a'), "status", CheckConclusion.Success); // the only check so far: green for a moment
        await CheckAsync(Sha('a'), "lint", null, minutes: 2);
        await PerformAllAsync();
        var whilePending = ReadyPushes.Count();
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success, minutes: 3);
        await PerformAllAsync();

        Assert.Equal(0, whilePending);
        Assert.Single(ReadyPushes, b => b.StartsWith("All checks pass on aaaaaaa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATrustedReviewThatResumesARunBlockedByRedHeads_StartsTheCountOfFixesAgain()
    {
        var run = await RunWithPullRequestAsync();
        for (var i = 0; i < 4; i++)
        {
            var head = Sha((char)('a' + i));
            if (i > 0)
            {
                await PushHeadAsync(head, 10 * i);
            }

            await CheckAsync(head, "lint", CheckConclusion.Failure, 10 * i + 1);
            await PerformAllAsync();
        }

        Bob.Forge.Writers.Add("ana");
        await Handler.HandleAsync(new PullRequestFeedbackWebhookEvent(_repository.Remote, 7, "created",
            new ReviewFeedback("41", PullRequestFeedback.Created, "ana", "7", ReviewState.Commented, "Try a retry around the flaky call.", "", T0)));
        await PerformAllAsync();
        var resumed = (await Bob.Runs.FindAsync(run.Id))!.Status;
        await PushHeadAsync(Sha('e'), 50);
        await CheckAsync(Sha('e'), "lint", CheckConclusion.Failure, 51);
        await PerformAllAsync();

        Assert.Equal(TaskRunStatus.Running, resumed);
        Assert.Equal(TaskRunStatus.Running, (await Bob.Runs.FindAsync(run.Id))!.Status);
        Assert.Equal([.. "abce".Select(c => $"ci:{Sha(c)}")], Bob.Agent.Feedback.Where(f => f.Kind == TaskAgentFeedbackKinds.CiFailed).Select(f => f.FeedbackId).Distinct());
    }

    [Fact]
    public async Task AGreenHeadOfARunThatEnded_PushesNothing()
    {
        var run = await RunWithPullRequestAsync(PullRequestStatus.Open);
        await Bob.Get<TaskRunService>().CancelAsync(User, run.Id);

        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        await PerformAllAsync();

        Assert.Empty(ReadyPushes);
    }

    [Fact]
    public async Task AGreenHeadOfAnotherPullRequestOfTheSession_PushesNothing()
    {
        var run = await RunWithPullRequestAsync(PullRequestStatus.Open);
        var other = await Bob.PullRequests.ApplyAsync(_repository, new PullRequestInfo(_repository.Remote, 8, "Follow-up", null, "bob/other", "main", Sha('f'), PullRequestStatus.Open, $"{_repository.Remote.WebUrl}/pulls/8", T0, null));
        await Bob.PullRequests.LinkSessionAsync(other.PullRequestId, run.SessionId!.Value);

        await CheckAsync(Sha('f'), "lint", CheckConclusion.Success);
        await CheckAsync(Sha('f'), "unit", CheckConclusion.Failure);
        await PerformAllAsync();

        Assert.Empty(ReadyPushes);
        Assert.Empty(CiComments);
        Assert.Empty(Bob.Agent.Feedback);
    }

    [Fact]
    public async Task AFixsGreenRows_FirstWaitForItToSettle()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Open);
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PushHeadAsync(Sha('b'), 10);
        await CheckAsync(Sha('b'), "lint", CheckConclusion.Success, 11);
        var processor = Bob.Get<TaskRunOutboxProcessor>();

        foreach (var row in Rows.Where(m => m.EventType is TaskRunOutbox.ReadyPushEvent or TaskRunOutbox.ChecksPassedEvent))
        {
            var first = await processor.ProcessAsync(new ClaimedDelivery(Guid.NewGuid(), row.Source, row.EventType, row.DeliveryId, Encoding.UTF8.GetBytes(row.Payload.ToJsonString()), 0));
            Assert.Equal((WebhookProcessingOutcome.Retry, (TimeSpan?)TimeSpan.FromSeconds(30)), (first.Outcome, first.RetryAfter));
        }

        Assert.Empty(ReadyPushes);
        Assert.Equal(2, Rows.Count(m => m.EventType is TaskRunOutbox.ReadyPushEvent or TaskRunOutbox.ChecksPassedEvent));
    }

    [Fact]
    public async Task AGreenRowWithNothingToSay_IsDoneAtOnce_WithoutWaiting()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Draft); // never red, and a draft: no comment, no push
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        var processor = Bob.Get<TaskRunOutboxProcessor>();

        var outcomes = new List<WebhookProcessingOutcome>();
        foreach (var row in Rows.Where(m => m.EventType is TaskRunOutbox.ReadyPushEvent or TaskRunOutbox.ChecksPassedEvent))
        {
            outcomes.Add((await processor.ProcessAsync(new ClaimedDelivery(Guid.NewGuid(), row.Source, row.EventType, row.DeliveryId, Encoding.UTF8.GetBytes(row.Payload.ToJsonString()), 0))).Outcome);
        }

        Assert.Equal([WebhookProcessingOutcome.Done, WebhookProcessingOutcome.Done], outcomes);
    }

    [Fact]
    public async Task AfterThreeRedHeads_TheFourthBlocksTheRunOnce_SayingWhatFails_AndIsNotHandedOver()
    {
        var run = await RunWithPullRequestAsync();
        var heads = new[] { Sha('a'), Sha('b'), Sha('c'), Sha('d') };
        for (var i = 0; i < heads.Length; i++)
        {
            if (i > 0)
            {
                await PushHeadAsync(heads[i], 10 * i);
            }

            await CheckAsync(heads[i], "unit tests", CheckConclusion.Failure, 10 * i + 1);
            await PerformAllAsync();
        }

        Assert.Equal(heads[..3].Select(h => $"ci:{h}"), Bob.Agent.Feedback.Select(f => f.FeedbackId).Distinct());
        var blocked = (await Bob.Runs.FindAsync(run.Id))!;
        Assert.Equal(TaskRunStatus.Blocked, blocked.Status);
        Assert.Equal("CI is still red after 3 automatic fixes: unit tests failed on ddddddd. Reply to let Bob try again.", blocked.BlockedReason);
        Assert.Single(_kanbanger.Comments, c => c.Body.StartsWith("Bob is blocked and needs an answer: CI is still red", StringComparison.Ordinal));
        Assert.Single(_push.Sent, p => p.Title == "BOB-42 needs an answer");
        Assert.Single((await Bob.Runs.TransitionsAsync(run.Id)), t => t.Trigger == TaskRunTrigger.Blocked);
    }

    [Fact]
    public async Task AReplyToABlockedRun_StartsTheCountOfAutomaticFixesAgain()
    {
        var run = await RunWithPullRequestAsync();
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PerformAllAsync();
        await Bob.Get<TaskRunTriggers>().FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint?");
        await Bob.Get<TaskRunService>().ReplyAsync((await Bob.Runs.FindAsync(run.Id))!, "c-1", "ana", "v2, and fix lint");

        await PushHeadAsync(Sha('b'), 10);
        await CheckAsync(Sha('b'), "lint", CheckConclusion.Failure, 11);
        await PerformAllAsync();

        Assert.Equal(TaskRunStatus.Running, (await Bob.Runs.FindAsync(run.Id))!.Status);
        Assert.Equal([$"ci:{Sha('a')}", $"ci:{Sha('b')}"], Bob.Agent.Feedback.Select(f => f.FeedbackId).Distinct());
    }

    [Fact]
    public async Task ARedHead_DoesNotAnswerARunBlockedOnAQuestion_NorReachItsAgent()
    {
        var run = await RunWithPullRequestAsync();
        await Bob.Get<TaskRunTriggers>().FireAsync(run.Id, TaskRunTrigger.Blocked, "Which endpoint, v1 or v2?");

        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PerformAllAsync();

        var after = (await Bob.Runs.FindAsync(run.Id))!;
        Assert.Equal((TaskRunStatus.Blocked, "Which endpoint, v1 or v2?"), (after.Status, after.BlockedReason));
        Assert.Empty(Bob.Agent.Feedback);
        Assert.Equal(["CI failed on aaaaaaa: lint."], CiComments); // the people still hear it
    }

    [Fact]
    public async Task TheOpenedPullRequestsPush_IsNotSentWhileItsHeadIsRed()
    {
        await RunWithPullRequestAsync();
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);

        await PerformAsync(TaskRunOutbox.PushEvent, times: 2);

        Assert.DoesNotContain(_push.Sent, p => p.Title == "BOB-42: pull request ready");
    }

    [Fact]
    public async Task TheOpenedPullRequestsPush_IsSentOnce_WhileItsChecksRun()
    {
        await RunWithPullRequestAsync();
        await CheckAsync(Sha('a'), "lint", null);

        await PerformAsync(TaskRunOutbox.PushEvent, times: 2);

        Assert.Single(_push.Sent, p => p.Title == "BOB-42: pull request ready" && p.Body.StartsWith("Bob opened a draft pull request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGreenFixOfADraft_IsACommentOnly_AndMarkingItReady_PushesReadyOnce()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Draft);
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Failure);
        await PushHeadAsync(Sha('b'), 10, PullRequestStatus.Draft);
        await CheckAsync(Sha('b'), "lint", CheckConclusion.Success, 11);
        await PerformAllAsync();
        var whileDraft = ReadyPushes.Count();

        await PushHeadAsync(Sha('b'), 12, PullRequestStatus.Open); // marked ready for review
        await PerformAllAsync();
        await PerformAllAsync();

        Assert.Equal(0, whileDraft);
        Assert.Equal(["CI failed on aaaaaaa: lint.", "CI passed on bbbbbbb."], CiComments);
        Assert.Equal([$"All checks pass on bbbbbbb: {_repository.Remote.WebUrl}/pulls/7"], ReadyPushes);
    }

    [Fact]
    public async Task AReadyPullRequestWhoseHeadTurnsGreen_PushesReadyOnce_ThoughItsChecksAreDeliveredTwice()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Open);

        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        await PerformAllAsync();

        Assert.Single(ReadyPushes, b => b.StartsWith("All checks pass on aaaaaaa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGreenHeadThatIsNoLongerTheHead_PushesNothing()
    {
        await RunWithPullRequestAsync(PullRequestStatus.Open);
        await PushHeadAsync(Sha('b'), 10);

        await CheckAsync(Sha('a'), "lint", CheckConclusion.Success);
        await PerformAllAsync();

        Assert.Empty(ReadyPushes);
    }
}

/// <summary>A cap of 0 automatic fixes: the first red head asks a person.</summary>
public sealed class TaskRunCheckCapTests : InMemoryBobTest
{
    private FakeKanbanger _kanbanger = null!;
    private Repository _repository = null!;

    protected override async Task<InMemoryBob> CreateBobAsync(GitRemote remote)
    {
        _kanbanger = await FakeKanbanger.StartAsync("not-a-real-kanbanger-token");
        return InMemoryBob.Create(remote, _kanbanger.BaseUri, services => services.AddBobTaskRuns().ConfigureRuns(o => o.MaxAutomaticFixes = 0));
    }

    protected override async Task ArrangeAsync() => _repository = await Bob.RegisterAsync(User, Remote);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    [Fact]
    public async Task NoAutomaticFixes_BlocksTheRunOnTheFirstRedHead()
    {
        var run = await Bob.Get<TaskRunService>().AssignAsync(new TaskAssignment("ws_1", "tsk_1", "BOB-42", "Fix login", null, null, User.ToString(), Remote.RemoteUrl, null));
        var head = new string('a', 40);
        var change = await Bob.PullRequests.ApplyAsync(_repository, new PullRequestInfo(_repository.Remote, 7, "Fix login", null, "bob/fix", "main", head, PullRequestStatus.Open, $"{_repository.Remote.WebUrl}/pulls/7", DateTimeOffset.UnixEpoch, null));
        await Bob.PullRequests.LinkSessionAsync(change.PullRequestId, run.SessionId!.Value);
        var handler = Bob.Get<IEnumerable<IGitWebhookEventHandler>>().OfType<GitWebhookEventHandler>().Single();

        await handler.HandleAsync(new CheckWebhookEvent(_repository.Remote, "status", new CheckReport(CheckKind.Status, "ci/build", head, CheckStatus.Completed, CheckConclusion.Failure, "", DateTimeOffset.UnixEpoch.AddMinutes(1), "ci/build")));
        var processor = Bob.Get<TaskRunOutboxProcessor>();
        foreach (var row in Bob.Runs.Outbox.Where(m => m.EventType == TaskRunOutbox.AgentFeedbackEvent))
        {
            await processor.ProcessAsync(new ClaimedDelivery(Guid.NewGuid(), row.Source, row.EventType, row.DeliveryId, Encoding.UTF8.GetBytes(row.Payload.ToJsonString()), 0));
        }

        var after = (await Bob.Runs.FindAsync(run.Id))!;
        Assert.Equal(TaskRunStatus.Blocked, after.Status);
        Assert.StartsWith("CI is still red after no automatic fix (TaskRuns:MaxAutomaticFixes is 0): ci/build failed on aaaaaaa.", after.BlockedReason, StringComparison.Ordinal);
        Assert.Empty(Bob.Agent.Feedback);
    }

    [Theory]
    [InlineData(-1, 30, "TaskRuns:MaxAutomaticFixes must be between 0 and 100 (it is -1)")]
    [InlineData(101, 30, "TaskRuns:MaxAutomaticFixes must be between 0 and 100 (it is 101)")]
    [InlineData(3, -1, "TaskRuns:GreenSettleSeconds must be between 0 and 3600 (it is -1)")]
    [InlineData(3, 3601, "TaskRuns:GreenSettleSeconds must be between 0 and 3600 (it is 3601)")]
    public void AnOutOfRangeSetting_StopsTheHostAtStart_NamingIt(int max, int settle, string message)
    {
        var services = new ServiceCollection();
        services.AddBobTaskRuns().ConfigureRuns(o => (o.MaxAutomaticFixes, o.GreenSettleSeconds) = (max, settle));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TaskRunOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
