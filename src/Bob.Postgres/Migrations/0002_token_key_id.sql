-- 0002: each connection row's tokens are encrypted under one vault master key; its key id (not the key) is kept here
-- so that decryption picks the right key and rotation (rewrap-tokens) finds the rows still under an older key.
ALTER TABLE git_provider_connections ADD COLUMN token_key_id varchar(32);
CREATE INDEX git_provider_connections_token_key_id_idx ON git_provider_connections (token_key_id);
