using Bob.Tasks;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers task runs.</summary>
public static class BobTaskRunsServiceCollectionExtensions
{
    private static readonly WebhookSourceDefinition OutboxDefinition = WebhookSourceDefinition.ForOutbox(
        TaskRunOutbox.SourceName, "Task runs outbox", services => (TaskRunOutboxProcessor)services.GetService(typeof(TaskRunOutboxProcessor))!);

    /// <summary>
    /// Registers task runs (plan 5.1–5.4): <see cref="TaskRunService"/>, the processing of Kanbanger's <c>task.assigned</c>
    /// and <c>comment.created</c> (<see cref="KanbangerWebhookProcessor"/>, on Kanbanger's webhook source
    /// <see cref="KanbangerWebhookSource"/>), the task runs' outbox source (<see cref="TaskRunOutbox"/>) with its processor,
    /// and the <see cref="KanbangerClient"/> (retries on timeouts, 5xx and 429: every POST carries an <c>Idempotency-Key</c>).
    /// The host also registers an <see cref="ITaskAgent"/>, an <see cref="ITaskRunStore"/> (<c>AddBobPostgres()</c>), the git
    /// services (<c>AddBobGit()</c>) and the webhook worker (<c>AddBobWebhooks()</c>). Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureKanbanger">Configures the Kanbanger client (bind the <c>Kanbanger</c> section here).</param>
    public static IBobTaskRunsBuilder AddBobTaskRuns(this IServiceCollection services, Action<KanbangerOptions>? configureKanbanger = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        KanbangerRegistration.AddClient(services, configureKanbanger);
        services.AddBobWebhookSource(KanbangerWebhookSource.Definition);
        services.AddMetrics();
        services.TryAddSingleton<TaskRunsTelemetry>();
        services.TryAddSingleton<TaskRunTriggers>();
        services.TryAddSingleton<TaskRunService>();
        services.TryAddSingleton<QuickReplyService>();
        services.TryAddSingleton<PullRequestTaskService>();
        services.AddOptions<TaskWorthinessOptions>().ValidateOnStart();
        services.AddOptions<TaskRunOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<TaskRunOptions>, Bob.Tasks.Internal.TaskRunOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<TaskWorthinessOptions>, Bob.Tasks.Internal.TaskWorthinessOptionsValidator>());
        services.TryAddSingleton<KanbangerWebhookProcessor>();
        services.TryAddSingleton<TaskRunOutboxProcessor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IPullRequestSessionObserver, TaskRunPullRequestObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IPullRequestFeedbackObserver, TaskRunFeedbackObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.ICheckStateObserver, TaskRunCheckObserver>());
        services.AddBobWebhookSource(OutboxDefinition);
        return new Bob.Tasks.Internal.BobTaskRunsBuilder(services);
    }
}
