using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The check store contract on real PostgreSQL.</summary>
public sealed class CheckStoreTests(PostgresDatabase database) : CheckStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ICheckStore Store => new PostgresCheckStore(database.DataSource);
}
