-- Issue 22: GitHub App installations, shared by the connections that use them. The installation access token is stored
-- encrypted like every token (bound to this row and its column) and minted under a lease on the row, as refreshes are
-- (0011): one caller mints with no transaction held, the others wait and then read what it stored.
CREATE TABLE github_app_installations (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    instance_url          text,                      -- NULL for github.com
    installation_id       bigint NOT NULL CHECK (installation_id > 0),
    account_login         text,
    all_repositories      boolean NOT NULL DEFAULT false,
    suspended_at          timestamptz,
    deleted_at            timestamptz,               -- uninstalled: final
    state_updated_at      timestamptz,               -- the installation's updated_at of the last delivery applied
    token_ciphertext      text,
    token_iv              text,
    token_tag             text,
    token_key_id          text,
    token_expires_at      timestamptz,
    mint_lease_id         uuid,
    mint_lease_until      timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz,
    CONSTRAINT github_app_installations_key UNIQUE NULLS NOT DISTINCT (instance_url, installation_id),
    CONSTRAINT github_app_installations_token_parts_chk CHECK (
        (token_ciphertext IS NULL) = (token_iv IS NULL) AND (token_iv IS NULL) = (token_tag IS NULL)
        AND (token_tag IS NULL) = (token_expires_at IS NULL))
);
CREATE TRIGGER github_app_installations_updated_at BEFORE UPDATE ON github_app_installations
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- The repositories an installation with repository_selection "selected" covers, as owner/name.
CREATE TABLE github_app_installation_repositories (
    installation  uuid NOT NULL REFERENCES github_app_installations (id) ON DELETE CASCADE,
    full_name     text NOT NULL CHECK (length(full_name) BETWEEN 3 AND 300),
    PRIMARY KEY (installation, full_name)
);

-- A connection of kind github-app names its installation; a user may hold an OAuth or token connection and App connections
-- to the same account, so the installation joins the account key (NULL for the other kinds).
ALTER TABLE git_provider_connections
    ADD COLUMN app_installation_id uuid REFERENCES github_app_installations (id);
ALTER TABLE git_provider_connections
    DROP CONSTRAINT git_provider_connections_account_key,
    ADD CONSTRAINT git_provider_connections_account_key
        UNIQUE NULLS NOT DISTINCT (user_id, provider, instance_url, provider_account_id, app_installation_id);
