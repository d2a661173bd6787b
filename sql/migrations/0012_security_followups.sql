-- Security follow-ups (security issue items 6 and 9).
--
-- 1. A successful sign-in resets the failed-sign-in count: record_auth_failure counts failures
--    since the later of the window's start, the last lock or unlock, and the last successful
--    sign-in (staff.last_login_at, written by session_begin).
-- 2. staff_unlock follows the level rule of the other staff functions (0008): nobody unlocks a
--    staff member whose role is above their own.

CREATE OR REPLACE FUNCTION record_auth_failure(login text, occurred_at timestamptz, client_address inet, reason text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
DECLARE
    why        text := CASE WHEN record_auth_failure.reason IN ('password', 'unknown_login', 'locked', 'other')
                            THEN record_auth_failure.reason ELSE 'other' END;
    added      integer;
    s          staff;
    role_row   record;
    threshold  integer := auth_config_int('auth.lockout_threshold', 10);
    window_min integer := auth_config_int('auth.lockout_window_minutes', 30);
    lock_min   integer := auth_config_int('auth.lockout_minutes', 30);
    since      timestamptz;
    failures   integer;
BEGIN
    PERFORM auth_require('system.auth_monitor');
    IF record_auth_failure.login IS NULL OR record_auth_failure.occurred_at IS NULL THEN
        RAISE EXCEPTION 'record_auth_failure needs a login and a time' USING ERRCODE = '22004';
    END IF;
    INSERT INTO auth_failures (login, client_address, reason, occurred_at)
    VALUES (record_auth_failure.login, record_auth_failure.client_address, why, record_auth_failure.occurred_at)
    ON CONFLICT (login, occurred_at, client_address) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    IF added = 0 THEN
        RETURN false; -- read before
    END IF;

    -- One evaluation per staff member at a time (the row lock), so two monitors cannot both lock.
    SELECT * INTO s FROM staff st WHERE st.login = record_auth_failure.login FOR UPDATE;
    IF NOT FOUND OR why NOT IN ('password', 'locked') THEN
        RETURN false;
    END IF;
    SELECT r.rolsuper, r.rolreplication, r.rolcanlogin, r.rolvaliduntil INTO role_row
    FROM pg_roles r WHERE r.rolname = s.login;
    -- Never a superuser, a replication role (only a superuser may alter one) or the owner.
    IF NOT FOUND OR role_row.rolsuper OR role_row.rolreplication OR s.login = opsdeck_role_prefix() || 'owner' THEN
        RETURN false;
    END IF;
    IF s.locked_until IS NOT NULL THEN
        IF s.locked_until > now() THEN
            RETURN false; -- locked already
        END IF;
        PERFORM auth_release_lock(s, 'lock expired');
        SELECT * INTO s FROM staff st WHERE st.id = s.id;
        SELECT r.rolsuper, r.rolreplication, r.rolcanlogin, r.rolvaliduntil INTO role_row
        FROM pg_roles r WHERE r.rolname = s.login;
    END IF;

    -- A successful sign-in (session_begin sets last_login_at) starts the count afresh.
    SELECT greatest(now() - window_min * interval '1 minute', max(a.occurred_at), s.last_login_at) INTO since
    FROM audit_log a
    WHERE a.table_name = 'staff' AND a.row_id = s.id::text AND a.action IN ('staff.lock', 'staff.unlock');
    SELECT count(*) INTO failures
    FROM auth_failures f
    WHERE f.login = s.login AND f.occurred_at > since AND f.reason IN ('password', 'locked');
    IF failures < threshold THEN
        RETURN false;
    END IF;

    BEGIN
        EXECUTE format('ALTER ROLE %I NOLOGIN VALID UNTIL %L', s.login, '-infinity');
    EXCEPTION WHEN insufficient_privilege THEN
        -- Keep the recorded failure; say why the login stays open.
        RAISE WARNING 'cannot lock %: %', s.login, SQLERRM;
        RETURN false;
    END;
    UPDATE staff SET locked_until = now() + lock_min * interval '1 minute' WHERE id = s.id;
    INSERT INTO audit_log (action, table_name, row_id, old_values, new_values, reason)
    VALUES ('staff.lock', 'staff', s.id::text,
            jsonb_build_object('rolcanlogin', role_row.rolcanlogin, 'rolvaliduntil', role_row.rolvaliduntil),
            jsonb_build_object('login', s.login, 'failures', failures, 'threshold', threshold,
                               'window_minutes', window_min, 'locked_until', now() + lock_min * interval '1 minute',
                               'last_client_address', record_auth_failure.client_address),
            format('%s failed sign-ins within %s minutes', failures, window_min));
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION staff_unlock(login text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    s staff;
    role_name text;
BEGIN
    PERFORM auth_require('ops.staff.edit');
    SELECT * INTO s FROM staff st WHERE st.login = staff_unlock.login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no staff member has the login %', staff_unlock.login USING ERRCODE = 'P0002';
    END IF;
    SELECT r.name INTO role_name FROM roles r WHERE r.id = s.role_id;
    PERFORM staff_admin_authorize('ops.staff.edit', 'unlock a staff member of that role', ARRAY[role_name]);
    IF s.locked_until IS NULL THEN
        RETURN false;
    END IF;
    PERFORM auth_release_lock(s, 'unlocked by ' || session_user);
    RETURN true;
END $$;
