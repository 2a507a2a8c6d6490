namespace Bob.Git.Abstractions;

/// <summary>Stores registered repositories. Every read is scoped to one user: another user's id is simply not found.</summary>
public interface IRepositoryStore
{
    /// <summary>Stores a new repository.</summary>
    /// <exception cref="DuplicateRepositoryException">The user already registered the same remote repository.</exception>
    Task<Repository> AddAsync(Guid userId, string name, ParsedRemoteUrl remote, Guid? connectionId, CancellationToken cancellationToken = default);

    /// <summary>Returns the user's repository, or <see langword="null"/> when it does not exist or belongs to someone else.</summary>
    Task<Repository?> GetAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default);

    /// <summary>Lists the user's repositories, newest first.</summary>
    Task<IReadOnlyList<Repository>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Lists every user's repositories whose remote is <paramref name="remote"/> (used to attach webhook events).</summary>
    Task<IReadOnlyList<Repository>> FindByRemoteAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default);

    /// <summary>Sets (or clears, with <see langword="null"/>) the repository's default connection. Returns <see langword="false"/> when the repository does not exist or is another user's.</summary>
    Task<bool> SetConnectionAsync(Guid userId, Guid repositoryId, Guid? connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the user's repository registration (its sessions and pull requests stay, no longer linked to it). Returns what was
    /// removed, or <see langword="null"/> when it does not exist or is another user's.
    /// </summary>
    Task<Repository?> DeleteAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default);
}
