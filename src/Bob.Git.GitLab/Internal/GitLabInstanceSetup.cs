using Microsoft.Extensions.Options;

namespace Bob.Git.GitLab.Internal;

/// <summary>Makes a configured self-managed GitLab a known instance for remote URL parsing.</summary>
internal sealed class GitLabInstanceSetup(IOptions<GitLabOptions> gitlab) : IConfigureOptions<GitInstanceOptions>
{
    public void Configure(GitInstanceOptions options)
    {
        var instance = gitlab.Value.Instance;
        if (!instance.IsCloud && !options.Instances.Contains(instance))
        {
            options.Instances.Add(instance);
        }
    }
}
