using Microsoft.Extensions.Options;

namespace Bob.Git.GitHub.Internal;

/// <summary>Makes a configured GitHub Enterprise Server a known instance for remote URL parsing.</summary>
internal sealed class GitHubInstanceSetup(IOptions<GitHubOptions> github) : IConfigureOptions<GitInstanceOptions>
{
    public void Configure(GitInstanceOptions options)
    {
        var instance = github.Value.WebInstance;
        if (!instance.IsCloud && !options.Instances.Contains(instance))
        {
            options.Instances.Add(instance);
        }
    }
}
