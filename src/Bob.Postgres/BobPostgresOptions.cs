namespace Bob.Postgres;

/// <summary>Where the suite's PostgreSQL database is.</summary>
public sealed class BobPostgresOptions
{
    /// <summary>The Npgsql connection string (configuration key <c>ConnectionStrings:Bob</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether hosted start-up applies pending migrations. Default <see langword="true"/>.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
