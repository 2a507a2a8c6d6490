using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="ICheckStore"/> must do (issue 21), run against PostgreSQL in <c>Bob.Postgres.Tests</c> and the
/// in-memory store in <c>Bob.Git.Tests</c>: reports of a check in any order and any number of times keep the furthest;
/// the head's state follows Renovate's rule and says when it changed; a storm of concurrent reports of many checks on one
/// head ends in the state of its checks.
/// </summary>
public abstract class CheckStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    /// <summary>The store under test.</summary>
    protected abstract ICheckStore Store { get; }

    private static RemoteRepositoryIdentity NewRemote() => RemoteUrlParser.Default.Parse($"https://github.com/acme/c{Guid.NewGuid():N}"[..40]).Identity;

    private static CheckReport Run(string name, CheckStatus status, CheckConclusion? conclusion = null, int minutes = 0, string id = "100") =>
        new(CheckKind.CheckRun, name, Sha, status, status == CheckStatus.Completed ? conclusion : null, $"https://github.com/acme/web/runs/{id}", T0.AddMinutes(minutes), id);

    [Fact]
    public async Task TheReportsOfARun_InAnyOrderAndTwice_KeepItsFailure_AndTheHeadFails()
    {
        var store = Store;
        var remote = NewRemote();
        var completed = Run("lint", CheckStatus.Completed, CheckConclusion.Failure, 2);

        var first = await store.ApplyAsync(remote, completed);
        var late = await store.ApplyAsync(remote, Run("lint", CheckStatus.Queued, minutes: 0));
        var again = await store.ApplyAsync(remote, completed);

        Assert.Equal((CheckState.Failure, true), (first.State, first.Changed));
        Assert.Equal((CheckState.Failure, false, false), (late.State, late.Changed, again.Changed));
        Assert.Equal(["lint"], first.Failing);
        Assert.Equal(completed, Assert.Single(await store.ListAsync(remote, Sha)));
    }

    [Fact]
    public async Task AHeadThatComesBackToAState_IsANewVersion_AndARepeatKeepsIt()
    {
        var store = Store;
        var remote = NewRemote();

        var green = await store.ApplyAsync(remote, Run("lint", CheckStatus.Completed, CheckConclusion.Success, 1, id: "1")); // the only check so far
        var pending = await store.ApplyAsync(remote, Run("test", CheckStatus.Queued, minutes: 2, id: "2"));
        var greenAgain = await store.ApplyAsync(remote, Run("test", CheckStatus.Completed, CheckConclusion.Success, 3, id: "2"));
        var repeat = await store.ApplyAsync(remote, Run("test", CheckStatus.Completed, CheckConclusion.Success, 3, id: "2"));

        Assert.Equal([(CheckState.Success, 1), (CheckState.Pending, 2), (CheckState.Success, 3), (CheckState.Success, 3)],
            new[] { green, pending, greenAgain, repeat }.Select(h => (h.State, h.Version)));
        Assert.Equal((true, false), (greenAgain.Changed, repeat.Changed));
    }

    [Fact]
    public async Task AHeadIsPending_UntilEveryCheckPasses_AndAReRunStartsItOver()
    {
        var store = Store;
        var remote = NewRemote();

        var queued = await store.ApplyAsync(remote, Run("build", CheckStatus.Queued));
        await store.ApplyAsync(remote, Run("test", CheckStatus.Completed, CheckConclusion.Success, 1, id: "101"));
        var passed = await store.ApplyAsync(remote, Run("build", CheckStatus.Completed, CheckConclusion.Neutral, 2));
        var rerun = await store.ApplyAsync(remote, Run("test", CheckStatus.Queued, minutes: 3, id: "102"));

        Assert.Equal(CheckState.Pending, queued.State);
        Assert.Equal((CheckState.Success, true), (passed.State, passed.Changed));
        Assert.Equal((CheckState.Pending, true), (rerun.State, rerun.Changed));
        Assert.Equal(["build", "test"], (await store.ListAsync(remote, Sha)).Select(c => c.Name));
        Assert.Empty(await store.ListAsync(remote, new string('0', 40)));
    }

    [Fact]
    public async Task APipelinesFailedJobs_AreTheFailingNames()
    {
        var store = Store;
        var pipeline = new CheckReport(CheckKind.Pipeline, "pipeline", Sha, CheckStatus.Completed, CheckConclusion.Failure, "", T0, "31") { FailedParts = ["test-build"] };

        var head = await store.ApplyAsync(NewRemote(), pipeline);

        Assert.Equal(["pipeline: test-build"], head.Failing);
    }

    [Fact]
    public async Task AStormOfAHundredChecks_EachReportedThriceAndTwice_InAnyOrder_EndsInTheStateOfItsChecks()
    {
        var store = Store;
        var remote = NewRemote();
        var reports = Enumerable.Range(0, 100).SelectMany(i => new[]
        {
            Run($"check-{i:000}", CheckStatus.Queued, minutes: 0, id: (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run($"check-{i:000}", CheckStatus.InProgress, minutes: 1, id: (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Run($"check-{i:000}", CheckStatus.Completed, CheckConclusion.Success, 2, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).SelectMany(r => new[] { r, r }).OrderBy(_ => Random.Shared.Next()).ToList();

        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (report, _) => await store.ApplyAsync(remote, report));

        var kept = await store.ListAsync(remote, Sha);
        Assert.Equal(100, kept.Count);
        Assert.All(kept, c => Assert.Equal(CheckStatus.Completed, c.Status));
        Assert.Equal(CheckState.Success, (await store.ApplyAsync(remote, reports[0])).State);
    }
}
