-- 0017: task runs as a durable state machine (issue 13). A version column for optimistic concurrency (two hosts firing
-- at one run never lose a transition), 'cancelled' beside the plan's statuses, the failure reason, the task as it was at
-- assignment, and every transition with its cause. One run per Kanbanger task (task.assigned is idempotent on it).
ALTER TABLE task_runs DROP CONSTRAINT task_runs_status_check;
ALTER TABLE task_runs ADD CONSTRAINT task_runs_status_check CHECK (status IN ('starting', 'running', 'blocked', 'completed', 'failed', 'cancelled'));
ALTER TABLE task_runs
    ADD COLUMN version integer NOT NULL DEFAULT 0,
    ADD COLUMN failure_reason text,
    ADD COLUMN task_title text,
    ADD COLUMN task_description text,
    ADD COLUMN task_url text;
DROP INDEX task_runs_kanbanger_issue_idx;
CREATE UNIQUE INDEX task_runs_kanbanger_task_key ON task_runs (kanbanger_workspace_id, kanbanger_issue_id);

CREATE TABLE task_run_transitions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_run_id  uuid NOT NULL REFERENCES task_runs (id) ON DELETE CASCADE,
    version      integer NOT NULL,
    from_status  varchar(20),
    to_status    varchar(20) NOT NULL,
    trigger      varchar(40) NOT NULL,
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_run_transitions_version_key UNIQUE (task_run_id, version)
);
