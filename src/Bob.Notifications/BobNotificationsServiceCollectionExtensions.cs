using Bob.Http;
using Bob.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers push notifications.</summary>
public static class BobNotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ExpoPushClient"/>, <see cref="PushNotifier"/> and <see cref="PushReceiptChecker"/> (which need an
    /// <see cref="IDeviceStore"/>, such as <c>Bob.Postgres</c>'s) (the client is a typed <see cref="HttpClient"/>; retries are the client's own, as the SDK's,
    /// so no resilience handler is added), its options and <see cref="DeviceOptions"/>; bind the <c>Expo</c> section in
    /// <paramref name="configure"/> and the <c>Devices</c> section to <see cref="DeviceOptions"/>. Calling it twice is harmless.
    /// </summary>
    public static IBobNotificationsBuilder AddBobNotifications(this IServiceCollection services, Action<ExpoPushOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ExpoPushOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<ExpoPushOptions>, Bob.Notifications.Internal.ExpoPushOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(ExpoPushClient)))
        {
            // The client lives in singletons (PushNotifier): connections are recycled instead of the handler, so DNS changes are
            // still seen, and its in-flight limit is one per notifier.
            // Expo's SDK repeats a send after 429, 5xx or no answer, waiting Retry-After or doubling from RetryMinDelay.
            services.AddHttpClient<ExpoPushClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                .AddBobRetries("bob-expo", static services =>
                {
                    var expo = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExpoPushOptions>>().Value;
                    return new HttpRetryRules
                    {
                        MaxRetries = expo.MaxRetries,
                        BaseDelay = expo.RetryMinDelay,
                        AttemptTimeout = TimeSpan.FromSeconds(30),
                        MaxRetryDelay = TimeSpan.FromMinutes(1),
                        MayRepeat = static _ => true,
                    };
                });
        }

        services.AddOptions<DeviceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<DeviceOptions>, Bob.Notifications.Internal.DeviceOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<NotificationsTelemetry>();
        services.TryAddSingleton<PushNotifier>();
        services.TryAddSingleton<Bob.Git.Abstractions.ISessionNotifier>(static sp => sp.GetRequiredService<PushNotifier>());
        services.TryAddSingleton<PushReceiptChecker>();
        return new Bob.Notifications.Internal.BobNotificationsBuilder(services);
    }
}
