using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IOAuthStateStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryOAuthStateStore"/> in <c>Bob.Git.Tests</c>): a state is taken once, by its
/// user, for its provider, before it expires, with its verifier and redirect intact; a user keeps at most
/// <see cref="IOAuthStateStore.MaxPendingPerUser"/> pending, the oldest dropped first.
/// </summary>
public abstract class OAuthStateStoreContract
{
    // PostgreSQL prunes by its own clock: pending authorizations are made relative to the real time, to the second.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <summary>The store under test.</summary>
    protected abstract IOAuthStateStore Store { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    private static PendingAuthorization Pending(Guid user, string? state = null, int minutes = 10, GitInstance? instance = null) =>
        new(state ?? $"state-{Guid.NewGuid():N}", user, instance ?? GitInstance.GitLabCom, $"verifier-{Guid.NewGuid():N}-0123456789abcdefghijklmnop", new Uri("https://bob.example/api/connections/oauth/gitlab/callback"), Now.AddMinutes(minutes));

    [Fact]
    public async Task AState_IsTakenOnce_WithItsVerifierAndRedirect()
    {
        var user = await UserAsync();
        var pending = Pending(user);
        await Store.SaveAsync(pending);

        var taken = await Store.TakeAsync(pending.State, user, GitProvider.GitLab, Now);
        var again = await Store.TakeAsync(pending.State, user, GitProvider.GitLab, Now);

        Assert.Equal((pending.CodeVerifier, pending.RedirectUri, pending.Instance, pending.ExpiresAt), (taken!.CodeVerifier, taken.RedirectUri, taken.Instance, taken.ExpiresAt));
        Assert.Null(again);
    }

    [Fact]
    public async Task AState_IsNotTakenByAnotherUser_ForAnotherProvider_OrAfterItExpired()
    {
        var user = await UserAsync();
        var pending = Pending(user);
        var expiring = Pending(user, minutes: 1);
        await Store.SaveAsync(pending);
        await Store.SaveAsync(expiring);

        Assert.Null(await Store.TakeAsync(pending.State, await UserAsync(), GitProvider.GitLab, Now));
        Assert.Null(await Store.TakeAsync(pending.State, user, GitProvider.GitHub, Now));
        Assert.NotNull(await Store.TakeAsync(pending.State, user, GitProvider.GitLab, Now));
        Assert.Null(await Store.TakeAsync(expiring.State, user, GitProvider.GitLab, Now.AddMinutes(2)));
        Assert.Null(await Store.TakeAsync(expiring.State, user, GitProvider.GitLab, Now)); // an expired take still used it up
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-such-state")]
    public async Task AnUnknownOrEmptyState_IsNothing(string state) =>
        Assert.Null(await Store.TakeAsync(state, await UserAsync(), GitProvider.GitLab, Now));

    [Fact]
    public async Task AStateFound_StaysPending_ForItsUserAndProviderOnly_UntilTaken()
    {
        var user = await UserAsync();
        var pending = Pending(user, "found-state");
        await Store.SaveAsync(pending);

        var found = await Store.FindAsync("found-state", user, GitProvider.GitLab, Now);
        var again = await Store.FindAsync("found-state", user, GitProvider.GitLab, Now);

        Assert.Equal(pending.CodeVerifier, found?.CodeVerifier);
        Assert.Equal(pending.CodeVerifier, again?.CodeVerifier);
        Assert.Null(await Store.FindAsync("found-state", await UserAsync(), GitProvider.GitLab, Now));
        Assert.Null(await Store.FindAsync("found-state", user, GitProvider.GitHub, Now));
        Assert.Null(await Store.FindAsync("found-state", user, GitProvider.GitLab, Now.AddMinutes(11)));
        Assert.NotNull(await Store.TakeAsync("found-state", user, GitProvider.GitLab, Now));
        Assert.Null(await Store.FindAsync("found-state", user, GitProvider.GitLab, Now));
    }

    [Fact]
    public async Task AStateLongerThan200Characters_IsNothing() =>
        Assert.Null(await Store.TakeAsync(new string('s', 201), await UserAsync(), GitProvider.GitLab, Now));

    [Fact]
    public async Task AUserKeepsTheNewestPending_UpToTheLimit()
    {
        var user = await UserAsync();
        var saved = new List<PendingAuthorization>();
        for (var i = 0; i < IOAuthStateStore.MaxPendingPerUser + 2; i++)
        {
            var pending = Pending(user, minutes: 10 + i);
            saved.Add(pending);
            await Store.SaveAsync(pending);
        }

        Assert.Null(await Store.TakeAsync(saved[0].State, user, GitProvider.GitLab, Now));
        Assert.Null(await Store.TakeAsync(saved[1].State, user, GitProvider.GitLab, Now));
        foreach (var kept in saved.Skip(2))
        {
            Assert.NotNull(await Store.TakeAsync(kept.State, user, GitProvider.GitLab, Now));
        }
    }
}
