using Microsoft.Extensions.DependencyInjection;

namespace Bob.Webhooks;

/// <summary>Returned by <c>AddBobWebhooks()</c> and <c>AddBobWebhookSource()</c>: webhook ingestion (and the source) is registered.</summary>
public interface IBobWebhooksBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
