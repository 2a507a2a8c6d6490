using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IGitSyncStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryGitSyncStore"/> in <c>Bob.Git.Tests</c>): one target per remote, its
/// oldest registration with a live connection, when recently registered or with open pull requests; one lease per remote
/// at a time, none again in a round that already synced it; the open pull request numbers of a remote.
/// </summary>
public abstract class GitSyncStoreContract
{
    /// <summary>The store under test.</summary>
    protected abstract IGitSyncStore Store { get; }

    /// <summary>The repositories over the same data.</summary>
    protected abstract IRepositoryStore Repositories { get; }

    /// <summary>The pull requests over the same data.</summary>
    protected abstract IPullRequestStore PullRequests { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    /// <summary>A new live connection of <paramref name="userId"/>.</summary>
    protected abstract Task<Guid> ConnectionAsync(Guid userId);

    /// <summary>Makes <paramref name="connectionId"/> need authorization again.</summary>
    protected abstract Task DisableAsync(Guid userId, Guid connectionId);

    private readonly string _name = "sync" + Guid.NewGuid().ToString("N")[..10];

    private RemoteRepositoryIdentity Remote => RemoteUrlParser.Default.Parse($"https://github.com/acme/{_name}").Identity;

    private async Task<Repository> RegisterAsync(bool connected = true, string? url = null)
    {
        var user = await UserAsync();
        return await Repositories.AddAsync(user, "web", RemoteUrlParser.Default.Parse(url ?? $"https://github.com/acme/{_name}"), connected ? await ConnectionAsync(user) : null);
    }

    [Fact]
    public async Task ARemote_IsOneTarget_ItsOldestRegistrationWithALiveConnection()
    {
        var unconnected = await RegisterAsync(connected: false);
        var disabled = await RegisterAsync(url: $"https://github.com/ACME/{_name.ToUpperInvariant()}");
        await DisableAsync(disabled.UserId, disabled.ConnectionId!.Value);
        var live = await RegisterAsync();
        await RegisterAsync();

        var targets = (await Store.ListTargetsAsync(DateTimeOffset.UtcNow.AddHours(-1))).Where(r => InMemoryRepositoryStore.SameRemote(r.Remote, Remote)).ToList();

        Assert.Equal([live.Id], targets.Select(r => r.Id));
        Assert.NotEqual(unconnected.Id, live.Id);
    }

    [Fact]
    public async Task AQuietRemote_IsATarget_OnlyWhileItHasOpenPullRequests()
    {
        var repository = await RegisterAsync();
        var later = DateTimeOffset.UtcNow.AddHours(1);
        Assert.DoesNotContain(await Store.ListTargetsAsync(later), r => r.Id == repository.Id);

        await PullRequests.ApplyAsync(repository, new PullRequestInfo(repository.Remote, 3, "Open one", null, "h", "main", null, PullRequestStatus.Open, "https://github.com/acme/x/pull/3", null, null));
        await PullRequests.ApplyAsync(repository, new PullRequestInfo(repository.Remote, 1, "Draft one", null, "h1", "main", null, PullRequestStatus.Draft, "https://github.com/acme/x/pull/1", null, null));
        await PullRequests.ApplyAsync(repository, new PullRequestInfo(repository.Remote, 2, "Merged", null, "h2", "main", null, PullRequestStatus.Merged, "https://github.com/acme/x/pull/2", null, null));

        Assert.Contains(await Store.ListTargetsAsync(later), r => r.Id == repository.Id);
        Assert.Equal([1, 3], await Store.OpenNumbersAsync(Remote));
    }

    [Fact]
    public async Task ARemote_IsLeasedOnceAtATime_AndNotAgainInARoundThatSyncedIt()
    {
        var round = DateTimeOffset.UtcNow.AddSeconds(-1);

        var lease = await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1));
        var meanwhile = await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1));
        await Store.ReleaseAsync(Remote, Guid.NewGuid(), synced: true); // not the holder: nothing
        Assert.Null(await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1)));
        await Store.ReleaseAsync(Remote, lease!.Value, synced: true);
        var sameRound = await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1));
        var nextRound = await Store.TryLeaseAsync(Remote, DateTimeOffset.UtcNow.AddSeconds(5), TimeSpan.FromMinutes(1));

        Assert.Null(meanwhile);
        Assert.Null(sameRound);
        Assert.NotNull(nextRound);
    }

    [Fact]
    public async Task AFailedSync_IsTakenAgainInTheSameRound()
    {
        var round = DateTimeOffset.UtcNow.AddSeconds(-1);
        var lease = await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1));

        await Store.ReleaseAsync(Remote, lease!.Value, synced: false);

        Assert.NotNull(await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task AnExpiredLease_CanBeTakenOver()
    {
        var round = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMilliseconds(50));
        await Task.Delay(200);

        Assert.NotNull(await Store.TryLeaseAsync(Remote, round, TimeSpan.FromMinutes(1)));
    }
}
