using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>The instances the host knows, and a <see cref="RemoteUrlParser"/> over them.</summary>
public sealed class GitInstanceRegistry(IOptions<GitInstanceOptions> options)
{
    /// <summary>Parses remote URLs against github.com, gitlab.com and every configured instance.</summary>
    public RemoteUrlParser Parser { get; } = new(options.Value.Instances);
}
