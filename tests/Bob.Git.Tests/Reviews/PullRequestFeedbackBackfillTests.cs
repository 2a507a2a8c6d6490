using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Reviews;

/// <summary>
/// The backfill of the review loop over in-memory stores and forge: a review that never arrived as a webhook is found,
/// stored, told to the session and trusted like a delivery, once; a round with nothing new tells nothing; a review kept from
/// a delivery under another id (Gitea's) is not taken twice; pull requests without a session are not asked about.
/// </summary>
public sealed class PullRequestFeedbackBackfillTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemoryRepositoryStore _repositories;
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryPullRequestStore _pullRequests;
    private readonly InMemoryPullRequestFeedbackStore _feedback = new();
    private readonly InMemoryCheckStore _checks = new();
    private readonly InMemoryGitProvider _forge = new();
    private readonly GitSyncService _sync;
    private readonly Guid _user = Guid.NewGuid();

    public PullRequestFeedbackBackfillTests()
    {
        _repositories = new(_clock);
        _sessions = new(_clock);
        _pullRequests = new(_repositories, _sessions, timeProvider: _clock);
        var handler = new GitWebhookEventHandler(_repositories, _pullRequests, timeProvider: _clock, feedback: _feedback,
            trust: new ReviewerTrust(_forge, _clock, NullLogger<ReviewerTrust>.Instance), events: _sessions, checks: _checks);
        var backfill = new PullRequestFeedbackBackfill(_pullRequests, _feedback, [handler], NullLogger<PullRequestFeedbackBackfill>.Instance);
        _sync = new(new InMemoryGitSyncStore(_repositories, _pullRequests, _clock), _pullRequests, _forge, Options.Create(new GitSyncOptions()), _clock, NullLogger<GitSyncService>.Instance, backfill);
        _forge.Writers.Add("ana");
    }

    /// <summary>An open pull request on the forge, stored, and (when <paramref name="session"/>) a session's.</summary>
    private async Task<(Repository Repository, int Number, Guid? Session)> PullRequestAsync(bool session = true)
    {
        var repository = await _repositories.AddAsync(_user, "web", RemoteUrlParser.Default.Parse("https://github.com/acme/web"), _repositories.AddConnection(_user));
        var opened = await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("bob/fix", "main", "Fix", null, Draft: false));
        var change = await _pullRequests.ApplyAsync(repository, opened);
        if (!session)
        {
            return (repository, opened.Number, null);
        }

        var created = await _sessions.CreateAsync(_user, repository.Id, "Fix");
        await _pullRequests.LinkSessionAsync(change.PullRequestId, created.Id);
        return (repository, opened.Number, created.Id);
    }

    private static ReviewFeedback Review(string id, string body = "Please add a test.") =>
        new(id, PullRequestFeedback.Created, "ana", "7", ReviewState.ChangesRequested, body, $"https://github.com/acme/web/pull/1#pullrequestreview-{id}", T0);

    [Fact]
    public async Task AReviewThatNeverArrivedAsAWebhook_IsFoundOnce_AndToldToTheSessionAsTrusted()
    {
        var (repository, number, session) = await PullRequestAsync();
        _forge.Feedback[number] = [Review("80")];

        var first = await _sync.SyncAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _sync.SyncAsync();

        Assert.Equal((1, 0), (first.FeedbackFound, second.FeedbackFound));
        var kept = Assert.IsType<ReviewFeedback>(Assert.Single(await _feedback.ListAsync(repository.Remote, number)));
        Assert.True(kept.Trusted);
        var said = Assert.Single(_sessions.EventsOf(session!.Value), e => e.Kind == SessionEventKinds.ReviewSubmitted);
        Assert.Equal(("80", "changes_requested", true), (said.Payload.GetProperty("reviewId").GetString(), said.Payload.GetProperty("state").GetString(), said.Payload.GetProperty("trusted").GetBoolean()));
    }

    [Fact]
    public async Task AReviewKeptFromADeliveryUnderAnotherId_IsNotTakenTwice()
    {
        var (repository, number, session) = await PullRequestAsync();
        await _feedback.ApplyAsync(repository.Remote, number, Review("gitea-3f2a1c0d9e8b7a6f5e4d3c2b"));
        _forge.Feedback[number] = [Review("80")];

        var round = await _sync.SyncAsync();

        Assert.Equal(0, round.FeedbackFound);
        Assert.Single(await _feedback.ListAsync(repository.Remote, number));
        Assert.DoesNotContain(_sessions.EventsOf(session!.Value), e => e.Kind == SessionEventKinds.ReviewSubmitted);
    }

    [Fact]
    public async Task APullRequestWithoutASession_IsNotAskedAbout()
    {
        var (_, number, _) = await PullRequestAsync(session: false);
        _forge.Feedback[number] = [Review("80")];

        var round = await _sync.SyncAsync();

        Assert.Equal((1, 0, 0), (round.Repositories, round.FeedbackFound, _forge.FeedbackLists));
    }

    [Fact]
    public async Task AFailingCheckThatNeverArrivedAsAWebhook_TurnsTheSessionsHeadRed()
    {
        var (repository, _, session) = await PullRequestAsync();
        var head = new string('a', 40); // the forge's head of every pull request
        _forge.Checks[head] = [new CheckReport(CheckKind.CheckRun, "lint", head, CheckStatus.Completed, CheckConclusion.Failure, "https://github.com/acme/web/runs/9", T0, "9")];

        await _sync.SyncAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _sync.SyncAsync();

        Assert.True(Assert.Single(await _checks.ListAsync(repository.Remote, head)).IsFailing);
        var said = Assert.Single(_sessions.EventsOf(session!.Value), e => e.Kind == SessionEventKinds.ChecksUpdated);
        Assert.Equal("failure", said.Payload.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AHeadFoundWithAPassingPipelineAndAFailingStatus_TurnsRedOnce_NeverGreenOnTheWay()
    {
        var (_, _, session) = await PullRequestAsync();
        var head = new string('a', 40);
        _forge.Checks[head] =
        [
            new CheckReport(CheckKind.Pipeline, "pipeline", head, CheckStatus.Completed, CheckConclusion.Success, "https://gitlab.example/p/47", T0, "47"),
            new CheckReport(CheckKind.Status, "docs", head, CheckStatus.InProgress, null, "", T0, "92"),
            new CheckReport(CheckKind.Status, "danger-review", head, CheckStatus.Completed, CheckConclusion.Failure, "https://ci.example.org/93", T0, "93"),
        ];

        await _sync.SyncAsync();

        var said = Assert.Single(_sessions.EventsOf(session!.Value), e => e.Kind == SessionEventKinds.ChecksUpdated);
        Assert.Equal("failure", said.Payload.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AHeadFoundWithAPassingAndARunningCheck_IsPendingOnly_NeverGreenOnTheWay()
    {
        var (_, _, session) = await PullRequestAsync();
        var head = new string('a', 40);
        _forge.Checks[head] =
        [
            new CheckReport(CheckKind.CheckRun, "lint", head, CheckStatus.Completed, CheckConclusion.Success, "", T0, "9"),
            new CheckReport(CheckKind.CheckRun, "test", head, CheckStatus.InProgress, null, "", T0, "10"),
        ];

        await _sync.SyncAsync();

        Assert.Equal(["pending"], _sessions.EventsOf(session!.Value).Where(e => e.Kind == SessionEventKinds.ChecksUpdated).Select(e => e.Payload.GetProperty("state").GetString()));
    }
}
