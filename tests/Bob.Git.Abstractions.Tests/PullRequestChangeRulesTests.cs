using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Git.Abstractions.Tests;

/// <summary>What a stored pull request change tells its session and observers, for every report.</summary>
public sealed class PullRequestChangeRulesTests
{
    private static readonly RemoteRepositoryIdentity Remote = RemoteUrlParser.Default.Parse("https://github.com/acme/web").Identity;

    private static readonly PullRequestInfo Stored = new(Remote, 7, "Fix login", "Body", "bob/fix", "main", new string('a', 40), PullRequestStatus.Draft, "https://github.com/acme/web/pull/7", DateTimeOffset.UnixEpoch, null);

    private static readonly Gen<Func<PullRequestInfo, PullRequestInfo>> VisibleChanges = Gen.Elements<Func<PullRequestInfo, PullRequestInfo>>(
        p => p with { Status = PullRequestStatus.Open },
        p => p with { Title = p.Title + "!" },
        p => p with { Body = null },
        p => p with { HeadSha = new string('b', 40) },
        p => p with { HeadBranch = "bob/other" },
        p => p with { BaseBranch = "develop" });

    [Property(MaxTest = 200)]
    public Property AReportThatMovesOnlyTheProvidersTimeOrLink_IsNeverVisible() =>
        Prop.ForAll(ArbMap.Default.ArbFor<DateTimeOffset>(), at =>
            !PullRequestChangeRules.IsVisibleChange(Stored, Stored with { UpdatedAt = at, Url = "https://github.com/acme/web/pull/7#moved" }));

    [Property(MaxTest = 200)]
    public Property AChangeOfWhatAPersonSees_IsAlwaysVisible_AndANewPullRequestToo() =>
        Prop.ForAll(VisibleChanges.ToArbitrary(), change =>
            PullRequestChangeRules.IsVisibleChange(Stored, change(Stored)) && PullRequestChangeRules.IsVisibleChange(null, change(Stored)));

    [Theory]
    [InlineData(PullRequestStatus.Draft, null)]
    [InlineData(PullRequestStatus.Open, null)]
    [InlineData(PullRequestStatus.Merged, "merged")]
    [InlineData(PullRequestStatus.Closed, "closed")]
    public void OnlyAMergeOrACloseTellsTheObservers(PullRequestStatus status, string? change) =>
        Assert.Equal(change, PullRequestChangeRules.ObserverChange(status));

    [Theory]
    [InlineData(PullRequestStatus.Draft, PullRequestStatus.Open, "ready")]
    [InlineData(null, PullRequestStatus.Open, null)]
    [InlineData(PullRequestStatus.Open, PullRequestStatus.Open, null)]
    [InlineData(PullRequestStatus.Open, PullRequestStatus.Draft, null)]
    [InlineData(PullRequestStatus.Draft, PullRequestStatus.Merged, "merged")]
    [InlineData(PullRequestStatus.Draft, PullRequestStatus.Closed, "closed")]
    public void ADraftMarkedReadyForReview_TellsTheObserversReady(PullRequestStatus? prior, PullRequestStatus status, string? change) =>
        Assert.Equal(change, PullRequestChangeRules.ObserverChange(prior, status));

    [Fact]
    public void TheEvents_AreTheSessionEventKindsWithTheirPayloads()
    {
        var id = Guid.NewGuid();

        var (changedKind, changed) = PullRequestChangeRules.ChangedEvent(id, Stored with { Status = PullRequestStatus.Merged });
        var (linkedKind, linked) = PullRequestChangeRules.LinkedEvent(id, Stored.Url, 7, "Fix login");

        Assert.Equal((SessionEventKinds.ForPullRequest(PullRequestStatus.Merged), "merged", id.ToString()), (changedKind, changed.GetProperty("status").GetString(), changed.GetProperty("pullRequestId").GetString()));
        Assert.Equal((SessionEventKinds.PullRequestCreated, 7, "Fix login"), (linkedKind, linked.GetProperty("number").GetInt32(), linked.GetProperty("title").GetString()));
    }
}
