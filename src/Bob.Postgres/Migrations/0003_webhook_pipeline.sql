-- 0003: what the durable webhook pipeline needs beyond plan 1.4.
-- payload becomes json (the plan's type): the exact text as received, and no jsonb refusal of "\u0000" escapes,
-- which providers may legitimately send inside strings.
ALTER TABLE webhook_deliveries ALTER COLUMN payload TYPE json USING payload::json;

-- A worker's claim: the row is its own until locked_until; a crashed worker's rows are taken again after that.
ALTER TABLE webhook_deliveries
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN locked_by text,
    ADD COLUMN attempted_at timestamptz,
    ADD COLUMN processed_at timestamptz;

CREATE INDEX webhook_deliveries_processed_at_idx ON webhook_deliveries (processed_at) WHERE status = 'processed';

-- Refused deliveries are counted, not stored: one row per provider and reason, so an attacker cannot fill the disk.
CREATE TABLE webhook_rejections (
    provider       varchar(20) NOT NULL,
    reason         varchar(40) NOT NULL,
    count          bigint NOT NULL DEFAULT 0,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, reason)
);

-- Wake the workers on every new delivery; polling stays the safety net.
CREATE FUNCTION bob_notify_webhook_delivery() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bob_webhook_deliveries', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON webhook_deliveries
    FOR EACH ROW EXECUTE FUNCTION bob_notify_webhook_delivery();
