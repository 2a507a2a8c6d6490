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
}
