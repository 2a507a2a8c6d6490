-- Issue 23: the admin page counts deliveries per source and hour over the last day; received_at alone leads no index yet.
CREATE INDEX webhook_deliveries_received_idx ON webhook_deliveries (received_at);
