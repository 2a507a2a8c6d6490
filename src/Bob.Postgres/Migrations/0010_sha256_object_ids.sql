-- 0010: git object ids of SHA-256 repositories (64 hex characters; Gitea and Forgejo serve them, GitLab has them in
-- trial) next to SHA-1 ones (40). A pull request head or a pushed commit of such a repository could not be stored before:
-- the delivery failed on every retry. Widening a varchar rewrites nothing; the new check is validated without a long lock.
ALTER TABLE pull_requests ALTER COLUMN head_sha TYPE varchar(64);
ALTER TABLE git_commits ALTER COLUMN sha TYPE varchar(64);
ALTER TABLE git_commits DROP CONSTRAINT git_commits_sha_check;
ALTER TABLE git_commits ADD CONSTRAINT git_commits_sha_check CHECK (sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$') NOT VALID;
ALTER TABLE git_commits VALIDATE CONSTRAINT git_commits_sha_check;
