-- 0016: session events carry a per-session sequence, assigned under the session's row lock, so they commit in the order
-- of their numbers: a client resuming after 41 never skips a 40 that committed later (identity values commit out of
-- order). bob_append_session_event is the one way events are written; it notifies bob_session_events with
-- '{session id}:{seq}' after commit, which every host's single LISTEN connection fans out to its subscribers.
ALTER TABLE chat_conversations ADD COLUMN last_event_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE session_events ADD COLUMN seq bigint;
UPDATE session_events e SET seq = n.seq
FROM (SELECT id, row_number() OVER (PARTITION BY session_id ORDER BY id) AS seq FROM session_events) n
WHERE n.id = e.id;
UPDATE chat_conversations c SET last_event_seq = m.seq
FROM (SELECT session_id, max(seq) AS seq FROM session_events GROUP BY session_id) m
WHERE m.session_id = c.id;
ALTER TABLE session_events ALTER COLUMN seq SET NOT NULL;
ALTER TABLE session_events ADD CONSTRAINT session_events_session_seq_key UNIQUE (session_id, seq);
DROP INDEX session_events_session_id_idx;

CREATE FUNCTION bob_append_session_event(p_session uuid, p_kind text, p_payload jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    next_seq bigint;
BEGIN
    -- The session's row lock orders appenders: each takes the next number and holds the lock until it commits.
    UPDATE chat_conversations SET last_event_seq = last_event_seq + 1 WHERE id = p_session RETURNING last_event_seq INTO next_seq;
    IF next_seq IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO session_events (session_id, seq, kind, payload) VALUES (p_session, next_seq, p_kind, coalesce(p_payload, '{}'::jsonb));
    PERFORM pg_notify('bob_session_events', p_session::text || ':' || next_seq::text);
    RETURN next_seq;
END
$$;
