using Microsoft.Extensions.DependencyInjection;

namespace Bob.Notifications.Internal;

internal sealed class BobNotificationsBuilder(IServiceCollection services) : IBobNotificationsBuilder
{
    public IServiceCollection Services { get; } = services;
}
