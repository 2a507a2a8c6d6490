-- 0015: backfill sync (plan 3.4). One row per remote repository: a lease, so hosts that sync at the same time never sync
-- one repository twice in a round, and when it was last synced.
CREATE TABLE git_sync_state (
    provider        varchar(20) NOT NULL,
    instance_url    text,
    owner_key       text NOT NULL,
    name_key        text NOT NULL,
    lease_id        uuid,
    lease_until     timestamptz,
    last_synced_at  timestamptz,
    CONSTRAINT git_sync_state_key UNIQUE NULLS NOT DISTINCT (provider, instance_url, owner_key, name_key)
);
