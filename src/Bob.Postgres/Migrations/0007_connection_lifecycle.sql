-- 0007: what connecting, disconnecting and refreshing need (plan 2.3, 2.4).
-- Disconnecting revokes a connection and erases its tokens: the ciphertext columns become nullable, and only a revoked
-- row may lack an access token.
ALTER TABLE git_provider_connections
    ALTER COLUMN access_token_ciphertext DROP NOT NULL,
    ALTER COLUMN access_token_iv DROP NOT NULL,
    ALTER COLUMN access_token_tag DROP NOT NULL,
    ADD CONSTRAINT git_provider_connections_access_token_chk CHECK (
        revoked_at IS NOT NULL
        OR (access_token_ciphertext IS NOT NULL AND access_token_iv IS NOT NULL AND access_token_tag IS NOT NULL));

-- A refresh the provider refused for good (invalid_grant and its kin): the user must authorize again. Cleared when they do.
ALTER TABLE git_provider_connections
    ADD COLUMN reauthorization_required_at timestamptz,
    ADD COLUMN reauthorization_reason text;
