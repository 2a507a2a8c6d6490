-- 0013: Bob is a guest in the host's database: its tables and functions live in its own schema (BobPostgresOptions.Schema,
-- default bob), where every script runs (search_path is set to it) and where DbUp keeps its journal. A database migrated
-- before this had them in public: they are moved here (with their indexes, constraints, triggers and owned sequences).
-- On a database migrated from scratch they are already here, and nothing in public is touched: a host's own users,
-- api_keys or schemaversions stay where they are.
DO $$
DECLARE
    target text := current_schema();
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['users', 'api_keys', 'git_provider_connections', 'repositories', 'chat_conversations',
        'worktrees', 'pull_requests', 'git_commits', 'webhook_deliveries', 'task_runs', 'session_events',
        'device_push_tokens', 'oauth_pending_authorizations']
    LOOP
        IF target <> 'public' AND to_regclass(format('%I.%I', target, tbl)) IS NULL AND to_regclass(format('public.%I', tbl)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', tbl, target);
        END IF;
    END LOOP;

    IF target <> 'public' AND to_regprocedure(format('%I.bob_set_updated_at()', target)) IS NULL AND to_regprocedure('public.bob_set_updated_at()') IS NOT NULL THEN
        EXECUTE format('ALTER FUNCTION public.bob_set_updated_at() SET SCHEMA %I', target);
    END IF;

    IF target <> 'public' AND to_regprocedure(format('%I.bob_notify_webhook_delivery()', target)) IS NULL AND to_regprocedure('public.bob_notify_webhook_delivery()') IS NOT NULL THEN
        EXECUTE format('ALTER FUNCTION public.bob_notify_webhook_delivery() SET SCHEMA %I', target);
    END IF;

    IF target <> 'public' AND to_regprocedure(format('%I.bob_pr_state_key(text, text, text, text, text, text)', target)) IS NULL
       AND to_regprocedure('public.bob_pr_state_key(text, text, text, text, text, text)') IS NOT NULL THEN
        EXECUTE format('ALTER FUNCTION public.bob_pr_state_key(text, text, text, text, text, text) SET SCHEMA %I', target);
    END IF;
END
$$;
