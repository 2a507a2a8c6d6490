namespace Bob.Notifications;

/// <summary>Devices and the tickets of pushes sent to them.</summary>
public interface IDeviceStore
{
    /// <summary>
    /// Registers the token for the user (again: enabled again, seen now, its type updated); the same token and user give the
    /// same device, with <c>Created</c> false. In one transaction: the token is disabled for every other user (it reaches one
    /// phone: registering moves it), and the user's enabled devices beyond <paramref name="maxEnabledPerUser"/> are disabled,
    /// least recently seen first (never the one registered).
    /// </summary>
    Task<(Device Device, bool Created)> UpsertAsync(Guid userId, string expoPushToken, DeviceType type, int maxEnabledPerUser, CancellationToken cancellationToken = default);

    /// <summary>Removes the user's device; <see langword="false"/> when the user has no such device.</summary>
    Task<bool> DeleteAsync(Guid userId, Guid deviceId, CancellationToken cancellationToken = default);

    /// <summary>The user's enabled devices.</summary>
    Task<IReadOnlyList<Device>> ListEnabledAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Disables every registration of the token, with the reason; returns how many.</summary>
    Task<int> DisableAsync(string expoPushToken, string reason, CancellationToken cancellationToken = default);

    /// <summary>The devices that already have a ticket for the push named <paramref name="dedupeKey"/>.</summary>
    Task<IReadOnlySet<Guid>> DevicesPushedAsync(string dedupeKey, CancellationToken cancellationToken = default);

    /// <summary>Stores the tickets Expo gave for the push named <paramref name="dedupeKey"/>.</summary>
    Task AddTicketsAsync(string dedupeKey, IReadOnlyList<PushTicket> tickets, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> tickets sent before <paramref name="before"/>, oldest first, with their device's token.</summary>
    Task<IReadOnlyList<(PushTicket Ticket, string ExpoPushToken)>> TicketsBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Forgets tickets whose receipts were read (or that Expo no longer has).</summary>
    Task RemoveTicketsAsync(IReadOnlyList<string> receiptIds, CancellationToken cancellationToken = default);
}
