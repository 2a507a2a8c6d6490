using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Sync;

/// <summary>
/// The backfill over in-memory stores and forge with a fake clock: what webhooks missed (opened, merged) is stored, a
/// round with nothing new changes nothing, a remote is synced once per round, and a rate-limited instance is left alone
/// until its reset.
/// </summary>
public sealed class GitSyncServiceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemoryRepositoryStore _repositories;
    private readonly InMemoryPullRequestStore _pullRequests;
    private readonly InMemoryGitSyncStore _store;
    private readonly InMemoryGitProvider _forge = new();
    private readonly GitSyncService _service;
    private readonly Guid _user = Guid.NewGuid();

    public GitSyncServiceTests()
    {
        _repositories = new(_clock);
        _pullRequests = new(_repositories, new InMemorySessionStore(_clock), timeProvider: _clock);
        _store = new(_repositories, _pullRequests, _clock);
        _service = new(_store, _pullRequests, _forge, Options.Create(new GitSyncOptions()), _clock, NullLogger<GitSyncService>.Instance);
    }

    private Task<Repository> RegisterAsync(string name = "web") =>
        _repositories.AddAsync(_user, name, RemoteUrlParser.Default.Parse($"https://github.com/acme/{name}"), _repositories.AddConnection(_user));

    [Fact]
    public async Task PullRequestsOpenedWhileWebhooksWereLost_AreStored_AndAnUnchangedRoundChangesNothing()
    {
        var repository = await RegisterAsync();
        await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("feature-a", "main", "A", null));
        await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("feature-b", "main", "B", null, Draft: false));

        var first = await _service.SyncAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _service.SyncAsync();

        Assert.Equal(new GitSyncResult(1, 2, 0, 0), first);
        Assert.Equal(new GitSyncResult(1, 0, 1, 0), second);
        Assert.Equal(["B", "A"], (await _pullRequests.ListAsync(_user, new PullRequestFilter(repository.Remote), 10, null)).Select(p => p.Title));
    }

    [Fact]
    public async Task APullRequestMergedWhileWebhooksWereLost_IsStoredMerged()
    {
        var repository = await RegisterAsync();
        var opened = await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("feature", "main", "Fix", null, Draft: false));
        await _service.SyncAsync();
        _forge.Change(repository.Remote, opened.Number, p => p with { Status = PullRequestStatus.Merged, MergedAt = DateTimeOffset.UtcNow });
        _clock.Advance(TimeSpan.FromMinutes(5));

        var round = await _service.SyncAsync();

        Assert.Equal(1, round.Updated);
        Assert.Equal(PullRequestStatus.Merged, Assert.Single(await _pullRequests.ListAsync(_user, new PullRequestFilter(repository.Remote), 10, null)).Status);
        Assert.Empty(_pullRequests.OpenNumbers(repository.Remote));
    }

    [Fact]
    public async Task ARemoteRegisteredTwice_IsSyncedOncePerRound()
    {
        var repository = await RegisterAsync();
        await _repositories.AddAsync(Guid.NewGuid(), "web", RemoteUrlParser.Default.Parse("git@github.com:acme/web.git"), _repositories.AddConnection(Guid.NewGuid()));

        var round = await _service.SyncAsync();
        var sameRound = await new GitSyncService(_store, _pullRequests, _forge, Options.Create(new GitSyncOptions()), _clock, NullLogger<GitSyncService>.Instance).SyncAsync();

        Assert.Equal((1, 0), (round.Repositories, sameRound.Repositories));
        Assert.Equal(1, _forge.Lists);
        Assert.NotNull(repository);
    }

    [Fact]
    public async Task ARateLimitedInstance_IsLeftAloneUntilItsReset_ThenSyncedAgain()
    {
        var repository = await RegisterAsync();
        await _forge.CreatePullRequestAsync(repository.Remote, new CreatePullRequest("feature", "main", "Fix", null));
        _forge.RateLimitedUntil = _clock.GetUtcNow().AddMinutes(30);

        var limited = await _service.SyncAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var paused = await _service.SyncAsync();
        _forge.RateLimitedUntil = null;
        _clock.Advance(TimeSpan.FromMinutes(21));
        var resumed = await _service.SyncAsync();

        Assert.Equal((0, 1), (limited.Repositories, limited.Failed));
        Assert.Equal(new GitSyncResult(0, 0, 0, 0), paused);
        Assert.Equal(2, _forge.Lists);
        Assert.Equal((1, 1), (resumed.Repositories, resumed.Updated));
    }

    [Fact]
    public async Task ARepositoryWhoseConnectionIsDisabled_IsNotSynced()
    {
        var repository = await RegisterAsync();
        _store.DisableConnection(repository.ConnectionId!.Value);

        var round = await _service.SyncAsync();

        Assert.Equal(new GitSyncResult(0, 0, 0, 0), round);
        Assert.Equal(0, _forge.Lists);
    }
}
