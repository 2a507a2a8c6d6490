namespace Bob.Notifications;

/// <summary>What Expo said about one recipient of a message: accepted (with a receipt id) or refused (with the reason).</summary>
/// <param name="Token">The recipient.</param>
/// <param name="Ok">Whether Expo accepted it.</param>
/// <param name="ReceiptId">The receipt to fetch later, when accepted.</param>
/// <param name="Error">The error code when refused (<c>DeviceNotRegistered</c>, <c>MessageTooBig</c>, <c>MessageRateExceeded</c>, <c>InvalidCredentials</c>, ...).</param>
/// <param name="Message">Expo's message when refused.</param>
public sealed record ExpoPushTicket(string Token, bool Ok, string? ReceiptId, string? Error, string? Message);
