namespace Bob.Git.Abstractions;

/// <summary>Keeps OAuth authorizations between start and callback. Each is used at most once.</summary>
public interface IOAuthStateStore
{
    /// <summary>Stores a new pending authorization.</summary>
    Task SaveAsync(PendingAuthorization authorization, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes and returns the authorization of <paramref name="state"/>, or <see langword="null"/> when there is none or it
    /// expired before <paramref name="now"/>. A second call with the same state returns <see langword="null"/>.
    /// </summary>
    Task<PendingAuthorization?> TakeAsync(string state, DateTimeOffset now, CancellationToken cancellationToken = default);
}
