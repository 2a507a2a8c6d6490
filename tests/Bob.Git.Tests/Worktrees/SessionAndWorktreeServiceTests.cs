using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Worktrees;

/// <summary>
/// Sessions and their worktrees over in-memory stores, with real git against a bare repository served over smart HTTP:
/// titles and repositories checked before anything is stored, pages that neither skip nor repeat, worktrees on free
/// session branches from the remote's default branch or the one asked for, and bad branch names refused before git runs.
/// </summary>
public sealed class SessionAndWorktreeServiceTests : IAsyncLifetime
{
    private GitRemote _remote = null!;
    private InMemoryBob _bob = null!;
    private Repository _repository = null!;
    private readonly Guid _user = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _remote = await GitRemote.StartAsync();
        _bob = InMemoryBob.Create(_remote);
        _repository = await _bob.RegisterAsync(_user, _remote);
    }

    public async Task DisposeAsync()
    {
        await _bob.DisposeAsync();
        await _remote.DisposeAsync();
    }

    private SessionService Sessions => _bob.Get<SessionService>();

    private WorktreeService Worktrees => _bob.Get<WorktreeService>();

    [Fact]
    public async Task ASession_IsMadeForTheUsersOwnRepository_WithItsTitleTrimmed()
    {
        var session = await Sessions.CreateAsync(_user, _repository.Id, "  Fix login  ");

        Assert.Equal(("Fix login", (Guid?)_repository.Id), (session.Title, session.RepositoryId));
        Assert.Equal(session, await Sessions.GetAsync(_user, session.Id));
        await Assert.ThrowsAsync<BobNotFoundException>(() => Sessions.CreateAsync(Guid.NewGuid(), _repository.Id, "Theirs"));
        await Assert.ThrowsAsync<BobNotFoundException>(() => Sessions.GetAsync(Guid.NewGuid(), session.Id));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    public async Task ATitleWithControlCharacters_IsRefused(string title)
    {
        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Sessions.CreateAsync(_user, null, title));

        Assert.Equal("title", ex.Field);
        Assert.Empty((await Sessions.ListAsync(_user, null, null)).Items);
    }

    [Fact]
    public async Task SessionPages_AreNewestFirst_WithACursorToTheNext()
    {
        for (var i = 0; i < 5; i++)
        {
            await Sessions.CreateAsync(_user, null, $"s{i}");
        }

        var first = await Sessions.ListAsync(_user, 2, null);
        var second = await Sessions.ListAsync(_user, 2, first.NextCursor);
        var last = await Sessions.ListAsync(_user, 2, second.NextCursor);

        Assert.Equal(["s4", "s3", "s2", "s1", "s0"], first.Items.Concat(second.Items).Concat(last.Items).Select(s => s.Title));
        Assert.Null(last.NextCursor);
        Assert.Equal("limit", (await Assert.ThrowsAsync<BobValidationException>(() => Sessions.ListAsync(_user, 0, null))).Field);
    }

    [Fact]
    public async Task AWorktree_StartsFromTheRemotesDefaultBranch_OnAFreeSessionBranch()
    {
        var session = await Sessions.CreateAsync(_user, _repository.Id, "Fix login");

        var first = await Worktrees.AddAsync(_user, session.Id, null);
        var second = await Worktrees.AddAsync(_user, session.Id, "main");

        Assert.Equal(("main", await _remote.ShaAsync("refs/heads/main")), (first.BaseBranch, first.BaseSha));
        Assert.Equal(first.Branch + "-2", second.Branch);
        Assert.Equal(first.Branch, await GitRemote.RunAsync("-C", first.Path, "branch", "--show-current"));
        Assert.Equal([second.Id, first.Id], (await Worktrees.ListAsync(_user, session.Id)).Select(w => w.Id));
    }

    [Theory]
    [InlineData("release/9", "The remote has no branch")]
    [InlineData("bad..name", "baseBranch")]
    [InlineData("-main", "baseBranch")]
    public async Task ABaseBranchThatIsNotOnTheRemoteOrNotABranchName_IsRefused(string baseBranch, string says)
    {
        var session = await Sessions.CreateAsync(_user, _repository.Id, "Fix login");

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Worktrees.AddAsync(_user, session.Id, baseBranch));

        Assert.Equal("baseBranch", ex.Field);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Worktrees.ListAsync(_user, session.Id));
    }

    [Fact]
    public async Task ASessionWithoutARepository_HasNoWorktrees()
    {
        var session = await Sessions.CreateAsync(_user, null, "Just talk");

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Worktrees.AddAsync(_user, session.Id, null));

        Assert.Equal("repositoryId", ex.Field);
    }
}
