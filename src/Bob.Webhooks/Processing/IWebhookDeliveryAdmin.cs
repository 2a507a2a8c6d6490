namespace Bob.Webhooks;

/// <summary>What operators see and do with stored deliveries: list them by status and replay one.</summary>
public interface IWebhookDeliveryAdmin
{
    /// <summary>Lists deliveries in <paramref name="status"/> (<c>pending</c>, <c>processed</c>, <c>failed</c>), newest first, without payloads.</summary>
    Task<IReadOnlyList<WebhookDeliverySummary>> ListAsync(string status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Makes a failed or processed delivery pending again, due now, with its retry count reset. Returns whether it existed.</summary>
    Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken = default);
}
