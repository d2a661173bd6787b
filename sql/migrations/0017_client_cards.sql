-- Client cards (issue 5, Clients tab): one row per tenant with its health, its freshness, its open
-- alerts and, for roles holding tenants.revenue, its revenue — all in one call, client_cards().
--
-- Health is judged in SQL from four signals, with thresholds in ops_config (clients.health.*):
--   error_rate       5xx responses / all API requests (api_metrics) within the window; judged only
--                    with at least min_requests requests (a handful of requests says nothing)
--   p95_latency      95th percentile of response_time_ms within the same window (same minimum)
--   pipeline         hours since the last completed data_import_jobs run (completed_at); a tenant
--                    with runs but never a completed one is red; one without any run is not judged
--   critical_alerts  unresolved (open or acknowledged) critical alerts about the tenant's systems:
--                    its API, pipeline, outbound deliveries, stations. Complaint alerts (SLA breach,
--                    critical complaint) are the support queue's work, not the client's health, and
--                    count only when clients.health.complaint_alerts_count is on; the card's alert
--                    badge shows every unresolved alert either way.
-- Each signal is ok, yellow (at or above its warn threshold) or red (at or above its red
-- threshold); the card is the worst of them. Inactive tenants are 'inactive' and not judged.
-- health_reasons lists the signals that are not ok, worst first, each with value, threshold, unit
-- and a sentence for the tooltip.
--
-- Revenue (NULL unless has_permission('tenants.revenue'): the database decides, not the client):
-- net booked revenue = sum(amount - refunded_amount) of the tenant's bookings by created_at (the
-- moment the booking was made), status confirmed, in_progress or completed (pending ones are not
-- yet agreed, cancelled ones are not revenue), payment not failed, in the tenant's own currency.
-- "This week" is the rolling 7 days before now(), "last week" the 7 days before that; the
-- sparkline holds 14 rolling 24-hour buckets, oldest first, so its last 7 add up to this week.

SET LOCAL opsdeck.bulk_load = 'on';

INSERT INTO ops_config (config_key, value_type, config_value, default_value, min_value, max_value, unit, description) VALUES
    ('clients.health.window_minutes', 'integer', '1440', '1440', 15, 10080, 'min',
     'The window of API requests a client card''s error rate and p95 latency are computed over'),
    ('clients.health.min_requests', 'integer', '50', '50', 1, 100000, 'requests',
     'Fewer requests than this in the window leave error rate and latency unjudged on the client card'),
    ('clients.health.error_rate_warn_percent', 'number', '2', '2', 0, 100, '%',
     'A client card turns yellow when this share of the window''s API requests failed with 5xx'),
    ('clients.health.error_rate_red_percent', 'number', '5', '5', 0, 100, '%',
     'A client card turns red when this share of the window''s API requests failed with 5xx'),
    ('clients.health.latency_warn_ms', 'integer', '1000', '1000', 1, 600000, 'ms',
     'A client card turns yellow when the window''s 95th percentile response time reaches this'),
    ('clients.health.latency_red_ms', 'integer', '3000', '3000', 1, 600000, 'ms',
     'A client card turns red when the window''s 95th percentile response time reaches this'),
    ('clients.health.pipeline_warn_hours', 'number', '6', '6', 0.25, 720, 'h',
     'A client card turns yellow when the last successful pipeline run is this old'),
    ('clients.health.pipeline_red_hours', 'number', '24', '24', 0.25, 720, 'h',
     'A client card turns red when the last successful pipeline run is this old'),
    ('clients.health.critical_alerts_red', 'integer', '1', '1', 1, 1000, 'alerts',
     'A client card turns red when the tenant has this many unresolved critical alerts about its systems'),
    ('clients.health.complaint_alerts_count', 'boolean', 'false', 'false', NULL, NULL, NULL,
     'Critical complaint alerts (SLA breach, critical complaint) also turn a client card red');

SET LOCAL opsdeck.bulk_load = 'off';

