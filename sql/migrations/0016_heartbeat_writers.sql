-- Only engines write heartbeats (security issue, "a Viewer using psql can change no row"): since
-- 0011 there is a permission for running them. A row still belongs to the login that writes it.
-- Writers: the outbound engine and alert evaluator (engines.run) and opsdeck-worker --auth-monitor
-- (system.auth_monitor). Everyone may still read them (the console's engine list).
DO $$
DECLARE
    g    name := staff_group_role();
    rule text := '(SELECT require_any_permission(ARRAY[''engines.run'', ''system.auth_monitor''])) '
                 'AND db_login = session_user';
BEGIN
    DROP POLICY worker_heartbeats_insert ON worker_heartbeats;
    DROP POLICY worker_heartbeats_update ON worker_heartbeats;
    EXECUTE format('CREATE POLICY worker_heartbeats_insert ON worker_heartbeats FOR INSERT TO %I WITH CHECK (%s)', g,
                   rule);
    EXECUTE format('CREATE POLICY worker_heartbeats_update ON worker_heartbeats FOR UPDATE TO %I USING (%s) '
                   'WITH CHECK (%s)', g, rule, rule);
END $$;
