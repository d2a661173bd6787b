-- The tenant dashboard's data (seed 004 Capability 3, Clients issue item 4): one call returns every
-- number of the dashboard as one JSON document, so the console runs one statement per refresh and no
-- aggregation loops in C++.
--
--   analytics_summary(site_id uuid DEFAULT NULL, range text DEFAULT '7d') -> jsonb
--
-- site_id NULL = every tenant (tenants.view sees them all; there is no per-tenant row filter). range
-- is '1d', '7d' or '30d', anything else 22023. The window is aligned to whole UTC buckets so a
-- chart's bars add up to the totals: '7d'/'30d' = the last 7/30 UTC calendar days including today
-- (daily buckets), '1d' = the last 24 whole UTC hours including the current one (hourly buckets, a
-- single daily bar would say nothing). "from" in the JSON is the window's start.
--
-- Permissions are enforced here, per section; a section the caller may not see is JSON null:
--   always (tenants.view)   tenants, totals.events, events series, health (event part)
--   contacts.view           totals.contacts, recent_contacts (always masked, even with
--                           contacts.full_access: unmasked values only via pii.reveal_pii, audited)
--   records.view            totals.records_by_type, top_workers, recent_records (titles scrubbed)
--   agents.view             totals.agent_actions, health.failed_actions_1h / agent_success_rate /
--                           agent_actions, recent_agent_actions
--   tenants.revenue         revenue (one tenant only)
-- recent_* and revenue are null for "all tenants". Agent actions of system agents without a tenant
-- (the global data monitor) belong to no tenant and are not counted.
--
-- Revenue is the client cards' (0017) net booked revenue, so a card and its dashboard agree:
-- sum(amount - refunded_amount) of bookings by the UTC bucket of created_at (when the booking was
-- made), status confirmed, in_progress or completed, payment not failed, in the tenant's currency
-- (bookings of another currency are left out rather than added as if they were the same money).

