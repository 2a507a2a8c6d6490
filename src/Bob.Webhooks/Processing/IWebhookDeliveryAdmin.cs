namespace Bob.Webhooks;

/// <summary>What operators see and do with stored deliveries: list them by status and replay one.</summary>
public interface IWebhookDeliveryAdmin
{
    /// <summary>Lists deliveries in <paramref name="status"/> (<c>pending</c>, <c>processed</c>, <c>failed</c>), newest first, without payloads.</summary>
    Task<IReadOnlyList<WebhookDeliverySummary>> ListAsync(string status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Makes a failed or processed delivery pending again, due now, with its retry count reset. Returns whether it existed.</summary>
    Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deliveries received since <paramref name="since"/>, per source and hour (UTC): how many, and how many of them failed to be
    /// processed at least once (retried or dead-lettered). Hours with none are left out.
    /// </summary>
    Task<IReadOnlyList<WebhookHourlyCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>One source's deliveries in one hour.</summary>
/// <param name="Source">The source (<c>github</c>, <c>gitlab</c>, ...; outbox sources too).</param>
/// <param name="Hour">The hour, UTC, truncated.</param>
/// <param name="Deliveries">Deliveries received in it.</param>
/// <param name="Failures">Of those, the ones whose processing failed at least once.</param>
public sealed record WebhookHourlyCount(string Source, DateTimeOffset Hour, int Deliveries, int Failures);
