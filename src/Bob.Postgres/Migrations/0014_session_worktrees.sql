-- 0014: a worktree records where it started (the remote branch and commit), so a push knows the pull request's base and
-- which commits are the session's own; sessions are listed newest first by keyset (created_at, id).
ALTER TABLE worktrees
    ADD COLUMN base_branch text,
    ADD COLUMN base_sha varchar(64) CHECK (base_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$');
CREATE UNIQUE INDEX worktrees_repository_branch_key ON worktrees (repository_id, branch);
CREATE INDEX chat_conversations_user_keyset_idx ON chat_conversations (user_id, created_at DESC, id DESC);
-- Pull request lists: a remote's newest first, by keyset.
CREATE INDEX pull_requests_remote_keyset_idx ON pull_requests (provider, instance_url, lower(remote_owner), lower(remote_name), created_at DESC, id DESC);
