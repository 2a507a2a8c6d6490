-- 0018: task.assigned for someone who is not a Bob user still leaves a record: the run is stored failed, without a user,
-- so the tracker is told once what to fix (its comment goes through the outbox, rows of webhook_deliveries under the
-- outbox source 'task-runs', written in the transaction of the transition). Runs are found by their pull request.
ALTER TABLE task_runs ALTER COLUMN user_id DROP NOT NULL;
CREATE INDEX task_runs_pull_request_id_idx ON task_runs (pull_request_id) WHERE pull_request_id IS NOT NULL;
