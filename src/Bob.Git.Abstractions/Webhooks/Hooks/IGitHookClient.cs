namespace Bob.Git.Abstractions;

/// <summary>
/// A provider's repository webhooks (issue 23): Bob makes, adopts, repairs and removes one hook per remote, and redelivers
/// what the provider's delivery log shows failed. Implemented by the provider clients; failures surface as
/// <see cref="GitProviderException"/>.
/// </summary>
public interface IGitHookClient
{
    /// <summary>The events Bob subscribes its hooks to, in the provider's names.</summary>
    IReadOnlyList<string> HookEvents { get; }

    /// <summary>Whether the client's account may manage the repository's hooks (GitHub and Gitea: admin; GitLab: Maintainer or above).</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<bool> CanManageHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default);

    /// <summary>Every hook of the repository.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<IReadOnlyList<ProviderHook>> ListHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default);

    /// <summary>The hook <paramref name="hookId"/>, or <see langword="null"/> when the provider no longer has it.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<ProviderHook?> GetHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default);

    /// <summary>Makes an active JSON hook with <paramref name="settings"/>.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<ProviderHook> CreateHookAsync(RemoteRepositoryIdentity repository, ProviderHookSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Sets the hook's URL, events and (when given) secret, as an active JSON hook.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed (a hook that is gone: <see cref="BobErrorKind.NotFound"/>).</exception>
    Task<ProviderHook> UpdateHookAsync(RemoteRepositoryIdentity repository, string hookId, ProviderHookSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Removes the hook; <see langword="false"/> when it was gone already.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<bool> DeleteHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the hook's delivery log, newest first, or <see langword="null"/> when the provider keeps none Bob can read
    /// (Gitea; a GitLab older than 17.4).
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<ProviderHookDeliveryPage?> ListHookDeliveriesAsync(RemoteRepositoryIdentity repository, string hookId, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to send the logged delivery <paramref name="deliveryId"/> again.</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task RedeliverAsync(RemoteRepositoryIdentity repository, string hookId, string deliveryId, CancellationToken cancellationToken = default);
}
