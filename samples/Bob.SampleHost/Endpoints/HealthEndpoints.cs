using Bob.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Bob.SampleHost.Endpoints;

/// <summary>
/// <c>/healthz</c> (SPEC §2: 200 when the database answers; the liveness probe) and <c>/readyz</c> (the database answers and
/// every migration is applied; the readiness probe), over <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>.
/// </summary>
internal static class HealthEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSampleHostHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [LiveTag, ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (HealthCheckService health, CancellationToken cancellationToken) => CheckAsync(health, LiveTag, cancellationToken))
            .AllowAnonymous().WithName("Health").WithSummary("Liveness: 200 when the database answers.")
            .Produces<HealthResponse>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/readyz", (HealthCheckService health, CancellationToken cancellationToken) => CheckAsync(health, ReadyTag, cancellationToken))
            .AllowAnonymous().WithName("Ready").WithSummary("Readiness: 200 when the database answers and every migration is applied.")
            .Produces<HealthResponse>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> CheckAsync(HealthCheckService health, string tag, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(tag), cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(e.Value.Status.ToString(), e.Value.Description));
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(new HealthResponse("ok", checks))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not healthy",
                detail: string.Join(" ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description}")),
                extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    private sealed class DatabaseHealthCheck([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy("The database answers.");
            }
            catch (NpgsqlException)
            {
                return HealthCheckResult.Unhealthy("The database did not answer.");
            }
        }
    }

    private sealed class MigrationsHealthCheck(DatabaseMigrator migrator) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var pending = await migrator.GetPendingScriptsAsync(cancellationToken);
                return pending.Count == 0
                    ? HealthCheckResult.Healthy($"All {DatabaseMigrator.ScriptNames.Count} migrations are applied.")
                    : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet, the first {pending[0]}.");
            }
            catch (NpgsqlException)
            {
                return HealthCheckResult.Unhealthy("The database did not answer.");
            }
        }
    }
}