-- Timestamps leave as ISO 8601 UTC with milliseconds, whatever the session's TimeZone. STABLE like
-- to_char and without a SET clause, so the planner inlines it.
CREATE FUNCTION analytics_iso(ts timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION analytics_summary(site_id uuid DEFAULT NULL, range text DEFAULT '7d') RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    now_ts      timestamptz := now();
    step        interval;
    buckets     integer;
    from_ts     timestamptz;
    ids         uuid[];
    one         boolean := analytics_summary.site_id IS NOT NULL;
    can_contact boolean := has_permission('contacts.view');
    can_record  boolean := has_permission('records.view');
    can_agent   boolean := has_permission('agents.view');
    can_revenue boolean := has_permission('tenants.revenue');
    result      jsonb;
BEGIN
    PERFORM require_permission('tenants.view');
    IF analytics_summary.range IS NULL OR analytics_summary.range NOT IN ('1d', '7d', '30d') THEN
        RAISE EXCEPTION 'the dashboard range must be 1d, 7d or 30d, not %',
            coalesce(quote_literal(analytics_summary.range), 'NULL')
            USING ERRCODE = '22023';
    END IF;
    IF analytics_summary.range = '1d' THEN
        step := interval '1 hour';
        buckets := 24;
        from_ts := (date_trunc('hour', now_ts AT TIME ZONE 'UTC') - interval '23 hours') AT TIME ZONE 'UTC';
    ELSE
        step := interval '1 day';
        buckets := CASE analytics_summary.range WHEN '7d' THEN 7 ELSE 30 END;
        from_ts := (date_trunc('day', now_ts AT TIME ZONE 'UTC') - (buckets - 1) * interval '1 day') AT TIME ZONE 'UTC';
    END IF;

    SELECT coalesce(array_agg(t.id ORDER BY t.name, t.id), '{}') INTO ids
    FROM tenants t
    WHERE NOT one OR t.id = analytics_summary.site_id;
    IF one AND cardinality(ids) = 0 THEN
        RAISE EXCEPTION 'no tenant has the id %', analytics_summary.site_id USING ERRCODE = 'P0002';
    END IF;

    WITH
    scope AS (
        SELECT t.id, t.name, t.slug, t.status, t.currency, t.brand_color
        FROM tenants t WHERE t.id = ANY (ids)
    ),
    slots AS (
        SELECT g AS i, from_ts + g * step AS t0 FROM generate_series(0, buckets - 1) AS g
    ),
    ev AS (
        SELECT e.tenant_id, date_bin(step, e.created_at, from_ts) AS t0, count(*) AS n
        FROM events e
        WHERE e.tenant_id = ANY (ids) AND e.created_at >= from_ts AND e.created_at < from_ts + buckets * step
        GROUP BY 1, 2
    ),
    aa AS (
        SELECT a.tenant_id,
               count(*) AS total,
               count(*) FILTER (WHERE a.status = 'success') AS success,
               count(*) FILTER (WHERE a.status = 'failed') AS failed,
               count(*) FILTER (WHERE a.status = 'escalated') AS escalated
        FROM agent_actions a
        WHERE can_agent AND a.tenant_id = ANY (ids) AND a.created_at >= from_ts
        GROUP BY 1
    ),
    health AS (
        SELECT s.id, s.name, s.slug, s.status,
               (SELECT count(*) FROM events e WHERE e.tenant_id = s.id AND e.processed_at IS NULL) AS unprocessed,
               (SELECT max(e.created_at) FROM events e WHERE e.tenant_id = s.id) AS last_event_at,
               (SELECT coalesce(sum(x.n), 0) FROM ev x WHERE x.tenant_id = s.id) AS events,
               CASE WHEN can_agent THEN (SELECT count(*) FROM agent_actions a
                                         WHERE a.tenant_id = s.id AND a.status = 'failed'
                                           AND a.created_at >= now_ts - interval '1 hour') END AS failed_1h,
               a.total, a.success
        FROM scope s
        LEFT JOIN aa a ON a.tenant_id = s.id
    )
    SELECT jsonb_build_object(
        'generated_at', analytics_iso(now_ts),
        'range', analytics_summary.range,
        'site_id', analytics_summary.site_id,
        'from', analytics_iso(from_ts),
        'bucket', CASE WHEN step = interval '1 hour' THEN 'hour' ELSE 'day' END,
        'permissions', jsonb_build_object('contacts', can_contact, 'records', can_record, 'agents', can_agent,
                                          'revenue', can_revenue),
        'tenants', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'slug', s.slug,
                                                                 'status', s.status, 'currency', s.currency,
                                                                 'brand_color', s.brand_color)
                                              ORDER BY s.name, s.id), '[]')
                    FROM scope s),
        'totals', jsonb_build_object(
            'contacts', CASE WHEN can_contact THEN (SELECT count(*) FROM contacts c WHERE c.tenant_id = ANY (ids)) END,
            'events', (SELECT coalesce(sum(x.n), 0) FROM ev x),
            'agent_actions', CASE WHEN can_agent THEN (
                SELECT jsonb_build_object('total', coalesce(sum(a.total), 0), 'success', coalesce(sum(a.success), 0),
                                          'failed', coalesce(sum(a.failed), 0),
                                          'escalated', coalesce(sum(a.escalated), 0))
                FROM aa a) END,
            'records_by_type', CASE WHEN can_record THEN (
                SELECT jsonb_object_agg(k.t, coalesce(r.n, 0))
                FROM unnest(ARRAY['quote', 'job', 'invoice', 'booking', 'note', 'task']) AS k(t)
                LEFT JOIN (SELECT r.record_type, count(*) AS n FROM records r
                           WHERE r.tenant_id = ANY (ids) GROUP BY 1) r ON r.record_type = k.t) END),
        'events_series', jsonb_build_object(
            'buckets', (SELECT jsonb_agg(analytics_iso(sl.t0) ORDER BY sl.i) FROM slots sl),
            'series', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                           'tenant_id', s.id, 'name', s.name,
                                           'counts', (SELECT jsonb_agg(coalesce(x.n, 0) ORDER BY sl.i)
                                                      FROM slots sl
                                                      LEFT JOIN ev x ON x.tenant_id = s.id AND x.t0 = sl.t0))
                                       ORDER BY s.name, s.id), '[]')
                       FROM scope s)),
        'health', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                      'tenant_id', h.id, 'name', h.name, 'slug', h.slug, 'status', h.status,
                                      'events', h.events,
                                      'unprocessed_events', h.unprocessed,
                                      'last_event_at', analytics_iso(h.last_event_at),
                                      'failed_actions_1h', h.failed_1h,
                                      'agent_actions', CASE WHEN can_agent THEN coalesce(h.total, 0) END,
                                      'agent_success_rate', CASE WHEN can_agent AND h.total > 0
                                                                 THEN round(100.0 * h.success / h.total, 1) END)
                                  ORDER BY h.name, h.id), '[]')
                   FROM health h),
        'top_workers', CASE WHEN can_record THEN (
            SELECT coalesce(jsonb_agg(jsonb_build_object('worker_id', w.id, 'tenant_id', w.tenant_id,
                                                         'name', pii.mask_name(w.full_name), 'role', w.role,
                                                         'records', w.n)
                                      ORDER BY w.n DESC, w.id), '[]')
            FROM (SELECT wk.id, wk.tenant_id, wk.full_name, wk.role, count(*) AS n
                  FROM records r JOIN workers wk ON wk.id = r.worker_id
                  WHERE r.tenant_id = ANY (ids)
                  GROUP BY wk.id
                  ORDER BY count(*) DESC, wk.id
                  LIMIT 5) w) END,
        'revenue', CASE WHEN one AND can_revenue THEN (
            SELECT jsonb_build_object(
                'currency', s.currency,
                'total', coalesce(sum(x.amount), 0),
                'amounts', jsonb_agg(coalesce(x.amount, 0) ORDER BY sl.i))
            FROM scope s
            CROSS JOIN slots sl
            LEFT JOIN (SELECT date_bin(step, b.created_at, from_ts) AS t0,
                              sum(b.amount - b.refunded_amount) AS amount
                       FROM bookings b JOIN scope s2 ON s2.id = b.tenant_id AND s2.currency = b.currency
                       WHERE b.status IN ('confirmed', 'in_progress', 'completed') AND b.payment_status <> 'failed'
                         AND b.created_at >= from_ts AND b.created_at < from_ts + buckets * step
                       GROUP BY 1) x ON x.t0 = sl.t0
            GROUP BY s.currency) END,
        'recent_records', CASE WHEN one AND can_record THEN (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', r.id, 'record_type', r.record_type, 'status', r.status,
                                'title', pii.scrub_pii(r.title, c.full_name), 'amount', r.amount,
                                'currency', r.currency, 'worker', pii.mask_name(w.full_name),
                                'created_at', analytics_iso(r.created_at))
                            ORDER BY r.created_at DESC, r.id), '[]')
            FROM (SELECT * FROM records r0 WHERE r0.tenant_id = analytics_summary.site_id
                  ORDER BY r0.created_at DESC, r0.id LIMIT 10) r
            LEFT JOIN contacts c ON c.id = r.contact_id
            LEFT JOIN workers w ON w.id = r.worker_id) END,
        'recent_contacts', CASE WHEN one AND can_contact THEN (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', c.id, 'name', pii.mask_name(c.full_name), 'mobile', pii.mask_mobile(c.mobile),
                                'email', pii.mask_email(c.email), 'source', c.source, 'status', c.status,
                                'created_at', analytics_iso(c.created_at))
                            ORDER BY c.created_at DESC, c.id), '[]')
            FROM (SELECT * FROM contacts c0 WHERE c0.tenant_id = analytics_summary.site_id
                  ORDER BY c0.created_at DESC, c0.id LIMIT 10) c) END,
        'recent_agent_actions', CASE WHEN one AND can_agent THEN (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', a.id, 'agent', g.name, 'action_type', a.action_type, 'status', a.status,
                                'error', pii.scrub_pii(a.error), 'duration_ms', a.duration_ms,
                                'created_at', analytics_iso(a.created_at))
                            ORDER BY a.created_at DESC, a.id), '[]')
            FROM (SELECT * FROM agent_actions a0 WHERE a0.tenant_id = analytics_summary.site_id
                  ORDER BY a0.created_at DESC, a0.id LIMIT 10) a
            JOIN agents g ON g.id = a.agent_id) END
    ) INTO result;
    RETURN result;
END $$;

REVOKE EXECUTE ON FUNCTION analytics_iso(timestamptz) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE 'REVOKE EXECUTE ON FUNCTION analytics_summary(uuid, text) FROM PUBLIC';
    EXECUTE format('GRANT EXECUTE ON FUNCTION analytics_summary(uuid, text) TO %I', staff_group_role());
END $$;
