using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>The self-hosted instances remote URLs are resolved against, besides github.com and gitlab.com.</summary>
/// <remarks>Provider packages add their configured instance here (<c>AddGitHub</c>, <c>AddGitLab</c>, <c>AddGitea</c>); hosts may add more.</remarks>
public sealed class GitInstanceOptions
{
    /// <summary>The known instances.</summary>
    public IList<GitInstance> Instances { get; } = [];
}
