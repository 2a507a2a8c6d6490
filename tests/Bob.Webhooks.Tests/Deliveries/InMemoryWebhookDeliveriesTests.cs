using Bob.Testing;

namespace Bob.Webhooks.Tests.Deliveries;

/// <summary>The webhook delivery table contract, against the in-memory table.</summary>
public sealed class InMemoryWebhookDeliveriesTests : WebhookDeliveryQueueContract
{
    private readonly InMemoryWebhookDeliveries _table = new();

    protected override IWebhookDeliveryStore Store => _table;

    protected override IWebhookDeliveryQueue Queue => _table;

    protected override IWebhookDeliveryAdmin Admin => _table;
}
