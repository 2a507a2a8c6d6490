using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Notifications;

/// <summary>
/// Reads the receipts of pushes sent at least <see cref="ExpoPushOptions.ReceiptDelaySeconds"/> ago (Expo keeps them about
/// a day and advises waiting about 15 minutes): <c>DeviceNotRegistered</c> disables the device; <c>MessageTooBig</c>,
/// <c>MessageRateExceeded</c>, <c>InvalidCredentials</c> and other errors are logged with what to do. Read tickets are
/// forgotten. Run it periodically (<see cref="CheckAsync"/>); the sample host does so every few minutes.
/// </summary>
public sealed partial class PushReceiptChecker(IDeviceStore devices, ExpoPushClient expo, IOptions<ExpoPushOptions> options, ILogger<PushReceiptChecker> logger, TimeProvider? timeProvider = null, NotificationsTelemetry? telemetry = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Checks the receipts of tickets older than <paramref name="olderThan"/> (default <see cref="ExpoPushOptions.ReceiptDelaySeconds"/>); returns how many were read.</summary>
    public async Task<int> CheckAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var delay = olderThan ?? TimeSpan.FromSeconds(options.Value.ReceiptDelaySeconds);
        var tickets = await devices.TicketsBeforeAsync(_time.GetUtcNow() - delay, 1000, cancellationToken).ConfigureAwait(false);
        if (tickets.Count == 0)
        {
            return 0;
        }

        var receipts = await expo.GetReceiptsAsync([.. tickets.Select(t => t.Ticket.ReceiptId)], cancellationToken).ConfigureAwait(false);
        foreach (var (ticket, token) in tickets)
        {
            if (!receipts.TryGetValue(ticket.ReceiptId, out var receipt) || receipt.Ok)
            {
                continue;
            }

            switch (receipt.Error)
            {
                case "DeviceNotRegistered":
                    await devices.DisableAsync(receipt.ExpoPushToken ?? token, "DeviceNotRegistered", cancellationToken).ConfigureAwait(false);
                    LogDisabled(logger, ticket.DeviceId);
                    telemetry?.Disabled();
                    break;
                case "MessageTooBig":
                    LogReceiptError(logger, ticket.DeviceId, "MessageTooBig", "the notification was over 4096 bytes; shorten it");
                    break;
                case "MessageRateExceeded":
                    LogReceiptError(logger, ticket.DeviceId, "MessageRateExceeded", "too many notifications to this device; send fewer");
                    break;
                case "InvalidCredentials":
                    LogReceiptError(logger, ticket.DeviceId, "InvalidCredentials", "the app's push credentials are invalid; upload them again with EAS");
                    break;
                default:
                    LogReceiptError(logger, ticket.DeviceId, receipt.Error ?? "unknown", receipt.Message ?? "");
                    break;
            }
        }

        await devices.RemoveTicketsAsync([.. tickets.Select(t => t.Ticket.ReceiptId)], cancellationToken).ConfigureAwait(false);
        return tickets.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} is not registered with Expo any more (receipt); disabled")]
    private static partial void LogDisabled(ILogger logger, Guid deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to device {DeviceId} failed: {Error}: {Advice}")]
    private static partial void LogReceiptError(ILogger logger, Guid deviceId, string error, string advice);
}
