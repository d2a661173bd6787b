-- Demo data, step 10: alerts (≈ 40, every type and severity; open, acknowledged, resolved; assigned
-- or broadcast), each staff member's read / dismissed / snoozed state, alert subscriptions.
--
-- dedupe_key = '<alert_type>:<resource_type>:<resource_id>' and is unique among alerts that are not
-- resolved (alerts_open_dedupe_idx); the resolved history reuses keys. SLA alerts point at the
-- complaints that are breached / at risk at seeding time.

WITH
oc AS (   -- open complaints with their SLA state at seeding time
    SELECT c.*, t.name AS tenant_name, s.full_name AS assignee_name,
           extract(epoch FROM now() - c.created_at) / 3600 AS age_h,
           CASE WHEN c.kind = 'refund' THEN 4 ELSE 2 END AS expected_h,
           CASE WHEN now() - c.created_at > (CASE WHEN c.kind = 'refund' THEN 4 ELSE 2 END) * interval '1 hour' THEN 'breached'
                WHEN now() - c.created_at > (CASE WHEN c.kind = 'refund' THEN 3 ELSE 1 END) * interval '1 hour' THEN 'at_risk'
                ELSE 'on_track' END AS sla
    FROM complaints c
    JOIN tenants t ON t.id = c.tenant_id
    LEFT JOIN staff s ON s.id = c.assigned_to
    WHERE c.status IN ('open', 'in_progress', 'escalated')
),
ranked AS (
    SELECT oc.*, row_number() OVER (PARTITION BY oc.sla ORDER BY oc.created_at, oc.id) AS rn,
           row_number() OVER (PARTITION BY oc.priority = 'critical' ORDER BY oc.created_at DESC, oc.id) AS crn
    FROM oc
),
rc AS (   -- resolved complaints for the history
    SELECT c.*, t.name AS tenant_name, row_number() OVER (ORDER BY c.resolved_at DESC, c.id) AS rn
    FROM complaints c JOIN tenants t ON t.id = c.tenant_id
    WHERE c.status IN ('resolved', 'closed') AND c.resolved_at > now() - interval '20 days'
      AND c.resolved_at > c.sla_due_at
),
rule AS (SELECT rule_type, id FROM alert_rules),
staff_id AS (SELECT login, id, full_name FROM staff),
tn AS (SELECT k, id, name, slug FROM demo_tenant),
a AS (
    -- SLA breached: 8 open (3 acknowledged), 4 resolved
    SELECT 'sla_breach:complaint:' || r.id AS dedupe_key, 'sla_breach' AS alert_type, 'critical' AS severity,
           'SLA breached: ' || r.subject AS title,
           initcap(r.kind) || ' for ' || r.tenant_name || ' is ' || round(r.age_h::numeric, 1) || ' h old (expected '
               || r.expected_h || ' h). ' || coalesce('Assigned to ' || r.assignee_name || '.', 'Unassigned.') AS message,
           r.tenant_id, 'complaint' AS resource_type, r.id::text AS resource_id,
           r.assigned_to AS assigned_to, r.assigned_to IS NULL AS is_broadcast,
           CASE WHEN r.rn <= 3 THEN 'acknowledged' ELSE 'open' END AS status,
           CASE WHEN r.rn <= 3 THEN coalesce(r.assigned_to, (SELECT id FROM staff_id WHERE login = 'priya.raman')) END AS ack_by,
           CASE WHEN r.rn <= 3 THEN r.sla_due_at + interval '20 minutes' END AS ack_at,
           NULL::timestamptz AS resolved_at,
           jsonb_build_object('age_hours', round(r.age_h::numeric, 2), 'expected_hours', r.expected_h, 'priority', r.priority,
                              'kind', r.kind) AS meta,
           r.sla_due_at + interval '3 minutes' AS created_at
    FROM ranked r WHERE r.sla = 'breached' AND r.rn <= 8
    UNION ALL
    SELECT 'sla_breach:complaint:' || c.id, 'sla_breach', 'critical', 'SLA breached: ' || c.subject,
           initcap(c.kind) || ' for ' || c.tenant_name || ' passed its ' || CASE WHEN c.kind = 'refund' THEN 4 ELSE 2 END || ' h response time.',
           c.tenant_id, 'complaint', c.id::text, c.assigned_to, c.assigned_to IS NULL, 'resolved',
           c.assigned_to, c.sla_due_at + interval '15 minutes', c.resolved_at,
           jsonb_build_object('expected_hours', CASE WHEN c.kind = 'refund' THEN 4 ELSE 2 END, 'priority', c.priority, 'kind', c.kind),
           c.sla_due_at + interval '3 minutes'
    FROM rc c WHERE c.rn <= 4
    UNION ALL
    -- SLA at risk: 5 open, 3 resolved (their complaints have since breached)
    SELECT 'sla_at_risk:complaint:' || r.id, 'sla_at_risk', 'warning', 'SLA at risk: ' || r.subject,
           initcap(r.kind) || ' for ' || r.tenant_name || ' is ' || round(r.age_h::numeric, 1) || ' h old; response due within '
               || round((r.expected_h - r.age_h)::numeric * 60) || ' min.',
           r.tenant_id, 'complaint', r.id::text, r.assigned_to, r.assigned_to IS NULL, 'open', NULL, NULL, NULL,
           jsonb_build_object('age_hours', round(r.age_h::numeric, 2), 'expected_hours', r.expected_h, 'buffer_hours', 1),
           r.created_at + (r.expected_h - 1) * interval '1 hour' + interval '2 minutes'
    FROM ranked r WHERE r.sla = 'at_risk' AND r.rn <= 5
    UNION ALL
    SELECT 'sla_at_risk:complaint:' || r.id, 'sla_at_risk', 'warning', 'SLA at risk: ' || r.subject,
           initcap(r.kind) || ' for ' || r.tenant_name || ' is within an hour of its response time.',
           r.tenant_id, 'complaint', r.id::text, r.assigned_to, r.assigned_to IS NULL, 'resolved', NULL, NULL,
           r.sla_due_at + interval '3 minutes',
           jsonb_build_object('expected_hours', r.expected_h, 'buffer_hours', 1, 'superseded_by', 'sla_breach'),
           r.created_at + (r.expected_h - 1) * interval '1 hour' + interval '2 minutes'
    FROM ranked r WHERE r.sla = 'breached' AND r.rn BETWEEN 1 AND 3
    UNION ALL
    -- Critical complaints: 4 open (broadcast), 2 resolved
    SELECT 'critical_complaint:complaint:' || r.id, 'critical_complaint', 'critical', 'Critical ' || r.kind || ': ' || r.subject,
           r.tenant_name || ' — priority critical, status ' || r.status || '.',
           r.tenant_id, 'complaint', r.id::text, NULL, true,
           CASE WHEN r.crn = 1 THEN 'acknowledged' ELSE 'open' END,
           CASE WHEN r.crn = 1 THEN (SELECT id FROM staff_id WHERE login = 'leo.martins') END,
           CASE WHEN r.crn = 1 THEN r.created_at + interval '9 minutes' END, NULL,
           jsonb_build_object('priority', 'critical', 'kind', r.kind),
           r.created_at + interval '4 minutes'
    FROM ranked r WHERE r.priority = 'critical' AND r.crn <= 4
    UNION ALL
    SELECT 'critical_complaint:complaint:' || c.id, 'critical_complaint', 'critical', 'Critical ' || c.kind || ': ' || c.subject,
           c.tenant_name || ' — priority critical.', c.tenant_id, 'complaint', c.id::text, NULL, true, 'resolved',
           (SELECT id FROM staff_id WHERE login = 'priya.raman'), c.created_at + interval '12 minutes', c.resolved_at,
           jsonb_build_object('priority', 'critical', 'kind', c.kind), c.created_at + interval '4 minutes'
    FROM (SELECT * FROM complaints c2 JOIN (SELECT id AS tid, name AS tenant_name FROM tenants) t ON t.tid = c2.tenant_id
          WHERE c2.priority = 'critical' AND c2.status IN ('resolved', 'closed') ORDER BY c2.resolved_at DESC, c2.id LIMIT 2) c
    UNION ALL
    -- High workload: Mia Chen now (to the manager), Leo Martins last week (resolved)
    SELECT 'high_workload:staff:' || s.id, 'high_workload', 'warning', 'High workload: ' || s.full_name,
           s.full_name || ' holds ' || (SELECT count(*) FROM oc WHERE oc.assigned_to = s.id) || ' open items (threshold 15).',
           NULL, 'staff', s.id::text, (SELECT id FROM staff_id WHERE login = 'priya.raman'), false, 'open', NULL, NULL, NULL,
           jsonb_build_object('open_items', (SELECT count(*) FROM oc WHERE oc.assigned_to = s.id), 'threshold', 15),
           now() - interval '47 minutes'
    FROM staff_id s WHERE s.login = 'mia.chen'
    UNION ALL
    SELECT 'high_workload:staff:' || s.id, 'high_workload', 'warning', 'High workload: ' || s.full_name,
           s.full_name || ' held 19 open items (threshold 15).', NULL, 'staff', s.id::text,
           (SELECT id FROM staff_id WHERE login = 'priya.raman'), false, 'resolved',
           (SELECT id FROM staff_id WHERE login = 'priya.raman'), now() - interval '6 days 20 hours', now() - interval '6 days 14 hours',
           jsonb_build_object('open_items', 19, 'threshold', 15), now() - interval '6 days 21 hours'
    FROM staff_id s WHERE s.login = 'leo.martins'
    UNION ALL
    -- Error rate: copper-kettle now; the shared incident ≈ 8.8 days ago (resolved)
    SELECT 'error_rate:tenant:' || t.id, 'error_rate', 'critical', 'High error rate: ' || t.name,
           t.name || ' returned 5xx on ' || coalesce((SELECT round(100.0 * count(*) FILTER (WHERE m.status_code >= 500) / nullif(count(*), 0), 1)
                                                      FROM api_metrics m WHERE m.tenant_id = t.id AND m.created_at > now() - interval '24 hours'), 0)
               || ' % of requests over the last 24 h (threshold 5 %). Most are connection-pool timeouts on /api/v1/bookings.',
           t.id, 'tenant', t.id::text, NULL, true, 'acknowledged', (SELECT id FROM staff_id WHERE login = 'leo.martins'),
           now() - interval '29 hours', NULL,
           jsonb_build_object('window_hours', 24, 'threshold_percent', 5), now() - interval '33 hours'
    FROM tn t WHERE t.slug = 'copper-kettle'
    UNION ALL
    SELECT 'error_rate:tenant:' || t.id, 'error_rate', CASE WHEN t.k = 1 THEN 'critical' ELSE 'warning' END,
           'High error rate: ' || t.name, t.name || ' returned 5xx on 6 % of requests for an hour (shared database failover).',
           t.id, 'tenant', t.id::text, NULL, true, 'resolved', (SELECT id FROM staff_id WHERE login = 'sam.whitfield'),
           now() - interval '211 hours' - interval '35 minutes', now() - interval '211 hours' + interval '25 minutes',
           jsonb_build_object('window_hours', 1, 'threshold_percent', 5), now() - interval '212 hours' + interval '20 minutes'
    FROM tn t WHERE t.k IN (1, 2)
    UNION ALL
    -- Pipeline stale: southern-cross-events now; kauri-dental earlier (resolved)
    SELECT 'pipeline_stale:pipeline:' || t.id, 'pipeline_stale', 'critical', 'Data pipeline stale: ' || t.name,
           'No successful sync for ' || t.name || ' since ' || to_char((SELECT max(j.completed_at) FROM data_import_jobs j
                                                                     WHERE j.tenant_id = t.id AND j.status = 'completed'), 'DD Mon HH24:MI')
               || ' UTC; every run since failed with HTTP 401 (API token expired).',
           t.id, 'pipeline', t.id::text, NULL, true, 'acknowledged', (SELECT id FROM staff_id WHERE login = 'priya.raman'),
           now() - interval '3 days 2 hours', NULL,
           jsonb_build_object('last_success_hours', round(extract(epoch FROM now() - (SELECT max(j.completed_at) FROM data_import_jobs j
                                                                     WHERE j.tenant_id = t.id AND j.status = 'completed')) / 3600), 'threshold_hours', 6),
           now() - interval '4 days 19 hours'
    FROM tn t WHERE t.slug = 'southern-cross-events'
    UNION ALL
    SELECT 'pipeline_stale:pipeline:' || t.id, 'pipeline_stale', 'warning', 'Data pipeline stale: ' || t.name,
           'No successful sync for ' || t.name || ' in 6 h (Dentally maintenance window).', t.id, 'pipeline', t.id::text, NULL, true,
           'resolved', NULL, NULL, now() - interval '10 days 1 hour',
           jsonb_build_object('threshold_hours', 6), now() - interval '10 days 6 hours'
    FROM tn t WHERE t.slug = 'kauri-dental'
    UNION ALL
    -- Outbound failures
    -- One open alert per failing connection, the key the outbound engine and the evaluator use.
    SELECT 'outbound_failures:' || md5('opsdeck-demo-connection-' || t.slug || '-' || CASE WHEN t.slug = 'cleanjet' THEN 'resend' ELSE 'slack' END)::uuid, 'outbound_failures', 'warning', 'Outbound deliveries failing: ' || t.name,
           (SELECT count(*) FROM outbound_queue q WHERE q.tenant_id = t.id AND q.status = 'failed' AND q.created_at > now() - interval '7 days')
               || ' deliveries failed in the last 7 days. ' || CASE WHEN t.slug = 'cleanjet' THEN 'The Resend connection is disabled (domain not verified).'
                                                                    ELSE 'The Slack webhook answers 503.' END,
           t.id, 'outbound', (md5('opsdeck-demo-connection-' || t.slug || '-' || CASE WHEN t.slug = 'cleanjet' THEN 'resend' ELSE 'slack' END)::uuid)::text,
           (SELECT id FROM staff_id WHERE login = CASE WHEN t.slug = 'cleanjet' THEN 'tom.becker' ELSE 'leo.martins' END), false, 'open',
           NULL, NULL, NULL, jsonb_build_object('window_days', 7), now() - CASE WHEN t.slug = 'cleanjet' THEN interval '5 days 22 hours' ELSE interval '3 hours' END
    FROM tn t WHERE t.slug IN ('cleanjet', 'copper-kettle')
    UNION ALL
    SELECT 'outbound_failures:' || md5('opsdeck-demo-connection-' || t.slug || '-hubspot')::uuid, 'outbound_failures', 'info', 'Outbound deliveries recovered: ' || t.name,
           'HubSpot webhook deliveries resumed after 12 retries.', t.id, 'outbound', (md5('opsdeck-demo-connection-' || t.slug || '-hubspot')::uuid)::text,
           (SELECT id FROM staff_id WHERE login = 'mia.chen'), false, 'resolved', (SELECT id FROM staff_id WHERE login = 'mia.chen'),
           now() - interval '15 days 2 hours', now() - interval '15 days 1 hour', jsonb_build_object('window_days', 7),
           now() - interval '15 days 4 hours'
    FROM tn t WHERE t.slug = 'prime-electrical'
    UNION ALL
    -- System notices (no assignee, no broadcast: allowed for alert_type 'system')
    SELECT 'system:station:' || md5('opsdeck-demo-station-4-4')::uuid, 'system', 'info', 'Station offline: CleanJet Team West',
           'Team West has been offline since this morning (van in for service).', md5('opsdeck-demo-tenant-4')::uuid, 'station',
           md5('opsdeck-demo-station-4-4')::uuid::text, NULL, false, 'open', NULL, NULL, NULL, '{}'::jsonb, now() - interval '5 hours'
    UNION ALL
    SELECT 'system:backup:nightly', 'system', 'info', 'Nightly backup completed',
           'pg_dump of the opsdeck database finished in 4 min 12 s (1.8 GB).', NULL, NULL, NULL, NULL, false, 'resolved', NULL, NULL,
           date_trunc('day', now()) - interval '22 hours', '{}'::jsonb, date_trunc('day', now()) - interval '22 hours 4 minutes'
    UNION ALL
    SELECT 'system:tenant:' || t.id, 'system', 'info', 'Tenant deactivated: ' || t.name,
           t.name || ' was deactivated (contract ended). Its connections and ingest agent were disabled.', t.id, 'tenant', t.id::text,
           (SELECT id FROM staff_id WHERE login = 'sam.whitfield'), false, 'resolved', (SELECT id FROM staff_id WHERE login = 'sam.whitfield'),
           (SELECT deactivated_at FROM demo_tenant WHERE k = 8) + interval '1 hour',
           (SELECT deactivated_at FROM demo_tenant WHERE k = 8) + interval '1 day', '{}'::jsonb,
           (SELECT deactivated_at FROM demo_tenant WHERE k = 8) + interval '2 minutes'
    FROM tn t WHERE t.k = 8
)
INSERT INTO alerts (id, rule_id, alert_type, severity, title, message, tenant_id, resource_type, resource_id, assigned_to_staff_id,
                    is_broadcast, dedupe_key, status, acknowledged_by, acknowledged_at, resolved_at, alert_metadata, created_at)
