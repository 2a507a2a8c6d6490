namespace Bob.Tasks.Tests.Heuristics;

/// <summary>The plan 5.3 gate over real-looking pull requests: each row's decision, the layer that decided and a reason.</summary>
public sealed class TaskWorthinessGateTests
{
    private const string TwoBullets = "## Summary\n- Stop the redirect loop between /login and /home\n- Keep the return URL across the sign-in";
    private const string OneBullet = "- Just one thing";
    private const string Prose = "This changes the login flow so that users are not bounced around.";
    private const string Numbered = "1. Parse the header\n2. Reject stale timestamps\n3. Add tests";

    public static TheoryData<string, string, int, int, bool, int, string> Titles => new()
    {
        // title, summary, changed lines, changed files, create?, layer, a reason's fragment
        { "Fix login redirect loop", TwoBullets, 48, 3, true, 0, "specific title" },
        { "Add rate limiting to the webhook receiver", TwoBullets, 120, 4, true, 0, "specific title" },
        { "BOB-42 Fix login redirect loop", TwoBullets, 48, 3, true, 0, "specific title" },
        { "feat(api): paginate the pull request list", TwoBullets, 90, 5, true, 0, "specific title" },
        { "fix(auth): handle expired refresh tokens", Numbered, 35, 2, true, 0, "specific title" },
        { "Refactor token vault key rotation", "* Rewrap rows in batches\n* Keep the old key readable", 200, 6, true, 0, "specific title" },
        { "[backend] Remove the legacy SHA-1 webhook signature", TwoBullets, 25, 1, true, 0, "specific title" },
        { "Migrate session events to a per-session sequence", TwoBullets, 300, 9, true, 0, "specific title" },
        { "Support GitLab subgroups in remote URLs", TwoBullets, 22, 2, true, 0, "specific title" },
        { "Prevent duplicate Kanbanger comments on retries", TwoBullets, 60, 3, true, 0, "specific title" },
        { "chore: bump Npgsql to 9", TwoBullets, 4, 3, true, 0, "specific title" },
        { "WIP", TwoBullets, 80, 4, false, 3, "generic title" },
        { "wip", TwoBullets, 80, 4, false, 3, "generic title" },
        { "fix", TwoBullets, 80, 4, false, 3, "generic title" },
        { "Fix", TwoBullets, 80, 4, false, 3, "generic title" },
        { "update", TwoBullets, 80, 4, false, 3, "generic title" },
        { "Updates", TwoBullets, 80, 4, false, 3, "generic title" },
        { "changes", TwoBullets, 80, 4, false, 3, "generic title" },
        { "misc", TwoBullets, 80, 4, false, 3, "generic title" },
        { "Misc fixes", TwoBullets, 80, 4, false, 3, "generic title" },
        { "BOB-123", TwoBullets, 80, 4, false, 3, "generic title" },
        { "BOB-123 fix", TwoBullets, 80, 4, false, 3, "generic title" },
        { "#77 update", TwoBullets, 80, 4, false, 3, "generic title" },
        { "WIP: fix", TwoBullets, 80, 4, false, 3, "generic title" },
        { "Fix bug", TwoBullets, 80, 4, false, 3, "generic title" },
        { "small tweaks", TwoBullets, 80, 4, false, 3, "generic title" },
        { "", TwoBullets, 80, 4, false, 3, "generic title" },
        { "Login redirect loop", TwoBullets, 80, 4, false, 3, "no action verb" },
        { "Fix the", TwoBullets, 80, 4, false, 3, "no domain noun" },
        { "Fix login redirect loop", OneBullet, 80, 4, false, 3, "1 bullet" },
        { "Fix login redirect loop", Prose, 80, 4, false, 3, "0 bullets" },
        { "Fix login redirect loop", "", 80, 4, false, 3, "0 bullets" },
        { "Fix login redirect loop", TwoBullets, 20, 2, false, 1, "trivial diff" },
        { "Fix login redirect loop", TwoBullets, 3, 1, false, 1, "trivial diff" },
        { "Fix login redirect loop", TwoBullets, 21, 1, true, 0, "specific title" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void APullRequest_GetsTheGatesDecision_WithItsReason(string title, string summary, int lines, int files, bool create, int layer, string reason)
    {
        var decision = TaskWorthinessGate.Decide(new PullRequestContext("acme/web", "bob/3f2c1b7e/fix", lines, files, FirstPush: true, PullRequestExists: true, title, summary));

        Assert.Equal((create, layer), (decision.CreateTask, decision.Layer));
        Assert.Contains(decision.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void NoRepositoryOrBranch_FailsTheHardRequirements_NamingBoth()
    {
        var decision = TaskWorthinessGate.Decide(new PullRequestContext(null, " ", 100, 5, true, true, "Fix login redirect loop", TwoBullets));

        Assert.Equal((false, 1), (decision.CreateTask, decision.Layer));
        Assert.Equal(["no repository", "no branch"], decision.Reasons);
    }

    [Fact]
    public void NeitherFirstPushNorAPullRequest_FailsTheLifecycleLayer()
    {
        var decision = TaskWorthinessGate.Decide(new PullRequestContext("acme/web", "bob/x/y", 100, 5, FirstPush: false, PullRequestExists: false, "Fix login redirect loop", TwoBullets));

        Assert.Equal((false, 2), (decision.CreateTask, decision.Layer));
    }

    [Fact]
    public void TheThresholds_AreConfigurable()
    {
        var strict = new TaskWorthinessOptions { MinChangedLines = 100, MinChangedFiles = 10, MinSummaryBullets = 3 };
        var context = new PullRequestContext("acme/web", "bob/x/y", 48, 3, true, true, "Fix login redirect loop", TwoBullets);

        Assert.True(TaskWorthinessGate.Decide(context).CreateTask);
        Assert.Equal(1, TaskWorthinessGate.Decide(context, strict).Layer);
        Assert.Equal(3, TaskWorthinessGate.Decide(context with { ChangedLines = 500 }, strict).Layer);
    }
}
