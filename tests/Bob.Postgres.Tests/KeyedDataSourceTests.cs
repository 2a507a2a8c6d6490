using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres.Tests;

/// <summary>Bob's stores use Bob's keyed data source, not one the host registered for its own database.</summary>
public sealed class KeyedDataSourceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Stores_WriteToBobsDatabase_WhenTheHostRegisteredADataSourceForItsOwn()
    {
        var services = new ServiceCollection();
        await using var hosts = NpgsqlDataSource.Create(PostgresDatabase.ServerConnectionString); // the server's own database, not Bob's
        services.AddSingleton(hosts);
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(Convert.ToBase64String(new byte[32])));
        await using var provider = services.BuildServiceProvider();

        var user = await provider.GetRequiredService<UserStore>().CreateAsync($"keyed-{Guid.NewGuid():N}", isAdmin: false);

        await using var inBob = database.DataSource.CreateCommand("SELECT count(*) FROM users WHERE id = @id");
        inBob.Parameters.AddWithValue("id", user.Id);
        Assert.Equal(1L, await inBob.ExecuteScalarAsync());
        await using var inHost = hosts.CreateCommand("SELECT to_regclass('users') IS NULL");
        Assert.Equal(true, await inHost.ExecuteScalarAsync());
    }
}
