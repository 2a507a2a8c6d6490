using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>The instances the host knows, and a <see cref="RemoteUrlParser"/> over them.</summary>
public sealed class GitInstanceRegistry(IOptions<GitInstanceOptions> options)
{
    /// <summary>Parses remote URLs against github.com, gitlab.com and every configured instance.</summary>
    public RemoteUrlParser Parser { get; } = new(options.Value.Instances);

    /// <summary>
    /// The instance a provider means when no URL is given: the configured one (GitHub Enterprise Server, a self-managed
    /// GitLab, a Gitea), else github.com or gitlab.com; <see langword="null"/> for Gitea without a configured instance.
    /// </summary>
    public GitInstance? DefaultInstance(GitProvider provider) =>
        options.Value.Instances.FirstOrDefault(i => i.Provider == provider)
        ?? provider switch
        {
            GitProvider.GitHub => GitInstance.GitHubCom,
            GitProvider.GitLab => GitInstance.GitLabCom,
            _ => null,
        };
}
