using Bob.Testing;
using Npgsql;

namespace Bob.Postgres.Tests.Migrations;

/// <summary>The plan's unique keys hold when instance_url is NULL (github.com, gitlab.com), where PostgreSQL's default would let duplicates in.</summary>
public sealed class UniqueKeyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private NpgsqlDataSource Db => database.DataSource;

    [Fact]
    public async Task Connections_DuplicateWithNullInstanceUrl_IsRejected()
    {
        var user = await SchemaRows.UserAsync(Db);
        const string insert = """
            INSERT INTO git_provider_connections (user_id, provider, instance_url, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag)
            VALUES (@u, 'github', NULL, '583231', 'c', 'i', 't')
            """;
        await SchemaRows.ScalarAsync(Db, insert, ("u", user));

        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("u", user)));
    }

    [Fact]
    public async Task Connections_SameAccountOnAnotherInstance_IsAccepted()
    {
        var user = await SchemaRows.UserAsync(Db);
        const string insert = """
            INSERT INTO git_provider_connections (user_id, provider, instance_url, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag)
            VALUES (@u, 'gitlab', @instance, '42', 'c', 'i', 't')
            """;

        await SchemaRows.ScalarAsync(Db, insert, ("u", user), ("instance", null));
        await SchemaRows.ScalarAsync(Db, insert, ("u", user), ("instance", "https://git.example.org/gitlab"));

        Assert.Equal(2L, await SchemaRows.ScalarAsync(Db, "SELECT count(*) FROM git_provider_connections WHERE user_id = @u", ("u", user)));
    }

    [Fact]
    public async Task PullRequests_DuplicateWithNullInstanceUrl_IsRejected()
    {
        var user = await SchemaRows.UserAsync(Db);
        var name = $"web-{Guid.NewGuid():N}";
        const string insert = """
            INSERT INTO pull_requests (user_id, provider, instance_url, remote_owner, remote_name, number, head_branch, base_branch, title, status, url)
            VALUES (@u, 'github', NULL, @owner, @name, 7, 'feature', 'main', 'Add it', 'open', 'https://github.com/acme/web/pull/7')
            """;
        await SchemaRows.ScalarAsync(Db, insert, ("u", user), ("owner", "acme"), ("name", name));

        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("u", user), ("owner", "acme"), ("name", name)));
        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("u", user), ("owner", "ACME"), ("name", name.ToUpperInvariant())));
    }

    [Fact]
    public async Task Commits_DuplicateWithNullInstanceUrl_IsRejected()
    {
        var name = $"web-{Guid.NewGuid():N}";
        const string insert = """
            INSERT INTO git_commits (provider, instance_url, remote_owner, remote_name, sha, message, committed_at)
            VALUES ('gitlab', NULL, 'group/sub', @name, '6dcb09b5b57875f334f61aebed695e2e4193db5e', 'Fix', now())
            """;
        await SchemaRows.ScalarAsync(Db, insert, ("name", name));

        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("name", name)));
    }

    [Fact]
    public async Task Repositories_SameRemoteTwiceForOneUser_IsRejected()
    {
        var user = await SchemaRows.UserAsync(Db);
        const string insert = """
            INSERT INTO repositories (user_id, name, remote_url, remote_provider, remote_instance_url, remote_owner, remote_name)
            VALUES (@u, 'web', 'https://github.com/acme/web.git', 'github', NULL, @owner, 'web')
            """;
        await SchemaRows.ScalarAsync(Db, insert, ("u", user), ("owner", "acme"));

        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("u", user), ("owner", "Acme")));
    }

    [Fact]
    public async Task WebhookDeliveries_DuplicateDeliveryId_IsRejectedButNullIdsAreNot()
    {
        var delivery = Guid.NewGuid().ToString();
        const string insert = """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, payload)
            VALUES ('gitea', @d, 'push', true, '{}')
            """;
        await SchemaRows.ScalarAsync(Db, insert, ("d", delivery));
        await AssertUniqueViolationAsync(() => SchemaRows.ScalarAsync(Db, insert, ("d", delivery)));

        await SchemaRows.ScalarAsync(Db, insert, ("d", null));
        await SchemaRows.ScalarAsync(Db, insert, ("d", null));
    }

    [Fact]
    public async Task GiteaConnection_WithoutInstanceUrl_IsRejected()
    {
        var user = await SchemaRows.UserAsync(Db);

        var ex = await Assert.ThrowsAsync<PostgresException>(() => SchemaRows.ScalarAsync(Db, """
            INSERT INTO git_provider_connections (user_id, provider, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag)
            VALUES (@u, 'gitea', '1', 'c', 'i', 't')
            """, ("u", user)));
        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
    }

    private static async Task AssertUniqueViolationAsync(Func<Task> insert)
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(insert);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
    }
}
