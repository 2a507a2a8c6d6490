using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The App installation store contract on real PostgreSQL (the mint lease in the row, shared by every host).</summary>
public sealed class GitAppInstallationStoreContractTests(PostgresDatabase database) : GitAppInstallationStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IGitAppInstallationStore Store => new PostgresGitAppInstallationStore(database.DataSource);
}
