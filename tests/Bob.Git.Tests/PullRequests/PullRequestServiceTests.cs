using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git.Tests.PullRequests;

/// <summary>
/// The pull request service over in-memory stores and an in-memory forge: one draft per head however often it is asked
/// for (a lost answer included), the session told once, edits and merges written back as the forge answers them, and
/// bad input or another user's ids refused before anything is sent.
/// </summary>
public sealed class PullRequestServiceTests
{
    private readonly InMemoryRepositoryStore _repositories = new();
    private readonly InMemorySessionStore _sessions = new();
    private readonly InMemoryPullRequestStore _pullRequests;
    private readonly InMemoryGitProvider _forge = new();
    private readonly PullRequestService _service;
    private readonly Guid _user = Guid.NewGuid();

    public PullRequestServiceTests()
    {
        _pullRequests = new(_repositories, _sessions);
        _service = new(_repositories, _sessions, _pullRequests, _forge, NullLogger<PullRequestService>.Instance);
    }

    private async Task<Repository> RepositoryAsync(bool connected = true)
    {
        var connection = connected ? _repositories.AddConnection(_user) : (Guid?)null;
        return await _repositories.AddAsync(_user, "web", RemoteUrlParser.Default.Parse($"https://github.com/acme/web{Guid.NewGuid():N}"[..40]), connection);
    }

    [Fact]
    public async Task ADraft_IsCreatedOnce_AndItsSessionToldOnce_HoweverOftenItIsAskedFor()
    {
        var repository = await RepositoryAsync();
        var session = await _sessions.CreateAsync(_user, repository.Id, null);

        var (first, created) = await _service.CreateDraftAsync(_user, repository.Id, session.Id, "bob/fix", "main", "  Fix login  ", "Body");
        var (again, createdAgain) = await _service.CreateDraftAsync(_user, repository.Id, session.Id, "bob/fix", "main", "Fix login", "Body");

        Assert.Equal((true, false, first.Id), (created, createdAgain, again.Id));
        Assert.Equal(("Fix login", PullRequestStatus.Draft, (Guid?)session.Id, 1), (first.Title, first.Status, first.SessionId, _forge.Creates));
        Assert.Equal([SessionEventKinds.PullRequestCreated], _sessions.EventsOf(session.Id).Select(e => e.Kind));
        Assert.Equal((_user, repository.ConnectionId!.Value), _forge.ClientsCreated[0]);
    }

