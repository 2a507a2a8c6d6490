-- A push token reaches one phone, so it is enabled for one user at a time: registering it for another user moves it
-- (issue 18.7). Where two users have it enabled today, the one who registered or refreshed it last keeps it.
UPDATE device_push_tokens d
SET enabled = false, disabled_reason = 'registered by another user'
WHERE d.enabled
  AND EXISTS (
      SELECT 1 FROM device_push_tokens o
      WHERE o.expo_push_token = d.expo_push_token AND o.enabled AND o.id <> d.id
        AND (coalesce(o.last_seen_at, o.created_at), o.id) > (coalesce(d.last_seen_at, d.created_at), d.id));

CREATE UNIQUE INDEX device_push_tokens_enabled_token_key ON device_push_tokens (expo_push_token) WHERE enabled;

-- The device cap picks a user's least recently seen devices.
CREATE INDEX device_push_tokens_user_enabled_idx ON device_push_tokens (user_id, last_seen_at) WHERE enabled;
