using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea.Internal;

/// <summary>Makes the configured Gitea instance a known instance for remote URL parsing.</summary>
internal sealed class GiteaInstanceSetup(IOptions<GiteaOptions> gitea) : IConfigureOptions<GitInstanceOptions>
{
    public void Configure(GitInstanceOptions options)
    {
        if (gitea.Value.Instance is { } instance && !options.Instances.Contains(instance))
        {
            options.Instances.Add(instance);
        }
    }
}
