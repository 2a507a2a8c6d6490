using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Notifications;

/// <summary>
/// Sends a notification to a user's enabled devices through <see cref="ExpoPushClient"/>, once per device for one
/// <c>dedupeKey</c>: devices that already have a ticket for it are skipped (a retried send), and the key is the message's
/// <c>collapseId</c>, so a device that got it twice after a crash shows it once. Tickets are kept for
/// <see cref="PushReceiptChecker"/>; a device Expo says is not registered is disabled at once.
/// </summary>
public sealed partial class PushNotifier(IDeviceStore devices, ExpoPushClient expo, ILogger<PushNotifier> logger, NotificationsTelemetry? telemetry = null) : ISessionNotifier
{
    /// <summary>Pushes a notification that opens the session (<see cref="DeepLinks.Session"/>) to the user's devices.</summary>
    Task<int> ISessionNotifier.NotifyAsync(Guid userId, Guid sessionId, string title, string body, string dedupeKey, CancellationToken cancellationToken) =>
        NotifyAsync(userId, new PushNotification(title, body, DeepLinks.Session(sessionId)), dedupeKey, cancellationToken);

    /// <summary>Pushes <paramref name="notification"/> to the user's devices; returns how many devices Expo accepted it for.</summary>
    /// <exception cref="ExpoPushException">Expo refused or kept failing (transient: <see cref="BobException.IsTransient"/>).</exception>
    public async Task<int> NotifyAsync(Guid userId, PushNotification notification, string dedupeKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        var pushed = await devices.DevicesPushedAsync(dedupeKey, cancellationToken).ConfigureAwait(false);
        var targets = (await devices.ListEnabledAsync(userId, cancellationToken).ConfigureAwait(false)).Where(d => !pushed.Contains(d.Id)).ToArray();
        if (targets.Length == 0)
        {
            return 0;
        }

        var collapse = dedupeKey.Length <= 64 ? dedupeKey : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dedupeKey)))[..64];
        var message = new ExpoPushMessage([.. targets.Select(d => d.ExpoPushToken)], notification.Title, notification.Body, new JsonObject { ["url"] = notification.Link.ToString() })
        {
            Sound = "default",
            CollapseId = collapse,
        };
        var tickets = await expo.SendAsync([message], cancellationToken).ConfigureAwait(false);
        var accepted = new List<PushTicket>();
        for (var i = 0; i < tickets.Count; i++)
        {
            var ticket = tickets[i];
            if (ticket.Ok && ticket.ReceiptId is { } receipt)
            {
                accepted.Add(new PushTicket(receipt, targets[i].Id));
            }
            else if (ticket.Error == "DeviceNotRegistered")
            {
                await devices.DisableAsync(ticket.Token, "DeviceNotRegistered", cancellationToken).ConfigureAwait(false);
                LogDisabled(logger, targets[i].Id);
                telemetry?.Disabled();
            }
        }

        await devices.AddTicketsAsync(dedupeKey, accepted, cancellationToken).ConfigureAwait(false);
        return accepted.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} is not registered with Expo any more; disabled")]
    private static partial void LogDisabled(ILogger logger, Guid deviceId);
}
