namespace Bob.Git.Abstractions;

/// <summary>
/// The one hook Bob keeps for a remote (issue 23), shared by every registration of it. A row without
/// <see cref="ProviderHookId"/> is a remote whose hook Bob does not manage (yet).
/// </summary>
/// <param name="Id">The row's id (the hook's secret is encrypted bound to it; Gitea deliveries name it in their URL).</param>
/// <param name="Remote">The remote repository.</param>
/// <param name="ProviderHookId">The provider's id of the hook, once made or adopted.</param>
/// <param name="Url">The URL the hook was set to.</param>
/// <param name="Events">The events it was set to.</param>
/// <param name="Active">Whether it delivered when last seen.</param>
/// <param name="ConnectionId">The connection that manages it.</param>
/// <param name="Secret">The hook's secret, encrypted for the row.</param>
/// <param name="PreviousSecret">The secret it had before the last rotation, still accepted until <paramref name="PreviousSecretUntil"/>.</param>
/// <param name="PreviousSecretUntil">When the previous secret stops being accepted.</param>
/// <param name="LastDeliveryAt">When a delivery verified with its secret last arrived.</param>
/// <param name="LastFailureAt">When the provider's log last showed a delivery that failed.</param>
/// <param name="CheckedAt">When the repair round last looked at it on the provider.</param>
/// <param name="RepairedAt">When Bob last recreated, reactivated or corrected it.</param>
/// <param name="RedeliveredCount">How many failed deliveries Bob asked the provider to send again.</param>
/// <param name="DeliveryLogCursor">How far the provider's delivery log was read: the newest entry seen.</param>
/// <param name="LastError">Why the last attempt to make or repair it failed, in words a person can act on.</param>
public sealed record RepositoryWebhook(
    Guid Id,
    RemoteRepositoryIdentity Remote,
    string? ProviderHookId,
    string? Url,
    IReadOnlyList<string> Events,
    bool Active,
    Guid? ConnectionId,
    EncryptedToken? Secret,
    EncryptedToken? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    DateTimeOffset? LastDeliveryAt,
    DateTimeOffset? LastFailureAt,
    DateTimeOffset? CheckedAt,
    DateTimeOffset? RepairedAt,
    int RedeliveredCount,
    string? DeliveryLogCursor,
    string? LastError)
{
    /// <summary>Whether Bob made or adopted the hook and holds its secret.</summary>
    public bool Managed => ProviderHookId is not null && Secret is not null;
}

/// <summary>A change to a remote's hook row, made under its lease; <see langword="null"/> properties leave columns as they are.</summary>
public sealed record RepositoryWebhookChange
{
    /// <summary>The provider's hook id (with <see cref="Url"/>, <see cref="Events"/> and <see cref="Active"/>: the hook as made or seen).</summary>
    public string? ProviderHookId { get; init; }

    /// <summary>The URL the hook is set to.</summary>
    public string? Url { get; init; }

    /// <summary>The events the hook is set to.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>Whether it delivers.</summary>
    public bool? Active { get; init; }

    /// <summary>The connection that manages it.</summary>
    public Guid? ConnectionId { get; init; }

    /// <summary>A new secret; the one it replaces becomes the previous secret, accepted until <see cref="PreviousSecretUntil"/>.</summary>
    public EncryptedToken? Secret { get; init; }

    /// <summary>Until when the replaced secret is accepted (with <see cref="Secret"/>); <see langword="null"/> forgets it at once.</summary>
    public DateTimeOffset? PreviousSecretUntil { get; init; }

    /// <summary>When a delivery failure was last seen in the provider's log.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>When the repair round looked at it.</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    /// <summary>When Bob repaired it.</summary>
    public DateTimeOffset? RepairedAt { get; init; }

    /// <summary>Redeliveries asked for in this change, added to the count.</summary>
    public int Redelivered { get; init; }

    /// <summary>The newest delivery log entry seen.</summary>
    public string? DeliveryLogCursor { get; init; }

    /// <summary>The last error, or <c>""</c> to clear it.</summary>
    public string? LastError { get; init; }

    /// <summary>Forget the hook: the row goes (its secrets with it).</summary>
    public bool Remove { get; init; }
}
