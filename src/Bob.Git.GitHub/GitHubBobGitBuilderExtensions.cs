using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Bob.Git.GitHub;
using Bob.Git.GitHub.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds GitHub to the suite.</summary>
public static class GitHubBobGitBuilderExtensions
{
    /// <summary>Adds GitHub (github.com, or the Enterprise Server that <see cref="GitHubOptions.ApiBaseUrl"/> points at). Options are validated on start; calling it twice is harmless.</summary>
    /// <param name="builder">The suite's builder.</param>
    /// <param name="configure">Configures GitHub (bind <c>Providers:GitHub</c> here).</param>
    /// <param name="configureWebhook">Sets the secrets of its webhook source, <see cref="GitHubWebhookSource"/>, if given.</param>
    public static IBobGitBuilder AddGitHub(this IBobGitBuilder builder, Action<GitHubOptions>? configure = null, Action<Bob.Webhooks.WebhookSecrets>? configureWebhook = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProvider<GitHubOptions, GitHubOptionsValidator, GitHubWebhookPayloadParser, GitHubClientFactory, GitHubOAuthClient>(configure, o => o.WebInstance);
        builder.Services.AddBobWebhookSource(GitHubWebhookSource.Definition, configureWebhook);

        // The GitHub App (issue 22): its client, and the installation tokens of every App provider registered.
        builder.Services.TryAddSingleton<GitHubAppClient>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitAppClient, GitHubAppClient>(s => s.GetRequiredService<GitHubAppClient>()));
        builder.Services.TryAddSingleton<GitAppInstallationTokens>();
        builder.Services.TryAddSingleton<GitAppConnectionService>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitAppInstallationEventHandler, GitAppInstallationEvents>());
        return builder;
    }
}
