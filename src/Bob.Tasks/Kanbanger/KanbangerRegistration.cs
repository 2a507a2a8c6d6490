using Bob.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bob.Tasks;

/// <summary>The Kanbanger client's registration, part of <c>AddBobTaskRuns()</c>.</summary>
internal static class KanbangerRegistration
{
    /// <summary>
    /// Registers <see cref="KanbangerClient"/> once, with retries on timeouts, 5xx and 429 (every POST carries an
    /// <c>Idempotency-Key</c>, so repeating one is safe) and timeouts.
    /// </summary>
    public static void AddClient(IServiceCollection services, Action<KanbangerOptions>? configure)
    {
        var options = services.AddOptions<KanbangerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<KanbangerOptions>, Internal.KanbangerOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(KanbangerClient)))
        {
            return; // one client, one resilience pipeline
        }

        // The client lives in singletons (the outbox processor): connections are recycled instead of the handler, so DNS
        // changes are still seen.
        services.AddHttpClient<KanbangerClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddBobRetries("bob-kanbanger", static _ => new HttpRetryRules
            {
                // Every POST carries an Idempotency-Key: Kanbanger answers a repeat with the first result.
                MaxRetries = 3,
                BaseDelay = TimeSpan.FromMilliseconds(200),
                AttemptTimeout = TimeSpan.FromSeconds(10),
                TotalTimeout = TimeSpan.FromSeconds(30),
                MaxRetryDelay = TimeSpan.FromSeconds(20),
                MayRepeat = static _ => true,
            });
    }
}
