using Microsoft.Extensions.DependencyInjection;

namespace Bob.Webhooks.Internal;

internal sealed class BobWebhooksBuilder(IServiceCollection services) : IBobWebhooksBuilder
{
    public IServiceCollection Services { get; } = services;
}
