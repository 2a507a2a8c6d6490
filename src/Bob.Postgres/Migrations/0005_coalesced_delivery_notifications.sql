-- 0005: NOTIFY per inserted row serialised every commit on PostgreSQL's notification queue lock (the load test showed
-- ingestion at half the rate without it). The application now sends one coalesced NOTIFY after a burst of inserts
-- (PostgresWebhookDeliveryStore), so the per-row trigger goes.
DROP TRIGGER webhook_deliveries_notify ON webhook_deliveries;
DROP FUNCTION bob_notify_webhook_delivery();
