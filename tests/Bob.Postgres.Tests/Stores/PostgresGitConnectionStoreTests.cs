using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

public sealed class PostgresGitConnectionStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresGitConnectionStore _store = new(database.DataSource);

    [Fact]
    public async Task GetAsync_OwnConnection_ReturnsInstanceWithoutTokens()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        var id = (Guid)(await SchemaRows.ScalarAsync(database.DataSource, """
            INSERT INTO git_provider_connections (user_id, provider, instance_url, provider_account_id, scopes, access_token_ciphertext, access_token_iv, access_token_tag)
            VALUES (@u, 'gitea', 'https://codeberg.org', '77', 'write:repository', 'c', 'i', 't') RETURNING id
            """, ("u", user)))!;

        var connection = await _store.GetAsync(user, id);

        Assert.NotNull(connection);
        Assert.Equal(GitInstance.Create(GitProvider.Gitea, "https://codeberg.org"), connection.Instance);
        Assert.Equal("77", connection.ProviderAccountId);
        Assert.False(connection.IsRevoked);
        Assert.Single(await _store.ListAsync(user));
    }

    [Fact]
    public async Task GetAsync_AnotherUsersConnection_ReturnsNull()
    {
        var ids = await SchemaRows.SeedAsync(database.DataSource);
        var stranger = await SchemaRows.UserAsync(database.DataSource);

        Assert.Null(await _store.GetAsync(stranger, ids.ConnectionId));
        Assert.NotNull(await _store.GetAsync(ids.UserId, ids.ConnectionId));
    }
}
