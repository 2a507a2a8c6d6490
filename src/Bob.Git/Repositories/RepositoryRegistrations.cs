using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>Tells this process's components that the repositories registered for a remote changed (registered or removed).</summary>
public sealed class RepositoryRegistrations
{
    /// <summary>Raised after a registration changed, with the remote it concerns.</summary>
    public event Action<RemoteRepositoryIdentity>? Changed;

    /// <summary>Announces a change for <paramref name="remote"/>.</summary>
    public void Announce(RemoteRepositoryIdentity remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        Changed?.Invoke(remote);
    }
}
