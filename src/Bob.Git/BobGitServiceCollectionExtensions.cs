using Bob.Http;
using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the suite's core services.</summary>
public static class BobGitServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instance registry, <see cref="RepositoryService"/>, the connection services (<see cref="GitConnectionService"/>,
    /// <see cref="GitOAuthFlow"/>, <see cref="IGitAccessTokenProvider"/>, <see cref="GitConnectionTokens"/>). Stores
    /// (<see cref="IRepositoryStore"/>, <see cref="IGitConnectionStore"/>) come from a storage package such as
    /// <c>AddBobPostgres()</c>, the vault's keys from <c>AddBobVault()</c>. Calling it twice is harmless.
    /// </summary>
    /// <returns>A builder to add providers to: <c>.AddGitHub()</c>, <c>.AddGitLab()</c>, <c>.AddGitea()</c>.</returns>
    public static IBobGitBuilder AddBobGit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GitInstanceOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitInstanceRegistry>();

        // Replaces the default parser (github.com and gitlab.com only) that packages may have registered.
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<GitInstanceRegistry>().Parser));
        services.TryAddSingleton<RepositoryRegistrations>();
        services.TryAddSingleton<RepositoryService>();
        services.AddOptions<RepositoryWebhookOptions>();
        services.TryAddSingleton<RepositoryWebhookService>();
        services.TryAddSingleton<Bob.Webhooks.IWebhookHookSource, RepositoryWebhookSecrets>();
        services.TryAddSingleton<GitProviders>();
        services.TryAddSingleton<GitConnectionTokens>();
        services.TryAddSingleton<IGitAccessTokenProvider, GitAccessTokenProvider>();
        services.TryAddSingleton<GitConnectionService>();
        services.TryAddSingleton<GitOAuthFlow>();
        services.AddOptions<GitWorkOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<GitWorkOptions>, Bob.Git.Internal.GitWorkOptionsValidator>());
        services.TryAddSingleton<GitCommandRunner>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<WorktreeService>();
        services.TryAddSingleton<PullRequestService>();
        services.TryAddSingleton<PullRequestFeedbackService>();
        services.TryAddSingleton<ReviewerTrust>();
        services.TryAddSingleton<PullRequestReplyService>();
        services.TryAddSingleton<PullRequestFeedbackBackfill>();
        services.TryAddSingleton<PullRequestFeedbackOutboxProcessor>();
        services.AddBobWebhookSource(PullRequestFeedbackOutbox.Definition);
        services.TryAddSingleton<SessionPushService>();
        services.AddOptions<GitSyncOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<GitSyncOptions>, Bob.Git.Internal.GitSyncOptionsValidator>());
        services.TryAddSingleton<GitSyncService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, GitSyncWorker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitWebhookEventHandler, GitWebhookEventHandler>());
        AddProviderHttp(services);
        return new Bob.Git.Internal.BobGitBuilder(services);
    }

    /// <summary>Configures retries and timeouts of provider requests (<see cref="GitHttpOptions"/>).</summary>
    public static IBobGitBuilder ConfigureHttp(this IBobGitBuilder builder, Action<GitHttpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures where and how git runs (<see cref="GitWorkOptions"/>; bind the <c>Git</c> section here).</summary>
    public static IBobGitBuilder ConfigureWork(this IBobGitBuilder builder, Action<GitWorkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the backfill sync (<see cref="GitSyncOptions"/>; bind the <c>GitSync</c> section here).</summary>
    public static IBobGitBuilder ConfigureSync(this IBobGitBuilder builder, Action<GitSyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the SSRF guard (<see cref="GitSecurityOptions"/>; bind the <c>Security</c> section here).</summary>
    public static IBobGitBuilder ConfigureSecurity(this IBobGitBuilder builder, Action<GitSecurityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    private static void AddProviderHttp(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(InstanceAddressGuard)))
        {
            return;
        }

        services.AddOptions<GitSecurityOptions>();
        services.AddOptions<GitHttpOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<GitHttpOptions>, Bob.Git.Internal.GitHttpOptionsValidator>());
        services.TryAddSingleton<InstanceAddressGuard>();
        services.TryAddSingleton<OAuthTokenEndpoint>();
        services.AddMetrics();
        services.TryAddSingleton<GitTelemetry>();
        services.TryAddTransient<Bob.Git.Internal.ProviderRequestMeasurement>();
        services.AddHttpClient(GitHttpClient.Name)
            .AddHttpMessageHandler<Bob.Git.Internal.ProviderRequestMeasurement>() // outermost: one measurement per call, retries included
            .ConfigurePrimaryHttpMessageHandler(sp => new System.Net.Http.SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<InstanceAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddBobRetries("bob-git", static services => GitRetryPolicy.Create(services.GetRequiredService<Options.IOptions<GitHttpOptions>>().Value));
    }

    /// <summary>
    /// Makes the self-hosted instance that <paramref name="select"/> reads from a provider's options a known instance for remote URL
    /// parsing. Provider packages call it from their <c>Add*</c> method; calling it twice for one options type is harmless.
    /// </summary>
    public static IBobGitBuilder AddConfiguredInstance<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IBobGitBuilder builder, Func<TOptions, GitInstance?> select)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(select);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Options.IConfigureOptions<GitInstanceOptions>, Bob.Git.Internal.ConfiguredInstanceSetup<TOptions>>(
            sp => new Bob.Git.Internal.ConfiguredInstanceSetup<TOptions>(sp.GetRequiredService<Options.IOptions<TOptions>>(), select)));
        return builder;
    }

    /// <summary>
    /// Registers a provider package's parts, as <c>AddGitHub()</c>, <c>AddGitLab()</c> and <c>AddGitea()</c> do (a package for
    /// another forge can too): its options, validated on start by <typeparamref name="TOptionsValidator"/>; the self-hosted
    /// instance <paramref name="configuredInstance"/> reads from them (see <see cref="AddConfiguredInstance"/>); its webhook
    /// payload parser, client factory and OAuth client. The package registers its webhook source itself. Calling it twice is harmless.
    /// </summary>
    public static IBobGitBuilder AddProvider<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TOptionsValidator, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TParser, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TClientFactory, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TOAuthClient>(
        this IBobGitBuilder builder, Action<TOptions>? configure, Func<TOptions, GitInstance?> configuredInstance)
        where TOptions : class
        where TOptionsValidator : class, Options.IValidateOptions<TOptions>
        where TParser : class, IGitWebhookPayloadParser
        where TClientFactory : class, IGitProviderClientFactory
        where TOAuthClient : class, IGitOAuthClient
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<TOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Options.IValidateOptions<TOptions>, TOptionsValidator>());
        builder.AddConfiguredInstance(configuredInstance);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitWebhookPayloadParser, TParser>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitProviderClientFactory, TClientFactory>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitOAuthClient, TOAuthClient>());
        return builder;
    }

    /// <summary>Adds a self-hosted instance that remote URLs are resolved against.</summary>
    public static IBobGitBuilder AddGitInstance(this IBobGitBuilder builder, GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(instance);
        builder.Services.Configure<GitInstanceOptions>(o =>
        {
            if (!o.Instances.Contains(instance))
            {
                o.Instances.Add(instance);
            }
        });
        return builder;
    }
}
