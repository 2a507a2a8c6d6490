using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Git.Abstractions.Tests;

/// <summary>
/// Issue 21's rules for all inputs: a head's state is Renovate's roll-up (any failing check fails it; at least one and all
/// passing is success; else pending), and a check never moves backwards, whatever order its reports come in.
/// </summary>
public sealed class CheckReportTests
{
    private const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CheckReport Run(CheckStatus status, CheckConclusion? conclusion, int minutes = 0, string id = "128620228") =>
        new(CheckKind.CheckRun, "lint", Sha, status, status == CheckStatus.Completed ? conclusion : null, "https://github.com/acme/web/runs/1", T0.AddMinutes(minutes), id);

    private static Arbitrary<List<CheckReport>> Checks() =>
        (from status in Gen.Elements(CheckStatus.Queued, CheckStatus.InProgress, CheckStatus.Completed)
         from conclusion in Gen.Elements(Enum.GetValues<CheckConclusion>())
         from kind in Gen.Elements(CheckKind.Status, CheckKind.CheckRun)
         from minutes in Gen.Choose(0, 60)
         select new CheckReport(kind, "c", Sha, status, status == CheckStatus.Completed ? conclusion : null, "", T0.AddMinutes(minutes), "7")).ListOf().Select(l => l.ToList()).ToArbitrary();

    [Property]
    public Property AnyFailingCheck_FailsTheHead_AndSuccessNeedsEveryCheckPassing() =>
        Prop.ForAll(Checks(), checks =>
        {
            var state = CheckReport.RollUp(checks);
            var expected = checks.Any(c => c.IsFailing) ? CheckState.Failure
                : checks.Count > 0 && checks.All(c => c.IsPassing) ? CheckState.Success
                : CheckState.Pending;
            return state == expected && (state != CheckState.Success || checks.All(c => c.Status == CheckStatus.Completed));
        });

    [Property]
    public Property TheReportsOfOneRun_InAnyOrder_KeepTheFurthest(int seed)
    {
        var reports = new[] { Run(CheckStatus.Queued, null, 0), Run(CheckStatus.InProgress, null, 1), Run(CheckStatus.Completed, CheckConclusion.Failure, 2) };
        var order = reports.OrderBy(_ => new Random(seed).Next()).ToList();
        var kept = order[0];
        foreach (var report in order.Skip(1))
        {
            kept = report.Supersedes(kept) ? report : kept;
        }

        return (kept == reports[2]).ToProperty();
    }

    [Theory]
    [InlineData("failure", true, false)]
    [InlineData("timed_out", true, false)]
    [InlineData("cancelled", true, false)]
    [InlineData("action_required", true, false)]
    [InlineData("error", true, false)]
    [InlineData("success", false, true)]
    [InlineData("neutral", false, true)]
    [InlineData("skipped", false, true)]
    [InlineData("stale", false, false)]
    public void EachConclusion_FailsPassesOrNeither_AsRenovateCountsIt(string conclusion, bool failing, bool passing)
    {
        var check = Run(CheckStatus.Completed, CheckNames.ParseConclusion(conclusion));

        Assert.Equal((failing, passing), (check.IsFailing, check.IsPassing));
        Assert.Equal(conclusion, check.Conclusion!.Value.ToWireName());
    }

    [Fact]
    public void AReRun_ReplacesACompletedRun_AndAStatusOnlyANewerStatus()
    {
        var failed = Run(CheckStatus.Completed, CheckConclusion.Failure, 5);
        var rerun = Run(CheckStatus.Queued, null, 6, id: "128620229");
        var status = new CheckReport(CheckKind.Status, "ci/build", Sha, CheckStatus.Completed, CheckConclusion.Success, "", T0.AddMinutes(3), null);

        Assert.True(rerun.Supersedes(failed));
        Assert.False(failed.Supersedes(rerun));
        Assert.False((status with { At = T0, Status = CheckStatus.InProgress, Conclusion = null }).Supersedes(status));
        Assert.True((status with { At = T0.AddMinutes(4), Conclusion = CheckConclusion.Failure }).Supersedes(status));
        Assert.Equal(CheckState.Pending, CheckReport.RollUp([]));
        Assert.Throws<FormatException>(() => CheckNames.ParseConclusion("exploded"));
    }
}
