using Bob.Tasks;
using Bob.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kanbanger tracker's parts.</summary>
public static class KanbangerServiceCollectionExtensions
{
    /// <summary>Registers Kanbanger's webhook source (<see cref="KanbangerWebhookSource"/>); calling it twice is harmless.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureSecrets">Sets the source's secrets, if given (or bind <c>Webhooks:Kanbanger</c> to the named <see cref="WebhookSecrets"/> <c>kanbanger</c>).</param>
    public static IServiceCollection AddKanbangerWebhooks(this IServiceCollection services, Action<WebhookSecrets>? configureSecrets = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddBobWebhookSource(KanbangerWebhookSource.Definition, configureSecrets);
    }

    /// <summary>
    /// Registers <see cref="KanbangerClient"/> with retries on timeouts, 5xx and 429 (every POST carries an
    /// <c>Idempotency-Key</c>, so repeating one is safe) and timeouts; bind the <c>Kanbanger</c> section in
    /// <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKanbangerClient(this IServiceCollection services, Action<KanbangerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KanbangerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient<KanbangerClient>().AddStandardResilienceHandler(o =>
        {
            o.Retry.MaxRetryAttempts = 3;
            o.Retry.Delay = TimeSpan.FromMilliseconds(200);
        });
        return services;
    }
}
