using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Worktrees;

/// <summary>
/// A session's push over in-memory stores and forge, with real git against a bare repository served over smart HTTP:
/// the branch lands on the remote, one draft names the session's commits however often it is pushed, the commits are
/// kept as Bob's, and every reason it cannot is a typed error before or instead of a push.
/// </summary>
public sealed class SessionPushServiceTests : InMemoryBobTest
{
    private Repository _repository = null!;

    protected override async Task ArrangeAsync() => _repository = await Bob.RegisterAsync(User, Remote);

    private SessionPushService Service => Bob.Get<SessionPushService>();

    private async Task<(Session Session, Worktree Worktree)> WorktreeAsync(string? title = "Fix login redirect", Guid? repositoryId = null)
    {
        var session = await Bob.Sessions.CreateAsync(User, repositoryId ?? _repository.Id, title);
        var worktree = await Bob.Get<WorktreeService>().AddAsync(User, session.Id, null);
        return (session, worktree);
    }

    private static async Task<string> CommitAsync(Worktree worktree, string file, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(worktree.Path, file), message + "\n");
        await GitRemote.RunAsync("-C", worktree.Path, "add", ".");
        await GitRemote.RunAsync("-C", worktree.Path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", message);
        return await GitRemote.RunAsync("-C", worktree.Path, "rev-parse", "HEAD");
    }

    [Fact]
    public async Task APush_LandsTheBranch_AndOpensOneDraftNamingTheCommits_HoweverOftenPushed()
    {
        var (session, worktree) = await WorktreeAsync();
        await CommitAsync(worktree, "login.txt", "Fix the login redirect loop");
        var head = await CommitAsync(worktree, "test.txt", "Add a test for the redirect");

        var first = await Service.PushAsync(User, session.Id, worktree.Id);
        var again = await Service.PushAsync(User, session.Id, worktree.Id);

        Assert.Equal(head, await Remote.ShaAsync($"refs/heads/{worktree.Branch}"));
        Assert.Equal((worktree.Branch, head, true, false), (first.Branch, first.Sha, first.Created, again.Created));
        Assert.Equal(first.PullRequest.Id, again.PullRequest.Id);
        var draft = Assert.Single(Bob.Forge.PullRequests);
        Assert.Equal(("Fix login redirect", PullRequestStatus.Draft, "main"), (draft.Title, draft.Status, draft.BaseBranch));
        Assert.Equal($"Opened by Bob from session {session.Id}.\n\n## Changes\n- Fix the login redirect loop\n- Add a test for the redirect", draft.Body);
        var commits = await Bob.PullRequests.ListCommitsAsync(_repository.Remote, 10);
        Assert.Equal(2, commits.Count);
        Assert.All(commits, c => Assert.True(c.IsBobCommit && c.PullRequestId == first.PullRequest.Id));
    }

    [Fact]
    public async Task ASessionWithoutATitle_NamesTheDraftAfterItsLastCommit()
    {
        var (session, worktree) = await WorktreeAsync(title: null);
        await CommitAsync(worktree, "a.txt", "First change");
        await CommitAsync(worktree, "b.txt", "Second change\n\nWith a body.");

        var result = await Service.PushAsync(User, session.Id, worktree.Id);

        Assert.Equal("Second change", result.PullRequest.Title);
    }

    [Fact]
    public async Task AWorktreeWithoutNewCommits_IsRefused_BeforeAnythingIsPushed()
    {
        var (session, worktree) = await WorktreeAsync();

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Service.PushAsync(User, session.Id, worktree.Id));