SELECT md5('opsdeck-demo-alert-' || a.dedupe_key || '-' || a.status)::uuid,
       (SELECT id FROM rule WHERE rule.rule_type = a.alert_type),
       a.alert_type, a.severity, a.title, a.message, a.tenant_id, a.resource_type, a.resource_id, a.assigned_to,
       a.is_broadcast, a.dedupe_key, a.status,
       CASE WHEN a.status IN ('acknowledged', 'resolved') THEN a.ack_by END,
       CASE WHEN a.status IN ('acknowledged', 'resolved') AND a.ack_by IS NOT NULL THEN least(a.ack_at, now()) END,
       CASE WHEN a.status = 'resolved' THEN least(greatest(a.resolved_at, a.created_at + interval '5 minutes'), now()) END,
       a.meta, least(a.created_at, now() - interval '1 minute')
FROM a
ORDER BY a.created_at;

-- Per-staff state: read, dismissed, snoozed ---------------------------------------------------------
INSERT INTO alert_staff_state (alert_id, staff_id, read_at, dismissed_at, snoozed_until)
SELECT x.alert_id, x.staff_id,
       CASE WHEN x.h < 0.80 THEN x.created_at + (now() - x.created_at) * (0.05 + 0.5 * x.h2) END,
       CASE WHEN x.h >= 0.55 AND x.h < 0.70 THEN x.created_at + (now() - x.created_at) * (0.6 + 0.3 * x.h2) END,
       CASE WHEN x.h >= 0.70 AND x.h < 0.80 AND x.status <> 'resolved' THEN now() + (30 + floor(x.h2 * 210)) * interval '1 minute'
            WHEN x.h >= 0.80 AND x.h < 0.85 THEN now() - (20 + floor(x.h2 * 120)) * interval '1 minute' END
