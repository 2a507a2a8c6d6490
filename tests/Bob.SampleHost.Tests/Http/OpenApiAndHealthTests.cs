using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>The host as users expect a .NET service: an OpenAPI document of every route, liveness and readiness probes.</summary>
public sealed partial class OpenApiAndHealthTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static string DocumentPath(RouteEndpoint endpoint) =>
        "/" + RouteConstraint().Replace(endpoint.RoutePattern.RawText!.Trim('/'), "}");

    [Fact]
    public async Task OpenApiDocument_IsServedWithoutAKey_AndListsEveryMappedRoute()
    {
        using var client = host.Factory.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        var routes = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.Contains("openapi", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m.ToLowerInvariant(), Path: DocumentPath(e))))
            .ToArray();
        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _)).ToArray();
        Assert.True(missing.Length == 0, "Not in the OpenAPI document: " + string.Join(", ", missing.Select(m => $"{m.Method} {m.Path}")));
        Assert.True(paths.TryGetProperty("/api/webhooks/github", out _));
    }

    [Fact]
    public async Task Healthz_AndReadyz_Are200_WhenTheDatabaseAnswersAndIsMigrated()
    {
        using var client = host.Factory.CreateClient();

        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("migrations").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_Is503_WhileAMigrationIsNotApplied_AndHealthzStays200()
    {
        using var client = host.Factory.CreateClient();
        await using var hide = host.DataSource.CreateCommand(
            "UPDATE schemaversions SET scriptname = scriptname || '.hidden' WHERE scriptname = (SELECT max(scriptname) FROM schemaversions) RETURNING scriptname");
        var hidden = (string)(await hide.ExecuteScalarAsync())!;
        try
        {
            var ready = await client.GetAsync("/readyz");
            var live = await client.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("not applied", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await using var restore = host.DataSource.CreateCommand("UPDATE schemaversions SET scriptname = @original WHERE scriptname = @hidden");
            restore.Parameters.AddWithValue("original", hidden[..^".hidden".Length]);
            restore.Parameters.AddWithValue("hidden", hidden);
            await restore.ExecuteNonQueryAsync();
        }
    }

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraint();
}
