-- 0008: OAuth authorizations between /start and /callback (plan 2.4). The state is kept only as its SHA-256, the PKCE
-- verifier only encrypted (Bob.Vault, bound to this table, column and row); a row is deleted when its callback uses it
-- and is useless after expires_at.
CREATE TABLE oauth_pending_authorizations (
    id                        uuid PRIMARY KEY,
    state_hash                bytea NOT NULL UNIQUE,
    user_id                   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider                  varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url              text,
    redirect_uri              text NOT NULL,
    code_verifier_ciphertext  text NOT NULL,
    code_verifier_iv          text NOT NULL,
    code_verifier_tag         text NOT NULL,
    key_id                    text NOT NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    expires_at                timestamptz NOT NULL
);
CREATE INDEX oauth_pending_authorizations_expires_at_idx ON oauth_pending_authorizations (expires_at);
