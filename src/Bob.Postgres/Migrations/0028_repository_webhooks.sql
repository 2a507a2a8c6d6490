-- Issue 23: the one provider hook Bob keeps per remote, shared by every registration of that remote. Its secret is stored
-- encrypted like every token (bound to this row and its column); the previous one stays, encrypted, until the grace period
-- after a rotation ends. Changes run under a lease on the row, as token refreshes and mints do (0011, 0027).
CREATE TABLE repository_webhooks (
    id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    remote_provider            varchar(20) NOT NULL CHECK (remote_provider IN ('github', 'gitlab', 'gitea')),
    remote_instance_url        text,              -- NULL for github.com and gitlab.com
    remote_owner               text NOT NULL,
    remote_name                text NOT NULL,
    provider_hook_id           text,              -- NULL until made or adopted
    url                        text,
    events                     text[] NOT NULL DEFAULT '{}',
    active                     boolean NOT NULL DEFAULT false,
    git_provider_connection_id uuid REFERENCES git_provider_connections (id) ON DELETE SET NULL,
    secret_ciphertext          text,
    secret_iv                  text,
    secret_tag                 text,
    secret_key_id              text,
    previous_secret_ciphertext text,
    previous_secret_iv         text,
    previous_secret_tag        text,
    previous_secret_key_id     text,
    previous_secret_until      timestamptz,
    last_failure_at            timestamptz,
    checked_at                 timestamptz,       -- the repair round's last look at it
    repaired_at                timestamptz,
    redelivered_count          integer NOT NULL DEFAULT 0,
    delivery_log_cursor        text,
    last_error                 text,
    lease_id                   uuid,
    lease_until                timestamptz,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz,
    CONSTRAINT repository_webhooks_secret_parts_chk CHECK (
        (secret_ciphertext IS NULL) = (secret_iv IS NULL) AND (secret_iv IS NULL) = (secret_tag IS NULL)
        AND (previous_secret_ciphertext IS NULL) = (previous_secret_iv IS NULL)
        AND (previous_secret_iv IS NULL) = (previous_secret_tag IS NULL))
);
CREATE UNIQUE INDEX repository_webhooks_remote_key ON repository_webhooks
    (remote_provider, remote_instance_url, lower(remote_owner), lower(remote_name)) NULLS NOT DISTINCT;
CREATE TRIGGER repository_webhooks_updated_at BEFORE UPDATE ON repository_webhooks
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- The hook a delivery came through (verified with its secret), for the hook's last delivery time.
ALTER TABLE webhook_deliveries ADD COLUMN hook_id uuid;
CREATE INDEX webhook_deliveries_hook_idx ON webhook_deliveries (hook_id, received_at DESC) WHERE hook_id IS NOT NULL;
