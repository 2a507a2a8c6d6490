using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The pull request store contract on real PostgreSQL (observer rows land in the webhook delivery queue).</summary>
public sealed class PullRequestStoreTests(PostgresDatabase database) : PullRequestStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IPullRequestStore Store => new PostgresPullRequestStore(database.DataSource, [Observer]);

    protected override IRepositoryStore Repositories => new PostgresRepositoryStore(database.DataSource);

    protected override ISessionStore Sessions => new PostgresSessionStore(database.DataSource);

    protected override ISessionEventStream Events => new PostgresSessionEventStream(database.DataSource, new SessionEventListener(database.DataSource, NullLogger<SessionEventListener>.Instance));

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);

    protected override Task<IReadOnlyList<string>> ObserverRowsAsync(Guid pullRequestId) => SchemaRows.QueuedAsync(database.DataSource, ObserverSource, pullRequestId + ":");
}
