-- Every table guarded (ARCHITECTURE §4). Staff logins hold table privileges only through the staff
-- group and only for the operations the console performs; row-level security (FORCE) then asks the
-- editable permission matrix: a read needs the area's view permission, each write its permission.
-- A missing permission fails with SQLSTATE 42501 (require_permission) instead of an empty result,
-- so a refusal is always visible. Finer permissions of compound changes (cancel, refund, assign,
-- resolve, escalate) are checked by triggers. The owner role (BYPASSRLS) runs definer functions.

CREATE FUNCTION require_any_permission(codes text[]) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM my_permissions() AS m(c) WHERE m.c = ANY (codes)) THEN
        RAISE EXCEPTION 'permission denied: this needs one of %', array_to_string(codes, ', ')
            USING ERRCODE = '42501';
    END IF;
    RETURN true;
END $$;

DO $$
DECLARE
    g    name := staff_group_role();
    spec text[];
    t    text;
    f    text;
    -- table, read, insert, update, delete, row filter. '' = any staff member; NULL = not granted.
    -- A permission list "a|b" means any of them.
    specs text[] := ARRAY[
        ['tenants',            'tenants.view',            'tenants.edit',        'tenants.edit',        NULL,                 ''],
        ['roles',              '',                        NULL,                  NULL,                  NULL,                 ''],
        ['permissions',        '',                        NULL,                  NULL,                  NULL,                 ''],
        ['role_permissions',   '',                        'system.admin',        NULL,                  'system.admin',       ''],
        ['workers',            'tenants.view',            'tenants.edit',        'tenants.edit',        'tenants.edit',       ''],
        ['contacts',           'contacts.view',           'users.edit',          'users.edit',          'users.delete',       ''],
        ['events',             'agents.view|technical.view', NULL,               NULL,                  NULL,                 ''],
        ['agents',             'agents.view',             NULL,                  'agents.control',      NULL,                 ''],
        ['agent_actions',      'agents.view',             NULL,                  NULL,                  NULL,                 ''],
        ['stations',           'stations.view',           'stations.control',    'stations.control',    'stations.control',   ''],
        ['bookings',           'bookings.view',           'bookings.edit',       'bookings.edit|bookings.cancel|bookings.refund', NULL, ''],
        ['complaints',         'complaints.view',         'complaints.assign',   'complaints.assign|complaints.resolve|complaints.escalate', NULL, ''],
        ['priority_queue',     'ops.priority_queue.view', NULL,                  'ops.priority_queue.review', NULL,           ''],
        ['records',            'records.view',            'records.edit',        'records.edit',        'records.edit',       ''],
        ['api_metrics',        'technical.view',          NULL,                  NULL,                  NULL,                 ''],
        ['error_logs',         'technical.view',          NULL,                  NULL,                  NULL,                 ''],
        ['login_events',       'technical.view',          NULL,                  NULL,                  NULL,                 ''],
        ['data_import_jobs',   'technical.view',          'technical.sync',      NULL,                  NULL,                 ''],
        ['alert_rules',        'ops.alerts.view',         'ops.alerts.manage_rules', 'ops.alerts.manage_rules', 'ops.alerts.manage_rules', ''],
        ['alerts',             'ops.alerts.view',         'alerts.broadcast',    'ops.alerts.view',     NULL,                 ''],
        ['alert_staff_state',  'ops.alerts.view',         'ops.alerts.view',     'ops.alerts.view',     'ops.alerts.view',    'staff_id = (SELECT my_staff_id())'],
        ['connections',        'connections.view',        'connections.edit',    'connections.edit',    'connections.edit',   ''],
        ['outbound_queue',     'outbound.view',           'outbound.manage',     'outbound.manage',     NULL,                 ''],
        ['outbound_attempts',  'outbound.view',           NULL,                  NULL,                  NULL,                 ''],
        ['message_templates',  'messages.view',           'messages.templates',  'messages.templates',  'messages.templates', ''],
        ['sms_messages',       'messages.view',           'messages.send',       NULL,                  NULL,                 ''],
        ['operator_tasks',     'tasks.use',               'tasks.use',           'tasks.use',           'tasks.use',          'created_by = (SELECT my_staff_id())'],
        ['consultant_notes',   'notes.use',               'notes.use',           'notes.use',           'notes.use',          'created_by = (SELECT my_staff_id())'],
        ['report_schedules',   'reports.view',            'reports.manage',      'reports.manage',      'reports.manage',     ''],
        ['report_runs',        'reports.view',            'reports.send',        NULL,                  NULL,                 ''],
        ['ops_config',         'ops.config.view',         NULL,                  'ops.config.edit',     NULL,                 ''],
        ['emergency_state',    '',                        NULL,                  'emergency.control',   NULL,                 ''],
        ['emergency_actions',  'emergency.view',          'emergency.control',   NULL,                  NULL,                 ''],
        ['audit_log',          'ops.audit.view',          NULL,                  NULL,                  NULL,                 ''],
        ['auth_failures',      'ops.staff.view',          NULL,                  NULL,                  NULL,                 ''],
        ['change_log',         '',                        NULL,                  NULL,                  NULL,                 ''],
        ['schema_migrations',  '',                        NULL,                  NULL,                  NULL,                 ''],
        ['worker_heartbeats',  '',                        '',                    '',                    NULL,                 'db_login = session_user']
    ];
