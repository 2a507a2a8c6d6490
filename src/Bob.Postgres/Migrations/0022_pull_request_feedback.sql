-- Issue 20: reviews and comments on pull requests, kept per remote and provider id as the providers report them. Reports
-- arrive in any order and more than once: each row keeps the furthest report of its item (revision 1 created, 2 edited,
-- 3 dismissed or deleted, never undone; among equal revisions the later provider time). The pull request is named by
-- its remote and number, so feedback that arrives before the pull request row is kept all the same.
CREATE TABLE pull_request_reviews (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider           varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url       text,
    remote_owner       text NOT NULL,
    remote_name        text NOT NULL,
    number             integer NOT NULL CHECK (number > 0),
    review_id          text NOT NULL CHECK (length(review_id) BETWEEN 1 AND 200),
    author             text NOT NULL,
    author_id          text,
    state              varchar(20) NOT NULL CHECK (state IN ('commented', 'approved', 'changes_requested', 'dismissed')),
    body               text,
    url                text NOT NULL,
    submitted_at       timestamptz,
    revision           smallint NOT NULL CHECK (revision BETWEEN 1 AND 3),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz
);
CREATE UNIQUE INDEX pull_request_reviews_key ON pull_request_reviews
    (provider, instance_url, lower(remote_owner), lower(remote_name), review_id) NULLS NOT DISTINCT;
CREATE INDEX pull_request_reviews_pull_request_idx ON pull_request_reviews
    (provider, instance_url, lower(remote_owner), lower(remote_name), number);
CREATE TRIGGER pull_request_reviews_updated_at BEFORE UPDATE ON pull_request_reviews
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

CREATE TABLE pull_request_comments (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider             varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url         text,
    remote_owner         text NOT NULL,
    remote_name          text NOT NULL,
    number               integer NOT NULL CHECK (number > 0),
    comment_id           text NOT NULL CHECK (length(comment_id) BETWEEN 1 AND 200),
    kind                 varchar(20) NOT NULL CHECK (kind IN ('inline', 'conversation')),
    author               text NOT NULL,
    author_id            text,
    body                 text NOT NULL,
    url                  text NOT NULL,
    path                 text,
    line                 integer CHECK (line > 0),
    in_reply_to          text,
    thread_id            text,
    review_id            text,
    provider_created_at  timestamptz,
    provider_updated_at  timestamptz,
    revision             smallint NOT NULL CHECK (revision BETWEEN 1 AND 3),
    deleted              boolean NOT NULL DEFAULT false,
    resolved             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz
);
CREATE UNIQUE INDEX pull_request_comments_key ON pull_request_comments
    (provider, instance_url, lower(remote_owner), lower(remote_name), comment_id) NULLS NOT DISTINCT;
CREATE INDEX pull_request_comments_pull_request_idx ON pull_request_comments
    (provider, instance_url, lower(remote_owner), lower(remote_name), number);
CREATE TRIGGER pull_request_comments_updated_at BEFORE UPDATE ON pull_request_comments
    FOR EACH ROW EXECUTE FUNCTION bob_set_updated_at();

-- A review thread's resolution, per comment the thread event names: kept even when it arrives before the comments.
CREATE TABLE pull_request_thread_comments (
    provider           varchar(20) NOT NULL CHECK (provider IN ('github', 'gitlab', 'gitea')),
    instance_url       text,
    remote_owner       text NOT NULL,
    remote_name        text NOT NULL,
    comment_id         text NOT NULL CHECK (length(comment_id) BETWEEN 1 AND 200),
    thread_id          text NOT NULL,
    resolved           boolean NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pull_request_thread_comments_key ON pull_request_thread_comments
    (provider, instance_url, lower(remote_owner), lower(remote_name), comment_id) NULLS NOT DISTINCT;
