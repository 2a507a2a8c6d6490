using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The hook store contract on real PostgreSQL (the change lease in the row, shared by every host).</summary>
public sealed class RepositoryWebhookStoreContractTests(PostgresDatabase database) : RepositoryWebhookStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IRepositoryWebhookStore Store => new PostgresRepositoryWebhookStore(database.DataSource);
}
