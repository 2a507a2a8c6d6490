using Bob.Testing;
using Bob.Webhooks;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The webhook delivery table contract on real PostgreSQL (leases in rows, LISTEN/NOTIFY wake-ups).</summary>
public sealed class WebhookDeliveryQueueTests(PostgresDatabase database) : WebhookDeliveryQueueContract, IClassFixture<PostgresDatabase>, IAsyncDisposable
{
    private readonly PostgresWebhookDeliveryQueue _queue = new(database.DataSource);

    protected override IWebhookDeliveryStore Store => new PostgresWebhookDeliveryStore(database.DataSource);

    protected override IWebhookDeliveryQueue Queue => _queue;

    protected override IWebhookDeliveryAdmin Admin => _queue;

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