    [Fact]
    public async Task ConcurrentAsksForOneHead_MakeOneDraft()
    {
        var repository = await RepositoryAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.PullRequest.Id).Distinct());
        Assert.Equal(1, _forge.Creates);
    }

    [Fact]
    public async Task ADraftWhoseAnswerWasLost_IsFoundOnTheRetry_NotMadeTwice()
    {
        var repository = await RepositoryAsync();
        _forge.CreateTimesOut = true;

        var lost = await Assert.ThrowsAsync<GitProviderException>(() => _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null));
        var (pullRequest, created) = await _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null);

        Assert.True(lost.IsTransient);
        Assert.Equal((false, 1, 1), (created, pullRequest.Number, _forge.Creates));
    }

    [Fact]
    public async Task ADraftOnAForgeThatAlreadyHasOne_TakesTheExistingOne()
    {
        var repository = await RepositoryAsync();
        await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("bob/fix", "main", "Made by hand", null));

        var (pullRequest, created) = await _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null);

        Assert.Equal((false, "Made by hand", 1), (created, pullRequest.Title, _forge.Creates));
    }

    [Theory]
    [InlineData("bob/fix", "main", "", "title")]
    [InlineData("bob/fix", "main", "line\nbreak", "title")]
    [InlineData("bob..fix", "main", "Fix", "headBranch")]
    [InlineData("bob/fix", "-main", "Fix", "baseBranch")]
    public async Task BadInput_IsRefusedByField_BeforeTheForgeIsAsked(string head, string @base, string title, string field)
    {
        var repository = await RepositoryAsync();

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => _service.CreateDraftAsync(_user, repository.Id, null, head, @base, title, null));

        Assert.Equal((field, BobErrorKind.Invalid), (ex.Field, ex.Kind));
        Assert.Empty(_forge.ClientsCreated);
    }

    [Fact]
    public async Task ARepositoryWithoutAConnection_IsAConflict_AndAnotherUsersRepositoryOrSession_NotFound()
    {
        var unconnected = await RepositoryAsync(connected: false);
        var repository = await RepositoryAsync();
        var strangersSession = await _sessions.CreateAsync(Guid.NewGuid(), null, null);

        var conflict = await Assert.ThrowsAsync<BobConflictException>(() => _service.CreateDraftAsync(_user, unconnected.Id, null, "bob/fix", "main", "Fix", null));
        var noRepository = await Assert.ThrowsAsync<BobNotFoundException>(() => _service.CreateDraftAsync(Guid.NewGuid(), repository.Id, null, "bob/fix", "main", "Fix", null));
        var noSession = await Assert.ThrowsAsync<BobNotFoundException>(() => _service.CreateDraftAsync(_user, repository.Id, strangersSession.Id, "bob/fix", "main", "Fix", null));

        Assert.Equal(BobErrorKind.Conflict, conflict.Kind);
        Assert.Equal((BobErrorKind.NotFound, BobErrorKind.NotFound), (noRepository.Kind, noSession.Kind));
        Assert.Equal(0, _forge.Creates);
    }

    [Fact]
    public async Task AnEdit_IsSentAndStoredAsTheForgeAnswers()
    {
        var repository = await RepositoryAsync();
        var (pullRequest, _) = await _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null);

        var ready = await _service.UpdateAsync(_user, pullRequest.Id, "Fix login", null, draft: false, state: null);
        var closed = await _service.UpdateAsync(_user, pullRequest.Id, null, "Not needed", null, "closed");

        Assert.Equal(("Fix login", PullRequestStatus.Open), (ready.Title, ready.Status));
        Assert.Equal((PullRequestStatus.Closed, "Not needed"), (closed.Status, closed.Body));
        await Assert.ThrowsAsync<BobValidationException>(() => _service.UpdateAsync(_user, pullRequest.Id, null, null, null, null));
        Assert.Equal("state", (await Assert.ThrowsAsync<BobValidationException>(() => _service.UpdateAsync(_user, pullRequest.Id, null, null, null, "reopened"))).Field);
    }

    [Fact]
    public async Task AMerge_IsStored_AndAMergedPullRequest_CannotChangeAgain()
    {
        var repository = await RepositoryAsync();
        var session = await _sessions.CreateAsync(_user, repository.Id, null);
        var (pullRequest, _) = await _service.CreateDraftAsync(_user, repository.Id, session.Id, "bob/fix", "main", "Fix", null);
        await _service.UpdateAsync(_user, pullRequest.Id, null, null, draft: false, state: null);

        var merged = await _service.MergeAsync(_user, pullRequest.Id, MergeMethod.Squash);
        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _service.UpdateAsync(_user, pullRequest.Id, "Again", null, null, null));

        Assert.Equal(PullRequestStatus.Merged, merged.Status);
        Assert.NotNull(merged.MergedAt);
        Assert.Equal(BobErrorKind.Conflict, ex.Kind);
        Assert.Equal(SessionEventKinds.ForPullRequest(PullRequestStatus.Merged), _sessions.EventsOf(session.Id)[^1].Kind);
        Assert.Equal("method", (await Assert.ThrowsAsync<BobValidationException>(() => _service.MergeAsync(_user, pullRequest.Id, (MergeMethod)42))).Field);
    }

    [Fact]
    public async Task CommitsAndATaskLink_AreWrittenOnThePullRequest()
    {
        var repository = await RepositoryAsync();
        var (pullRequest, _) = await _service.CreateDraftAsync(_user, repository.Id, null, "bob/fix", "main", "Fix", null);
        _forge.AddCommits(pullRequest.Number, new CommitInfo(new string('c', 40), "Fix", "Bob", null, DateTimeOffset.UnixEpoch));

        Assert.Equal(1, await _service.SyncCommitsAsync(_user, pullRequest.Id));
        var linked = await _service.LinkTaskAsync(_user, pullRequest.Id, " tsk_42 ");

        Assert.Equal(pullRequest.Id, Assert.Single(await _pullRequests.ListCommitsAsync(repository.Remote, 10)).PullRequestId);
        Assert.Equal("tsk_42", linked.KanbangerTaskId);
        Assert.Equal("kanbangerTaskId", (await Assert.ThrowsAsync<BobValidationException>(() => _service.LinkTaskAsync(_user, pullRequest.Id, "has space"))).Field);
        await Assert.ThrowsAsync<BobNotFoundException>(() => _service.LinkTaskAsync(Guid.NewGuid(), pullRequest.Id, "tsk_1"));
    }

    [Fact]
    public async Task Lists_ArePagedWithCursors_AndFilteredByStatus()
    {
        var repository = await RepositoryAsync();
        for (var i = 0; i < 5; i++)
        {
            await _service.CreateDraftAsync(_user, repository.Id, null, $"bob/fix-{i}", "main", $"Fix {i}", null);
        }

        var first = await _service.ListForRepositoryAsync(_user, repository.Id, null, 2, null);
        var second = await _service.ListForRepositoryAsync(_user, repository.Id, null, 2, first.NextCursor);
        var third = await _service.ListForRepositoryAsync(_user, repository.Id, null, 2, second.NextCursor);

        Assert.Equal([5, 4, 3, 2, 1], first.Items.Concat(second.Items).Concat(third.Items).Select(p => p.Number));
        Assert.Null(third.NextCursor);
        Assert.Empty((await _service.ListForRepositoryAsync(_user, repository.Id, "merged", null, null)).Items);
        Assert.Equal("status", (await Assert.ThrowsAsync<BobValidationException>(() => _service.ListForRepositoryAsync(_user, repository.Id, "weird", null, null))).Field);
        Assert.Equal("cursor", (await Assert.ThrowsAsync<BobValidationException>(() => _service.ListForRepositoryAsync(_user, repository.Id, null, null, "not-a-cursor"))).Field);
    }
}
