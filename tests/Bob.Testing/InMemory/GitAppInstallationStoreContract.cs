using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IGitAppInstallationStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryGitAppInstallationStore"/> in <c>Bob.Git.Tests</c>): one installation per
/// instance and id, repositories replaced, added and removed by name whatever their case, an uninstall final and erasing the
/// token, suspensions ordered by <c>updated_at</c>, and concurrent mints of one installation one at a time, each seeing the
/// token the one before stored.
/// </summary>
public abstract class GitAppInstallationStoreContract
{
    private static readonly GitInstance Ghes = GitInstance.Create(GitProvider.GitHub, "https://github.acme-corp.example");

    /// <summary>The store under test.</summary>
    protected abstract IGitAppInstallationStore Store { get; }

    private static long NewId() => Random.Shared.NextInt64(1, 1_000_000_000_000);

    private static (EncryptedToken Token, DateTimeOffset ExpiresAt) Token(string text) =>
        (new EncryptedToken(text, "iv", "tag", "k1"), DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddHours(1));

    [Fact]
    public async Task AnInstallation_IsOnePerInstanceAndId_WithItsRepositoriesReplacedByASave()
    {
        var id = NewId();
        var first = await Store.SaveAsync(Ghes, id, "acme", false, ["acme/Web", "acme/api"]);
        var second = await Store.SaveAsync(Ghes, id, null, false, ["acme/web"]);
        var elsewhere = await Store.SaveAsync(GitInstance.GitHubCom, id, "other", true, null);

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, elsewhere.Id);
        Assert.Equal(["acme/api", "acme/web"], first.Repositories);
        Assert.Equal("acme", second.Account);
        Assert.Equal(["acme/web"], second.Repositories);
        Assert.True(second.Covers("ACME", "Web"));
        Assert.True(elsewhere.Covers("other", "anything"));
        Assert.Equal(second.Id, (await Store.FindAsync(Ghes, id))?.Id);
        Assert.Equal(second.Repositories, (await Store.GetAsync(second.Id))?.Repositories);
        Assert.Null(await Store.FindAsync(Ghes, NewId()));
    }

    [Fact]
    public async Task Suspensions_AreOrderedByUpdatedAt_AndAnUninstallIsFinal_AndErasesTheToken()
    {
        var id = NewId();
        var saved = await Store.SaveAsync(Ghes, id, "acme", true, null);
        await Store.MintTokenAsync(saved.Id, (_, _) => Task.FromResult<(EncryptedToken, DateTimeOffset)?>(Token("t1")));
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        await Store.ApplyAsync(Ghes, id, new GitAppInstallationChange(SuspendedAt: null, UpdatedAt: t0.AddMinutes(1)) { StatesSuspension = true });
        var late = await Store.ApplyAsync(Ghes, id, new GitAppInstallationChange(SuspendedAt: t0, UpdatedAt: t0) { StatesSuspension = true });
        var suspended = await Store.ApplyAsync(Ghes, id, new GitAppInstallationChange(SuspendedAt: t0.AddMinutes(2), UpdatedAt: t0.AddMinutes(2)) { StatesSuspension = true });
        var deleted = await Store.ApplyAsync(Ghes, id, new GitAppInstallationChange(Deleted: true));
        var recreated = await Store.SaveAsync(Ghes, id, "acme", true, null);

        Assert.Null(late!.SuspendedAt);
        Assert.Equal(t0.AddMinutes(2), suspended!.SuspendedAt);
        Assert.NotNull(deleted!.DeletedAt);
        Assert.NotNull(recreated.DeletedAt);
        Assert.Null(await Store.GetTokenAsync(saved.Id));
        Assert.Null(await Store.ApplyAsync(Ghes, NewId(), new GitAppInstallationChange(Deleted: true)));
    }

    [Fact]
    public async Task RepositoriesAddedAndRemoved_ChangeTheList_AndForgettingTheTokenKeepsTheInstallation()
    {
        var id = NewId();
        var saved = await Store.SaveAsync(Ghes, id, "acme", false, ["acme/web"]);
        await Store.MintTokenAsync(saved.Id, (_, _) => Task.FromResult<(EncryptedToken, DateTimeOffset)?>(Token("t1")));

        var changed = await Store.ApplyAsync(Ghes, id, new GitAppInstallationChange(Added: ["acme/API"], Removed: ["ACME/web"]) { ForgetToken = true });

        Assert.Equal(["acme/api"], changed!.Repositories);
        Assert.Null(changed.DeletedAt);
        Assert.Null(await Store.GetTokenAsync(saved.Id));
    }

    [Fact]
    public async Task ConcurrentMints_RunOneAtATime_EachSeeingTheTokenTheOneBeforeStored()
    {
        var saved = await Store.SaveAsync(Ghes, NewId(), "acme", true, null);
        var running = 0;
        var mints = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Store.MintTokenAsync(saved.Id, async (current, _) =>
        {
            Assert.Equal(1, Interlocked.Increment(ref running));
            try
            {
                await Task.Delay(20);
                if (current is not null)
                {
                    return null; // what the token service does when the token it finds is fresh
                }

                Interlocked.Increment(ref mints);
                return Token("minted");
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }))));

        Assert.Equal(1, mints);
        Assert.All(results, r => Assert.Equal("minted", r?.Token.Ciphertext));
        Assert.Equal("minted", (await Store.GetTokenAsync(saved.Id))?.Token.Ciphertext);
        Assert.Null(await Store.MintTokenAsync(Guid.NewGuid(), (_, _) => Task.FromResult<(EncryptedToken, DateTimeOffset)?>(Token("x"))));
    }

    [Fact]
    public async Task TheAppsHookLog_IsOnePerInstance_ChangedOneAtATime_AndListedInstancesHaveALiveInstallation()
    {
        var instance = GitInstance.Create(GitProvider.GitHub, "https://ghes-" + Guid.NewGuid().ToString("N")[..8] + ".example");
        var id = NewId();
        await Store.SaveAsync(instance, id, "acme", true, null);
        var inside = 0;
        var most = 0;
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.ChangeHookLogAsync(instance, async (log, token) =>
        {
            var now = Interlocked.Increment(ref inside);
            lock (this)
            {
                most = Math.Max(most, now);
            }

            await Task.Delay(5, token);
            Interlocked.Decrement(ref inside);
            return new GitAppHookLogChange((100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), t0.AddSeconds(i), 1, i == 3 ? t0 : null);
        }))));
        var kept = await Store.ChangeHookLogAsync(instance, (_, _) => Task.FromResult<GitAppHookLogChange?>(null));
        var listed = await Store.ListInstancesAsync();
        await Store.ApplyAsync(instance, id, new GitAppInstallationChange(Deleted: true));

        Assert.Equal(1, most);
        Assert.Equal(8, kept.RedeliveredCount);
        Assert.Equal(t0, kept.LastFailureAt);
        Assert.NotNull(kept.Cursor);
        Assert.Contains(instance, listed);
        Assert.DoesNotContain(instance, await Store.ListInstancesAsync());
    }
}
