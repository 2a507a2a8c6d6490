namespace Bob.Postgres;

/// <summary>Where the suite's PostgreSQL database is.</summary>
public sealed class BobPostgresOptions
{
    /// <summary>
    /// The service key of Bob's own <see cref="Npgsql.NpgsqlDataSource"/> (<c>[FromKeyedServices(DataSourceKey)]</c>): Bob's
    /// connection settings apply to it alone, never to a data source the host registers for its own use.
    /// </summary>
    public const string DataSourceKey = "Bob.Postgres";

    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "bob";

    /// <summary>
    /// The schema that holds every table, function and the migration journal of the suite (default <c>bob</c>), so Bob is a
    /// guest in a database the host also uses: the host's own tables (even a <c>users</c> or a DbUp <c>schemaversions</c>
    /// of its own) are never read or touched. Bob's data source sets its <c>search_path</c> to this schema alone.
    /// Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>The Npgsql connection string (configuration key <c>ConnectionStrings:Bob</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether hosted start-up applies pending migrations. Default <see langword="true"/>.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
