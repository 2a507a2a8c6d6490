using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>A request to register a repository.</summary>
/// <param name="Name">The user's name for it.</param>
/// <param name="RemoteUrl">The remote URL, in any form <see cref="RemoteUrlParser"/> reads.</param>
/// <param name="Provider">The provider, needed only when the host is not a known instance.</param>
/// <param name="ConnectionId">The provider connection to use for it by default.</param>
public sealed record RegisterRepository(string Name, string RemoteUrl, GitProvider? Provider = null, Guid? ConnectionId = null);
