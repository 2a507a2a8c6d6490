-- 0019: replies are applied once, however often they are delivered. A session event may carry a dedupe key (the same
-- key again appends nothing and answers the first event's number), and a task-run transition may carry the key of its
-- cause (a reply's comment id): a duplicate reply that arrives after the run blocked again does not resume it.
ALTER TABLE session_events ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX session_events_dedupe_key ON session_events (session_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

ALTER TABLE task_run_transitions ADD COLUMN cause_key text;
CREATE UNIQUE INDEX task_run_transitions_cause_key ON task_run_transitions (task_run_id, cause_key) WHERE cause_key IS NOT NULL;

CREATE FUNCTION bob_append_session_event_once(p_session uuid, p_kind text, p_payload jsonb, p_key text, OUT seq bigint, OUT appended boolean)
LANGUAGE plpgsql AS $$
BEGIN
    -- The session's row lock orders appenders, so two appenders of one key see each other.
    UPDATE chat_conversations SET last_event_seq = last_event_seq WHERE id = p_session;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT e.seq INTO seq FROM session_events e WHERE e.session_id = p_session AND e.dedupe_key = p_key;
    IF seq IS NOT NULL THEN
        appended := false;
        RETURN;
    END IF;
    UPDATE chat_conversations SET last_event_seq = last_event_seq + 1 WHERE id = p_session RETURNING last_event_seq INTO seq;
    INSERT INTO session_events (session_id, seq, kind, payload, dedupe_key) VALUES (p_session, seq, p_kind, coalesce(p_payload, '{}'::jsonb), p_key);
    PERFORM pg_notify('bob_session_events', p_session::text || ':' || seq::text);
    appended := true;
END
$$;
