using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Vault;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The OAuth state store contract on real PostgreSQL (states hashed, verifiers encrypted).</summary>
public sealed class OAuthStateStoreTests(PostgresDatabase database) : OAuthStateStoreContract, IClassFixture<PostgresDatabase>
{
    private static readonly TokenVault Vault = new(VaultKeyRing.FromBase64(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), null));

    protected override IOAuthStateStore Store => new PostgresOAuthStateStore(database.DataSource, Vault);

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);
}
