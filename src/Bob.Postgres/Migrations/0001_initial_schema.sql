-- 0001: the schema of plan Phase 1 and 6.1, with the tables they reference.
-- Landed migrations are never edited; later changes get a new numbered script.
-- Ids are uuid (the plan's text user id came from its auth library; here every id is a uuid).
-- Unique keys that include instance_url are NULLS NOT DISTINCT: instance_url is NULL for github.com and gitlab.com.

CREATE FUNCTION bob_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    is_admin    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored only as SHA-256 hashes; key_prefix is the public, indexed part used for lookup.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_prefix    text NOT NULL UNIQUE,
    key_hash      bytea NOT NULL CHECK (length(key_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);

-- Plan 1.1
CREATE TABLE git_provider_connections (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider                  varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url              text,
    provider_account_id       text NOT NULL,
    scopes                    text,
    access_token_ciphertext   text NOT NULL,
    access_token_iv           text NOT NULL,
    access_token_tag          text NOT NULL,
    refresh_token_ciphertext  text,
    refresh_token_iv          text,
    refresh_token_tag         text,
    access_token_expires_at   timestamptz,
    refresh_token_expires_at  timestamptz,
    revoked_at                timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz,
    CONSTRAINT git_provider_connections_gitea_instance_chk CHECK (provider <> 'gitea' OR instance_url IS NOT NULL),
    CONSTRAINT git_provider_connections_refresh_token_parts_chk CHECK (
        (refresh_token_ciphertext IS NULL) = (refresh_token_iv IS NULL)
        AND (refresh_token_iv IS NULL) = (refresh_token_tag IS NULL)),
    CONSTRAINT git_provider_connections_account_key
        UNIQUE NULLS NOT DISTINCT (user_id, provider, instance_url, provider_account_id)
);
CREATE INDEX git_provider_connections_user_provider_idx ON git_provider_connections (user_id, provider);
CREATE TRIGGER git_provider_connections_updated_at BEFORE UPDATE ON git_provider_connections
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- Plan 1.6: repositories with their remote identity.
CREATE TABLE repositories (
    id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    remote_url                   text NOT NULL,
    remote_provider              varchar(20) NOT NULL CHECK (remote_provider IN ('github', 'gitlab', 'gitea')),
    remote_owner                 text NOT NULL,
    remote_name                  text NOT NULL,
    remote_instance_url          text,
    git_provider_connection_id   uuid REFERENCES git_provider_connections (id) ON DELETE SET NULL,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz
);
-- Owner and name resolve case-insensitively on every provider, so one user registers a remote once.
CREATE UNIQUE INDEX repositories_user_remote_key ON repositories
    (user_id, remote_provider, remote_instance_url, lower(remote_owner), lower(remote_name)) NULLS NOT DISTINCT;
CREATE INDEX repositories_remote_idx ON repositories
    (remote_provider, remote_instance_url, lower(remote_owner), lower(remote_name));
CREATE TRIGGER repositories_updated_at BEFORE UPDATE ON repositories
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- Sessions are chat conversations.
CREATE TABLE chat_conversations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    repository_id  uuid REFERENCES repositories (id) ON DELETE SET NULL,
    title          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz
);
CREATE INDEX chat_conversations_user_id_idx ON chat_conversations (user_id, created_at);
CREATE TRIGGER chat_conversations_updated_at BEFORE UPDATE ON chat_conversations
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

CREATE TABLE worktrees (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    repository_id  uuid NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    session_id     uuid REFERENCES chat_conversations (id) ON DELETE SET NULL,
    path           text NOT NULL,
    branch         text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz
);
CREATE INDEX worktrees_repository_id_idx ON worktrees (repository_id);
CREATE INDEX worktrees_session_id_idx ON worktrees (session_id);
CREATE TRIGGER worktrees_updated_at BEFORE UPDATE ON worktrees
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- Plan 1.2
CREATE TABLE pull_requests (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    repository_id      uuid REFERENCES repositories (id) ON DELETE SET NULL,
    provider           varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url       text,
    remote_owner       text NOT NULL,
    remote_name        text NOT NULL,
    number             integer NOT NULL CHECK (number > 0),
    head_branch        text NOT NULL,
    base_branch        text NOT NULL,
    title              text NOT NULL,
    body               text,
    status             varchar(20) NOT NULL CHECK (status IN ('draft', 'open', 'merged', 'closed')),
    url                text NOT NULL,
    session_id         uuid REFERENCES chat_conversations (id) ON DELETE SET NULL,
    kanbanger_task_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz,
    merged_at          timestamptz,
    CONSTRAINT pull_requests_merged_at_chk CHECK (status = 'merged' OR merged_at IS NULL)
);
CREATE UNIQUE INDEX pull_requests_remote_number_key ON pull_requests
    (provider, instance_url, lower(remote_owner), lower(remote_name), number) NULLS NOT DISTINCT;
CREATE INDEX pull_requests_repository_updated_idx ON pull_requests (repository_id, updated_at);
CREATE INDEX pull_requests_session_id_idx ON pull_requests (session_id);
CREATE TRIGGER pull_requests_updated_at BEFORE UPDATE ON pull_requests
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- Plan 1.3
CREATE TABLE git_commits (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    repository_id    uuid REFERENCES repositories (id) ON DELETE SET NULL,
    provider         varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url     text,
    remote_owner     text NOT NULL,
    remote_name      text NOT NULL,
    sha              varchar(40) NOT NULL CHECK (sha ~ '^[0-9a-f]{40}$'),
    message          text NOT NULL,
    author_name      text,
    author_email     text,
    committed_at     timestamptz NOT NULL,
    pull_request_id  uuid REFERENCES pull_requests (id) ON DELETE SET NULL,
    session_id       uuid REFERENCES chat_conversations (id) ON DELETE SET NULL,
    is_bob_commit    boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX git_commits_remote_sha_key ON git_commits
    (provider, instance_url, lower(remote_owner), lower(remote_name), sha) NULLS NOT DISTINCT;
CREATE INDEX git_commits_repository_committed_idx ON git_commits (repository_id, committed_at);
CREATE INDEX git_commits_pull_request_id_idx ON git_commits (pull_request_id);

-- Plan 1.4
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider         varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea', 'kanbanger')),
    delivery_id      text,
    event_type       varchar(50) NOT NULL,
    action           varchar(50),
    signature_valid  boolean NOT NULL,
    headers          jsonb,
    payload          jsonb NOT NULL,
    status           varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
    error_message    text,
    retry_count      integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    next_retry_at    timestamptz,
    received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webhook_deliveries_provider_delivery_key ON webhook_deliveries (provider, delivery_id)
    WHERE delivery_id IS NOT NULL;
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_retry_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_status_received_idx ON webhook_deliveries (status, received_at);

-- Plan 1.5
CREATE TABLE task_runs (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kanbanger_workspace_id      text NOT NULL,
    kanbanger_issue_id          text NOT NULL,
    kanbanger_issue_identifier  text NOT NULL,
    session_id                  uuid REFERENCES chat_conversations (id) ON DELETE SET NULL,
    repository_id               uuid REFERENCES repositories (id) ON DELETE SET NULL,
    worktree_id                 uuid REFERENCES worktrees (id) ON DELETE SET NULL,
    status                      varchar(20) NOT NULL CHECK (status IN ('starting', 'running', 'blocked', 'completed', 'failed')),
    blocked_reason              text,
    pull_request_id             uuid REFERENCES pull_requests (id) ON DELETE SET NULL,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz,
    completed_at                timestamptz
);
CREATE INDEX task_runs_user_status_idx ON task_runs (user_id, status);
CREATE INDEX task_runs_kanbanger_issue_idx ON task_runs (kanbanger_workspace_id, kanbanger_issue_id);
CREATE INDEX task_runs_session_id_idx ON task_runs (session_id);
CREATE TRIGGER task_runs_updated_at BEFORE UPDATE ON task_runs
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- Events for realtime clients; the bigint id is the SSE event id (Last-Event-ID).
CREATE TABLE session_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
    kind        varchar(50) NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_events_session_id_idx ON session_events (session_id, id);

-- Plan 6.1
CREATE TABLE device_push_tokens (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_type      varchar(20) NOT NULL CHECK (device_type IN ('ios', 'android', 'web')),
    expo_push_token  text NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    last_seen_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT device_push_tokens_user_token_key UNIQUE (user_id, expo_push_token)
);
