using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres.Tests;

/// <summary>What AddBobPostgres sets on its data source when the connection string leaves it open.</summary>
public sealed class DataSourceSettingsTests
{
    private static NpgsqlConnectionStringBuilder Settings(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddBobPostgres(o => o.ConnectionString = connectionString);
        using var provider = services.BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(provider.GetRequiredKeyedService<NpgsqlDataSource>(Bob.Postgres.BobPostgresOptions.DataSourceKey).ConnectionString);
    }

    [Fact]
    public void Defaults_PrepareHotStatements_AndSkipTheResetOnEveryCheckout()
    {
        var settings = Settings("Host=127.0.0.1;Username=bob;Database=bob");

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(64 * 1024, settings.WriteBufferSize);
    }

    [Fact]
    public void TheConnectionString_StillDecides()
    {
        var settings = Settings("Host=127.0.0.1;Username=bob;Database=bob;Max Auto Prepare=8;No Reset On Close=false;Write Buffer Size=16384");

        Assert.Equal(8, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
        Assert.Equal(16384, settings.WriteBufferSize);
    }

    /// <summary>
    /// A host with its own data source keeps it as it made it: Bob's settings (no reset on close, a larger write buffer) are
    /// for Bob's keyed data source alone, and Bob's stores use that one.
    /// </summary>
    [Fact]
    public void AHostsOwnDataSource_IsLeftAsTheHostMadeIt_AndBobUsesItsOwn()
    {
        var services = new ServiceCollection();
        using var hosts = NpgsqlDataSource.Create("Host=127.0.0.1;Username=app;Database=app");
        services.AddSingleton(hosts);
        services.AddBobPostgres(o => o.ConnectionString = "Host=127.0.0.1;Username=bob;Database=bob");
        using var provider = services.BuildServiceProvider();

        var hostSettings = new NpgsqlConnectionStringBuilder(provider.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        var bobs = provider.GetRequiredKeyedService<NpgsqlDataSource>(Bob.Postgres.BobPostgresOptions.DataSourceKey);

        Assert.Same(hosts, provider.GetRequiredService<NpgsqlDataSource>());
        Assert.Equal(("app", false), (hostSettings.Database, hostSettings.NoResetOnClose));
        Assert.Equal(("bob", true), (new NpgsqlConnectionStringBuilder(bobs.ConnectionString).Database, new NpgsqlConnectionStringBuilder(bobs.ConnectionString).NoResetOnClose));
    }
}
