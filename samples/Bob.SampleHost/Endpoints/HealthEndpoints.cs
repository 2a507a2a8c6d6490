using Npgsql;

namespace Bob.SampleHost.Endpoints;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).AllowAnonymous().WithName("Health");
        return app;
    }

    private static async Task<IResult> CheckAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return TypedResults.Ok(new { status = "ok" });
        }
        catch (NpgsqlException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Database unavailable",
                detail: "The database did not answer.");
        }
    }
}
