namespace Bob.Git.Abstractions;

/// <summary>Keeps OAuth authorizations between start and callback. Each is used at most once.</summary>
public interface IOAuthStateStore
{
    /// <summary>The most authorizations one user may have pending; starting another drops their oldest.</summary>
    const int MaxPendingPerUser = 10;

    /// <summary>Stores a new pending authorization; the user's oldest ones beyond <see cref="MaxPendingPerUser"/> are dropped.</summary>
    Task SaveAsync(PendingAuthorization authorization, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes and returns the authorization of <paramref name="state"/> when it was started by <paramref name="userId"/> for
    /// <paramref name="provider"/> and has not expired before <paramref name="now"/>; otherwise returns <see langword="null"/>
    /// and leaves it as it was (a state presented by another user, or at another provider's callback, is not consumed). A
    /// second call with the same state returns <see langword="null"/>.
    /// </summary>
    Task<PendingAuthorization?> TakeAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the authorization of <paramref name="state"/> under the same conditions as <see cref="TakeAsync"/>, and
    /// leaves it pending: a GitHub App installation that comes back without a code is sent on to authorize with the
    /// state's PKCE challenge, and completes (taking the state) when the code arrives.
    /// </summary>
    Task<PendingAuthorization?> FindAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default);
}
