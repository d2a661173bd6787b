-- Security follow-ups (security issue items 6 and 9).
--
-- 1. A successful sign-in resets the failed-sign-in count: record_auth_failure counts failures
--    since the later of the window's start, the last lock or unlock, and the last successful
--    sign-in (staff.last_login_at, written by session_begin).
-- 2. staff_unlock follows the level rule of the other staff functions (0008): nobody unlocks a
--    staff member whose role is above their own.
-- 3. The tables masked since 0009's second part (sign-in events, workers, event payloads,
--    records) can be revealed on demand too, with contacts.full_access and a reason, audited.

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

CREATE OR REPLACE FUNCTION pii.reveal_pii(table_name text, ids text[], fields text[], reason text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    allowed   text[];
    full_perm text;
    key_type  text := 'uuid';
    wanted    text[];
    why       text := btrim(coalesce(reveal_pii.reason, ''));
    pairs     text;
    result    jsonb;
    revealed  text[];
BEGIN
    CASE reveal_pii.table_name
    WHEN 'contacts' THEN
        allowed := ARRAY['full_name', 'mobile', 'email']; full_perm := 'contacts.full_access';
    WHEN 'priority_queue' THEN
        allowed := ARRAY['user_name', 'user_mobile', 'user_email', 'message_snippet'];
        full_perm := 'ops.priority_queue.full_access';
    WHEN 'bookings' THEN
        allowed := ARRAY['notes']; full_perm := 'contacts.full_access';
    WHEN 'complaints' THEN
        allowed := ARRAY['subject', 'description', 'resolution']; full_perm := 'contacts.full_access';
    WHEN 'error_logs' THEN
        allowed := ARRAY['error_message', 'stack_trace', 'request_body', 'ip_address'];
        full_perm := 'contacts.full_access'; key_type := 'bigint';
    WHEN 'sms_messages' THEN
        allowed := ARRAY['from_number', 'to_number', 'body']; full_perm := 'contacts.full_access';
    WHEN 'login_events' THEN
        allowed := ARRAY['user_email', 'ip_address']; full_perm := 'contacts.full_access'; key_type := 'bigint';
    WHEN 'workers' THEN
        allowed := ARRAY['full_name', 'email']; full_perm := 'contacts.full_access';
    WHEN 'events' THEN
        allowed := ARRAY['payload']; full_perm := 'contacts.full_access';
    WHEN 'records' THEN
        allowed := ARRAY['title', 'payload']; full_perm := 'contacts.full_access';
    ELSE
        RAISE EXCEPTION 'PII cannot be revealed from "%"', reveal_pii.table_name
            USING ERRCODE = '22023', HINT = 'contacts, priority_queue, bookings, complaints, error_logs, sms_messages, login_events, workers, events, records';
    END CASE;
    PERFORM require_permission(full_perm);
    IF length(why) < 5 THEN
        RAISE EXCEPTION 'a reveal needs a reason of at least 5 characters' USING ERRCODE = '22023';
    END IF;
    IF fields IS NULL OR cardinality(fields) = 0 OR NOT (fields <@ allowed) OR array_position(fields, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'fields of % that can be revealed: %', reveal_pii.table_name, array_to_string(allowed, ', ')
            USING ERRCODE = '22023';
    END IF;
    IF ids IS NULL OR cardinality(ids) NOT BETWEEN 1 AND 500 OR array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'a reveal names 1 to 500 row ids' USING ERRCODE = '22023';
    END IF;
    -- Whitelisted names only, in the whitelist's order, each once.
    SELECT array_agg(a ORDER BY o) INTO wanted FROM unnest(allowed) WITH ORDINALITY AS u(a, o) WHERE a = ANY (fields);
    SELECT string_agg(format('%L, to_jsonb(t.%I)', f, f), ', ') INTO pairs FROM unnest(wanted) AS f;
    EXECUTE format('SELECT jsonb_object_agg(t.id::text, jsonb_build_object(%s)), array_agg(t.id::text ORDER BY t.id) '
                   'FROM public.%I t WHERE t.id = ANY ($1::%s[])', pairs, reveal_pii.table_name, key_type)
        INTO result, revealed
        USING ids;
    IF revealed IS NULL THEN
        RETURN '{}'::jsonb; -- nothing revealed, nothing to audit
    END IF;
    INSERT INTO public.audit_log (action, table_name, row_id, pii_accessed, pii_fields, reason)
    VALUES ('pii.reveal', reveal_pii.table_name, array_to_string(revealed, ','), true, wanted, why);
    RETURN result;
END $$;
