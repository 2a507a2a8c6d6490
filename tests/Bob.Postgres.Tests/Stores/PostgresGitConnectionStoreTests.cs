using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Vault;

namespace Bob.Postgres.Tests.Stores;

public sealed class PostgresGitConnectionStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const string Access = "glpat-fake-SECRET-access";
    private const string Refresh = "glrt-Refresh-SECRET-9876543210";
    private readonly VaultKeyRing _keys = new(RandomNumberGenerator.GetBytes(32));
    private PostgresGitConnectionStore Store => new(database.DataSource);

    /// <summary>The store behind the one class that encrypts for it: the store itself sees only ciphertext.</summary>
    private Bob.Git.GitConnectionTokens Tokens => new(Store, new TokenVault(_keys));

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task SaveAsync_ThenGetTokens_RoundTripsAndStoresNoPlaintext()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var expires = new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

        var saved = await Tokens.SaveAsync(user, GitInstance.GitLabCom, "4711", new TokenSet(Access, Refresh, expires, null, "api read_user"));
        var tokens = await Tokens.GetAsync(user, saved.Id);

        Assert.Equal(Access, tokens?.AccessToken);
        Assert.Equal(Refresh, tokens?.RefreshToken);
        Assert.Equal(expires, tokens?.AccessTokenExpiresAt);
        Assert.Equal("api read_user", saved.Scopes);
        var row = (string?)await SchemaRows.ScalarAsync(database.DataSource, "SELECT row_to_json(c)::text FROM git_provider_connections c WHERE id = @id", ("id", saved.Id));
        Assert.DoesNotContain("SECRET", row, StringComparison.Ordinal);
        Assert.Contains(_keys.CurrentKeyId, row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_SameAccountAgain_ReplacesTokensOnTheSameRow()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var first = await Tokens.SaveAsync(user, GitInstance.GitHubCom, "583231", new TokenSet("ghp_first"));
        await SchemaRows.ScalarAsync(database.DataSource, "UPDATE git_provider_connections SET revoked_at = now() WHERE id = @id", ("id", first.Id));

        var second = await Tokens.SaveAsync(user, GitInstance.GitHubCom, "583231", new TokenSet("ghp_second"));

        Assert.Equal(first.Id, second.Id);
        Assert.False(second.IsRevoked);
        Assert.Equal("ghp_second", (await Tokens.GetAsync(user, first.Id))?.AccessToken);
    }

    [Fact]
    public async Task SaveAsync_ConcurrentSavesOfOneAccount_LeaveOneDecryptableRow()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);

        var saved = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Tokens.SaveAsync(user, GitInstance.GitHubCom, "999", new TokenSet($"ghp_{i}"))));

        Assert.Single(saved.Select(s => s.Id).Distinct());
        Assert.StartsWith("ghp_", (await Tokens.GetAsync(user, saved[0].Id))?.AccessToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokensAsync_AnotherUsersOrRevokedConnection_ReturnsNull()
    {
        var owner = await SchemaRows.UserAsync(database.DataSource);
        var stranger = await SchemaRows.UserAsync(database.DataSource);
        var saved = await Tokens.SaveAsync(owner, GitInstance.GitHubCom, "1", new TokenSet("ghp_x"));

        Assert.Null(await Tokens.GetAsync(stranger, saved.Id));
        Assert.Null(await Store.GetAsync(stranger, saved.Id));
        await SchemaRows.ScalarAsync(database.DataSource, "UPDATE git_provider_connections SET revoked_at = now() WHERE id = @id", ("id", saved.Id));
        Assert.Null(await Tokens.GetAsync(owner, saved.Id));
    }

    [Fact]
    public async Task GetTokensAsync_RefreshCiphertextCopiedIntoAccessColumn_FailsToDecrypt()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var saved = await Tokens.SaveAsync(user, GitInstance.GitLabCom, "7", new TokenSet(Access, Refresh));
        await SchemaRows.ScalarAsync(database.DataSource, """
            UPDATE git_provider_connections SET access_token_ciphertext = refresh_token_ciphertext,
                access_token_iv = refresh_token_iv, access_token_tag = refresh_token_tag WHERE id = @id
            """, ("id", saved.Id));

        var ex = await Assert.ThrowsAsync<TokenDecryptionException>(() => Tokens.GetAsync(user, saved.Id));

        Assert.Equal(TokenDecryptionFailure.AuthenticationFailed, ex.Failure);
        Assert.DoesNotContain("SECRET", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokensAsync_CiphertextCopiedFromAnotherRow_FailsToDecrypt()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var victim = await Tokens.SaveAsync(user, GitInstance.GitHubCom, "victim", new TokenSet("ghp_victim"));
        var attacker = await Tokens.SaveAsync(user, GitInstance.GitHubCom, "attacker", new TokenSet("ghp_attacker"));
        await SchemaRows.ScalarAsync(database.DataSource, """
            UPDATE git_provider_connections a SET access_token_ciphertext = v.access_token_ciphertext,
                access_token_iv = v.access_token_iv, access_token_tag = v.access_token_tag
            FROM git_provider_connections v WHERE a.id = @attacker AND v.id = @victim
            """, ("attacker", attacker.Id), ("victim", victim.Id));

        await Assert.ThrowsAsync<TokenDecryptionException>(() => Tokens.GetAsync(user, attacker.Id));
    }

    [Fact]
    public async Task GetAsync_OwnConnection_ReturnsInstance()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var saved = await Tokens.SaveAsync(user, GitInstance.Create(GitProvider.Gitea, "https://codeberg.org"), "77", new TokenSet("tok", scopes: "write:repository"));

        var connection = await Store.GetAsync(user, saved.Id);

        Assert.NotNull(connection);
        Assert.Equal(GitInstance.Create(GitProvider.Gitea, "https://codeberg.org"), connection.Instance);
        Assert.Equal("77", connection.ProviderAccountId);
        Assert.Single(await Store.ListAsync(user));
    }
}
