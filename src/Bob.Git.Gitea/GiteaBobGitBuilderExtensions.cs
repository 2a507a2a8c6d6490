using Bob.Git;
using Bob.Git.Gitea;
using Bob.Git.Gitea.Internal;

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
        builder.AddProvider<GiteaOptions, GiteaOptionsValidator, GiteaWebhookPayloadParser, GiteaClientFactory, GiteaOAuthClient>(configure, o => o.Instance);
        builder.Services.AddBobWebhookSource(GiteaWebhookSource.Definition, configureWebhook);
        return builder;
    }
}
