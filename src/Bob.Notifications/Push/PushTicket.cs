namespace Bob.Notifications;

/// <summary>A ticket Expo gave for a push to a device, waiting for its receipt.</summary>
/// <param name="ReceiptId">The receipt id.</param>
/// <param name="DeviceId">The device.</param>
public sealed record PushTicket(string ReceiptId, Guid DeviceId);
