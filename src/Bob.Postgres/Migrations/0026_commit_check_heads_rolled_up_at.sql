-- Issue 21: when each head was last rolled up. A check is written in its own transaction and its head rolled up in a
-- second one; a repeat of a check written after its head's last roll-up (a host died between the two) rolls it up, and any
-- other repeat reads two rows instead of every check of the head.
ALTER TABLE commit_check_heads ADD COLUMN rolled_up_at timestamptz NOT NULL DEFAULT now();
