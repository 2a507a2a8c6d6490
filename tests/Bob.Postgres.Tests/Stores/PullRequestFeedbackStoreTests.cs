using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The pull request feedback store contract on real PostgreSQL.</summary>
public sealed class PullRequestFeedbackStoreTests(PostgresDatabase database) : PullRequestFeedbackStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IPullRequestFeedbackStore Store => new PostgresPullRequestFeedbackStore(database.DataSource);

    protected override async Task<Guid> PullRequestAsync() => (await SchemaRows.SeedAsync(database.DataSource)).PullRequestId;

    protected override Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix) => SchemaRows.QueuedAsync(database.DataSource, source, prefix);
}
