-- Issue 20: replies Bob posts on pull requests for its agents (POST /api/pull-requests/{id}/replies). One row per pull
-- request and client input id, written with its outbox row (the post) in one transaction; the provider's comment id is
-- recorded once posted, so a repeat answers the same reply and the post happens once.
CREATE TABLE pull_request_replies (
    id                   uuid PRIMARY KEY,
    pull_request_id      uuid NOT NULL REFERENCES pull_requests (id) ON DELETE CASCADE,
    client_input_id      text NOT NULL CHECK (length(client_input_id) BETWEEN 1 AND 100),
    in_reply_to          text NOT NULL CHECK (length(in_reply_to) BETWEEN 1 AND 200),
    body                 text NOT NULL CHECK (length(body) BETWEEN 1 AND 65536),
    resolve              boolean NOT NULL DEFAULT false,
    provider_comment_id  text,
    url                  text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    posted_at            timestamptz,
    UNIQUE (pull_request_id, client_input_id)
);
CREATE INDEX pull_request_replies_posted_idx ON pull_request_replies (pull_request_id, provider_comment_id)
    WHERE provider_comment_id IS NOT NULL;

-- Whether each review's and comment's author could write to the repository (and it was not Bob's own reply) when the
-- report was taken: only trusted feedback steers an agent, and pages mark the rest.
ALTER TABLE pull_request_reviews ADD COLUMN trusted boolean NOT NULL DEFAULT false;
ALTER TABLE pull_request_comments ADD COLUMN trusted boolean NOT NULL DEFAULT false;
