using System.Reflection;
using Bob.Git.Abstractions;
using DbUp.Postgresql;
using DbUp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bob.Postgres;

/// <summary>Applies the suite's SQL migrations (embedded scripts, run once each, in name order) with DbUp.</summary>
/// <remarks>
/// Everything is created in Bob's schema (<see cref="BobPostgresOptions.Schema"/>, default <c>bob</c>): each script runs
/// with its <c>search_path</c> set to that schema alone, and DbUp's journal is <c>{schema}.schemaversions</c>, so a host's
/// own tables and its own <c>public.schemaversions</c> are never touched. A database migrated before Bob had a schema of
/// its own (journal and tables in <c>public</c>) has its journal rows moved first and its objects by script 0013.
/// Several hosts may start at once: a session-level advisory lock lets one apply the scripts while the others wait, then
/// find nothing left to do. Each script runs in its own transaction.
/// </remarks>
public sealed class DatabaseMigrator
{
    // Arbitrary constant shared by every Bob host: "Bob!" in ASCII.
    private const long MigrationLockKey = 0x426F6221;
    private const string Journal = "schemaversions";
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly string _schema;

    /// <summary>Creates a migrator for Bob's schema in the database behind <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The database (any search path: the scripts set their own).</param>
    /// <param name="logger">Logs applied scripts.</param>
    /// <param name="schema">Bob's schema (<see cref="BobPostgresOptions.Schema"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a plain lower-case identifier.</exception>
    public DatabaseMigrator(
        [FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
        ILogger<DatabaseMigrator>? logger = null,
        string schema = BobPostgresOptions.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        if (!Internal.SchemaName.IsValid(schema))
        {
            throw new ArgumentException($"'{schema}' is not a schema name Bob accepts: lower-case letters, digits and underscores, starting with a letter or underscore.", nameof(schema));
        }

        _dataSource = dataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _schema = schema;
    }

    /// <summary>Which scripts to apply (tests stop at an earlier version to reproduce an older database).</summary>
    internal Func<string, bool> Scripts { get; init; } = _ => true;

    /// <summary>The names of the embedded migration scripts, in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The embedded scripts the database has not applied yet (empty when it is up to date), read from DbUp's journal.</summary>
    public async Task<IReadOnlyList<string>> GetPendingScriptsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT CASE WHEN to_regclass('{_schema}.{Journal}') IS NULL THEN NULL ELSE (SELECT array_agg(scriptname) FROM {_schema}.{Journal}) END");
        var applied = await command.ExecuteScalarAsync(cancellationToken) as string[] ?? [];
        return ScriptNames.Except(applied, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Applies every script not yet applied and returns the names of those it applied (empty when up to date).</summary>
    /// <exception cref="BobConfigurationException">A script failed; the database keeps every script before it.</exception>
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

            await PrepareSchemaAsync(lockConnection, cancellationToken);
            var engine = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(_dataSource))
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.EndsWith(".sql", StringComparison.Ordinal) && Scripts(name))
                .JournalToPostgresqlTable(_schema, Journal)
                .WithPreprocessor(new SearchPathPreprocessor(_schema))
                .WithTransactionPerScript()
                .LogTo(new Internal.DbUpLogger(_logger))
                .Build();

            // DbUp is synchronous; keep it off the caller's thread.
            var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
            if (!result.Successful)
            {
                throw new BobConfigurationException(
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

    /// <summary>
    /// Creates Bob's schema, and for a database migrated before it had one, moves Bob's rows of <c>public.schemaversions</c>
    /// into Bob's journal (the whole table when every row is Bob's; otherwise only Bob's rows, leaving the host's), so DbUp
    /// sees the scripts already applied and 0013 moves the objects.
    /// </summary>
    private async Task PrepareSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var prepare = new NpgsqlCommand(
            $$"""
            CREATE SCHEMA IF NOT EXISTS {{_schema}};
            DO $bob$
            DECLARE
                ours bigint;
                theirs bigint;
            BEGIN
                IF to_regclass('public.{{Journal}}') IS NULL OR to_regclass('{{_schema}}.{{Journal}}') IS NOT NULL
                   OR NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{{Journal}}' AND column_name = 'scriptname') THEN
                    RETURN;
                END IF;
                SELECT count(*) FILTER (WHERE scriptname LIKE 'Bob.Postgres.Migrations.%'), count(*) FILTER (WHERE scriptname NOT LIKE 'Bob.Postgres.Migrations.%')
                  INTO ours, theirs FROM public.{{Journal}};
                IF ours = 0 THEN
                    RETURN;
                ELSIF theirs = 0 THEN
                    ALTER TABLE public.{{Journal}} SET SCHEMA {{_schema}};
                ELSE
                    CREATE TABLE {{_schema}}.{{Journal}} (schemaversionsid serial PRIMARY KEY, scriptname varchar(255) NOT NULL, applied timestamp NOT NULL);
                    INSERT INTO {{_schema}}.{{Journal}} (scriptname, applied)
                        SELECT scriptname, applied FROM public.{{Journal}} WHERE scriptname LIKE 'Bob.Postgres.Migrations.%' ORDER BY schemaversionsid;
                    DELETE FROM public.{{Journal}} WHERE scriptname LIKE 'Bob.Postgres.Migrations.%';
                END IF;
            END
            $bob$;
            """,
            connection);
        await prepare.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs every script with the search path set to Bob's schema alone, for that script's transaction.</summary>
    private sealed class SearchPathPreprocessor(string schema) : DbUp.Engine.IScriptPreprocessor
    {
        public string Process(string contents) => $"SET LOCAL search_path TO {schema};\n{contents}";
    }
}
