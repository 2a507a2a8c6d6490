using Bob.Notifications;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The device store contract on real PostgreSQL.</summary>
public sealed class DeviceStoreTests(PostgresDatabase database) : DeviceStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IDeviceStore Store => new PostgresDeviceStore(database.DataSource);

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);
}
