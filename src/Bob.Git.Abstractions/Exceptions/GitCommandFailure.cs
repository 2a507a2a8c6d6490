namespace Bob.Git.Abstractions;

/// <summary>What kind of failure a <see cref="GitCommandException"/> is.</summary>
public enum GitCommandFailure
{
    /// <summary>The command failed for a reason git does not name (a bug or the host's set-up: 500).</summary>
    CommandFailed = 0,

    /// <summary>The remote rejected a push: the branch has commits the push does not have (fetch, rebase, push again: 409).</summary>
    PushRejected = 1,

    /// <summary>The remote refused the connection's token (HTTP 401, 403 or 404 on a git request): authorize the connection again (409).</summary>
    RemoteAuthentication = 2,

    /// <summary>The remote could not be reached or did not answer in time (502, transient).</summary>
    RemoteUnavailable = 3,
}
