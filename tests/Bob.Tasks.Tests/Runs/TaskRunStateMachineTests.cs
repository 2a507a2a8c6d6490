using Bob.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Tasks.Tests.Runs;

/// <summary>The state machine's table, its properties for any sequence of triggers, and the README generated from it.</summary>
public sealed class TaskRunStateMachineTests
{
    private static Arbitrary<TaskRunTrigger[]> Triggers =>
        Gen.Elements(Enum.GetValues<TaskRunTrigger>()).ArrayOf().ToArbitrary();

    private static Arbitrary<TaskRunStatus> Statuses => Gen.Elements(Enum.GetValues<TaskRunStatus>()).ToArbitrary();

    private static Arbitrary<TaskRunTrigger> OneTrigger => Gen.Elements(Enum.GetValues<TaskRunTrigger>()).ToArbitrary();

    [Property]
    public Property AnySequenceOfTriggers_OnlyEverMovesAsTheTableSays() =>
        Prop.ForAll(Triggers, triggers =>
        {
            var status = TaskRunStateMachine.Initial;
            foreach (var trigger in triggers)
            {
                var (outcome, next) = TaskRunStateMachine.Fire(status, trigger);
                var allowed = outcome switch
                {
                    TaskRunFireOutcome.Moved => TaskRunStateMachine.Table.Any(t => t.From == status && t.Trigger == trigger && t.To == next),
                    _ => next == status,
                };
                if (!allowed)
                {
                    return false;
                }

                status = next;
            }

            return true;
        });

    [Property]
    public Property TerminalStatuses_AbsorbEveryTrigger() =>
        Prop.ForAll(Statuses, OneTrigger, (status, trigger) =>
            !TaskRunStateMachine.IsTerminal(status) || TaskRunStateMachine.Fire(status, trigger) == (TaskRunFireOutcome.Absorbed, status));

    [Property]
    public Property ATriggerDeliveredTwice_HasTheEffectOfOnce() =>
        Prop.ForAll(Statuses, OneTrigger, (status, trigger) =>
        {
            var once = TaskRunStateMachine.Fire(status, trigger).Status;
            return TaskRunStateMachine.Fire(once, trigger).Status == once;
        });

    /// <summary>
    /// With guards, over whole histories: every trigger of a sequence delivered twice in a row (a redelivered webhook, a
    /// retried outbox row) leaves the run as delivering it once does, and reports (tracker comments) the same milestones.
    /// </summary>
    [Property]
    public Property ASequenceWithEveryTriggerDeliveredTwice_EndsAndReportsAsDeliveredOnce() =>
        Prop.ForAll(Triggers, triggers =>
        {
            var (once, onceReports) = Replay(triggers);
            var (twice, twiceReports) = Replay(triggers.SelectMany(t => new[] { t, t }));
            return once.Status == twice.Status && once.PullRequestId == twice.PullRequestId && onceReports.SequenceEqual(twiceReports);
        });

    /// <summary>Fires the triggers at a new run as the store does (guards, a pull request linked on opening); the reports it would send.</summary>
    private static (TaskRun Run, List<string> Reports) Replay(IEnumerable<TaskRunTrigger> triggers)
    {
        var pullRequest = new Guid("6f1c4a52-0000-4000-8000-000000000001");
        var run = new TaskRun(Guid.Empty, Guid.Empty, "ws_1", "tsk_1", "BOB-1", "Title", TaskRunStateMachine.Initial, 1, null, null, null, null, null, DateTimeOffset.UnixEpoch);
        var reports = new List<string>();
        foreach (var trigger in triggers)
        {
            var (outcome, status, move) = TaskRunStateMachine.Fire(run, trigger);
            if (outcome != TaskRunFireOutcome.Moved)
            {
                continue;
            }

            run = run with { Status = status, Version = run.Version + 1, PullRequestId = trigger == TaskRunTrigger.PullRequestOpened ? pullRequest : run.PullRequestId };
            if (TaskRunStateMachine.Report(move!, "why", "https://example.org/pr/1") is { } report)
            {
                reports.Add($"{trigger}:{report}");
            }
        }

        return (run, reports);
    }

    [Fact]
    public void EveryNonTerminalStatus_CanFailAndBeCancelled_AndEveryStatusIsReachable()
    {
        foreach (var status in Enum.GetValues<TaskRunStatus>().Where(s => !TaskRunStateMachine.IsTerminal(s)))
        {
            Assert.Equal(TaskRunStatus.Failed, TaskRunStateMachine.Fire(status, TaskRunTrigger.Failed).Status);
            Assert.Equal(TaskRunStatus.Cancelled, TaskRunStateMachine.Fire(status, TaskRunTrigger.Cancelled).Status);
        }

        var reachable = TaskRunStateMachine.Table.Select(t => t.To).Append(TaskRunStateMachine.Initial).ToHashSet();
        Assert.Equal(Enum.GetValues<TaskRunStatus>().ToHashSet(), reachable);
    }

    [Theory]
    [InlineData(TaskRunStatus.Running, TaskRunTrigger.Replied)]
    [InlineData(TaskRunStatus.Starting, TaskRunTrigger.Blocked)]
    [InlineData(TaskRunStatus.Starting, TaskRunTrigger.PullRequestMerged)]
    public void ATriggerTheTableDoesNotList_IsRefused(TaskRunStatus status, TaskRunTrigger trigger) =>
        Assert.Equal((TaskRunFireOutcome.Refused, status), TaskRunStateMachine.Fire(status, trigger));

    /// <summary>The README's table and diagram are generated from the code's table: this fails when they drift apart.</summary>
    [Fact]
    public void ThePackageReadme_ShowsTheCurrentTableAndDiagram()
    {
        var path = Path.Combine(RepositoryPaths.Root, "src", "Bob.Tasks", "README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        const string start = "<!-- state-machine:start (generated from TaskRunStateMachine.Table; TaskRunStateMachineTests fails when stale) -->";
        const string end = "<!-- state-machine:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"{path} lacks the generated section markers");
        var expected = "\n" + TaskRunStateMachine.ToMarkdown() + "\n" + TaskRunStateMachine.ToMermaid();
        var actual = readme[(from + start.Length)..to];
        Assert.True(expected == actual, $"The state machine section of {path} is stale. Replace it with:\n{start}{expected}{end}");
    }
}
