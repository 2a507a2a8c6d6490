using System.Reflection;
using DbUp;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>Applies the suite's SQL migrations (embedded scripts, run once each, in name order) with DbUp.</summary>
/// <remarks>
/// Several hosts may start at once: a session-level advisory lock lets one apply the scripts while the others wait, then
/// find nothing left to do. Each script runs in its own transaction; the journal is the <c>schemaversions</c> table.
/// </remarks>
public sealed class DatabaseMigrator
{
    // Arbitrary constant shared by every Bob host: "Bob!" in ASCII.
    private const long MigrationLockKey = 0x426F6221;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database behind <paramref name="dataSource"/>.</summary>
    public DatabaseMigrator([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, ILogger<DatabaseMigrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The names of the embedded migration scripts, in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The embedded scripts the database has not applied yet (empty when it is up to date), read from DbUp's journal.</summary>
    public async Task<IReadOnlyList<string>> GetPendingScriptsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT CASE WHEN to_regclass('schemaversions') IS NULL THEN NULL ELSE (SELECT array_agg(scriptname) FROM schemaversions) END");
        var applied = await command.ExecuteScalarAsync(cancellationToken) as string[] ?? [];
        return ScriptNames.Except(applied, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Applies every script not yet applied and returns the names of those it applied (empty when up to date).</summary>
    /// <exception cref="DatabaseMigrationException">A script failed; the database keeps every script before it.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var lockConnection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Inside the try: a lock taken just before a cancellation is released too (pooled connections are not reset).
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
            {
                take.Parameters.AddWithValue("key", MigrationLockKey);
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            var engine = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(_dataSource))
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.EndsWith(".sql", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogTo(new Internal.DbUpLogger(_logger))
                .Build();

            // DbUp is synchronous; keep it off the caller's thread.
            var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
            if (!result.Successful)
            {
                throw new DatabaseMigrationException(
                    $"Migration script {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
            }

            var applied = result.Scripts.Select(s => s.Name).ToArray();
            if (applied.Length > 0)
            {
                _logger.LogInformation("Applied {Count} migration script(s): {Scripts}", applied.Length, string.Join(", ", applied));
            }

            return applied;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
