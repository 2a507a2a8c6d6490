using Bob.Git;
using Bob.Git.GitLab;
using Bob.Git.GitLab.Internal;

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
        builder.AddProvider<GitLabOptions, GitLabOptionsValidator, GitLabWebhookPayloadParser, GitLabClientFactory, GitLabOAuthClient>(configure, o => o.Instance);
        builder.Services.AddBobWebhookSource(GitLabWebhookSource.Definition, configureWebhook);
        return builder;
    }
}
