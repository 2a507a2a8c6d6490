using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Worktrees;

/// <summary>
/// Sessions and their worktrees over in-memory stores, with real git against a bare repository served over smart HTTP:
/// titles and repositories checked before anything is stored, pages that neither skip nor repeat, worktrees on free
/// session branches from the remote's default branch or the one asked for, and bad branch names refused before git runs.
/// </summary>
public sealed class SessionAndWorktreeServiceTests : InMemoryBobTest
{
    private Repository _repository = null!;

    protected override async Task ArrangeAsync() => _repository = await Bob.RegisterAsync(User, Remote);

    private SessionService Sessions => Bob.Get<SessionService>();

    private WorktreeService Worktrees => Bob.Get<WorktreeService>();

    [Fact]
    public async Task ASession_IsMadeForTheUsersOwnRepository_WithItsTitleTrimmed()
    {
        var session = await Sessions.CreateAsync(User, _repository.Id, "  Fix login  ");

        Assert.Equal(("Fix login", (Guid?)_repository.Id), (session.Title, session.RepositoryId));
        Assert.Equal(session, await Sessions.GetAsync(User, session.Id));
        await Assert.ThrowsAsync<BobNotFoundException>(() => Sessions.CreateAsync(Guid.NewGuid(), _repository.Id, "Theirs"));
        await Assert.ThrowsAsync<BobNotFoundException>(() => Sessions.GetAsync(Guid.NewGuid(), session.Id));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    public async Task ATitleWithControlCharacters_IsRefused(string title)
    {
        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Sessions.CreateAsync(User, null, title));

        Assert.Equal("title", ex.Field);
        Assert.Empty((await Sessions.ListAsync(User, null, null)).Items);
    }

    [Fact]
    public async Task SessionPages_AreNewestFirst_WithACursorToTheNext()
    {
        for (var i = 0; i < 5; i++)
        {
            await Sessions.CreateAsync(User, null, $"s{i}");
        }

        var first = await Sessions.ListAsync(User, 2, null);
        var second = await Sessions.ListAsync(User, 2, first.NextCursor);
        var last = await Sessions.ListAsync(User, 2, second.NextCursor);

        Assert.Equal(["s4", "s3", "s2", "s1", "s0"], first.Items.Concat(second.Items).Concat(last.Items).Select(s => s.Title));
        Assert.Null(last.NextCursor);
        Assert.Equal("limit", (await Assert.ThrowsAsync<BobValidationException>(() => Sessions.ListAsync(User, 0, null))).Field);
    }

    [Fact]
    public async Task AWorktree_StartsFromTheRemotesDefaultBranch_OnAFreeSessionBranch()
    {
        var session = await Sessions.CreateAsync(User, _repository.Id, "Fix login");

        var first = await Worktrees.AddAsync(User, session.Id, null);
        var second = await Worktrees.AddAsync(User, session.Id, "main");

        Assert.Equal(("main", await Remote.ShaAsync("refs/heads/main")), (first.BaseBranch, first.BaseSha));
        Assert.Equal(first.Branch + "-2", second.Branch);
        Assert.Equal(first.Branch, await GitRemote.RunAsync("-C", first.Path, "branch", "--show-current"));
        Assert.Equal([second.Id, first.Id], (await Worktrees.ListAsync(User, session.Id)).Select(w => w.Id));
    }

    [Theory]
    [InlineData("release/9", "The remote has no branch")]
    [InlineData("bad..name", "baseBranch")]
    [InlineData("-main", "baseBranch")]
    public async Task ABaseBranchThatIsNotOnTheRemoteOrNotABranchName_IsRefused(string baseBranch, string says)
    {
        var session = await Sessions.CreateAsync(User, _repository.Id, "Fix login");

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Worktrees.AddAsync(User, session.Id, baseBranch));

        Assert.Equal("baseBranch", ex.Field);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Worktrees.ListAsync(User, session.Id));
    }

    [Fact]
    public async Task ASessionWithoutARepository_HasNoWorktrees()
    {
        var session = await Sessions.CreateAsync(User, null, "Just talk");

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => Worktrees.AddAsync(User, session.Id, null));

        Assert.Equal("repositoryId", ex.Field);
    }
}
