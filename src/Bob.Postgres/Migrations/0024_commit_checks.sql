-- Issue 21: CI checks (commit statuses, check runs, workflow runs, pipelines) per remote, head sha, kind and name, each
-- row the furthest report of its check (CheckReport.Supersedes: the same run never moves backwards, a newer run or status
-- replaces it). A check's report locks its own row only; the head's rolled-up state lives in commit_check_heads and is
-- recomputed under that row's lock, briefly, after the check's own write commits, so a storm of one head's checks does not
-- queue behind one lock while it writes.
CREATE TABLE commit_checks (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider      varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url  text,
    remote_owner  text NOT NULL,
    remote_name   text NOT NULL,
    head_sha      varchar(64) NOT NULL CHECK (head_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'),
    kind          varchar(20) NOT NULL CHECK (kind IN ('status', 'check_run', 'workflow_run', 'pipeline')),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    provider_id   text,
    status        varchar(20) NOT NULL CHECK (status IN ('queued', 'in_progress', 'completed')),
    conclusion    varchar(20) CHECK (conclusion IN ('success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale', 'error')),
    url           text NOT NULL,
    provider_at   timestamptz,
    failed_parts  text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz
);
CREATE UNIQUE INDEX commit_checks_key ON commit_checks
    (provider, instance_url, lower(remote_owner), lower(remote_name), head_sha, kind, name) NULLS NOT DISTINCT;
CREATE TRIGGER commit_checks_updated_at BEFORE UPDATE ON commit_checks
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

CREATE TABLE commit_check_heads (
    provider      varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url  text,
    remote_owner  text NOT NULL,
    remote_name   text NOT NULL,
    head_sha      varchar(64) NOT NULL,
    state         varchar(20) NOT NULL CHECK (state IN ('pending', 'success', 'failure')),
    failing       text[] NOT NULL DEFAULT '{}',
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX commit_check_heads_key ON commit_check_heads
    (provider, instance_url, lower(remote_owner), lower(remote_name), head_sha) NULLS NOT DISTINCT;

-- Every check delivery asks which open pull requests have its head (to tell their sessions): one index lookup, not a scan.
CREATE INDEX pull_requests_open_head_sha_idx ON pull_requests (head_sha) WHERE status IN ('open', 'draft');
