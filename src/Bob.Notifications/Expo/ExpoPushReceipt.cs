namespace Bob.Notifications;

/// <summary>A receipt: whether Expo handed the notification to Apple or Google.</summary>
/// <param name="Ok">Whether it was delivered to the provider.</param>
/// <param name="Error">The error code otherwise.</param>
/// <param name="Message">Expo's message otherwise.</param>
/// <param name="ExpoPushToken">The recipient, when Expo names it (with <c>DeviceNotRegistered</c>).</param>
public sealed record ExpoPushReceipt(bool Ok, string? Error, string? Message, string? ExpoPushToken);
