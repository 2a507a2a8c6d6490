using Bob.Git;
using Bob.Git.Gitea;
using Bob.Git.Gitea.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Gitea to the suite.</summary>
public static class GiteaBobGitBuilderExtensions
{
    /// <summary>Adds Gitea with its options, validated on start; a configured instance becomes known for remote URL parsing. Calling it twice is harmless.</summary>
    /// <param name="builder">The suite's builder.</param>
    /// <param name="configure">Configures Gitea (bind <c>Providers:Gitea</c> here).</param>
    /// <param name="configureWebhook">Sets the secrets of its webhook source, <see cref="GiteaWebhookSource"/>, if given.</param>
    public static IBobGitBuilder AddGitea(this IBobGitBuilder builder, Action<GiteaOptions>? configure = null, Action<Bob.Webhooks.WebhookSecrets>? configureWebhook = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<GiteaOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GiteaOptions>, GiteaOptionsValidator>());
        builder.AddConfiguredInstance<GiteaOptions>(o => o.Instance);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitWebhookPayloadParser, GiteaWebhookPayloadParser>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitProviderClientFactory, GiteaClientFactory>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitOAuthClient, GiteaOAuthClient>());
        builder.Services.AddBobWebhookSource(GiteaWebhookSource.Definition, configureWebhook);
        return builder;
    }
}
