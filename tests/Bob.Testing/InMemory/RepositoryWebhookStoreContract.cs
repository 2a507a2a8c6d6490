using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IRepositoryWebhookStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryRepositoryWebhookStore"/> in <c>Bob.Git.Tests</c>): one row per remote
/// whatever the case of its owner and name, changes applied column by column, a rotation keeping the replaced secret as the
/// previous one, concurrent changes of one remote one at a time (each seeing what the one before stored), and removal.
/// </summary>
public abstract class RepositoryWebhookStoreContract
{
    private static readonly GitInstance Ghes = GitInstance.Create(GitProvider.GitHub, "https://github.acme-corp.example");

    /// <summary>The store under test.</summary>
    protected abstract IRepositoryWebhookStore Store { get; }

    private static RemoteRepositoryIdentity NewRemote(string? owner = null) => new(Ghes, owner ?? "acme", "web-" + Guid.NewGuid().ToString("N")[..8]);

    private static EncryptedToken Secret(string text) => new(text, "iv-" + text, "tag-" + text, "k1");

    [Fact]
    public async Task ARemote_HasOneRow_WhateverTheCaseOfItsName_AndAChangeIsAppliedColumnByColumn()
    {
        var remote = NewRemote();
        var made = await Store.ChangeAsync(remote, (row, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange
        {
            ProviderHookId = "41",
            Url = "https://bob.example/api/webhooks/github",
            Events = ["push", "pull_request"],
            Active = true,
            Secret = Secret("s1"),
        }));
        var upper = new RemoteRepositoryIdentity(Ghes, remote.Owner.ToUpperInvariant(), remote.Name.ToUpperInvariant());
        var seenId = Guid.Empty;
        var counted = await Store.ChangeAsync(upper, (row, _) =>
        {
            seenId = row.Id;
            return Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { Redelivered = 2, DeliveryLogCursor = "900", Active = false });
        });
        var again = await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { Redelivered = 1, LastError = "boom" }));
        var cleared = await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { LastError = "" }));

        Assert.NotNull(made);
        Assert.True(made.Managed);
        Assert.Equal(made.Id, seenId);
        Assert.Equal("41", counted!.ProviderHookId);
        Assert.Equal(["push", "pull_request"], counted.Events);
        Assert.False(counted.Active);
        Assert.Equal(2, counted.RedeliveredCount);
        Assert.Equal("900", counted.DeliveryLogCursor);
        Assert.Equal(3, again!.RedeliveredCount);
        Assert.Equal("boom", again.LastError);
        Assert.Null(cleared!.LastError);
        Assert.Equal("s1", cleared.Secret!.Ciphertext);
        Assert.Equal(made.Id, (await Store.FindAsync(upper))!.Id);
        Assert.Single(await Store.ListAsync(), h => h.Id == made.Id);
    }

    [Fact]
    public async Task ARotation_KeepsTheReplacedSecretAsThePreviousOne_UntilItsGraceEnds_AndANewHookForgetsIt()
    {
        var remote = NewRemote();
        var until = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { ProviderHookId = "7", Secret = Secret("old") }));
        var rotated = await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { Secret = Secret("new"), PreviousSecretUntil = until }));
        var remade = await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { ProviderHookId = "8", Secret = Secret("fresh") }));

        Assert.Equal("new", rotated!.Secret!.Ciphertext);
        Assert.Equal("old", rotated.PreviousSecret!.Ciphertext);
        Assert.Equal("iv-old", rotated.PreviousSecret.Iv);
        Assert.Equal(until, rotated.PreviousSecretUntil);
        Assert.Equal("fresh", remade!.Secret!.Ciphertext);
        Assert.Null(remade.PreviousSecret);
        Assert.Null(remade.PreviousSecretUntil);
    }

    [Fact]
    public async Task ConcurrentChanges_OfOneRemote_RunOneAtATime_EachSeeingWhatTheOneBeforeStored()
    {
        var remote = NewRemote();
        var inside = 0;
        var most = 0;
        var made = 0;
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Store.ChangeAsync(remote, async (row, token) =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(5, token);
            Interlocked.Decrement(ref inside);
            if (row.ProviderHookId is not null)
            {
                return null; // made already: what a second registration of the remote sees
            }

            Interlocked.Increment(ref made);
            return new RepositoryWebhookChange { ProviderHookId = "1", Secret = Secret("only") };
        }))));

        Assert.Equal(1, most);
        Assert.Equal(1, made);
        Assert.Equal("1", (await Store.FindAsync(remote))!.ProviderHookId);
    }

    [Fact]
    public async Task ARemovedRow_IsGone_AndAChangeThatThrows_LeavesTheRowAsItWas()
    {
        var remote = NewRemote();
        await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { ProviderHookId = "3", Secret = Secret("s") }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ChangeAsync(remote, (_, _) => throw new InvalidOperationException("provider away")));
        var kept = await Store.FindAsync(remote);
        var removed = await Store.ChangeAsync(remote, (_, _) => Task.FromResult<RepositoryWebhookChange?>(new RepositoryWebhookChange { Remove = true }));

        Assert.Equal("3", kept!.ProviderHookId);
        Assert.Null(removed);
        Assert.Null(await Store.FindAsync(remote));
        var fresh = await Store.ChangeAsync(remote, (row, _) => Task.FromResult<RepositoryWebhookChange?>(null));
        Assert.NotNull(fresh);
        Assert.False(fresh.Managed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