        Assert.Equal("worktreeId", ex.Field);
        Assert.Null(await Remote.ShaAsync($"refs/heads/{worktree.Branch}"));
    }

    [Fact]
    public async Task AnotherUsersSession_OrAnotherSessionsWorktree_IsNotFound()
    {
        var (session, worktree) = await WorktreeAsync();
        var (other, _) = await WorktreeAsync("Other");
        await CommitAsync(worktree, "a.txt", "Change");

        var stranger = await Assert.ThrowsAsync<BobNotFoundException>(() => Service.PushAsync(Guid.NewGuid(), session.Id, worktree.Id));
        var elsewhere = await Assert.ThrowsAsync<BobNotFoundException>(() => Service.PushAsync(User, other.Id, worktree.Id));

        Assert.Equal((BobNotFoundException.Session, BobNotFoundException.Worktree), (stranger.Resource, elsewhere.Resource));
        Assert.Null(await Remote.ShaAsync($"refs/heads/{worktree.Branch}"));
    }

    [Fact]
    public async Task ATokenTheRemoteRefuses_IsARemoteAuthenticationFailure_ThatNamesTheConnection()
    {
        var (session, worktree) = await WorktreeAsync();
        await CommitAsync(worktree, "a.txt", "Change");
        Remote.RequireToken("bob", "revoked-on-the-forge");

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => Service.PushAsync(User, session.Id, worktree.Id));

        Assert.Equal((GitCommandFailure.RemoteAuthentication, _repository.ConnectionId), (ex.Failure, ex.ConnectionId));
        Assert.DoesNotContain($"token-for-{_repository.ConnectionId:N}", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Bob.Forge.PullRequests);
    }

    [Fact]
    public async Task ABranchThatMovedOnTheRemote_IsAPushRejection_NotAForce()
    {
        var (session, worktree) = await WorktreeAsync();
        await CommitAsync(worktree, "a.txt", "Change");
        await Service.PushAsync(User, session.Id, worktree.Id);
        var theirs = Path.Combine(Remote.Directory, "theirs");
        await GitRemote.RunAsync("clone", "--quiet", "--branch", worktree.Branch, Remote.BarePath, theirs);
        await File.WriteAllTextAsync(Path.Combine(theirs, "theirs.txt"), "theirs\n");
        await GitRemote.RunAsync("-C", theirs, "add", ".");
        await GitRemote.RunAsync("-C", theirs, "-c", "user.name=Someone", "-c", "user.email=someone@example.org", "commit", "--quiet", "-m", "Their change");
        await GitRemote.RunAsync("-C", theirs, "push", "--quiet", "origin", worktree.Branch);
        var remoteHead = await Remote.ShaAsync($"refs/heads/{worktree.Branch}");
        await CommitAsync(worktree, "b.txt", "Ours, not built on theirs");

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => Service.PushAsync(User, session.Id, worktree.Id));

        Assert.Equal(GitCommandFailure.PushRejected, ex.Failure);
        Assert.Equal(remoteHead, await Remote.ShaAsync($"refs/heads/{worktree.Branch}"));
    }

    [Fact]
    public async Task ARepositoryWithoutAConnection_CannotPush()
    {
        var bare = await Bob.Repositories.AddAsync(User, "bare", Bob.Get<GitInstanceRegistry>().Parser.Parse(new Uri(Remote.BaseUri, "acme/web2.git").ToString()), null);
        var session = await Bob.Sessions.CreateAsync(User, bare.Id, "x");
        var worktree = await Bob.Sessions.AddWorktreeAsync(new Worktree(Guid.NewGuid(), User, bare.Id, session.Id, Remote.Directory, "bob/x", "main", new string('a', 40), default));

        var ex = await Assert.ThrowsAsync<BobConflictException>(() => Service.PushAsync(User, session.Id, worktree.Id));

        Assert.Equal(BobErrorKind.Conflict, ex.Kind);
    }

    [Fact]
    public void ADraftsBody_ListsAtMostTwentyCommits_AndCountsTheRest()
    {
        var commits = Enumerable.Range(1, 23).Select(i => new CommitInfo(new string('a', 40), $"Change {i}\n\nbody", null, null, DateTimeOffset.UnixEpoch)).Append(new CommitInfo("0123456789abcdef", "", null, null, DateTimeOffset.UnixEpoch)).ToArray();

        var body = SessionPushService.PullRequestBody(Guid.Empty, commits);

        Assert.Equal(20, body.Split('\n').Count(l => l.StartsWith("- Change ", StringComparison.Ordinal)));
        Assert.EndsWith("- and 4 more commits", body, StringComparison.Ordinal);
        Assert.Equal("- 0123456789ab", SessionPushService.PullRequestBody(Guid.Empty, [commits[^1]]).Split('\n')[^1]);
    }
}
