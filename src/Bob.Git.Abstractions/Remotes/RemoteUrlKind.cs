namespace Bob.Git.Abstractions;

/// <summary>The written form of a git remote URL.</summary>
public enum RemoteUrlKind
{
    /// <summary><c>https://host/owner/repo.git</c>.</summary>
    Https = 1,

    /// <summary><c>http://host/owner/repo.git</c> (private-network instances).</summary>
    Http = 2,

    /// <summary><c>ssh://git@host:2222/owner/repo.git</c>.</summary>
    Ssh = 3,

    /// <summary>The scp-like short form <c>git@host:owner/repo.git</c>.</summary>
    ScpLike = 4,

    /// <summary>The read-only git protocol, <c>git://host/owner/repo.git</c>.</summary>
    Git = 5,
}
