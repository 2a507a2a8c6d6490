using Bob.Git;
using Bob.Git.GitHub;
using Bob.Git.GitHub.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds GitHub to the suite.</summary>
public static class GitHubBobGitBuilderExtensions
{
    /// <summary>Adds GitHub (github.com, or the Enterprise Server that <see cref="GitHubOptions.ApiBaseUrl"/> points at). Options are validated on start; calling it twice is harmless.</summary>
    public static IBobGitBuilder AddGitHub(this IBobGitBuilder builder, Action<GitHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<GitHubOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        builder.AddConfiguredInstance<GitHubOptions>(o => o.WebInstance);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitWebhookPayloadParser, GitHubWebhookPayloadParser>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitProviderClientFactory, GitHubClientFactory>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitOAuthClient, GitHubOAuthClient>());
        return builder;
    }
}
