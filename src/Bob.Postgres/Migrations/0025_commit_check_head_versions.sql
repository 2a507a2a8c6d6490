-- Issue 21: a head's state can come back to one it had (green for a moment before its other checks report, pending,
-- green again); each change is a new version, so the session hears every change once, not each state once.
ALTER TABLE commit_check_heads ADD COLUMN changes integer NOT NULL DEFAULT 0;
