-- The Clients tab's aggregated alerts feed (issue 5, item 2): snoozing, and a feed with filters.
--
-- alert_snooze(ids, until) hides alerts from the caller's feed until a time (at most 30 days ahead)
-- or, with NULL, brings them back at once. It follows alert_require_addressed (0013): the caller's
-- own alerts, broadcast ones, and any alert for manager level.
--
-- alert_feed_filtered(severities, tenant, kind, state, max_rows) is alert_feed (0013, kept for
-- the header) with filters — NULL means no filter — and the columns the feed shows: the tenant's
-- name, who acknowledged, and the caller's read / dismissed / snooze marks. States, per caller:
--   active     not dismissed and not currently snoozed (the default)
--   unread     active, open, and not read
--   read       active and read
--   snoozed    currently snoozed (snoozed_until in the future), not dismissed
--   dismissed  dismissed
-- alert_next_snooze_end() says when the caller's next snooze ends.
-- A snooze that has ended needs no write: the alert is active (and unread if it was) again, as in
-- my_unread_alert_count().

CREATE FUNCTION alert_snooze(ids uuid[], until timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM alert_require_addressed(ids);
    IF until IS NOT NULL AND until <= now() THEN
        RAISE EXCEPTION 'snooze until a time in the future (% has passed)', to_char(until, 'YYYY-MM-DD HH24:MI TZ')
            USING ERRCODE = '22023';
    END IF;
    IF until > now() + interval '30 days' THEN
        RAISE EXCEPTION 'snooze for at most 30 days (until % at the latest)', to_char(now() + interval '30 days', 'YYYY-MM-DD HH24:MI TZ')
            USING ERRCODE = '22023';
    END IF;
    WITH m AS (
        INSERT INTO alert_staff_state AS s (alert_id, staff_id, snoozed_until)
        SELECT a.id, my_staff_id(), until FROM alerts a WHERE a.id = ANY (ids)
        ON CONFLICT (alert_id, staff_id) DO UPDATE SET snoozed_until = excluded.snoozed_until
        WHERE s.snoozed_until IS DISTINCT FROM excluded.snoozed_until
        RETURNING 1
    )
    SELECT count(*) INTO n FROM m;
    RETURN n;
END $$;

CREATE FUNCTION alert_feed_filtered(severities text[] DEFAULT NULL, tenant uuid DEFAULT NULL,
                                    kind text DEFAULT NULL, state text DEFAULT NULL,
                                    max_rows integer DEFAULT 200)
RETURNS TABLE (id uuid, alert_type text, severity text, title text, message text, tenant_id uuid,
               tenant_name text, resource_type text, resource_id text, status text, audience text,
               assigned_to_me boolean, flapping boolean, created_at timestamptz, acknowledged_at timestamptz,
               acknowledged_by_name text, read_at timestamptz, dismissed_at timestamptz,
               snoozed_until timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me  uuid := my_staff_id();
    lvl smallint := alert_my_level();
    st_ text := coalesce(state, 'active');
BEGIN
    PERFORM require_permission('ops.alerts.view');
    IF NOT st_ = ANY (ARRAY['active', 'unread', 'read', 'snoozed', 'dismissed']) THEN
        RAISE EXCEPTION 'state must be active, unread, read, snoozed or dismissed (not %)', state USING ERRCODE = '22023';
    END IF;
    IF severities IS NOT NULL AND NOT severities <@ ARRAY['critical', 'warning', 'info'] THEN
        RAISE EXCEPTION 'severities must be critical, warning or info' USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    SELECT a.id, a.alert_type, a.severity, a.title, a.message, a.tenant_id, t.name, a.resource_type, a.resource_id,
           a.status,
           CASE WHEN a.assigned_to_staff_id IS NOT NULL THEN 'assignee' WHEN a.is_broadcast THEN 'broadcast'
                ELSE 'managers' END,
           a.assigned_to_staff_id IS NOT DISTINCT FROM me,
           coalesce((a.alert_metadata ->> 'flapping')::boolean, false),
           a.created_at, a.acknowledged_at, ack.full_name, s.read_at, s.dismissed_at,
           CASE WHEN s.snoozed_until > now() THEN s.snoozed_until END
    FROM alerts a
    LEFT JOIN alert_staff_state s ON s.alert_id = a.id AND s.staff_id = me
    LEFT JOIN tenants t ON t.id = a.tenant_id
    LEFT JOIN staff ack ON ack.id = a.acknowledged_by
    WHERE a.status <> 'resolved' AND alert_in_feed(a, me, lvl)
      AND (severities IS NULL OR a.severity = ANY (severities))
      AND (tenant IS NULL OR a.tenant_id = tenant)
      AND (kind IS NULL OR a.alert_type = kind)
      AND CASE st_
              WHEN 'dismissed' THEN s.dismissed_at IS NOT NULL
              WHEN 'snoozed' THEN s.dismissed_at IS NULL AND coalesce(s.snoozed_until > now(), false)
              ELSE s.dismissed_at IS NULL AND (s.snoozed_until IS NULL OR s.snoozed_until <= now())
                   AND CASE st_
                           WHEN 'unread' THEN a.status = 'open' AND s.read_at IS NULL
                           WHEN 'read' THEN s.read_at IS NOT NULL
                           ELSE true END
          END
    ORDER BY a.created_at DESC, a.id
    LIMIT greatest(1, least(coalesce(max_rows, 200), 1000));
END $$;

-- When the caller's next snooze ends (NULL: none running), so a feed can reload at that moment: an
-- ending snooze writes nothing, so no NOTIFY announces it.
CREATE FUNCTION alert_next_snooze_end() RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me  uuid := my_staff_id();
    lvl smallint := alert_my_level();
BEGIN
    PERFORM require_permission('ops.alerts.view');
    RETURN (SELECT min(s.snoozed_until) FROM alert_staff_state s JOIN alerts a ON a.id = s.alert_id
            WHERE s.staff_id = me AND s.snoozed_until > now() AND s.dismissed_at IS NULL
              AND a.status <> 'resolved' AND alert_in_feed(a, me, lvl));
END $$;

DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY[
        'alert_snooze(uuid[], timestamptz)'::regprocedure,
        'alert_feed_filtered(text[], uuid, text, text, integer)'::regprocedure,
        'alert_next_snooze_end()'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
