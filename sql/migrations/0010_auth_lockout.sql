-- Brute-force lockout (security issue, item 6; PCI DSS 8.3.4). PostgreSQL runs no SQL when a sign-in
-- fails, so failures are only visible in the server's log: `opsdeck-worker --auth-monitor` on the
-- database host reads the jsonlog and reports every failure through record_auth_failure(). A client
-- cannot avoid being logged, so a modified client cannot bypass the count. After
-- auth.lockout_threshold counted failures within auth.lockout_window_minutes, a staff login is
-- locked: NOLOGIN, and VALID UNTIL in the past so that the right password is refused with the same
-- "password authentication failed" as a wrong one (NOLOGIN alone answers a right password with
-- "not permitted to log in", which would let a guesser go on testing passwords while locked).
-- The lock lasts auth.lockout_minutes or until staff_unlock().

-- Shipped settings, like seed 002's, are neither announced (change_log) nor audited.
SET LOCAL opsdeck.bulk_load = 'on';

INSERT INTO ops_config (config_key, value_type, config_value, default_value, min_value, max_value, unit, description) VALUES
    ('auth.lockout_threshold', 'integer', '10', '10', 3, 100, 'failures',
     'A staff login is locked after this many failed sign-ins within the lockout window'),
    ('auth.lockout_window_minutes', 'integer', '30', '30', 1, 1440, 'min',
     'The window in which failed sign-ins are counted towards a lockout'),
    ('auth.lockout_minutes', 'integer', '30', '30', 30, 10080, 'min',
     'How long a lockout lasts when no administrator unlocks the login first');

INSERT INTO permissions (code, module, description, in_seed) VALUES
    ('system.auth_monitor', 'system', 'Report authentication failures from the server log', false);
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r JOIN permissions p ON p.code = 'system.auth_monitor'
WHERE r.name IN ('super_admin', 'admin');

-- One row per failed attempt: a log read twice (restart, lost position file) records nothing new.
-- Unix-socket attempts have no address; NULLS NOT DISTINCT makes those duplicates too.
DELETE FROM auth_failures a USING auth_failures b
WHERE a.id > b.id AND a.login = b.login AND a.occurred_at = b.occurred_at
  AND a.client_address IS NOT DISTINCT FROM b.client_address;
CREATE UNIQUE INDEX auth_failures_attempt_key ON auth_failures (login, occurred_at, client_address) NULLS NOT DISTINCT;
SET LOCAL opsdeck.bulk_load = 'off';

-- An integer setting of ops_config, or its fallback when the row is missing.
CREATE FUNCTION auth_config_int(key text, fallback integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT coalesce((SELECT (c.config_value)::text::numeric::integer FROM ops_config c WHERE c.config_key = key),
                    fallback)
$$;

-- Whether the caller may act as the monitor: the permission, or a superuser (break glass; a
-- superuser can do all of this by hand anyway).
CREATE FUNCTION auth_require(code text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false) THEN
        PERFORM require_permission(code);
    END IF;
END $$;

-- Lifts the lock of one staff member (no permission check: callers check). The role gets back
-- the VALID UNTIL it had before the lock, and LOGIN only when the staff member is active.
CREATE FUNCTION auth_release_lock(s staff, why text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    valid_until timestamptz;
    has_role    boolean;
    prev_until  text;
BEGIN
    SELECT true, r.rolvaliduntil INTO has_role, valid_until FROM pg_roles r WHERE r.rolname = s.login;
    IF has_role THEN
        IF valid_until = '-infinity'::timestamptz THEN
            SELECT a.old_values ->> 'rolvaliduntil' INTO prev_until
            FROM audit_log a
            WHERE a.table_name = 'staff' AND a.row_id = s.id::text AND a.action = 'staff.lock'
            ORDER BY a.id DESC LIMIT 1;
            EXECUTE format('ALTER ROLE %I VALID UNTIL %L', s.login, coalesce(prev_until, 'infinity'));
        END IF;
        IF s.status = 'active' THEN
            EXECUTE format('ALTER ROLE %I LOGIN', s.login);
        END IF;
    END IF;
    UPDATE staff SET locked_until = NULL WHERE id = s.id;
    INSERT INTO audit_log (action, table_name, row_id, old_values, new_values, reason)
    VALUES ('staff.unlock', 'staff', s.id::text, jsonb_build_object('locked_until', s.locked_until),
            jsonb_build_object('login', s.login, 'can_login', s.status = 'active' AND coalesce(has_role, false)),
            why);
END $$;

-- Records one failed sign-in read from the server log; returns true when it locked the login.
-- Idempotent per (login, occurred_at, client_address). Counted towards the threshold: wrong
-- passwords ('password') and attempts on a login that may not sign in ('locked'), since the later
-- of the window's start and the staff member's last lock or unlock. Unknown logins and pg_hba.conf
-- refusals ('unknown_login', 'other') are recorded but tried no password, so they lock nothing.
-- Only staff logins are locked, never a superuser or the installation's owner role. Open sessions
-- are left alone (a password guesser has none).
CREATE FUNCTION record_auth_failure(login text, occurred_at timestamptz, client_address inet, reason text)
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

    SELECT greatest(now() - window_min * interval '1 minute', max(a.occurred_at)) INTO since
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

-- An administrator lifts a lock before it expires; true when the login was locked.
CREATE FUNCTION staff_unlock(login text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    s staff;
BEGIN
    PERFORM auth_require('ops.staff.edit');
    SELECT * INTO s FROM staff st WHERE st.login = staff_unlock.login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no staff member has the login %', staff_unlock.login USING ERRCODE = 'P0002';
    END IF;
    IF s.locked_until IS NULL THEN
        RETURN false;
    END IF;
    PERFORM auth_release_lock(s, 'unlocked by ' || session_user);
    RETURN true;
END $$;

-- Lifts every lock whose time has passed; the monitor calls it every minute. Returns how many.
CREATE FUNCTION auth_release_expired_locks() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    s staff;
    n integer := 0;
BEGIN
    PERFORM auth_require('system.auth_monitor');
    FOR s IN SELECT * FROM staff st WHERE st.locked_until <= now() ORDER BY st.locked_until FOR UPDATE SKIP LOCKED LOOP
        PERFORM auth_release_lock(s, 'lock expired');
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- Staff call the three entry points; the helpers run only inside them (as the owner).
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY['auth_config_int(text, integer)'::regprocedure, 'auth_require(text)'::regprocedure,
                              'auth_release_lock(staff, text)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    FOREACH fn IN ARRAY ARRAY['record_auth_failure(text, timestamptz, inet, text)'::regprocedure,
                              'staff_unlock(text)'::regprocedure, 'auth_release_expired_locks()'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
