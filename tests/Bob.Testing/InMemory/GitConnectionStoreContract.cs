using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IGitConnectionStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryGitConnectionStore"/> in <c>Bob.Git.Tests</c>): one row per user and
/// provider account whose tokens a later save replaces, another user's rows hidden, revoked rows without tokens, refreshes
/// of one connection one at a time with each seeing the last one's tokens, and a refused refresh or a marked connection
/// answered "authorize again" until the next save.
/// </summary>
public abstract class GitConnectionStoreContract
{
    /// <summary>The store under test.</summary>
    protected abstract IGitConnectionStore Store { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    private static ProtectedTokenSet Tokens(string access, string? scopes = "api") =>
        new(new EncryptedToken(access, "iv", "tag", "k1"), new EncryptedToken("refresh-" + access, "iv", "tag", "k1"), DateTimeOffset.UnixEpoch.AddYears(60), null, scopes);

    private async Task<(Guid User, GitConnection Connection)> SavedAsync(string account = "4711", string access = "a1")
    {
        var user = await UserAsync();
        var id = await Store.GetOrNewIdAsync(user, GitInstance.GitLabCom, account);
        return (user, (await Store.SaveAsync(id, user, GitInstance.GitLabCom, account, Tokens(access)))!);
    }

    [Fact]
    public async Task ASavedAccount_KeepsItsId_AndASecondSaveReplacesItsTokens()
    {
        var (user, first) = await SavedAsync();

        var sameId = await Store.GetOrNewIdAsync(user, GitInstance.GitLabCom, "4711");
        var second = await Store.SaveAsync(sameId, user, GitInstance.GitLabCom, "4711", Tokens("a2", "api read_user"));

        Assert.Equal(first.Id, sameId);
        Assert.Equal((first.Id, "api read_user"), (second!.Id, second.Scopes));
        Assert.Equal("a2", (await Store.GetTokensAsync(user, first.Id))!.AccessToken.Ciphertext);
        Assert.Single(await Store.ListAsync(user));
        Assert.NotEqual(first.Id, await Store.GetOrNewIdAsync(user, GitInstance.GitLabCom, "other-account"));
    }

    [Fact]
    public async Task ASaveUnderAnotherIdOfTheSameAccount_ChangesNothing()
    {
        var (user, first) = await SavedAsync();

        var lost = await Store.SaveAsync(Guid.NewGuid(), user, GitInstance.GitLabCom, "4711", Tokens("a-lost"));

        Assert.Null(lost);
        Assert.Equal("a1", (await Store.GetTokensAsync(user, first.Id))!.AccessToken.Ciphertext);
    }

    [Fact]
    public async Task AnotherUsersConnection_IsHidden()
    {
        var (_, connection) = await SavedAsync();
        var stranger = await UserAsync();

        Assert.Null(await Store.GetAsync(stranger, connection.Id));
        Assert.Null(await Store.GetTokensAsync(stranger, connection.Id));
        Assert.Empty(await Store.ListAsync(stranger));
        Assert.False(await Store.RevokeAsync(stranger, connection.Id));
        Assert.Null(await Store.RefreshTokensAsync(stranger, connection.Id, (t, _) => Task.FromResult<ProtectedTokenSet?>(Tokens("x"))));
    }

    [Fact]
    public async Task ARevokedConnection_IsListedRevoked_WithoutTokens_AndIsNotRefreshed()
    {
        var (user, connection) = await SavedAsync();

        Assert.True(await Store.RevokeAsync(user, connection.Id));
        Assert.True(await Store.RevokeAsync(user, connection.Id));

        Assert.True((await Store.GetAsync(user, connection.Id))!.IsRevoked);
        Assert.Null(await Store.GetTokensAsync(user, connection.Id));
        Assert.Null(await Store.RefreshTokensAsync(user, connection.Id, (t, _) => Task.FromResult<ProtectedTokenSet?>(Tokens("x"))));
        var again = await Store.SaveAsync(connection.Id, user, GitInstance.GitLabCom, "4711", Tokens("a3"));
        Assert.False(again!.IsRevoked);
    }

    [Fact]
    public async Task ConcurrentRefreshes_RunOneAtATime_EachSeeingTheLastTokens_SoTheGrantIsSpentOnce()
    {
        var (user, connection) = await SavedAsync();
        var inFlight = 0;
        var maxInFlight = 0;
        var spent = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.RefreshTokensAsync(user, connection.Id, async (current, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref inFlight);
            if (current.AccessToken.Ciphertext != "a1")
            {
                return null; // another caller refreshed already: nothing to do
            }

            Interlocked.Increment(ref spent);
            return Tokens("a-fresh");
        }))));

        Assert.Equal((1, 1), (maxInFlight, spent));
        Assert.All(results, r => Assert.Equal("a-fresh", r!.AccessToken.Ciphertext));
        Assert.Equal("a-fresh", (await Store.GetTokensAsync(user, connection.Id))!.AccessToken.Ciphertext);
    }

    [Fact]
    public async Task ARefusedRefresh_MarksTheConnection_AndLaterCallersAreToldToAuthorizeAgain_UntilTheNextSave()
    {
        var (user, connection) = await SavedAsync();
        var calls = 0;

        await Assert.ThrowsAsync<GitProviderException>(() => Store.RefreshTokensAsync(user, connection.Id, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new GitProviderException(BobErrorKind.Unauthorized, "invalid_grant", GitProvider.GitLab);
        }));
        var later = await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => Store.RefreshTokensAsync(user, connection.Id, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult<ProtectedTokenSet?>(Tokens("never"));
        }));

        Assert.Equal((1, BobErrorKind.Conflict), (calls, later.Kind));
        var marked = (await Store.GetAsync(user, connection.Id))!;
        Assert.NotNull(marked.ReauthorizationRequiredAt);
        Assert.Contains("invalid_grant", marked.ReauthorizationReason, StringComparison.Ordinal);
        await Store.SaveAsync(connection.Id, user, GitInstance.GitLabCom, "4711", Tokens("a-new"));
        Assert.Null((await Store.GetAsync(user, connection.Id))!.ReauthorizationRequiredAt);
    }

    [Fact]
    public async Task AMarkedConnection_IsNotRefreshed()
    {
        var (user, connection) = await SavedAsync();

        await Store.MarkReauthorizationRequiredAsync(user, connection.Id, "the provider answered 401");

        await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => Store.RefreshTokensAsync(user, connection.Id, (_, _) => Task.FromResult<ProtectedTokenSet?>(Tokens("x"))));
        Assert.Equal("the provider answered 401", (await Store.GetAsync(user, connection.Id))!.ReauthorizationReason);
    }

    [Fact]
    public async Task AFailedRefresh_GivesTheLeaseBack_AndTheNextCallerRefreshes()
    {
        var (user, connection) = await SavedAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => Store.RefreshTokensAsync(user, connection.Id, (_, _) => throw new HttpRequestException("connection reset")));
        var fresh = await Store.RefreshTokensAsync(user, connection.Id, (_, _) => Task.FromResult<ProtectedTokenSet?>(Tokens("a-after")));

        Assert.Equal("a-after", fresh!.AccessToken.Ciphertext);
        Assert.Null((await Store.GetAsync(user, connection.Id))!.ReauthorizationRequiredAt);
    }

    [Fact]
    public async Task Lists_AreNewestFirst()
    {
        var user = await UserAsync();
        var first = await Store.SaveAsync(await Store.GetOrNewIdAsync(user, GitInstance.GitHubCom, "1"), user, GitInstance.GitHubCom, "1", Tokens("a"));
        var second = await Store.SaveAsync(await Store.GetOrNewIdAsync(user, GitInstance.GitLabCom, "1"), user, GitInstance.GitLabCom, "1", Tokens("b"));

        Assert.Equal([second!.Id, first!.Id], (await Store.ListAsync(user)).Select(c => c.Id));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
