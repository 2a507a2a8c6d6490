namespace Bob.Notifications;

/// <summary>A user's device that receives push notifications.</summary>
/// <param name="Id">The device registration's id.</param>
/// <param name="UserId">Its user.</param>
/// <param name="Type">Its kind.</param>
/// <param name="ExpoPushToken">Its Expo push token (an address, not a credential; still shown masked by <see cref="ToString"/>).</param>
/// <param name="Enabled">Whether it receives notifications (Expo said <c>DeviceNotRegistered</c>: no longer).</param>
/// <param name="CreatedAt">When it was first registered (UTC).</param>
public sealed record Device(Guid Id, Guid UserId, DeviceType Type, string ExpoPushToken, bool Enabled, DateTimeOffset CreatedAt)
{
    /// <inheritdoc />
    public override string ToString() => $"Device {Id} ({Type}, {ExpoPushClient.Mask(ExpoPushToken)}, {(Enabled ? "enabled" : "disabled")})";
}
