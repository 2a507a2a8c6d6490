namespace Bob.Git.Abstractions;

/// <summary>
/// Tells a user about one of their sessions on their devices. <c>Bob.Notifications</c> implements it with pushes that
/// open the session (<c>AddBobNotifications()</c> registers it); <c>Bob.Tasks</c> calls it for a task run's milestones
/// and does without when none is registered.
/// </summary>
public interface ISessionNotifier
{
    /// <summary>
    /// Notifies <paramref name="userId"/> about <paramref name="sessionId"/>, at most once per device for
    /// <paramref name="dedupeKey"/> (a retry after a crash sends nothing twice); returns how many devices took it.
    /// </summary>
    /// <exception cref="BobException">The notification service refused or kept failing (<see cref="BobException.IsTransient"/> says whether to try later).</exception>
    Task<int> NotifyAsync(Guid userId, Guid sessionId, string title, string body, string dedupeKey, CancellationToken cancellationToken = default);
}
