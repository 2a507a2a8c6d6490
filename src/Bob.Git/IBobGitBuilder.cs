using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git;

/// <summary>Returned by <c>AddBobGit()</c>; provider packages chain their registrations off it (<c>.AddGitHub()</c>, <c>.AddGitLab()</c>, <c>.AddGitea()</c>).</summary>
public interface IBobGitBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
