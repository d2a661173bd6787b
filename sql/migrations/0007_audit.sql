-- One append-only audit_log (ARCHITECTURE §4), written by triggers on every table a person changes
-- and by definer functions. Nobody updates, deletes or truncates it: staff hold no such privilege
-- and a trigger refuses it for every role, the owner included. Each row carries a SHA-256 hash
-- chained to the previous row's, so an edit made around the trigger (a superuser disabling it)
-- is found by audit_verify().

-- The text a row's hash covers, in one place for writer and verifier.
CREATE FUNCTION audit_row_text(a audit_log) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public AS $$
    SELECT concat_ws('|', a.id, a.occurred_at AT TIME ZONE 'UTC', a.staff_login, a.staff_id, a.action, a.table_name,
                     a.row_id, a.old_values, a.new_values, a.changed_fields, a.pii_accessed, a.pii_fields, a.reason,
                     a.client_address, a.application_name)
$$;

CREATE FUNCTION audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    -- One writer at a time, until commit: the chain follows commit order.
    PERFORM pg_advisory_xact_lock(7310040019);
    SELECT row_hash INTO NEW.prev_hash FROM audit_log ORDER BY id DESC LIMIT 1;
    NEW.staff_id := coalesce(NEW.staff_id, my_staff_id());
    NEW.row_hash := digest(coalesce(NEW.prev_hash, ''::bytea) || convert_to(audit_row_text(NEW), 'UTF8'), 'sha256');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();

CREATE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The first row whose hash does not match its content or its predecessor; NULL when intact.
CREATE FUNCTION audit_verify(OUT intact boolean, OUT rows_checked bigint, OUT first_broken_id bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    a    audit_log;
    prev bytea;
BEGIN
    -- Staff need ops.audit.view; a PostgreSQL superuser (opsdeck-admin audit verify) may always check.
    IF NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) THEN
        PERFORM require_permission('ops.audit.view');
    END IF;
    rows_checked := 0;
    FOR a IN SELECT * FROM audit_log ORDER BY id LOOP
        rows_checked := rows_checked + 1;
        IF a.prev_hash IS DISTINCT FROM prev
           OR a.row_hash IS DISTINCT FROM digest(coalesce(a.prev_hash, ''::bytea) || convert_to(audit_row_text(a), 'UTF8'), 'sha256') THEN
            intact := false;
            first_broken_id := a.id;
            RETURN;
        END IF;
        prev := a.row_hash;
    END LOOP;
    intact := true;
END $$;

-- Row changes: who, what, which row, changed fields old → new.
CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    old_doc jsonb;
    new_doc jsonb;
    changed text[];
    key     text := TG_ARGV[0];
    rid     text;
BEGIN
    IF current_setting('opsdeck.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW); END IF;
    rid := coalesce(new_doc, old_doc) ->> key; -- before the documents are cut to the changed fields
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(k ORDER BY k) INTO changed
        FROM jsonb_object_keys(new_doc) AS k
        WHERE k <> 'updated_at' AND new_doc -> k IS DISTINCT FROM old_doc -> k;
        IF changed IS NULL THEN
            RETURN NULL; -- nothing but a touch
        END IF;
        -- Keep only the changed fields, old and new.
        SELECT jsonb_object_agg(k, old_doc -> k), jsonb_object_agg(k, new_doc -> k) INTO old_doc, new_doc
        FROM unnest(changed) AS k;
    END IF;
    INSERT INTO audit_log (action, table_name, row_id, old_values, new_values, changed_fields)
    VALUES (lower(TG_OP), TG_TABLE_NAME, rid, old_doc, new_doc, changed);
    RETURN NULL;
END $$;

DO $$
DECLARE
    spec text[];
BEGIN
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ['tenants', 'id'], ['staff', 'id'], ['workers', 'id'], ['contacts', 'id'], ['agents', 'id'],
        ['stations', 'id'], ['bookings', 'id'], ['complaints', 'id'], ['priority_queue', 'id'], ['records', 'id'],
        ['data_import_jobs', 'id'], ['alert_rules', 'id'], ['alert_subscriptions', 'id'], ['connections', 'id'],
        ['outbound_queue', 'id'], ['message_templates', 'id'], ['sms_messages', 'id'], ['operator_tasks', 'id'],
        ['consultant_notes', 'id'], ['report_schedules', 'id'], ['report_runs', 'id'], ['ops_config', 'config_key'],
        ['emergency_state', 'control'], ['emergency_actions', 'id'], ['role_permissions', 'role_id'],
        ['roles', 'id'], ['permissions', 'id'], ['alerts', 'id']]
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION audit_row_change(%L)', spec[1] || '_audit', spec[1], spec[2]);
    END LOOP;
END $$;

-- New functions follow the same rule as the rest: staff only.
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY['audit_row_text(audit_log)'::regprocedure, 'audit_chain()'::regprocedure,
                              'audit_refuse_change()'::regprocedure, 'audit_verify()'::regprocedure,
                              'audit_row_change()'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
