using Bob.Tasks;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
    /// Registers task runs (plan 5.1–5.4): <see cref="TaskRunService"/>, the processing of Kanbanger's <c>task.assigned</c>
    /// and <c>comment.created</c> (<see cref="KanbangerWebhookProcessor"/>, with <see cref="AddKanbangerWebhooks"/>), and the
    /// task runs' outbox source (<see cref="TaskRunOutbox"/>) with its processor, and the Kanbanger client. The host also
    /// registers an <see cref="ITaskAgent"/>, an <see cref="ITaskRunStore"/> (<c>AddBobPostgres()</c>), the git services
    /// (<c>AddBobGit()</c>) and the webhook worker (<c>AddBobWebhooks()</c>).
    /// </summary>
    public static IServiceCollection AddBobTaskRuns(this IServiceCollection services, Action<KanbangerOptions>? configureKanbanger = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKanbangerClient(configureKanbanger);
        services.AddKanbangerWebhooks();
        services.TryAddSingleton<TaskRunsTelemetry>();
        services.TryAddSingleton<TaskRunService>();
        services.TryAddSingleton<QuickReplyService>();
        services.TryAddSingleton<PullRequestTaskService>();
        services.AddOptions<TaskWorthinessOptions>();
        services.TryAddSingleton<KanbangerWebhookProcessor>();
        services.TryAddSingleton<TaskRunOutboxProcessor>();
        return services.AddBobWebhookSource(OutboxDefinition);
    }

    private static readonly WebhookSourceDefinition OutboxDefinition = WebhookSourceDefinition.ForOutbox(
        TaskRunOutbox.SourceName, "Task runs outbox", services => (TaskRunOutboxProcessor)services.GetService(typeof(TaskRunOutboxProcessor))!);

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

        if (services.Any(d => d.ServiceType == typeof(KanbangerClient)))
        {
            return services; // one client, one resilience pipeline
        }

        // The client lives in singletons (the outbox processor): connections are recycled instead of the handler, so DNS
        // changes are still seen.
        services.AddHttpClient<KanbangerClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
        {
            o.Retry.MaxRetryAttempts = 3;
            o.Retry.Delay = TimeSpan.FromMilliseconds(200);
        });
        return services;
    }
}
