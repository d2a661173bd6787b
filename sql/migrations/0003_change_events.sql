-- Live updates (ARCHITECTURE §3). Every change a screen shows is appended to change_log and
-- announced on the one channel `opsdeck_changes` with a small JSON payload
-- {seq, table, op, id, tenant_id}. NOTIFY is not replayed after a disconnect, so a listener that
-- reconnects reads change_log for every seq after the last one it saw.
-- Bulk loads (seed-demo) set opsdeck.bulk_load = on for their transaction to skip all of this.

CREATE TABLE change_log (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    table_name text NOT NULL,
    op         text NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'truncate')),
    row_id     text,
    tenant_id  uuid
);
CREATE INDEX change_log_at_brin ON change_log USING brin(at);

-- Row-level: TG_ARGV[0] names the key column, TG_ARGV[1] the tenant column ('' when none).
CREATE FUNCTION notify_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    doc    jsonb;
    rid    text;
    tid    uuid;
    op     text := lower(TG_OP);
    s      bigint;
BEGIN
    IF current_setting('opsdeck.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN doc := to_jsonb(OLD); ELSE doc := to_jsonb(NEW); END IF;
    rid := doc ->> TG_ARGV[0];
    IF TG_ARGV[1] <> '' THEN
        tid := (doc ->> TG_ARGV[1])::uuid;
    END IF;
    INSERT INTO change_log (table_name, op, row_id, tenant_id)
    VALUES (TG_TABLE_NAME, op, rid, tid) RETURNING seq INTO s;
    PERFORM pg_notify('opsdeck_changes',
                      json_build_object('seq', s, 'table', TG_TABLE_NAME, 'op', op, 'id', rid, 'tenant_id', tid)::text);
    RETURN NULL;
END $$;

-- Statement-level, for high-volume telemetry: one event per statement, without a row id.
CREATE FUNCTION notify_change_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    op text := lower(TG_OP);
    s  bigint;
BEGIN
    IF current_setting('opsdeck.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO change_log (table_name, op) VALUES (TG_TABLE_NAME, op) RETURNING seq INTO s;
    PERFORM pg_notify('opsdeck_changes',
                      json_build_object('seq', s, 'table', TG_TABLE_NAME, 'op', op, 'id', NULL, 'tenant_id', NULL)::text);
    RETURN NULL;
END $$;

DO $$
DECLARE
    spec text[];
BEGIN
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ['tenants', 'id', 'id'], ['staff', 'id', ''], ['staff_sessions', 'id', ''], ['workers', 'id', 'tenant_id'],
        ['contacts', 'id', 'tenant_id'], ['agents', 'id', 'tenant_id'], ['stations', 'id', 'tenant_id'],
        ['bookings', 'id', 'tenant_id'], ['complaints', 'id', 'tenant_id'], ['priority_queue', 'id', 'tenant_id'],
        ['records', 'id', 'tenant_id'], ['data_import_jobs', 'id', 'tenant_id'], ['alert_rules', 'id', ''],
        ['alerts', 'id', 'tenant_id'], ['alert_staff_state', 'alert_id', ''], ['alert_subscriptions', 'id', ''],
        ['connections', 'id', 'tenant_id'], ['outbound_queue', 'id', 'tenant_id'],
        ['message_templates', 'id', 'tenant_id'], ['sms_messages', 'id', 'tenant_id'],
        ['operator_tasks', 'id', 'tenant_id'], ['consultant_notes', 'id', 'tenant_id'],
        ['report_schedules', 'id', 'tenant_id'], ['report_runs', 'id', 'tenant_id'],
        ['ops_config', 'config_key', ''], ['emergency_state', 'control', ''], ['emergency_actions', 'id', ''],
        ['worker_heartbeats', 'engine_id', ''], ['role_permissions', 'role_id', '']]
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION notify_change(%L, %L)', spec[1] || '_notify', spec[1], spec[2], spec[3]);
    END LOOP;
    FOREACH spec SLICE 1 IN ARRAY ARRAY[['api_metrics'], ['error_logs'], ['login_events'], ['events'],
                                         ['agent_actions'], ['outbound_attempts'], ['auth_failures'], ['audit_log']]
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION notify_change_statement()', spec[1] || '_notify', spec[1]);
    END LOOP;
END $$;