FROM (
    SELECT al.id AS alert_id, s.id AS staff_id, al.created_at, al.status,
           pg_temp.demo_h('ass-' || al.id || s.id) AS h, pg_temp.demo_h('ass2-' || al.id || s.id) AS h2,
           al.assigned_to_staff_id = s.id AS mine
    FROM alerts al
    CROSS JOIN staff s
    WHERE al.is_broadcast OR al.assigned_to_staff_id = s.id
       OR (al.alert_type = 'system' AND s.login IN ('dana.okafor', 'sam.whitfield'))
) x
WHERE x.mine OR x.h < 0.85 AND pg_temp.demo_h('ass3-' || x.alert_id || x.staff_id) < 0.65;

-- Alert subscriptions: every staff member × every rule type ------------------------------------------
INSERT INTO alert_subscriptions (id, staff_id, alert_type, is_enabled, delivery_channels, created_at, updated_at)
SELECT md5('opsdeck-demo-alertsub-' || s.login || '-' || ty.alert_type)::uuid,
       s.id, ty.alert_type,
       NOT (s.login = 'ivan.petrov' AND ty.alert_type NOT IN ('critical_complaint', 'sla_breach')
            OR s.login = 'nora.lindqvist' AND ty.alert_type IN ('sla_at_risk', 'high_workload')
            OR s.login = 'tom.becker' AND ty.alert_type = 'pipeline_stale'),
       CASE WHEN ty.severity = 'critical' AND s.login IN ('dana.okafor', 'priya.raman', 'leo.martins') THEN ARRAY['in_app', 'email', 'sms']
            WHEN ty.severity = 'critical' OR s.login IN ('sam.whitfield', 'priya.raman') THEN ARRAY['in_app', 'email']
            ELSE ARRAY['in_app'] END,
       s.created_at + interval '1 hour', s.created_at + interval '1 hour'
FROM staff s
CROSS JOIN (VALUES ('sla_breach', 'critical'), ('sla_at_risk', 'warning'), ('critical_complaint', 'critical'),
                   ('high_workload', 'warning'), ('error_rate', 'critical'), ('pipeline_stale', 'warning'),
                   ('outbound_failures', 'warning')) AS ty(alert_type, severity)
ORDER BY s.login, ty.alert_type;
