-- 0004: pull request rows converge whatever order webhooks and polls arrive in.
-- provider_updated_at is the provider's own updated_at (updated_at stays the row's modification time, set by trigger);
-- a change is applied only when its (provider_updated_at, state key) is greater than the stored one, so the final row is
-- the same for every order of the same events.
ALTER TABLE pull_requests
    ADD COLUMN provider_updated_at timestamptz,
    ADD COLUMN head_sha varchar(40);

-- Orders states that share a provider timestamp: merged, then closed, then open and draft, then by content.
CREATE FUNCTION bob_pr_state_key(status text, head_sha text, title text, body text, head_branch text, base_branch text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE status WHEN 'merged' THEN '4' WHEN 'closed' THEN '3' WHEN 'open' THEN '2' ELSE '1' END)
        || md5(coalesce(head_sha, '') || chr(31) || title || chr(31) || coalesce(body, '') || chr(31) || head_branch || chr(31) || base_branch)
$$;

CREATE INDEX pull_requests_head_branch_idx ON pull_requests (provider, instance_url, lower(remote_owner), lower(remote_name), head_branch)
    WHERE status IN ('open', 'draft');
