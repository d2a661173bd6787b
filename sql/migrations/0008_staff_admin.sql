-- Staff administration and sessions (ARCHITECTURE §4; security issue items 1, 6, 7, 8). A staff
-- member is a PostgreSQL login role; creating, re-roling, disabling and re-passwording one changes
-- that role, so it happens here, in SECURITY DEFINER functions owned by the installation's owner
-- (CREATEROLE), which check the caller's permission and write the change and its audit row in the
-- caller's transaction. Passwords arrive only as SCRAM-SHA-256 verifiers computed by the client
-- (libpq's PQencryptPasswordConn): a plaintext never reaches the server or its log.
--
-- The level rule: nobody acts on a staff member whose role is above their own (a smaller level
-- number is higher; super_admin is level 1). A PostgreSQL superuser (no staff row) is not
-- staff-checked: that is how the first super admin is created (`opsdeck-admin staff add`).

-- Helpers run inside the definer functions below, as the owner; staff cannot call them.

CREATE FUNCTION staff_admin_is_superuser() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
$$;

-- The app role called `role_name`, or SQLSTATE 22023 listing the valid names.
CREATE FUNCTION staff_admin_role(role_name text) RETURNS roles
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $fn$
DECLARE
    r roles;
BEGIN
    SELECT * INTO r FROM roles WHERE roles.name = staff_admin_role.role_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown role "%": use one of %', staff_admin_role.role_name,
            (SELECT string_agg(x.name, ', ' ORDER BY x.level) FROM roles x)
            USING ERRCODE = '22023';
    END IF;
    RETURN r;
END $fn$;

-- The staff row of `login`, locked for the change, or SQLSTATE P0002.
CREATE FUNCTION staff_admin_target(login text) RETURNS staff
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $fn$
DECLARE
    s staff;
BEGIN
    SELECT * INTO s FROM staff WHERE staff.login = staff_admin_target.login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no staff member has the login "%"', staff_admin_target.login USING ERRCODE = 'P0002';
    END IF;
    RETURN s;
END $fn$;

-- Raises SQLSTATE 42501 unless the caller holds `permission` and none of `target_roles` is above
-- the caller's own role. `action` completes "cannot …" in the message.
CREATE FUNCTION staff_admin_authorize(permission text, action text, target_roles text[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $fn$
DECLARE
    my_role  text;
    my_level smallint;
    t        record;
BEGIN
    IF staff_admin_is_superuser() THEN
        RETURN;
    END IF;
    PERFORM require_permission(permission);
    SELECT r.name, r.level INTO my_role, my_level
    FROM staff s JOIN roles r ON r.id = s.role_id
    WHERE s.login = session_user AND s.status = 'active';
    FOR t IN SELECT r.name, r.level FROM roles r WHERE r.name = ANY (target_roles) ORDER BY r.level LOOP
        IF t.level < my_level THEN
            RAISE EXCEPTION 'permission denied: your role % (level %) cannot %: the % role (level %) is above yours',
                my_role, my_level, action, t.name, t.level
                USING ERRCODE = '42501';
        END IF;
    END LOOP;
END $fn$;

-- A SCRAM-SHA-256 verifier as libpq computes it: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
-- Anything else is refused: PostgreSQL would hash it as a plaintext.
CREATE FUNCTION staff_admin_check_verifier(verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public AS $fn$
BEGIN
    IF verifier IS NULL
       OR verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$' THEN
        RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier computed by the client, never as plain text'
            USING ERRCODE = '22023';
    END IF;
END $fn$;

-- Is the backend `pid` still a connection of `login`? A session whose backend is gone counts as
-- ended. (pg_stat_activity shows backend_start and client_addr of other roles' backends only to
-- pg_read_all_stats, which the owner does not hold, so a pid reused by a later connection of the
-- same login is not told apart; session_begin closes other open sessions on its own pid.)
CREATE FUNCTION staff_session_alive(pid integer, login text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM pg_stat_activity a
                   WHERE a.pid = staff_session_alive.pid AND a.usename = staff_session_alive.login)
$$;

-- Staff members --------------------------------------------------------------------------------

-- Creates the PostgreSQL login `login` (password: the client-computed `verifier`) in the group of
-- `role_name`, and its staff row. Needs ops.staff.edit and the level rule. Returns the staff id.
CREATE FUNCTION staff_create(login text, full_name text, email text, role_name text, verifier text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    r      roles := staff_admin_role(staff_create.role_name);
    new_id uuid;
BEGIN
    PERFORM staff_admin_authorize('ops.staff.edit', 'create a staff member of that role', ARRAY[r.name]);
    IF staff_create.login IS NULL OR staff_create.login !~ '^[a-z][a-z0-9_.-]{1,62}$' THEN
        RAISE EXCEPTION 'invalid login "%": 2 to 63 characters, a lowercase letter first, then lowercase letters, digits, ".", "_" or "-"',
            staff_create.login USING ERRCODE = '22023';
    END IF;
    IF staff_create.login ~ '^(pg_|od_[0-9a-f]{8}_)' THEN
        RAISE EXCEPTION 'invalid login "%": names starting with "pg_" or "od_<8 hex digits>_" are reserved for PostgreSQL and Opsdeck installations',
            staff_create.login USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles x WHERE x.rolname = staff_create.login) THEN
        RAISE EXCEPTION 'a PostgreSQL role named "%" already exists: choose another login', staff_create.login
            USING ERRCODE = '42710';
    END IF;
    IF staff_create.email IS NULL OR staff_create.email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
        RAISE EXCEPTION 'invalid email address "%"', staff_create.email USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM staff x WHERE x.email = staff_create.email) THEN
        RAISE EXCEPTION 'another staff member already uses the email address "%"', staff_create.email
            USING ERRCODE = '23505';
    END IF;
    IF length(btrim(coalesce(staff_create.full_name, ''))) = 0 THEN
        RAISE EXCEPTION 'a staff member needs a name' USING ERRCODE = '22023';
    END IF;
    PERFORM staff_admin_check_verifier(staff_create.verifier);

    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', staff_create.login, staff_create.verifier);
    EXECUTE format('GRANT %I TO %I', staff_role_group(r.name), staff_create.login);
    INSERT INTO staff (login, full_name, email, role_id)
    VALUES (staff_create.login, btrim(staff_create.full_name), staff_create.email, r.id)
    RETURNING id INTO new_id;
    INSERT INTO audit_log (action, table_name, row_id, new_values, reason)
    VALUES ('staff.create', 'staff', new_id::text, jsonb_build_object('login', staff_create.login, 'role', r.name),
            'PostgreSQL login created in the ' || r.name || ' group');
    RETURN new_id;
END $fn$;

-- Moves `login` to the group of `role_name`. Needs ops.staff.edit; the level rule applies to the
-- current and the new role. Nobody changes their own role.
CREATE FUNCTION staff_set_role(login text, role_name text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    s     staff := staff_admin_target(staff_set_role.login);
    old_r roles;
    new_r roles := staff_admin_role(staff_set_role.role_name);
    g     name;
BEGIN
    SELECT * INTO old_r FROM roles WHERE id = s.role_id;
    PERFORM staff_admin_authorize('ops.staff.edit', 'change the role of a staff member to or from that role',
                                  ARRAY[old_r.name, new_r.name]);
    IF s.login = session_user THEN
        RAISE EXCEPTION 'permission denied: nobody changes their own role; ask another administrator'
            USING ERRCODE = '42501';
    END IF;
    -- Exactly one app-role group: the new one (also repairs a login that drifted into several).
    FOR g IN SELECT staff_role_group(x.name) FROM roles x WHERE x.id <> new_r.id LOOP
        IF EXISTS (SELECT 1 FROM pg_auth_members m
                   JOIN pg_roles gr ON gr.oid = m.roleid
                   JOIN pg_roles u ON u.oid = m.member
                   WHERE gr.rolname = g AND u.rolname = s.login) THEN
            EXECUTE format('REVOKE %I FROM %I', g, s.login);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m
                   JOIN pg_roles gr ON gr.oid = m.roleid
                   JOIN pg_roles u ON u.oid = m.member
                   WHERE gr.rolname = staff_role_group(new_r.name) AND u.rolname = s.login) THEN
        EXECUTE format('GRANT %I TO %I', staff_role_group(new_r.name), s.login);
    END IF;
    IF old_r.id = new_r.id THEN
        RETURN;
    END IF;
    UPDATE staff SET role_id = new_r.id WHERE id = s.id;
    INSERT INTO audit_log (action, table_name, row_id, old_values, new_values, reason)
    VALUES ('staff.set_role', 'staff', s.id::text, jsonb_build_object('login', s.login, 'role', old_r.name),
            jsonb_build_object('login', s.login, 'role', new_r.name),
            'PostgreSQL group changed from ' || old_r.name || ' to ' || new_r.name);
END $fn$;

-- Stops `login` from signing in (NOLOGIN), marks it disabled and ends its open connections.
-- Needs ops.staff.delete and the level rule. Nobody disables their own login.
CREATE FUNCTION staff_disable(login text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    s   staff := staff_admin_target(staff_disable.login);
    r   roles;
    pid integer;
BEGIN
    SELECT * INTO r FROM roles WHERE id = s.role_id;
    PERFORM staff_admin_authorize('ops.staff.delete', 'disable a staff member of that role', ARRAY[r.name]);
    IF s.login = session_user THEN
        RAISE EXCEPTION 'permission denied: nobody disables their own login; ask another administrator'
            USING ERRCODE = '42501';
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', s.login);
    UPDATE staff SET status = 'disabled' WHERE id = s.id AND status <> 'disabled';
    UPDATE staff_sessions SET ended_at = now(), end_reason = 'terminated'
    WHERE staff_id = s.id AND ended_at IS NULL;
    INSERT INTO audit_log (action, table_name, row_id, new_values, reason)
    VALUES ('staff.disable', 'staff', s.id::text, jsonb_build_object('login', s.login, 'role', r.name),
            'PostgreSQL login set to NOLOGIN; its connections ended');
    -- Last, as it cannot be undone: the login's open connections end now. Their permissions are
    -- gone anyway (has_permission only counts active staff).
    IF pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') THEN
        FOR pid IN SELECT a.pid FROM pg_stat_activity a WHERE a.usename = s.login AND a.pid <> pg_backend_pid() LOOP
            PERFORM pg_terminate_backend(pid, 3000);
        END LOOP;
    ELSE
        RAISE WARNING 'the login "%" is disabled, but its open connections were not ended: run `opsdeck-admin bootstrap` once as a PostgreSQL superuser', s.login;
    END IF;
END $fn$;

-- Lets `login` sign in again. Needs ops.staff.delete and the level rule.
CREATE FUNCTION staff_enable(login text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    s staff := staff_admin_target(staff_enable.login);
    r roles;
BEGIN
    SELECT * INTO r FROM roles WHERE id = s.role_id;
    PERFORM staff_admin_authorize('ops.staff.delete', 'enable a staff member of that role', ARRAY[r.name]);
    EXECUTE format('ALTER ROLE %I LOGIN', s.login);
    UPDATE staff SET status = 'active' WHERE id = s.id AND status <> 'active';
    INSERT INTO audit_log (action, table_name, row_id, new_values, reason)
    VALUES ('staff.enable', 'staff', s.id::text, jsonb_build_object('login', s.login, 'role', r.name),
            'PostgreSQL login set to LOGIN');
END $fn$;

-- Sets the password of `login` to the client-computed SCRAM `verifier`. One's own: any staff
-- member; someone else's: ops.staff.edit and the level rule.
CREATE FUNCTION staff_set_password(login text, verifier text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    s   staff := staff_admin_target(staff_set_password.login);
    r   roles;
    own boolean := s.login = session_user;
BEGIN
    SELECT * INTO r FROM roles WHERE id = s.role_id;
    IF NOT own THEN
        PERFORM staff_admin_authorize('ops.staff.edit', 'set the password of a staff member of that role',
                                      ARRAY[r.name]);
    END IF;
    PERFORM staff_admin_check_verifier(staff_set_password.verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', s.login, staff_set_password.verifier);
    INSERT INTO audit_log (action, table_name, row_id, new_values, reason)
    VALUES ('staff.password_set', 'staff', s.id::text, jsonb_build_object('login', s.login, 'own', own),
            CASE WHEN own THEN 'changed their own password' ELSE 'password set by an administrator' END);
END $fn$;

-- Sessions ---------------------------------------------------------------------------------------

-- Records that the signed-in staff member's console started on this connection; returns its id.
-- On the way, sessions of theirs whose connection is gone, and any open session still recorded on
-- this backend's pid (a connection that no longer exists), are closed as 'expired'.
CREATE FUNCTION session_begin(client_host text, app_version text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    me     uuid;
    new_id uuid;
BEGIN
    SELECT s.id INTO me FROM staff s WHERE s.login = session_user AND s.status = 'active';
    IF me IS NULL THEN
        RAISE EXCEPTION 'permission denied: only active staff members record sessions' USING ERRCODE = '42501';
    END IF;
    UPDATE staff_sessions ss SET ended_at = greatest(now(), ss.started_at), end_reason = 'expired'
    WHERE ss.ended_at IS NULL
      AND ((ss.staff_id = me AND NOT staff_session_alive(ss.backend_pid, session_user))
           OR (ss.backend_pid = pg_backend_pid() AND ss.staff_id <> me));
    INSERT INTO staff_sessions (staff_id, backend_pid, client_host, app_version)
    VALUES (me, pg_backend_pid(), left(session_begin.client_host, 255), left(session_begin.app_version, 64))
    RETURNING id INTO new_id;
    UPDATE staff SET last_login_at = now() WHERE id = me;
    RETURN new_id;
END $fn$;

-- Ends one of the caller's own sessions (signed out). False when it had ended already.
CREATE FUNCTION session_end(id uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    me    uuid := my_staff_id();
    ended timestamptz;
BEGIN
    SELECT ss.ended_at INTO ended FROM staff_sessions ss
    WHERE ss.id = session_end.id AND ss.staff_id = me FOR UPDATE;
    IF NOT FOUND OR me IS NULL THEN
        RAISE EXCEPTION 'permission denied: % is not one of your sessions', session_end.id USING ERRCODE = '42501';
    END IF;
    IF ended IS NOT NULL THEN
        RETURN false;
    END IF;
    UPDATE staff_sessions ss SET ended_at = greatest(now(), ss.started_at), end_reason = 'signed_out'
    WHERE ss.id = session_end.id;
    RETURN true;
END $fn$;

-- Ends someone else's session: its connection is terminated and the session marked 'terminated'.
-- Needs ops.staff.edit and the level rule. True when a live connection was ended.
CREATE FUNCTION session_terminate(id uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    ss    staff_sessions;
    s     staff;
    r     roles;
    alive boolean;
BEGIN
    SELECT * INTO ss FROM staff_sessions x WHERE x.id = session_terminate.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no session has the id %', session_terminate.id USING ERRCODE = 'P0002';
    END IF;
    SELECT * INTO s FROM staff WHERE staff.id = ss.staff_id;
    SELECT * INTO r FROM roles WHERE roles.id = s.role_id;
    PERFORM staff_admin_authorize('ops.staff.edit', 'end the session of a staff member of that role', ARRAY[r.name]);
    IF ss.backend_pid = pg_backend_pid() THEN
        RAISE EXCEPTION 'this is your own current session: sign out instead' USING ERRCODE = '22023';
    END IF;
    IF NOT pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') THEN
        RAISE EXCEPTION 'the installation''s owner role may not end connections: run `opsdeck-admin bootstrap` once as a PostgreSQL superuser'
            USING ERRCODE = '42501';
    END IF;
    alive := staff_session_alive(ss.backend_pid, s.login);
    IF ss.ended_at IS NULL THEN
        UPDATE staff_sessions x SET ended_at = greatest(now(), x.started_at), end_reason = 'terminated'
        WHERE x.id = ss.id;
    ELSIF NOT alive THEN
        RETURN false; -- over already; nothing to do
    END IF;
    INSERT INTO audit_log (action, table_name, row_id, new_values, reason)
    VALUES ('session.terminate', 'staff_sessions', ss.id::text,
            jsonb_build_object('login', s.login, 'backend_pid', ss.backend_pid, 'connection_open', alive),
            CASE WHEN alive THEN 'session ended and its connection terminated' ELSE 'session marked ended; its connection was already gone' END);
    -- Last, as it cannot be undone.
    IF alive THEN
        PERFORM pg_terminate_backend(ss.backend_pid, 3000);
    END IF;
    RETURN alive;
END $fn$;

-- Open sessions whose connection still exists: one's own, everyone's with ops.staff.view.
CREATE FUNCTION active_sessions()
RETURNS TABLE (id uuid, staff_id uuid, login text, full_name text, role_name text, backend_pid integer,
               client_host text, app_version text, started_at timestamptz, is_current boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT ss.id, ss.staff_id, s.login, s.full_name, r.name, ss.backend_pid, ss.client_host,
           ss.app_version, ss.started_at, ss.backend_pid = pg_backend_pid()
    FROM staff_sessions ss
    JOIN staff s ON s.id = ss.staff_id
    JOIN roles r ON r.id = s.role_id
    WHERE ss.ended_at IS NULL AND staff_session_alive(ss.backend_pid, s.login)
      AND (ss.staff_id = my_staff_id() OR has_permission('ops.staff.view') OR staff_admin_is_superuser())
    ORDER BY ss.started_at DESC, ss.id
$$;

-- Staff call the API; the helpers stay the owner's.
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY['staff_admin_is_superuser()'::regprocedure, 'staff_admin_role(text)'::regprocedure,
                              'staff_admin_target(text)'::regprocedure,
                              'staff_admin_authorize(text, text, text[])'::regprocedure,
                              'staff_admin_check_verifier(text)'::regprocedure,
                              'staff_session_alive(integer, text)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    FOREACH fn IN ARRAY ARRAY['staff_create(text, text, text, text, text)'::regprocedure,
                              'staff_set_role(text, text)'::regprocedure, 'staff_disable(text)'::regprocedure,
                              'staff_enable(text)'::regprocedure, 'staff_set_password(text, text)'::regprocedure,
                              'session_begin(text, text)'::regprocedure, 'session_end(uuid)'::regprocedure,
                              'session_terminate(uuid)'::regprocedure, 'active_sessions()'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
