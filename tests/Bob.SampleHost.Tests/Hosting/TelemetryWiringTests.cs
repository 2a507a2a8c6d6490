using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bob.SampleHost.Tests;

/// <summary>The sample host wires OpenTelemetry for the suite's meters and sources, with OTLP when its endpoint is configured.</summary>
public sealed class TelemetryWiringTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task WithAnOtlpEndpoint_TheHostExportsItsMetersAndSources_AndServes()
    {
        await using var factory = host.Factory.WithWebHostBuilder(b => b.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }
}
