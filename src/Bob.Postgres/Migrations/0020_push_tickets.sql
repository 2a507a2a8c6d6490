-- 0020: push notifications (plan 6.1). Expo answers a send with a ticket per device; its receipt, fetched later, says
-- whether Apple or Google took it. Tickets wait here for their receipts; a device Expo says is not registered is
-- disabled with the reason. The dedupe key names the milestone a push was for, so a retried send skips devices that
-- already have a ticket for it.
ALTER TABLE device_push_tokens ADD COLUMN disabled_reason text;
CREATE TABLE push_tickets (
    receipt_id   text PRIMARY KEY,
    device_id    uuid NOT NULL REFERENCES device_push_tokens (id) ON DELETE CASCADE,
    dedupe_key   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_tickets_created_at_idx ON push_tickets (created_at);
CREATE UNIQUE INDEX push_tickets_dedupe_device_key ON push_tickets (dedupe_key, device_id);
