using Bob.Postgres;
using Npgsql;

namespace Bob.Testing;

/// <summary>
/// A fresh database, migrated, on the PostgreSQL server named by <c>BOB_TEST_POSTGRES</c> (set by <c>scripts/test.sh</c>),
/// dropped on dispose. Tests that use it fail, never skip, when the server is missing.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ServerVariable = "BOB_TEST_POSTGRES";

    private readonly bool _migrate;
    private NpgsqlDataSource? _dataSource;

    /// <summary>A fresh database with Bob's migrations applied.</summary>
    public PostgresDatabase()
        : this(migrate: true)
    {
    }

    private PostgresDatabase(bool migrate) => _migrate = migrate;

    /// <summary>A fresh database left empty: nothing of Bob's in it until a test migrates it.</summary>
    public static PostgresDatabase Empty() => new(migrate: false);

    /// <summary>The connection string of the fresh database, with Bob's schema as its search path.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source for the fresh database.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not initialised yet.");

    /// <summary>The name of the fresh database.</summary>
    public string DatabaseName { get; } = $"bob_test_{Guid.NewGuid():N}";

    /// <summary>The server's connection string from the environment; throws with instructions when it is missing.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, " +
                $"or set {ServerVariable} to the connection string of a PostgreSQL 15+ superuser.");

    public async Task InitializeAsync()
    {
        var server = ServerConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        // Bob's schema first, so the tests' own SQL reads Bob's tables as Bob's data source does.
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName, SearchPath = BobPostgresOptions.DefaultSchema }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        if (_migrate)
        {
            await new DatabaseMigrator(_dataSource).MigrateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
