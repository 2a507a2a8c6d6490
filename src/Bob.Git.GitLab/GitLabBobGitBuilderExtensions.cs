using Bob.Git;
using Bob.Git.GitLab;
using Bob.Git.GitLab.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds GitLab to the suite.</summary>
public static class GitLabBobGitBuilderExtensions
{
    /// <summary>Adds GitLab with its options, validated on start; a configured instance becomes known for remote URL parsing. Calling it twice is harmless.</summary>
    /// <param name="builder">The suite's builder.</param>
    /// <param name="configure">Configures GitLab (bind <c>Providers:GitLab</c> here).</param>
    /// <param name="configureWebhook">Sets the secrets of its webhook source, <see cref="GitLabWebhookSource"/>, if given.</param>
    public static IBobGitBuilder AddGitLab(this IBobGitBuilder builder, Action<GitLabOptions>? configure = null, Action<Bob.Webhooks.WebhookSecrets>? configureWebhook = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<GitLabOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitLabOptions>, GitLabOptionsValidator>());
        builder.AddConfiguredInstance<GitLabOptions>(o => o.Instance);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitWebhookPayloadParser, GitLabWebhookPayloadParser>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitProviderClientFactory, GitLabClientFactory>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Bob.Git.Abstractions.IGitOAuthClient, GitLabOAuthClient>());
        builder.Services.AddBobWebhookSource(GitLabWebhookSource.Definition, configureWebhook);
        return builder;
    }
}
