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
        return new NpgsqlConnectionStringBuilder(provider.GetRequiredService<NpgsqlDataSource>().ConnectionString);
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
}
