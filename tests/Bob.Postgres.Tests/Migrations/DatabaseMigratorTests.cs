using Bob.Testing;
using Npgsql;

namespace Bob.Postgres.Tests.Migrations;

public sealed class DatabaseMigratorTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        var migrator = new DatabaseMigrator(database.DataSource);

        var applied = await migrator.MigrateAsync();

        Assert.Empty(applied);
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM schemaversions");
        Assert.Equal((long)DatabaseMigrator.ScriptNames.Count, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentHosts_ApplyEachScriptOnce()
    {
        await using var fresh = PostgresDatabase.Empty();
        await fresh.InitializeAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new DatabaseMigrator(fresh.DataSource).MigrateAsync()));

        Assert.Equal(DatabaseMigrator.ScriptNames.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public void ScriptNames_AreNumberedAndOrdered()
    {
        Assert.NotEmpty(DatabaseMigrator.ScriptNames);
        Assert.All(DatabaseMigrator.ScriptNames, name => Assert.Matches(@"\.Migrations\.\d{4}_[a-z0-9_]+\.sql$", name));
        Assert.Equal(DatabaseMigrator.ScriptNames.Order(StringComparer.Ordinal), DatabaseMigrator.ScriptNames);
    }

    [Theory]
    [InlineData("git_provider_connections")]
    [InlineData("pull_requests")]
    [InlineData("git_commits")]
    [InlineData("webhook_deliveries")]
    [InlineData("task_runs")]
    [InlineData("device_push_tokens")]
    [InlineData("repositories")]
    [InlineData("users")]
    [InlineData("api_keys")]
    [InlineData("chat_conversations")]
    [InlineData("worktrees")]
    [InlineData("session_events")]
    public async Task Schema_HasTable(string table)
    {
        await using var command = database.DataSource.CreateCommand("SELECT to_regclass(@name)::text");
        command.Parameters.AddWithValue("name", table);

        Assert.Equal(table, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Schema_WebhookPayloadsUseLz4_AndTheTableLeavesRoomForHotClaims()
    {
        // PostgreSQL 15 from Debian is built with lz4; 0006 falls back to pglz only on servers without it.
        await using var command = database.DataSource.CreateCommand("""
            SELECT a.attcompression::text || '|' || array_to_string(c.reloptions, ',')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE a.attrelid = 'webhook_deliveries'::regclass AND a.attname = 'payload'
            """);

        Assert.Equal("l|fillfactor=70", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Schema_RepositoriesHavePlanRemoteColumns()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'repositories'");
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.Superset(
            new HashSet<string> { "remote_url", "remote_provider", "remote_owner", "remote_name", "remote_instance_url", "git_provider_connection_id" },
            columns.ToHashSet());
    }

    [Theory]
    [InlineData("UPDATE pull_requests SET status = 'wip'")]
    [InlineData("UPDATE task_runs SET status = 'assigned'")]
    [InlineData("UPDATE webhook_deliveries SET status = 'done'")]
    public async Task Schema_StatusChecks_RejectUnknownStatus(string update)
    {
        await SchemaRows.SeedAsync(database.DataSource);
        await using var command = database.DataSource.CreateCommand(update);

        var ex = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
    }
}
