using Microsoft.Extensions.DependencyInjection;

namespace Bob.Notifications;

/// <summary>Returned by <c>AddBobNotifications()</c>: the Expo push client, the notifier, the receipt checker and the device limits are registered.</summary>
public interface IBobNotificationsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