BEGIN
    FOREACH spec SLICE 1 IN ARRAY specs LOOP
        t := spec[1];
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        FOR i IN 2..5 LOOP
            CONTINUE WHEN spec[i] IS NULL;
            IF spec[i] = '' THEN
                f := 'true';
            ELSIF position('|' IN spec[i]) > 0 THEN
                f := format('(SELECT require_any_permission(%L))', string_to_array(spec[i], '|'));
            ELSE
                f := format('(SELECT require_permission(%L))', spec[i]);
            END IF;
            -- The row filter (own rows) applies to writes; reads of worker_heartbeats stay open.
            IF spec[6] <> '' AND NOT (i = 2 AND t = 'worker_heartbeats') THEN
                f := f || ' AND ' || spec[6];
            END IF;
            CASE i
            WHEN 2 THEN
                EXECUTE format('GRANT SELECT ON %I TO %I', t, g);
                EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO %I USING (%s)', t || '_read', t, g, f);
            WHEN 3 THEN
                EXECUTE format('GRANT INSERT ON %I TO %I', t, g);
                EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO %I WITH CHECK (%s)', t || '_insert', t, g, f);
            WHEN 4 THEN
                EXECUTE format('GRANT UPDATE ON %I TO %I', t, g);
                EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO %I USING (%s) WITH CHECK (%s)',
                               t || '_update', t, g, f, f);
            WHEN 5 THEN
                EXECUTE format('GRANT DELETE ON %I TO %I', t, g);
                EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO %I USING (%s)', t || '_delete', t, g, f);
            END CASE;
        END LOOP;
    END LOOP;
END $$;

-- Staff: everyone reads their own row (sign-in); the staff list needs ops.staff.view. Changes go
-- through definer functions (they create and alter PostgreSQL roles).
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff FORCE ROW LEVEL SECURITY;
DO $$ BEGIN EXECUTE format('GRANT SELECT ON staff TO %I', staff_group_role()); END $$;
CREATE POLICY staff_read ON staff FOR SELECT
    USING (login = session_user OR (SELECT has_permission('ops.staff.view')));

ALTER TABLE staff_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_sessions FORCE ROW LEVEL SECURITY;
DO $$ BEGIN EXECUTE format('GRANT SELECT ON staff_sessions TO %I', staff_group_role()); END $$;
CREATE POLICY staff_sessions_read ON staff_sessions FOR SELECT
    USING (staff_id = (SELECT my_staff_id()) OR (SELECT has_permission('ops.staff.view')));

-- Alert subscriptions: one's own with ops.alerts.view, anybody's with manage_subscriptions.
ALTER TABLE alert_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_subscriptions FORCE ROW LEVEL SECURITY;
DO $$ BEGIN EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON alert_subscriptions TO %I', staff_group_role()); END $$;
CREATE POLICY alert_subscriptions_all ON alert_subscriptions FOR ALL
    USING ((SELECT require_permission('ops.alerts.view'))
           AND (staff_id = (SELECT my_staff_id()) OR (SELECT require_permission('ops.alerts.manage_subscriptions'))))
    WITH CHECK ((SELECT require_permission('ops.alerts.view'))
           AND (staff_id = (SELECT my_staff_id()) OR (SELECT require_permission('ops.alerts.manage_subscriptions'))));

-- Identity columns of tables staff insert into.
DO $$ BEGIN
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', staff_group_role());
END $$;

-- Finer permissions of compound changes. Logins that are not staff (the owner's tools, superusers
-- running migrations and demo loads) are not staff-checked; they cannot connect otherwise.
CREATE FUNCTION guard_booking_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF my_staff_id() IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        PERFORM require_permission('bookings.cancel');
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM require_permission('bookings.edit');
    END IF;
    IF NEW.refunded_amount IS DISTINCT FROM OLD.refunded_amount
       OR (NEW.payment_status IS DISTINCT FROM OLD.payment_status
           AND NEW.payment_status IN ('refunded', 'partially_refunded')) THEN
        PERFORM require_permission('bookings.refund');
    END IF;
    IF (to_jsonb(NEW) - ARRAY['status', 'cancelled_at', 'completed_at', 'payment_status', 'refunded_amount', 'updated_at'])
       IS DISTINCT FROM
       (to_jsonb(OLD) - ARRAY['status', 'cancelled_at', 'completed_at', 'payment_status', 'refunded_amount', 'updated_at']) THEN
        PERFORM require_permission('bookings.edit');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bookings_guard BEFORE UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION guard_booking_change();

CREATE FUNCTION guard_complaint_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF my_staff_id() IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.assigned_to IS DISTINCT FROM OLD.assigned_to THEN
        PERFORM require_permission('complaints.assign');
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.status IN ('resolved', 'closed') THEN
            PERFORM require_permission('complaints.resolve');
        ELSIF NEW.status = 'escalated' THEN
            PERFORM require_permission('complaints.escalate');
        ELSE
            PERFORM require_any_permission(ARRAY['complaints.assign', 'complaints.resolve']);
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER complaints_guard BEFORE UPDATE ON complaints FOR EACH ROW EXECUTE FUNCTION guard_complaint_change();

-- Only the matrix editor changes the matrix, and nobody grants a permission to a role above
-- their own level (a smaller level number is higher).
CREATE FUNCTION guard_role_permission_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    my_level smallint;
    target   smallint;
BEGIN
    IF my_staff_id() IS NULL THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    SELECT r.level INTO my_level FROM staff s JOIN roles r ON r.id = s.role_id WHERE s.login = session_user;
    SELECT level INTO target FROM roles WHERE id = coalesce(NEW.role_id, OLD.role_id);
    IF target < my_level THEN
        RAISE EXCEPTION 'permission denied: a level % role cannot change the permissions of a level % role', my_level, target
            USING ERRCODE = '42501';
    END IF;
    RETURN coalesce(NEW, OLD);
END $$;
CREATE TRIGGER role_permissions_guard BEFORE INSERT OR DELETE ON role_permissions
    FOR EACH ROW EXECUTE FUNCTION guard_role_permission_change();

-- Functions stay callable by staff only.
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
