-- Issue 23: how far each instance's GitHub App webhook delivery log (GET /app/hook/deliveries) was read, so the repair
-- round redelivers what the App's webhook failed to deliver, once; read under a lease on the row, as hook rows are (0028).
CREATE TABLE github_app_hook_logs (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    instance_url         text,                 -- NULL for github.com
    delivery_log_cursor  text,
    checked_at           timestamptz,
    redelivered_count    integer NOT NULL DEFAULT 0,
    last_failure_at      timestamptz,
    lease_id             uuid,
    lease_until          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT github_app_hook_logs_instance_key UNIQUE NULLS NOT DISTINCT (instance_url)
);
