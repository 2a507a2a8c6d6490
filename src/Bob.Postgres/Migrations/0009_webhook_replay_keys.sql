-- 0009: a second dedupe key for sources whose delivery id is not signed (Kanbanger, SPEC §5). The receiver stores the
-- SHA-256 of what the signature covers besides the body ("{timestamp}.{signature}"), so the same signed request sent again
-- with a new delivery id is the duplicate it is, on any host. NULL for sources that sign their delivery id or send none.
ALTER TABLE webhook_deliveries ADD COLUMN replay_key bytea;
CREATE UNIQUE INDEX webhook_deliveries_replay_key ON webhook_deliveries (provider, replay_key) WHERE replay_key IS NOT NULL;
