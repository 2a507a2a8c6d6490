using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The connection store contract on real PostgreSQL (leases in the row, shared by every host).</summary>
public sealed class GitConnectionStoreContractTests(PostgresDatabase database) : GitConnectionStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IGitConnectionStore Store => new PostgresGitConnectionStore(database.DataSource);

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);
}
