namespace Bob.Postgres;

/// <summary>Where the suite's PostgreSQL database is.</summary>
public sealed class BobPostgresOptions
{
    /// <summary>
    /// The service key of Bob's own <see cref="Npgsql.NpgsqlDataSource"/> (<c>[FromKeyedServices(DataSourceKey)]</c>): Bob's
    /// connection settings apply to it alone, never to a data source the host registers for its own use.
    /// </summary>
    public const string DataSourceKey = "Bob.Postgres";

    /// <summary>The Npgsql connection string (configuration key <c>ConnectionStrings:Bob</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether hosted start-up applies pending migrations. Default <see langword="true"/>.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
