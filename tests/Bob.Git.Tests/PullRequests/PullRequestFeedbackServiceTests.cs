using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.PullRequests;

/// <summary>
/// A pull request's review state and timeline over in-memory stores: each reviewer's latest counting review decides, the
/// timeline is oldest first in pages that neither skip nor repeat, and another user's pull request is not found.
/// </summary>
public sealed class PullRequestFeedbackServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryRepositoryStore _repositories = new();
    private readonly InMemoryPullRequestStore _pullRequests;
    private readonly InMemoryPullRequestFeedbackStore _feedback = new();
    private readonly PullRequestFeedbackService _service;
    private readonly Guid _user = Guid.NewGuid();

    public PullRequestFeedbackServiceTests()
    {
        _pullRequests = new(_repositories, new InMemorySessionStore());
        _service = new(_pullRequests, _feedback);
    }

    private async Task<ReviewState?> StateAsync(Guid id) => await _service.ReviewStateAsync((await _pullRequests.GetAsync(_user, id))!);

    private async Task<(Guid Id, RemoteRepositoryIdentity Remote)> PullRequestAsync()
    {
        var repository = await _repositories.AddAsync(_user, "web", RemoteUrlParser.Default.Parse($"https://github.com/acme/w{Guid.NewGuid():N}"[..40]), null);
        var change = await _pullRequests.ApplyAsync(repository, new PullRequestInfo(repository.Remote, 7, "Fix", null, "bob/fix", "main", null, PullRequestStatus.Open, "https://github.com/acme/web/pull/7", T0, null));
        return (change.PullRequestId, repository.Remote);
    }

    private static ReviewFeedback Review(string id, string author, ReviewState state, int minutes) =>
        new(id, PullRequestFeedback.Created, author, author, state, null, "", T0.AddMinutes(minutes));

    [Theory]
    [InlineData(ReviewState.Approved, ReviewState.ChangesRequested, ReviewState.ChangesRequested)]
    [InlineData(ReviewState.ChangesRequested, ReviewState.Approved, ReviewState.Approved)]
    [InlineData(ReviewState.Approved, ReviewState.Commented, ReviewState.Approved)]
    [InlineData(ReviewState.ChangesRequested, ReviewState.Dismissed, null)]
    public async Task AReviewersLatestCountingReview_Decides(ReviewState first, ReviewState then, ReviewState? expected)
    {
        var (id, remote) = await PullRequestAsync();
        await _feedback.ApplyAsync(remote, 7, Review("1", "ana", first, 1));
        await _feedback.ApplyAsync(remote, 7, Review("2", "ana", then, 2));

        Assert.Equal(expected, await StateAsync(id));
    }

    [Fact]
    public async Task OneReviewerAskingForChanges_OutweighsAnotherApproving()
    {
        var (id, remote) = await PullRequestAsync();
        await _feedback.ApplyAsync(remote, 7, Review("1", "ana", ReviewState.Approved, 1));
        await _feedback.ApplyAsync(remote, 7, Review("2", "ben", ReviewState.ChangesRequested, 2));

        Assert.Equal(ReviewState.ChangesRequested, await StateAsync(id));
        Assert.Null(await StateAsync((await PullRequestAsync()).Id));
    }

    [Fact]
    public async Task TheTimeline_IsOldestFirst_InPagesThatNeitherSkipNorRepeat()
    {
        var (id, remote) = await PullRequestAsync();
        for (var i = 0; i < 5; i++)
        {
            await _feedback.ApplyAsync(remote, 7, new CommentFeedback($"{100 + i}", PullRequestFeedback.Created, CommentKind.Conversation, "ana", null, $"c{i}", "", null, null, null, null, null, T0.AddMinutes(i), T0.AddMinutes(i)));
        }

        var first = await _service.ListAsync(_user, id, 2, null);
        var second = await _service.ListAsync(_user, id, 2, first.NextCursor);
        var last = await _service.ListAsync(_user, id, 2, second.NextCursor);

        Assert.Equal(["100", "101", "102", "103", "104"], first.Items.Concat(second.Items).Concat(last.Items).Select(f => f.ProviderId));
        Assert.Null(last.NextCursor);
    }

    [Fact]
    public async Task AnotherUsersPullRequest_IsNotFound()
    {
        var (id, _) = await PullRequestAsync();

        await Assert.ThrowsAsync<BobNotFoundException>(() => _service.ListAsync(Guid.NewGuid(), id, null, null));
    }
}
