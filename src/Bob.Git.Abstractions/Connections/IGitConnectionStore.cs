namespace Bob.Git.Abstractions;

/// <summary>Reads provider connections. Every read is scoped to one user: another user's id is simply not found.</summary>
public interface IGitConnectionStore
{
    /// <summary>Returns the user's connection, or <see langword="null"/> when it does not exist or belongs to someone else.</summary>
    Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the user's connections, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default);
}