-- One signal's verdict as a reason object, or NULL when it is ok (or not judged). This helper and
-- client_window_text are plain expressions over built-ins without a SET clause, so the planner
-- inlines them into client_cards (whose search_path is fixed) instead of calling them per row.
CREATE FUNCTION client_health_reason(signal text, value numeric, warn numeric, red numeric, unit text,
                                     what text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN value IS NULL OR (value < warn AND value < red) THEN NULL
        ELSE jsonb_build_object(
            'signal', signal,
            'level', CASE WHEN value >= red THEN 'red' ELSE 'yellow' END,
            'value', value,
            'threshold', CASE WHEN value >= red THEN red ELSE warn END,
            'unit', unit,
            'text', what || ' (' || CASE WHEN value >= red THEN 'red' ELSE 'yellow' END || ' at '
                    || trim_scale(CASE WHEN value >= red THEN red ELSE warn END) || ' ' || unit || ')')
    END
$$;

-- "24 h", "90 min", "7 d": the window in the words of a tooltip.
CREATE FUNCTION client_window_text(minutes integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN minutes > 1440 AND minutes % 1440 = 0 THEN (minutes / 1440) || ' d'
                WHEN minutes % 60 = 0 THEN (minutes / 60) || ' h'
                ELSE minutes || ' min' END
$$;

CREATE FUNCTION client_cards(tenant uuid DEFAULT NULL)
RETURNS TABLE (
    id                    uuid,
    name                  text,
    slug                  text,
    logo                  bytea,
    brand_color           text,
    status                text,
    currency              text,
    health                text,
    health_reasons        jsonb,
    request_count         bigint,
    health_window_minutes integer,
    error_rate_percent    numeric,
    p95_ms                integer,
    last_success_at       timestamptz,
    last_run_at           timestamptz,
    last_run_status       text,
    open_alerts           integer,
    open_critical_alerts  integer,
    revenue_this_week     numeric,
    revenue_last_week     numeric,
    revenue_daily         numeric[]
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
-- A few thousand rows: compiling the plan (JIT, chosen for the 250 tenants the planner guesses
-- without statistics) costs far more than running it.
SET jit = off AS $$
DECLARE
    window_min   integer := alerts_config_number('clients.health.window_minutes', 1440);
    min_req      integer := alerts_config_number('clients.health.min_requests', 50);
    err_warn     numeric := alerts_config_number('clients.health.error_rate_warn_percent', 2);
    err_red      numeric := alerts_config_number('clients.health.error_rate_red_percent', 5);
    p95_warn     numeric := alerts_config_number('clients.health.latency_warn_ms', 1000);
    p95_red      numeric := alerts_config_number('clients.health.latency_red_ms', 3000);
    pipe_warn    numeric := alerts_config_number('clients.health.pipeline_warn_hours', 6);
    pipe_red     numeric := alerts_config_number('clients.health.pipeline_red_hours', 24);
    crit_red     integer := alerts_config_number('clients.health.critical_alerts_red', 1);
    complaints   boolean := coalesce((SELECT c.config_value = 'true'::jsonb FROM ops_config c
                                      WHERE c.config_key = 'clients.health.complaint_alerts_count'), false);
    sees_revenue boolean;
    now_at       timestamptz := now();
BEGIN
    PERFORM require_permission('tenants.view');
    sees_revenue := has_permission('tenants.revenue');
    RETURN QUERY
    WITH base AS (
        SELECT t.id, t.name, t.slug, t.logo, t.brand_color, t.status, t.currency,
               m.n, m.errors, m.p95,
               ok.completed_at AS last_success_at, ok.any_run,
               lr.run_at AS last_run_at, lr.status AS last_run_status,
               al.open_n, al.critical_n, al.health_n,
               rv.this_week, rv.last_week, rv.daily
        FROM tenants t
        -- api_metrics_tenant_idx (tenant_id, created_at): only the window's rows are read
        CROSS JOIN LATERAL (
            SELECT count(*) AS n, count(*) FILTER (WHERE a.status_code >= 500) AS errors,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY a.response_time_ms) AS p95
            FROM api_metrics a
            WHERE a.tenant_id = t.id AND a.created_at > now_at - window_min * interval '1 minute'
        ) m
        -- data_import_jobs_tenant_idx (tenant_id, created_at DESC): newest first, stops at the hit
        LEFT JOIN LATERAL (
            SELECT j.completed_at, true AS any_run FROM data_import_jobs j
            WHERE j.tenant_id = t.id AND j.status = 'completed'
            ORDER BY j.created_at DESC LIMIT 1
        ) ok ON true
        LEFT JOIN LATERAL (
            SELECT coalesce(j.completed_at, j.started_at, j.created_at) AS run_at, j.status FROM data_import_jobs j
            WHERE j.tenant_id = t.id
            ORDER BY j.created_at DESC LIMIT 1
        ) lr ON true
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS open_n, count(*) FILTER (WHERE a.severity = 'critical')::integer AS critical_n,
                   count(*) FILTER (WHERE a.severity = 'critical'
                                      AND (complaints OR a.resource_type IS DISTINCT FROM 'complaint'))::integer AS health_n
            FROM alerts a WHERE a.tenant_id = t.id AND a.status <> 'resolved'
        ) al
        -- bookings_tenant_idx (tenant_id, created_at DESC): 14 days of the tenant's bookings
        LEFT JOIN LATERAL (
            SELECT sum(d.amount) FILTER (WHERE g.day >= 7) AS this_week,
                   sum(d.amount) FILTER (WHERE g.day < 7) AS last_week,
                   array_agg(coalesce(d.amount, 0)::numeric(14,2) ORDER BY g.day) AS daily
            FROM generate_series(0, 13) AS g(day)
            LEFT JOIN (
                SELECT floor(extract(epoch FROM b.created_at - (now_at - interval '14 days')) / 86400)::integer AS day,
                       sum(b.amount - b.refunded_amount) AS amount
                FROM bookings b
                WHERE b.tenant_id = t.id
                  AND b.created_at >= now_at - interval '14 days' AND b.created_at < now_at
                  AND b.status IN ('confirmed', 'in_progress', 'completed')
                  AND b.payment_status <> 'failed'
                  AND b.currency = t.currency
                GROUP BY 1
            ) d ON d.day = g.day
        ) rv ON sees_revenue
        WHERE client_cards.tenant IS NULL OR t.id = client_cards.tenant
    ),
    judged AS MATERIALIZED (   -- the reasons are read three times below: built once
        SELECT b.*,
               CASE WHEN b.n > 0 THEN round(100.0 * b.errors / b.n, 2) END AS err_pct,
               CASE WHEN b.last_success_at IS NOT NULL
                    THEN round(extract(epoch FROM now_at - b.last_success_at) / 3600, 1) END AS pipe_hours,
               (SELECT coalesce(jsonb_agg(r.reason ORDER BY r.reason->>'level' = 'red' DESC, r.ord), '[]')
                FROM (VALUES
                    (1, client_health_reason('error_rate',
                            CASE WHEN b.n >= min_req THEN round(100.0 * b.errors / b.n, 2) END, err_warn, err_red, '%',
                            'Error rate ' || round(100.0 * b.errors / greatest(b.n, 1), 2) || ' % of ' || b.n
                            || ' requests (5xx) in the last ' || client_window_text(window_min))),
                    (2, client_health_reason('p95_latency', CASE WHEN b.n >= min_req THEN b.p95 END, p95_warn, p95_red, 'ms',
                            'p95 latency ' || b.p95 || ' ms over the last ' || client_window_text(window_min))),
                    (3, CASE WHEN b.any_run IS NULL AND EXISTS (SELECT 1 FROM data_import_jobs j WHERE j.tenant_id = b.id)
                             THEN jsonb_build_object('signal', 'pipeline', 'level', 'red', 'value', NULL,
                                                     'threshold', pipe_red, 'unit', 'h',
                                                     'text', 'No successful pipeline run yet (red)')
                             ELSE client_health_reason('pipeline',
                                      round(extract(epoch FROM now_at - b.last_success_at) / 3600, 1), pipe_warn, pipe_red, 'h',
                                      'Last successful pipeline run '
                                      || round(extract(epoch FROM now_at - b.last_success_at) / 3600, 1) || ' h ago') END),
                    (4, CASE WHEN b.health_n >= crit_red
                             THEN jsonb_build_object('signal', 'critical_alerts', 'level', 'red', 'value', b.health_n,
                                                     'threshold', crit_red, 'unit', 'alerts',
                                                     'text', b.health_n || CASE WHEN b.health_n = 1
                                                         THEN ' unresolved critical alert' ELSE ' unresolved critical alerts' END
                                                         || ' (red at ' || crit_red || ')') END)
                ) AS r(ord, reason)
                WHERE r.reason IS NOT NULL AND b.status = 'active') AS reasons
        FROM base b
    )
    SELECT j.id, j.name, j.slug, j.logo, j.brand_color, j.status, j.currency,
           CASE WHEN j.status <> 'active' THEN 'inactive'
                WHEN j.reasons @> '[{"level": "red"}]' THEN 'red'
                WHEN jsonb_array_length(j.reasons) > 0 THEN 'yellow'
                ELSE 'green' END,
           j.reasons, j.n, window_min, j.err_pct, j.p95, j.last_success_at, j.last_run_at, j.last_run_status,
           j.open_n, j.critical_n,
           CASE WHEN sees_revenue THEN coalesce(j.this_week, 0) END,
           CASE WHEN sees_revenue THEN coalesce(j.last_week, 0) END,
           CASE WHEN sees_revenue THEN j.daily END
    FROM judged j
    ORDER BY j.name, j.id;
END $$;

DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY[
        'client_health_reason(text, numeric, numeric, numeric, text, text)'::regprocedure,
        'client_window_text(integer)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', 'client_cards(uuid)'::regprocedure);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', 'client_cards(uuid)'::regprocedure, staff_group_role());
END $$;
