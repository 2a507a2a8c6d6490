using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost.Tests;

/// <summary>The worker settings documented under <c>Webhooks:Worker</c> reach the worker.</summary>
public sealed class WorkerConfigurationTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public void WebhooksWorkerSection_IsBoundToTheWorkerOptions()
    {
        using var factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
            builder.UseSetting("Webhooks:Worker:Concurrency", "3");
            builder.UseSetting("Webhooks:Worker:BatchSize", "7");
            builder.UseSetting("Webhooks:Worker:Lease", "00:00:45");
        });

        var options = factory.Services.GetRequiredService<IOptions<WebhookWorkerOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(3, options.Concurrency);
        Assert.Equal(7, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Lease);
    }
}
