using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The sync store contract on real PostgreSQL.</summary>
public sealed class GitSyncStoreTests(PostgresDatabase database) : GitSyncStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IGitSyncStore Store => new PostgresGitSyncStore(database.DataSource);

    protected override IRepositoryStore Repositories => new PostgresRepositoryStore(database.DataSource);

    protected override IPullRequestStore PullRequests => new PostgresPullRequestStore(database.DataSource);

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);

    protected override async Task<Guid> ConnectionAsync(Guid userId) => (Guid)(await SchemaRows.ScalarAsync(database.DataSource, """
        INSERT INTO git_provider_connections (user_id, provider, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag)
        VALUES (@u, 'github', gen_random_uuid()::text, 'c', 'i', 't') RETURNING id
        """, ("u", userId)))!;

    protected override Task DisableAsync(Guid userId, Guid connectionId) =>
        new PostgresGitConnectionStore(database.DataSource).MarkReauthorizationRequiredAsync(userId, connectionId, "refused");
}
