-- The alert evaluator (seeds 001 and 002; outbound issue items 10–12). Engines — threads of a console
-- or opsdeck-worker processes — call alerts_evaluate(engine) every ~30 s; the database decides:
--
--   * One cycle at a time for the whole installation: pg_try_advisory_xact_lock, then a "not due yet"
--     check against alerts.evaluation_interval_minutes and alert_evaluator_state. Every other caller
--     gets {"ran": false, "reason": "busy" | "not_due"} at once and tries again on its next tick.
--   * Every enabled rule is evaluated into candidates (rule + resource → dedupe key). A candidate
--     without an unresolved alert of its key opens one (never two: alerts_open_dedupe_idx and
--     ON CONFLICT), one with an alert updates it when its words or assignment changed, and an
--     unresolved alert of the rule without a candidate is resolved ("condition cleared" in its
--     metadata). A disabled rule's unresolved alerts are resolved ("rule disabled").
--   * Flapping: a key that opened or resolved (transitions) more than flap_transitions times within
--     flap_window_minutes is marked (alert metadata "flapping", alert_rules.is_flapping) and does not
--     notify; once its window holds no more than that, a still open alert notifies once.
--   * Delivery follows alert_subscriptions (staff × alert type × channels) within the rule's
--     channels: in_app = the alert is in the staff member's feed; email and sms go to the outbound
--     queue (outbound_enqueue, key alert:<alert>:<staff>:<channel>) through the company's enabled
--     system connection of that type (connections.tenant_id IS NULL). Without one, or without a
--     mobile number, the alert's metadata lists the undelivered channel instead.
--
-- Dedupe keys are <rule_type>:<resource_type>:<resource_id>, as in the demo data, except
-- outbound_failures:<connection, else tenant, else 'system'>, the key outbound_complete (0011) uses
-- for the alerts it opens at once, so the evaluator and the delivery engine share one open alert.
-- There is one rule per type (alert_rules_type_idx), so the type names the rule.
--
-- Who sees an alert (its audience): the assignee; everyone when broadcast; staff of manager level
-- (role level 1–3: super admin, admin, manager) when it is neither assigned nor broadcast (0001's
-- comment on alerts; alert_config.assign_to "managers"). A broadcast or managers' alert is in the feed
-- of those whose subscription of its type is absent or enabled with in_app; an assigned alert always.
-- Only staff whose role holds ops.alerts.view are notified.
--
-- The cycle's writes are engine bookkeeping (opsdeck.engine_write, 0011): not audited row by row.
-- Staff actions (acknowledge, resolve, rule changes) are audited as usual.
--
-- Conditions and units (validated on every insert and update of a rule, SQLSTATE 22023):
--   sla_breach, sla_at_risk  applies_to: ["complaint", "refund"] (non-empty subset). Expected hours
--                            sla.complaint_response_hours / sla.refund_response_hours, buffer
--                            sla.buffer_hours (ops_config). Breached when age > expected; at risk when
--                            age > expected − buffer and not breached (ARCHITECTURE erratum).
--   critical_complaint       priority: low | medium | high | critical (open complaints of it).
--   high_workload            max_open_items_per_staff: whole number 1–1000. Open items = complaints
--                            open/in_progress/escalated assigned to the staff member + priority-queue
--                            items pending/in_review assigned to them that belong to no complaint.
--   error_rate               window_minutes: 5–1440; threshold_percent: 0.1–100 (share of the window's
--                            requests answered 5xx, in %); min_requests: 1–1000000 (fewer: no verdict).
--                            Shipped: the last 24 h (seed 000's error-rate view), above 5 %, ≥ 50 requests.
--   pipeline_stale           max_hours_since_success: 0.25–720 h since the last completed
--                            data_import_jobs run (or since the first run when none completed), for
--                            active tenants that have a pipeline (any run).
--   outbound_failures        window_minutes: 5–10080; min_failed: 1–100000 items that failed for good
--                            within the window, per connection (else per tenant). Shipped: 24 h, 1 item —
--                            outbound_complete opens the alert at the first failure; the evaluator keeps
--                            it open while the window holds one and resolves it after.
-- alert_config: severity critical | warning | info; channels: non-empty subset of in_app, email, sms;
-- assign_to: assignee_or_broadcast (complaint rules only) | broadcast | managers; optional
-- flap_transitions 2–100 and flap_window_minutes 10–1440 (defaults: ops_config alerts.flap_*).

SET LOCAL opsdeck.bulk_load = 'on';

INSERT INTO ops_config (config_key, value_type, config_value, default_value, min_value, max_value, unit, description) VALUES
    ('alerts.flap_transitions', 'integer', '6', '6', 2, 100, 'transitions',
     'An alert key that opens or resolves more than this many times within the flap window is flapping and stops notifying'),
    ('alerts.flap_window_minutes', 'integer', '120', '120', 10, 1440, 'min',
     'The window in which an alert key''s openings and resolutions are counted for flapping');

INSERT INTO alert_rules (rule_name, rule_type, description, conditions, alert_config) VALUES
    ('High error rate', 'error_rate',
     'A tenant answers more than the threshold share of its API requests with 5xx within the window',
     '{"window_minutes": 1440, "threshold_percent": 5, "min_requests": 50}',
     '{"severity": "critical", "channels": ["in_app", "email"], "assign_to": "broadcast"}'),
    ('Pipeline stale', 'pipeline_stale',
     'An active tenant''s data pipeline has had no successful run for longer than the threshold',
     '{"max_hours_since_success": 6}',
     '{"severity": "warning", "channels": ["in_app", "email"], "assign_to": "broadcast"}'),
    ('Outbound failures', 'outbound_failures',
     'Outbound items of one connection failed for good within the window',
     '{"window_minutes": 1440, "min_failed": 1}',
     '{"severity": "warning", "channels": ["in_app"], "assign_to": "broadcast"}');

SET LOCAL opsdeck.bulk_load = 'off';

CREATE UNIQUE INDEX alert_rules_type_idx ON alert_rules(rule_type);
-- Openings and resolutions within a window, per type (flapping); unresolved alerts per type.
CREATE INDEX alerts_activity_idx ON alerts(alert_type, (coalesce(resolved_at, created_at))) WHERE dedupe_key IS NOT NULL;
CREATE INDEX alerts_unresolved_idx ON alerts(alert_type) WHERE status <> 'resolved';

-- The installation's one cycle state: who ran the last cycle, when, and what it found.
CREATE TABLE alert_evaluator_state (
    id               boolean PRIMARY KEY DEFAULT true CHECK (id),
    cycles           bigint NOT NULL DEFAULT 0,
    last_started_at  timestamptz,
    last_finished_at timestamptz,
    last_engine      text,
    last_result      jsonb NOT NULL DEFAULT '{}'
);
INSERT INTO alert_evaluator_state DEFAULT VALUES;
ALTER TABLE alert_evaluator_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_evaluator_state FORCE ROW LEVEL SECURITY;
DO $$ BEGIN EXECUTE format('GRANT SELECT ON alert_evaluator_state TO %I', staff_group_role()); END $$;
CREATE POLICY alert_evaluator_state_read ON alert_evaluator_state FOR SELECT
    USING ((SELECT require_permission('ops.alerts.view')));

-- Rule validation --------------------------------------------------------------------------------

-- A number of a rule document within [lo, hi] (whole when `whole`), or SQLSTATE 22023 in words.
CREATE FUNCTION alert_check_number(rule_type text, doc jsonb, key text, lo numeric, hi numeric, whole boolean,
                                   unit text, required boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public AS $$
DECLARE
    v jsonb := doc -> key;
    what text := CASE WHEN whole THEN 'a whole number' ELSE 'a number' END;
BEGIN
    IF v IS NULL THEN
        IF required THEN
            RAISE EXCEPTION 'a % rule needs % (% from % to %)', rule_type, key, what, lo, hi USING ERRCODE = '22023';
        END IF;
        RETURN;
    END IF;
    IF jsonb_typeof(v) <> 'number' OR (whole AND (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric))
       OR (v #>> '{}')::numeric < lo OR (v #>> '{}')::numeric > hi THEN
        RAISE EXCEPTION '% must be % from % to % (%), not %', key, what, lo, hi, unit, v USING ERRCODE = '22023';
    END IF;
END $$;

CREATE FUNCTION alert_rule_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    cond    jsonb := NEW.conditions;
    cfg     jsonb := NEW.alert_config;
    allowed text[];
    k       text;
    x       jsonb;
    seen    text[] := '{}';
    complaint_rule boolean := NEW.rule_type IN ('sla_breach', 'sla_at_risk', 'critical_complaint');
BEGIN
    allowed := CASE NEW.rule_type
        WHEN 'sla_breach' THEN '{applies_to}'
        WHEN 'sla_at_risk' THEN '{applies_to}'
        WHEN 'critical_complaint' THEN '{priority}'
        WHEN 'high_workload' THEN '{max_open_items_per_staff}'
        WHEN 'error_rate' THEN '{window_minutes,threshold_percent,min_requests}'
        WHEN 'pipeline_stale' THEN '{max_hours_since_success}'
        WHEN 'outbound_failures' THEN '{window_minutes,min_failed}' END;
    FOR k IN SELECT jsonb_object_keys(cond) LOOP
        IF NOT k = ANY (allowed) THEN
            RAISE EXCEPTION 'unknown condition "%" for a % rule: use %', k, NEW.rule_type, array_to_string(allowed, ', ')
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    CASE NEW.rule_type
    WHEN 'sla_breach', 'sla_at_risk' THEN
        IF jsonb_typeof(cond -> 'applies_to') IS DISTINCT FROM 'array' OR jsonb_array_length(cond -> 'applies_to') = 0 THEN
            RAISE EXCEPTION 'applies_to must list complaint, refund or both' USING ERRCODE = '22023';
        END IF;
        FOR x IN SELECT jsonb_array_elements(cond -> 'applies_to') LOOP
            IF x NOT IN ('"complaint"'::jsonb, '"refund"'::jsonb) OR (x #>> '{}') = ANY (seen) THEN
                RAISE EXCEPTION 'applies_to must list complaint, refund or both, each once; % is not allowed', x
                    USING ERRCODE = '22023';
            END IF;
            seen := seen || (x #>> '{}');
        END LOOP;
    WHEN 'critical_complaint' THEN
        IF (cond -> 'priority') NOT IN ('"low"'::jsonb, '"medium"'::jsonb, '"high"'::jsonb, '"critical"'::jsonb)
           OR cond -> 'priority' IS NULL THEN
            RAISE EXCEPTION 'priority must be low, medium, high or critical' USING ERRCODE = '22023';
        END IF;
    WHEN 'high_workload' THEN
        PERFORM alert_check_number(NEW.rule_type, cond, 'max_open_items_per_staff', 1, 1000, true, 'open items');
    WHEN 'error_rate' THEN
        PERFORM alert_check_number(NEW.rule_type, cond, 'window_minutes', 5, 1440, true, 'minutes');
        PERFORM alert_check_number(NEW.rule_type, cond, 'threshold_percent', 0.1, 100, false, 'percent of requests');
        PERFORM alert_check_number(NEW.rule_type, cond, 'min_requests', 1, 1000000, true, 'requests');
    WHEN 'pipeline_stale' THEN
        PERFORM alert_check_number(NEW.rule_type, cond, 'max_hours_since_success', 0.25, 720, false, 'hours');
    WHEN 'outbound_failures' THEN
        PERFORM alert_check_number(NEW.rule_type, cond, 'window_minutes', 5, 10080, true, 'minutes');
        PERFORM alert_check_number(NEW.rule_type, cond, 'min_failed', 1, 100000, true, 'failed items');
    END CASE;

    FOR k IN SELECT jsonb_object_keys(cfg) LOOP
        IF k NOT IN ('severity', 'channels', 'assign_to', 'flap_transitions', 'flap_window_minutes') THEN
            RAISE EXCEPTION 'unknown alert setting "%": use severity, channels, assign_to, flap_transitions, flap_window_minutes', k
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    IF cfg -> 'severity' IS NULL OR (cfg -> 'severity') NOT IN ('"critical"'::jsonb, '"warning"'::jsonb, '"info"'::jsonb) THEN
        RAISE EXCEPTION 'severity must be critical, warning or info' USING ERRCODE = '22023';
    END IF;
    IF jsonb_typeof(cfg -> 'channels') IS DISTINCT FROM 'array' OR jsonb_array_length(cfg -> 'channels') = 0 THEN
        RAISE EXCEPTION 'channels must list at least one of in_app, email, sms' USING ERRCODE = '22023';
    END IF;
    seen := '{}';
    FOR x IN SELECT jsonb_array_elements(cfg -> 'channels') LOOP
        IF x NOT IN ('"in_app"'::jsonb, '"email"'::jsonb, '"sms"'::jsonb) OR (x #>> '{}') = ANY (seen) THEN
            RAISE EXCEPTION 'channels must list in_app, email or sms, each once; % is not a channel', x
                USING ERRCODE = '22023';
        END IF;
        seen := seen || (x #>> '{}');
    END LOOP;
    IF (cfg ->> 'assign_to') IS NULL
       OR NOT (cfg ->> 'assign_to') = ANY (CASE WHEN complaint_rule THEN ARRAY['assignee_or_broadcast', 'broadcast', 'managers']
                                                ELSE ARRAY['broadcast', 'managers'] END) THEN
        RAISE EXCEPTION '%', CASE WHEN complaint_rule THEN 'assign_to must be assignee_or_broadcast, broadcast or managers'
                                  ELSE format('assign_to must be broadcast or managers (a %s alert has no assignee)', NEW.rule_type) END
            USING ERRCODE = '22023';
    END IF;
    PERFORM alert_check_number(NEW.rule_type, cfg, 'flap_transitions', 2, 100, true, 'transitions', false);
    PERFORM alert_check_number(NEW.rule_type, cfg, 'flap_window_minutes', 10, 1440, true, 'minutes', false);
    RETURN NEW;
END $$;
CREATE TRIGGER alert_rules_check BEFORE INSERT OR UPDATE OF rule_type, conditions, alert_config ON alert_rules
    FOR EACH ROW EXECUTE FUNCTION alert_rule_check();

-- Audience ---------------------------------------------------------------------------------------

-- Manager level: role levels 1–3 (super admin, admin, manager).
CREATE FUNCTION alert_addressed_to(a alerts, staff_id uuid, role_level smallint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT a.assigned_to_staff_id = staff_id
        OR a.is_broadcast
        OR (a.assigned_to_staff_id IS NULL AND role_level <= 3)
$$;

-- In the staff member's feed: addressed to them, and for a broadcast or managers' alert the in_app
-- channel of their subscription of its type (no subscription row: in_app, the table's default).
CREATE FUNCTION alert_in_feed(a alerts, staff_id uuid, role_level smallint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT a.assigned_to_staff_id = staff_id
        OR (alert_addressed_to(a, staff_id, role_level)
            AND NOT EXISTS (SELECT 1 FROM alert_subscriptions s
                            WHERE s.staff_id = alert_in_feed.staff_id AND s.alert_type = a.alert_type
                              AND NOT (s.is_enabled AND 'in_app' = ANY (s.delivery_channels))))
$$;

CREATE FUNCTION alert_my_level() RETURNS smallint
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT r.level FROM staff s JOIN roles r ON r.id = s.role_id WHERE s.login = session_user
$$;

CREATE FUNCTION alerts_config_number(key text, fallback numeric) RETURNS numeric
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT coalesce((SELECT (c.config_value #>> '{}')::numeric FROM ops_config c WHERE c.config_key = key), fallback)
$$;

-- Candidates: what a rule finds right now ---------------------------------------------------------

CREATE TYPE alert_candidate AS (
    dedupe_key    text,
    tenant_id     uuid,
    resource_type text,
    resource_id   text,
    title         text,
    message       text,
    assignee      uuid,
    metadata      jsonb
);

-- Titles quote a complaint's subject only as the PII views show it (pii.scrub_pii): alerts are read
-- with ops.alerts.view, which does not imply access to contacts' data.
CREATE FUNCTION alert_candidates(r alert_rules) RETURNS SETOF alert_candidate
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
    cond       jsonb := r.conditions;
    buffer_h   numeric := alerts_config_number('sla.buffer_hours', 1);
    complaint_h numeric := alerts_config_number('sla.complaint_response_hours', 2);
    refund_h   numeric := alerts_config_number('sla.refund_response_hours', 4);
    win        integer;
BEGIN
    CASE r.rule_type
    WHEN 'sla_breach', 'sla_at_risk' THEN
        RETURN QUERY
        WITH k AS (
            SELECT c.*, CASE WHEN c.kind = 'refund' THEN refund_h ELSE complaint_h END AS expected_h
            FROM complaints c
            WHERE c.status IN ('open', 'in_progress', 'escalated')
              AND c.kind IN (SELECT jsonb_array_elements_text(coalesce(cond -> 'applies_to', '["complaint", "refund"]')))
        )
        SELECT r.rule_type || ':complaint:' || k.id, k.tenant_id, 'complaint', k.id::text,
               CASE WHEN r.rule_type = 'sla_breach' THEN 'SLA breached: ' ELSE 'SLA at risk: ' END
                   || pii.scrub_pii(k.subject, ct.full_name),
               initcap(k.kind) || ' for ' || t.name
                   || CASE WHEN r.rule_type = 'sla_breach'
                           THEN ' passed its ' || trim_scale(k.expected_h) || ' h response time'
                           ELSE ' reaches its ' || trim_scale(k.expected_h) || ' h response time at '
                                || to_char((k.created_at + k.expected_h * interval '1 hour') AT TIME ZONE 'UTC', 'HH24:MI')
                                || ' UTC' END
                   || ' (opened ' || to_char(k.created_at AT TIME ZONE 'UTC', 'DD Mon HH24:MI') || ' UTC). '
                   || coalesce('Assigned to ' || s.full_name || '.', 'Unassigned.'),
               CASE WHEN s.status = 'active' THEN k.assigned_to END,
               jsonb_build_object('kind', k.kind, 'priority', k.priority, 'expected_hours', k.expected_h,
                                  'buffer_hours', buffer_h, 'opened_at', k.created_at,
                                  'due_at', k.created_at + k.expected_h * interval '1 hour')
        FROM k
        JOIN tenants t ON t.id = k.tenant_id
        LEFT JOIN contacts ct ON ct.id = k.contact_id
        LEFT JOIN staff s ON s.id = k.assigned_to
        WHERE CASE WHEN r.rule_type = 'sla_breach'
                   THEN now() - k.created_at > k.expected_h * interval '1 hour'
                   ELSE now() - k.created_at > (k.expected_h - buffer_h) * interval '1 hour'
                        AND now() - k.created_at <= k.expected_h * interval '1 hour' END;

    WHEN 'critical_complaint' THEN
        RETURN QUERY
        SELECT 'critical_complaint:complaint:' || k.id, k.tenant_id, 'complaint', k.id::text,
               initcap(k.priority) || ' ' || k.kind || ': ' || pii.scrub_pii(k.subject, ct.full_name),
               t.name || ' — priority ' || k.priority || ', status ' || replace(k.status, '_', ' ') || '. '
                   || coalesce('Assigned to ' || s.full_name || '.', 'Unassigned.'),
               CASE WHEN s.status = 'active' THEN k.assigned_to END,
               jsonb_build_object('kind', k.kind, 'priority', k.priority, 'complaint_status', k.status)
        FROM complaints k
        JOIN tenants t ON t.id = k.tenant_id
        LEFT JOIN contacts ct ON ct.id = k.contact_id
        LEFT JOIN staff s ON s.id = k.assigned_to
        WHERE k.status IN ('open', 'in_progress', 'escalated')
          AND k.priority = coalesce(cond ->> 'priority', 'critical');

    WHEN 'high_workload' THEN
        RETURN QUERY
        WITH items AS (
            SELECT c.assigned_to AS staff_id, count(*) AS n FROM complaints c
            WHERE c.status IN ('open', 'in_progress', 'escalated') AND c.assigned_to IS NOT NULL GROUP BY 1
            UNION ALL
            SELECT q.assigned_to, count(*) FROM priority_queue q
            WHERE q.status IN ('pending', 'in_review') AND q.complaint_id IS NULL AND q.assigned_to IS NOT NULL GROUP BY 1
        ), load AS (
            SELECT i.staff_id, sum(i.n)::integer AS n FROM items i GROUP BY 1
        ), lim AS (
            SELECT coalesce((cond ->> 'max_open_items_per_staff')::integer, 15) AS max_items
        )
        SELECT 'high_workload:staff:' || s.id, NULL::uuid, 'staff', s.id::text,
               'High workload: ' || s.full_name,
               s.full_name || ' holds ' || l.n || ' open items (threshold ' || lim.max_items || ').',
               NULL::uuid,
               jsonb_build_object('open_items', l.n, 'threshold', lim.max_items, 'staff_id', s.id)
        FROM load l CROSS JOIN lim
        JOIN staff s ON s.id = l.staff_id AND s.status = 'active'
        WHERE l.n > lim.max_items;

    WHEN 'error_rate' THEN
        win := coalesce((cond ->> 'window_minutes')::integer, 60);
        -- Per active tenant through api_metrics_tenant_idx: a range of (tenant, time) each, whatever
        -- order the rows were written in (the BRIN on created_at needs append order).
        RETURN QUERY
        WITH m AS (
            SELECT t.id AS tenant_id, x.total, x.errors
            FROM tenants t
            JOIN LATERAL (SELECT count(*) AS total, count(*) FILTER (WHERE a.status_code >= 500) AS errors
                          FROM api_metrics a
                          WHERE a.tenant_id = t.id AND a.created_at > now() - make_interval(mins => win)) x ON true
            WHERE t.status = 'active'
        ), lim AS (
            SELECT coalesce((cond ->> 'threshold_percent')::numeric, 5) AS pct,
                   coalesce((cond ->> 'min_requests')::integer, 50) AS min_requests
        )
        SELECT 'error_rate:tenant:' || t.id, t.id, 'tenant', t.id::text,
               'High error rate: ' || t.name,
               t.name || ' answered ' || round(100.0 * m.errors / m.total, 1) || ' % of ' || m.total
                   || ' requests with 5xx in the last ' || win || ' min (threshold ' || trim_scale(lim.pct) || ' %).',
               NULL::uuid,
               jsonb_build_object('error_percent', round(100.0 * m.errors / m.total, 2), 'requests', m.total,
                                  'errors', m.errors, 'window_minutes', win, 'threshold_percent', lim.pct)
        FROM m CROSS JOIN lim
        JOIN tenants t ON t.id = m.tenant_id AND t.status = 'active'
        WHERE m.total >= lim.min_requests AND 100.0 * m.errors / m.total > lim.pct;

    WHEN 'pipeline_stale' THEN
        RETURN QUERY
        WITH lim AS (SELECT coalesce((cond ->> 'max_hours_since_success')::numeric, 6) AS hours)
        SELECT 'pipeline_stale:pipeline:' || t.id, t.id, 'pipeline', t.id::text,
               'Data pipeline stale: ' || t.name,
               CASE WHEN j.last_ok IS NULL
                    THEN 'No successful sync for ' || t.name || ' since its first run '
                         || to_char(j.first_run AT TIME ZONE 'UTC', 'DD Mon HH24:MI') || ' UTC'
                    ELSE 'No successful sync for ' || t.name || ' since '
                         || to_char(j.last_ok AT TIME ZONE 'UTC', 'DD Mon HH24:MI') || ' UTC' END
                   || ' (threshold ' || trim_scale(lim.hours) || ' h)'
                   || coalesce('; the last run failed: ' || left(j.last_error, 160), '') || '.',
               NULL::uuid,
               jsonb_build_object('last_success_at', j.last_ok, 'threshold_hours', lim.hours)
        FROM tenants t CROSS JOIN lim
        JOIN LATERAL (
            SELECT max(d.completed_at) FILTER (WHERE d.status = 'completed') AS last_ok, min(d.created_at) AS first_run,
                   (array_agg(d.error_message ORDER BY d.created_at DESC))[1] AS last_error, count(*) AS runs
            FROM data_import_jobs d WHERE d.tenant_id = t.id
        ) j ON j.runs > 0
        WHERE t.status = 'active'
          AND coalesce(j.last_ok, j.first_run) < now() - lim.hours * interval '1 hour';

    WHEN 'outbound_failures' THEN
        win := coalesce((cond ->> 'window_minutes')::integer, 60);
        RETURN QUERY
        WITH f AS ( -- per connection; per tenant (or the system) for items without one
            SELECT q.connection_id, (max(q.tenant_id::text))::uuid AS tenant_id, count(*) AS n
            FROM outbound_queue q
            WHERE q.status = 'failed' AND q.updated_at > now() - make_interval(mins => win)
            GROUP BY q.connection_id, CASE WHEN q.connection_id IS NULL THEN q.tenant_id END
        )
        SELECT 'outbound_failures:' || coalesce(f.connection_id::text, f.tenant_id::text, 'system'), f.tenant_id,
               'outbound', coalesce(f.connection_id, f.tenant_id)::text,
               'Deliveries failing' || coalesce(' to ' || c.app_name, '') || coalesce(' (' || t.name || ')', ''),
               f.n || ' outbound item' || CASE WHEN f.n = 1 THEN '' ELSE 's' END || ' failed for good in the last '
                   || win || ' min (threshold ' || coalesce((cond ->> 'min_failed')::integer, 1) || ').',
               NULL::uuid,
               jsonb_build_object('failed_items', f.n, 'window_minutes', win, 'connection_id', f.connection_id)
        FROM f
        LEFT JOIN connections c ON c.id = f.connection_id
        LEFT JOIN tenants t ON t.id = f.tenant_id
        WHERE f.n >= coalesce((cond ->> 'min_failed')::integer, 1);
    END CASE;
END $$;

-- One rule's cycle -----------------------------------------------------------------------------------

-- Opens, updates and resolves the rule's alerts, marks flapping keys, notifies. Returns its counts.
CREATE FUNCTION alert_evaluate_rule(r alert_rules) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    cfg        jsonb := r.alert_config;
    sev        text := coalesce(cfg ->> 'severity', 'warning');
    assign_to  text := coalesce(cfg ->> 'assign_to', 'broadcast');
    flap_k     integer := coalesce((cfg ->> 'flap_transitions')::integer, engine_config_int('alerts.flap_transitions', 6));
    flap_win   integer := coalesce((cfg ->> 'flap_window_minutes')::integer, engine_config_int('alerts.flap_window_minutes', 120));
    since      timestamptz := now() - make_interval(mins => flap_win);
    n_cand     integer;
    n_created  integer;
    n_updated  integer;
    n_resolved integer;
    n_flapping integer;
    delivery   jsonb;
BEGIN
    WITH cand AS MATERIALIZED (
        SELECT c.*,
               CASE WHEN assign_to = 'assignee_or_broadcast' THEN c.assignee END AS assigned,
               CASE WHEN assign_to = 'managers' THEN 'managers'
                    WHEN assign_to = 'assignee_or_broadcast' AND c.assignee IS NOT NULL THEN 'assignee'
                    ELSE 'broadcast' END AS audience
        FROM alert_candidates(r) c
    ), up AS (
        INSERT INTO alerts AS a (rule_id, alert_type, severity, title, message, tenant_id, resource_type, resource_id,
                                 assigned_to_staff_id, is_broadcast, dedupe_key, alert_metadata)
        SELECT r.id, r.rule_type, sev, c.title, c.message, c.tenant_id, c.resource_type, c.resource_id,
               c.assigned, c.audience = 'broadcast', c.dedupe_key,
               c.metadata || jsonb_build_object('audience', c.audience, 'opened_by', 'evaluator')
        FROM cand c
        ON CONFLICT (dedupe_key) WHERE status <> 'resolved' AND dedupe_key IS NOT NULL
        DO UPDATE SET title = excluded.title, message = excluded.message, severity = excluded.severity,
                      rule_id = excluded.rule_id, assigned_to_staff_id = excluded.assigned_to_staff_id,
                      is_broadcast = excluded.is_broadcast,
                      alert_metadata = a.alert_metadata || (excluded.alert_metadata - 'opened_by')
        WHERE (a.title, a.message, a.severity, a.assigned_to_staff_id, a.is_broadcast, a.rule_id)
              IS DISTINCT FROM (excluded.title, excluded.message, excluded.severity, excluded.assigned_to_staff_id,
                                excluded.is_broadcast, excluded.rule_id)
        RETURNING (a.xmax = 0) AS inserted
    ), gone AS (
        UPDATE alerts a
        SET status = 'resolved', resolved_at = now(),
            alert_metadata = a.alert_metadata
                || jsonb_build_object('resolved_by', 'evaluator', 'resolution', 'condition cleared', 'cleared_at', now())
                || CASE WHEN r.rule_type = 'sla_at_risk'
                             AND EXISTS (SELECT 1 FROM complaints k WHERE k.id::text = a.resource_id
                                         AND k.status IN ('open', 'in_progress', 'escalated'))
                        THEN jsonb_build_object('superseded_by', 'sla_breach') ELSE '{}'::jsonb END
        WHERE a.alert_type = r.rule_type AND a.status <> 'resolved' AND a.dedupe_key IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cand c WHERE c.dedupe_key = a.dedupe_key)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM cand), (SELECT count(*) FILTER (WHERE inserted) FROM up),
           (SELECT count(*) FILTER (WHERE NOT inserted) FROM up), (SELECT count(*) FROM gone)
    INTO n_cand, n_created, n_updated, n_resolved;

    -- Flapping: openings + resolutions per key within the window (this cycle's included).
    WITH act AS (
        SELECT a.dedupe_key,
               (count(*) FILTER (WHERE a.created_at > since) + count(*) FILTER (WHERE a.resolved_at > since))::integer AS transitions
        FROM alerts a
        WHERE a.alert_type = r.rule_type AND a.dedupe_key IS NOT NULL AND coalesce(a.resolved_at, a.created_at) > since
        GROUP BY a.dedupe_key
    ), marks AS (
        UPDATE alerts a
        SET alert_metadata = a.alert_metadata
                || jsonb_build_object('flapping', coalesce(act.transitions, 0) > flap_k,
                                      'transitions', coalesce(act.transitions, 0), 'flap_window_minutes', flap_win)
        FROM alerts o LEFT JOIN act ON act.dedupe_key = o.dedupe_key
        WHERE a.id = o.id AND o.alert_type = r.rule_type AND o.status <> 'resolved' AND o.dedupe_key IS NOT NULL
          AND coalesce((o.alert_metadata ->> 'flapping')::boolean, false) IS DISTINCT FROM (coalesce(act.transitions, 0) > flap_k)
        RETURNING 1
    )
    SELECT count(*) FILTER (WHERE act.transitions > flap_k) INTO n_flapping FROM act;

    delivery := alert_notify(r);

    UPDATE alert_rules SET last_evaluated_at = now(), is_flapping = n_flapping > 0
    WHERE id = r.id AND (last_evaluated_at IS DISTINCT FROM now() OR is_flapping IS DISTINCT FROM (n_flapping > 0));

    RETURN jsonb_build_object('candidates', n_cand, 'created', n_created, 'updated', n_updated, 'resolved', n_resolved,
                              'flapping', n_flapping) || delivery;
END $$;

-- A disabled rule: its unresolved alerts are resolved, and it is no longer flapping.
CREATE FUNCTION alert_retire_rule(r alert_rules) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    UPDATE alerts a
    SET status = 'resolved', resolved_at = now(),
        alert_metadata = a.alert_metadata || jsonb_build_object('resolved_by', 'evaluator', 'resolution', 'rule disabled')
    WHERE a.alert_type = r.rule_type AND a.status <> 'resolved' AND a.dedupe_key IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF r.is_flapping THEN
        UPDATE alert_rules SET is_flapping = false WHERE id = r.id;
    END IF;
    RETURN jsonb_build_object('enabled', false, 'resolved', n);
END $$;

-- Delivery of the rule's open alerts that have not notified yet and are not flapping.
CREATE FUNCTION alert_notify(r alert_rules) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    rule_channels text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(r.alert_config -> 'channels', '["in_app"]')));
    email_conn    uuid := (SELECT c.id FROM connections c WHERE c.tenant_id IS NULL AND c.delivery_type = 'email'
                           AND c.is_enabled ORDER BY c.created_at, c.id LIMIT 1);
    sms_conn      uuid := (SELECT c.id FROM connections c WHERE c.tenant_id IS NULL AND c.delivery_type = 'sms'
                           AND c.is_enabled ORDER BY c.created_at, c.id LIMIT 1);
    a             alerts;
    rcpt          record;
    ch            text;
    undelivered   jsonb;
    n_missed      integer;
    in_app        integer;
    queued        integer;
    n_notified    integer := 0;
    n_enqueued    integer := 0;
    n_undelivered integer := 0;
    n_suppressed  integer := 0;
BEGIN
    SELECT count(*) INTO n_suppressed FROM alerts x
    WHERE x.alert_type = r.rule_type AND x.status = 'open' AND NOT x.alert_metadata ? 'notified_at'
      AND coalesce((x.alert_metadata ->> 'flapping')::boolean, false);
    FOR a IN SELECT * FROM alerts x
             WHERE x.alert_type = r.rule_type AND x.status = 'open' AND NOT x.alert_metadata ? 'notified_at'
               AND NOT coalesce((x.alert_metadata ->> 'flapping')::boolean, false)
             ORDER BY x.created_at, x.id
    LOOP
        undelivered := '[]';
        n_missed := 0;
        in_app := 0;
        queued := 0;
        FOR rcpt IN
            SELECT s.id, s.email, s.mobile, sub.is_enabled AS sub_enabled, sub.delivery_channels,
                   alert_in_feed(a, s.id, rl.level) AS sees_in_app
            FROM staff s
            JOIN roles rl ON rl.id = s.role_id
            LEFT JOIN alert_subscriptions sub ON sub.staff_id = s.id AND sub.alert_type = a.alert_type
            WHERE s.status = 'active' AND alert_addressed_to(a, s.id, rl.level)
              AND EXISTS (SELECT 1 FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id
                          WHERE rp.role_id = s.role_id AND p.code = 'ops.alerts.view')
            ORDER BY s.id
        LOOP
            IF rcpt.sees_in_app AND 'in_app' = ANY (rule_channels) THEN
                in_app := in_app + 1;
            END IF;
            CONTINUE WHEN rcpt.sub_enabled IS NOT TRUE;
            FOREACH ch IN ARRAY ARRAY['email', 'sms'] LOOP
                CONTINUE WHEN NOT (ch = ANY (rcpt.delivery_channels) AND ch = ANY (rule_channels));
                IF (CASE ch WHEN 'email' THEN email_conn ELSE sms_conn END) IS NULL
                   OR (ch = 'sms' AND coalesce(btrim(rcpt.mobile), '') = '') THEN
                    n_missed := n_missed + 1;
                    IF jsonb_array_length(undelivered) < 50 THEN -- the row stays small; the count is complete
                        undelivered := undelivered || jsonb_build_object(
                            'staff_id', rcpt.id, 'channel', ch,
                            'reason', CASE WHEN (CASE ch WHEN 'email' THEN email_conn ELSE sms_conn END) IS NULL
                                           THEN 'no enabled system ' || ch || ' connection'
                                           ELSE 'no mobile number on the staff record' END);
                    END IF;
                ELSE
                    PERFORM outbound_enqueue(
                        idempotency_key => 'alert:' || a.id || ':' || rcpt.id || ':' || ch,
                        delivery_type => ch,
                        payload => CASE ch
                            WHEN 'email' THEN jsonb_build_object(
                                'kind', 'staff_alert', 'alert_id', a.id, 'alert_type', a.alert_type, 'severity', a.severity,
                                'subject', '[Opsdeck ' || a.severity || '] ' || a.title, 'text', a.message)
                            ELSE jsonb_build_object(
                                'kind', 'staff_alert', 'alert_id', a.id, 'alert_type', a.alert_type, 'severity', a.severity,
                                'body', left('[Opsdeck ' || a.severity || '] ' || a.title, 300)) END,
                        connection_id => CASE ch WHEN 'email' THEN email_conn ELSE sms_conn END,
                        destination_email => CASE WHEN ch = 'email' THEN rcpt.email END,
                        destination_phone => CASE WHEN ch = 'sms' THEN btrim(rcpt.mobile) END);
                    queued := queued + 1;
                END IF;
            END LOOP;
        END LOOP;
        UPDATE alerts x
        SET alert_metadata = x.alert_metadata
                || jsonb_build_object('notified_at', now(), 'in_app_recipients', in_app, 'queued_messages', queued)
                || CASE WHEN n_missed > 0 THEN jsonb_build_object('undelivered', undelivered, 'undelivered_count', n_missed)
                        ELSE '{}'::jsonb END
        WHERE x.id = a.id;
        n_notified := n_notified + 1;
        n_enqueued := n_enqueued + queued;
        n_undelivered := n_undelivered + n_missed;
    END LOOP;
    RETURN jsonb_build_object('notified', n_notified, 'enqueued', n_enqueued, 'undelivered', n_undelivered,
                              'suppressed', n_suppressed);
END $$;

-- The engines' entry point -------------------------------------------------------------------------

-- {"ran": false, "reason": "busy" | "not_due", ...} or {"ran": true, "cycle": n, "rules": {<type>:
-- {candidates, created, updated, resolved, flapping, notified, enqueued, undelivered, suppressed}},
-- "totals": {...}}. `force` runs a cycle that is not due yet (tests, "evaluate now"), never a second
-- one at the same time.
CREATE FUNCTION alerts_evaluate(engine text, force boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    interval_min integer := engine_config_int('alerts.evaluation_interval_minutes', 5);
    st           alert_evaluator_state;
    r            alert_rules;
    counts       jsonb;
    per_rule     jsonb := '{}';
    totals       jsonb := '{}';
    k            text;
    result       jsonb;
BEGIN
    PERFORM engine_require(engine);
    -- Held until this transaction ends: the cycle's writes are committed before the next may start.
    IF NOT pg_try_advisory_xact_lock(7310040013) THEN
        RETURN jsonb_build_object('ran', false, 'reason', 'busy');
    END IF;
    SELECT * INTO st FROM alert_evaluator_state FOR UPDATE;
    IF NOT force AND st.last_started_at > now() - make_interval(mins => interval_min) THEN
        RETURN jsonb_build_object('ran', false, 'reason', 'not_due',
                                  'next_due_at', st.last_started_at + make_interval(mins => interval_min),
                                  'last_engine', st.last_engine);
    END IF;

    PERFORM set_config('opsdeck.engine_write', 'on', true);
    FOR r IN SELECT * FROM alert_rules ORDER BY rule_type LOOP
        IF r.is_enabled THEN
            counts := alert_evaluate_rule(r);
        ELSE
            counts := alert_retire_rule(r);
        END IF;
        per_rule := per_rule || jsonb_build_object(r.rule_type, counts);
        FOR k IN SELECT jsonb_object_keys(counts) LOOP
            CONTINUE WHEN jsonb_typeof(counts -> k) <> 'number';
            totals := totals || jsonb_build_object(k, coalesce((totals ->> k)::integer, 0) + (counts ->> k)::integer);
        END LOOP;
    END LOOP;
    result := jsonb_build_object('ran', true, 'cycle', st.cycles + 1, 'forced', force, 'engine', engine,
                                 'started_at', now(),
                                 'duration_ms', round(extract(epoch FROM clock_timestamp() - now()) * 1000),
                                 'rules', per_rule, 'totals', totals);
    UPDATE alert_evaluator_state
    SET cycles = cycles + 1, last_started_at = now(), last_finished_at = clock_timestamp(), last_engine = engine,
        last_result = result;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
    RETURN result;
END $$;

-- Staff ----------------------------------------------------------------------------------------------

-- Alerts the caller may act on: addressed to them, or any alert for manager level.
CREATE FUNCTION alert_require_addressed(ids uuid[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
    me  uuid := my_staff_id();
    lvl smallint := alert_my_level();
    n   integer;
BEGIN
    PERFORM require_permission('ops.alerts.view');
    IF lvl <= 3 THEN
        RETURN; -- manager level handles any alert
    END IF;
    SELECT count(*) INTO n FROM alerts a WHERE a.id = ANY (ids) AND NOT alert_addressed_to(a, me, lvl);
    IF n > 0 THEN
        RAISE EXCEPTION 'permission denied: % of these alerts % not addressed to you', n,
            CASE WHEN n = 1 THEN 'is' ELSE 'are' END
            USING ERRCODE = '42501', HINT = 'An alert is addressed to its assignee, to everyone when broadcast, and to managers otherwise.';
    END IF;
END $$;

-- Open alerts become acknowledged (and read); returns how many changed. Audited per row.
CREATE FUNCTION alert_acknowledge(ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM alert_require_addressed(ids);
    UPDATE alerts a SET status = 'acknowledged', acknowledged_by = my_staff_id(), acknowledged_at = now()
    WHERE a.id = ANY (ids) AND a.status = 'open';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO alert_staff_state (alert_id, staff_id, read_at)
    SELECT a.id, my_staff_id(), now() FROM alerts a WHERE a.id = ANY (ids)
    ON CONFLICT (alert_id, staff_id) DO UPDATE SET read_at = coalesce(alert_staff_state.read_at, excluded.read_at);
    RETURN n;
END $$;

-- Unresolved alerts become resolved with the staff member's note; returns how many changed. While
-- the condition still holds, the next cycle opens a new alert for it.
CREATE FUNCTION alert_resolve(ids uuid[], note text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM alert_require_addressed(ids);
    IF note IS NULL OR length(btrim(note)) < 3 THEN
        RAISE EXCEPTION 'say how the alert was resolved (at least 3 characters)' USING ERRCODE = '22023';
    END IF;
    UPDATE alerts a
    SET status = 'resolved', resolved_at = now(),
        acknowledged_by = coalesce(a.acknowledged_by, my_staff_id()), acknowledged_at = coalesce(a.acknowledged_at, now()),
        alert_metadata = a.alert_metadata || jsonb_build_object('resolved_by', my_staff_id(), 'resolution', 'resolved by staff',
                                                                'resolution_note', left(btrim(note), 500))
    WHERE a.id = ANY (ids) AND a.status <> 'resolved';
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- The caller's read / dismissed marks; returns how many alerts were not marked before.
CREATE FUNCTION alert_mark_read(ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM require_permission('ops.alerts.view');
    WITH m AS (
        INSERT INTO alert_staff_state AS s (alert_id, staff_id, read_at)
        SELECT a.id, my_staff_id(), now() FROM alerts a WHERE a.id = ANY (ids)
        ON CONFLICT (alert_id, staff_id) DO UPDATE SET read_at = now() WHERE s.read_at IS NULL
        RETURNING 1
    )
    SELECT count(*) INTO n FROM m;
    RETURN n;
END $$;

CREATE FUNCTION alert_dismiss(ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM require_permission('ops.alerts.view');
    WITH m AS (
        INSERT INTO alert_staff_state AS s (alert_id, staff_id, read_at, dismissed_at)
        SELECT a.id, my_staff_id(), now(), now() FROM alerts a WHERE a.id = ANY (ids)
        ON CONFLICT (alert_id, staff_id) DO UPDATE SET dismissed_at = now(), read_at = coalesce(s.read_at, now())
        WHERE s.dismissed_at IS NULL
        RETURNING 1
    )
    SELECT count(*) INTO n FROM m;
    RETURN n;
END $$;

-- Open alerts in the caller's feed that they have not read, dismissed or snoozed.
CREATE FUNCTION my_unread_alert_count() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me  uuid := my_staff_id();
    lvl smallint := alert_my_level();
BEGIN
    PERFORM require_permission('ops.alerts.view');
    RETURN (SELECT count(*) FROM alerts a
            LEFT JOIN alert_staff_state st ON st.alert_id = a.id AND st.staff_id = me
            WHERE a.status = 'open' AND alert_in_feed(a, me, lvl)
              AND st.read_at IS NULL AND st.dismissed_at IS NULL
              AND (st.snoozed_until IS NULL OR st.snoozed_until <= now()));
END $$;

-- The caller's feed: unresolved alerts that reach them in the app, newest first.
CREATE FUNCTION alert_feed(unread_only boolean DEFAULT false, max_rows integer DEFAULT 100)
RETURNS TABLE (id uuid, alert_type text, severity text, title text, message text, tenant_id uuid,
               resource_type text, resource_id text, status text, audience text, assigned_to_me boolean,
               flapping boolean, created_at timestamptz, read_at timestamptz, dismissed_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me  uuid := my_staff_id();
    lvl smallint := alert_my_level();
BEGIN
    PERFORM require_permission('ops.alerts.view');
    RETURN QUERY
    SELECT a.id, a.alert_type, a.severity, a.title, a.message, a.tenant_id, a.resource_type, a.resource_id, a.status,
           CASE WHEN a.assigned_to_staff_id IS NOT NULL THEN 'assignee' WHEN a.is_broadcast THEN 'broadcast'
                ELSE 'managers' END,
           a.assigned_to_staff_id IS NOT DISTINCT FROM me,
           coalesce((a.alert_metadata ->> 'flapping')::boolean, false),
           a.created_at, st.read_at, st.dismissed_at
    FROM alerts a
    LEFT JOIN alert_staff_state st ON st.alert_id = a.id AND st.staff_id = me
    WHERE a.status <> 'resolved' AND alert_in_feed(a, me, lvl)
      AND (NOT unread_only OR (a.status = 'open' AND st.read_at IS NULL AND st.dismissed_at IS NULL
                               AND (st.snoozed_until IS NULL OR st.snoozed_until <= now())))
    ORDER BY a.created_at DESC, a.id
    LIMIT greatest(1, least(max_rows, 1000));
END $$;

-- The rule editor: NULL keeps a field. Validated by alert_rule_check (22023); audited.
CREATE FUNCTION alert_rule_save(rule_id uuid, is_enabled boolean, conditions jsonb, alert_config jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM require_permission('ops.alerts.manage_rules');
    UPDATE alert_rules r
    SET is_enabled = coalesce(alert_rule_save.is_enabled, r.is_enabled),
        conditions = coalesce(alert_rule_save.conditions, r.conditions),
        alert_config = coalesce(alert_rule_save.alert_config, r.alert_config)
    WHERE r.id = alert_rule_save.rule_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no alert rule has the id %', rule_id USING ERRCODE = 'P0002';
    END IF;
END $$;

DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY[
        'alert_check_number(text, jsonb, text, numeric, numeric, boolean, text, boolean)'::regprocedure,
        'alert_rule_check()'::regprocedure, 'alert_addressed_to(alerts, uuid, smallint)'::regprocedure,
        'alert_in_feed(alerts, uuid, smallint)'::regprocedure, 'alert_my_level()'::regprocedure,
        'alerts_config_number(text, numeric)'::regprocedure, 'alert_candidates(alert_rules)'::regprocedure,
        'alert_evaluate_rule(alert_rules)'::regprocedure, 'alert_retire_rule(alert_rules)'::regprocedure,
        'alert_notify(alert_rules)'::regprocedure, 'alert_require_addressed(uuid[])'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    FOREACH fn IN ARRAY ARRAY[
        'alerts_evaluate(text, boolean)'::regprocedure, 'alert_acknowledge(uuid[])'::regprocedure,
        'alert_resolve(uuid[], text)'::regprocedure, 'alert_mark_read(uuid[])'::regprocedure,
        'alert_dismiss(uuid[])'::regprocedure, 'my_unread_alert_count()'::regprocedure,
        'alert_feed(boolean, integer)'::regprocedure,
        'alert_rule_save(uuid, boolean, jsonb, jsonb)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
