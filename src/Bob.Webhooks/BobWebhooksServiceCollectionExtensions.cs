using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers webhook ingestion.</summary>
public static class BobWebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the verifiers, the <see cref="WebhookReceiver"/> and the worker. A store (<see cref="IWebhookDeliveryStore"/>)
    /// comes from a storage package such as <c>AddBobPostgres()</c>; an ASP.NET Core host maps the routes with
    /// <c>app.MapBobWebhooks()</c> (package <c>Bob.Webhooks.AspNetCore</c>), any other host calls
    /// <see cref="WebhookReceiver.ReceiveAsync"/> itself. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures ingestion (bind the <c>Webhooks</c> section here).</param>
    /// <param name="configureWorker">Configures the worker (bind the <c>Webhooks:Worker</c> section here).</param>
    public static IBobWebhooksBuilder AddBobWebhooks(
        this IServiceCollection services,
        Action<BobWebhooksOptions>? configure = null,
        Action<WebhookWorkerOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BobWebhooksOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<BobWebhooksOptions>, Bob.Webhooks.Internal.BobWebhooksOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var worker = services.AddOptions<WebhookWorkerOptions>();
        if (configureWorker is not null)
        {
            worker.Configure(configureWorker);
        }

        worker.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<WebhookWorkerOptions>, Bob.Webhooks.Internal.WebhookWorkerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RemoteUrlParser.Default);
        services.TryAddSingleton<WebhookSources>();
        services.TryAddSingleton(sp => new WebhookVerifiers(sp.GetRequiredService<WebhookSources>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<WebhookSecrets>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new WebhookReceiver(
            sp.GetRequiredService<WebhookSources>(),
            sp.GetRequiredService<WebhookVerifiers>(),
            sp.GetRequiredService<Bob.Webhooks.Internal.BodyBudget>(),
            sp.GetRequiredService<IWebhookDeliveryStore>(),
            sp.GetRequiredService<IWebhookProcessor>(),
            sp.GetRequiredService<LocalDeliveryHandoff>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BobWebhooksOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookWorkerOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WebhookReceiver>>(),
            sp.GetRequiredService<WebhookTelemetry>(),
            sp.GetRequiredService<StoreOutage>(),
            sp.GetRequiredService<WebhookHookVerifiers>()));
        services.TryAddSingleton(sp => new WebhookHookVerifiers(
            sp.GetRequiredService<WebhookSources>(),
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetService<IWebhookHookSource>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<WebhookHookVerifiers>>()));
        services.TryAddSingleton(sp => new StoreOutage(sp.GetRequiredService<TimeProvider>()));
        services.AddMetrics(); // the IMeterFactory every package's meter comes from
        services.TryAddSingleton<WebhookTelemetry>();
        services.TryAddSingleton(sp => new Bob.Webhooks.Internal.BodyBudget(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BobWebhooksOptions>>().Value.MaxBufferedBodyBytes));
        services.TryAddSingleton<LocalDeliveryHandoff>();
        services.TryAddSingleton<IWebhookProcessor, WebhookProcessor>();
        services.TryAddSingleton(sp => new WebhookWorker(
            sp.GetRequiredService<IWebhookDeliveryQueue>(),
            sp.GetRequiredService<IWebhookProcessor>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookWorkerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WebhookWorker>>(),
            sp.GetRequiredService<LocalDeliveryHandoff>(),
            sp.GetRequiredService<WebhookTelemetry>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, WebhookWorker>(sp => sp.GetRequiredService<WebhookWorker>()));
        return new Bob.Webhooks.Internal.BobWebhooksBuilder(services);
    }

    /// <summary>
    /// Registers a webhook source (see <see cref="WebhookSourceDefinition"/>): its route, headers, verifier and processor.
    /// Provider packages call it from their own registration (<c>AddGitHub()</c>, ...); registering one definition twice is
    /// harmless, two different definitions under one name fail when the host starts. The source's secrets are the named
    /// options <see cref="WebhookSecrets"/> of <see cref="WebhookSourceDefinition.Name"/>: configure them here, or bind them
    /// (<c>services.AddOptions&lt;WebhookSecrets&gt;("github").Bind(configuration.GetSection("Webhooks:GitHub"))</c>, which
    /// also follows changes).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="definition">The source.</param>
    /// <param name="configureSecrets">Sets the source's secrets, if given.</param>
    public static IBobWebhooksBuilder AddBobWebhookSource(this IServiceCollection services, WebhookSourceDefinition definition, Action<WebhookSecrets>? configureSecrets = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        if (!services.Any(d => d.ServiceType == typeof(WebhookSourceDefinition) && ReferenceEquals(d.ImplementationInstance, definition)))
        {
            services.AddSingleton(definition);
        }

        var secrets = services.AddOptions<WebhookSecrets>(definition.Name);
        if (configureSecrets is not null)
        {
            secrets.Configure(configureSecrets);
        }

        return new Bob.Webhooks.Internal.BobWebhooksBuilder(services);
    }
}
