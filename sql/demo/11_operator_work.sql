-- Demo data, step 11: the staff's private operator tasks and consultant notes, report schedules and
-- their run history, and the emergency-controls log (every control inactive at the end).
-- Tasks and notes belong to the staff member who wrote them (seven staff; the viewer has neither),
-- so privacy can be tested: each sees only their own.

-- Operator tasks -----------------------------------------------------------------------------------
WITH tpl(n, title, description, k, priority) AS (VALUES
    (1,  'Call Harbourside about the function room booking flow', 'Hana wants deposits taken at booking time.', 1, 'high'),
    (2,  'Chase Southern Cross for a new Tanda API token', 'Pipeline has been failing with 401 since the token expired.', 6, 'high'),
    (3,  'Review Copper Kettle error spike with their dev', 'Pool timeouts on /api/v1/bookings since yesterday.', 5, 'high'),
    (4,  'Prepare Q3 review deck for Prime Electrical', NULL, 2, 'medium'),
    (5,  'Confirm CleanJet has re-verified their sending domain', 'Resend connection disabled until DNS is fixed.', 4, 'medium'),
    (6,  'Send AKF the quote-conversion numbers', 'They asked for quote → job conversion by month.', 3, 'low'),
    (7,  'Check Kauri Dental recall SMS wording', NULL, 7, 'low'),
    (8,  'Archive Redwood Fitness data export', 'Contract ended; keep the export for 90 days.', 8, 'low'),
    (9,  'Tidy up stale alert subscriptions', NULL, NULL, 'low'),
    (10, 'Onboarding call: new tenant next week', 'Collect POS details and sync webhook URL.', NULL, 'medium'),
    (11, 'Update SLA buffer proposal for managers', 'Suggest 1.5 h buffer for refunds.', NULL, 'medium'),
    (12, 'Review refund backlog at Harbourside', NULL, 1, 'high'),
    (13, 'Follow up on double-charge complaints', 'Three customers charged twice last week.', 2, 'high'),
    (14, 'Reconcile Copper Kettle Stripe refunds', NULL, 5, 'medium'),
    (15, 'Walk Mia through the priority queue filters', NULL, NULL, 'low'),
    (16, 'Check Southern Cross cart 3 is back online', NULL, 6, 'medium'),
    (17, 'Renewal conversation with AKF Construction', 'Contract renews next month.', 3, 'medium'),
    (18, 'Send monthly revenue report to Harbourside', NULL, 1, 'medium'),
    (19, 'Rotate the Twilio connection key for Prime Electrical', 'Routine 90-day rotation.', 2, 'low'),
    (20, 'Look into slow /analytics/menu-engineering', 'p95 near 1 s for the hospitality tenants.', NULL, 'medium'),
    (21, 'Close out CleanJet storm-pause follow-ups', NULL, 4, 'low'),
    (22, 'Draft message template for Kauri Dental reminders', NULL, 7, 'low'),
    (23, 'Export error log sample for the platform team', NULL, 5, 'low'),
    (24, 'Book training session on the outbound queue', NULL, NULL, 'low')
)
INSERT INTO operator_tasks (id, title, description, tenant_id, priority, status, due_date, completed_at, created_by, created_at, updated_at)
SELECT md5('opsdeck-demo-task-' || x.login || '-' || x.j)::uuid,
       tpl.title, tpl.description,
       CASE WHEN tpl.k IS NOT NULL THEN md5('opsdeck-demo-tenant-' || tpl.k)::uuid END,
       tpl.priority,
       CASE WHEN x.done THEN 'completed' ELSE 'pending' END,
       CASE WHEN x.j = 1 THEN current_date - 2                                         -- overdue
            WHEN x.h_due < 0.10 THEN NULL
            WHEN x.done THEN (x.created_at + (1 + floor(x.h_due * 10)) * interval '1 day')::date
            WHEN x.h_due < 0.45 THEN current_date - (1 + floor(x.h_due * 10))::int      -- overdue
            WHEN x.h_due < 0.60 THEN current_date                                      -- due today
            ELSE current_date + (1 + floor(x.h_due * 14))::int END,
       CASE WHEN x.done THEN x.created_at + (now() - x.created_at) * (0.2 + 0.7 * x.h_due) END,
       x.staff_id,
       x.created_at,
       CASE WHEN x.done THEN x.created_at + (now() - x.created_at) * (0.2 + 0.7 * x.h_due) ELSE x.created_at END
FROM (
    SELECT s.login, s.id AS staff_id, s.si, j,
           1 + (s.si * 5 + j * 7) % 24 AS tpl_n,
           j = 2 OR j > 2 AND pg_temp.demo_h('task-done-' || s.login || j) < 0.35 AS done,
           pg_temp.demo_h('task-due-' || s.login || j) AS h_due,
           now() - (1 + pg_temp.demo_h('task-age-' || s.login || j) * 20) * interval '1 day' AS created_at
    FROM (SELECT st.login, st.id, r.level AS si FROM staff st JOIN roles r ON r.id = st.role_id WHERE r.name <> 'viewer') s
    CROSS JOIN LATERAL generate_series(1, 4 + (s.si * 3) % 6) AS j
) x
JOIN tpl ON tpl.n = x.tpl_n
ORDER BY x.created_at;

-- Consultant notes -----------------------------------------------------------------------------------
WITH tpl(n, k, content) AS (VALUES
    (1, 1, 'Hana prefers a call on Monday mornings. Flagship account — loop Priya in on anything touching revenue.'),
    (2, 1, 'Function package pricing changes on 1 Dec; their Lightspeed menu sync must pick up the new items.'),
    (3, 2, 'Rob Tane is happy with the EV charger lead flow. Wants quote follow-ups by SMS rather than email.'),
    (4, 2, 'Prime runs ServiceM8; sync window is hourly. Do not trigger manual syncs between 7 and 8 am (their batch jobs).'),
    (5, 3, 'AKF renewal next month. Aaron asked about multi-site support for the Gold Coast crew.'),
    (6, 3, 'Quote → job conversion is their key metric; report it monthly.'),
    (7, 4, 'CleanJet: Resend domain verification lapsed — Jess is sorting DNS with their IT contractor.'),
    (8, 4, 'Storm pause on 6 days ago went well; they want the same playbook documented.'),
    (9, 5, 'Copper Kettle incident: their Postgres pool is set to 10 connections; weekend brunch traffic exhausts it.'),
    (10, 5, 'Marco wants a weekly technical health report until the error rate is back under 1 %.'),
    (11, 6, 'Southern Cross: Tanda API token expired. Bec is waiting on their Tanda admin to issue a new one.'),
    (12, 6, 'Event season starts in two weeks — pipeline must be green before then.'),
    (13, 7, 'Dr Rao asked for recall reminders 6 months after the last hygienist visit.'),
    (14, 7, 'Small account, very low support load. Check in quarterly.'),
    (15, 8, 'Redwood ended their contract (moved to an in-house system). Data export delivered; delete after 90 days.'),
    (16, 1, 'Private dining bookings spike before Christmas — watch station load on the Pass.')
)
INSERT INTO consultant_notes (id, tenant_id, content, is_pinned, created_by, created_at, updated_at)
SELECT md5('opsdeck-demo-note-' || x.login || '-' || x.j)::uuid,
       md5('opsdeck-demo-tenant-' || tpl.k)::uuid,
       tpl.content,
       x.j = 1 OR pg_temp.demo_h('note-pin-' || x.login || x.j) < 0.15,
       x.staff_id, x.created_at,
       x.created_at + (now() - x.created_at) * 0.3 * pg_temp.demo_h('note-upd-' || x.login || x.j)
FROM (
    SELECT s.login, s.id AS staff_id, j,
           1 + (s.si * 3 + j * 5) % 16 AS tpl_n,
           now() - (1 + pg_temp.demo_h('note-age-' || s.login || j) * 45) * interval '1 day' AS created_at
    FROM (SELECT st.login, st.id, r.level AS si FROM staff st JOIN roles r ON r.id = st.role_id WHERE r.name <> 'viewer') s
    CROSS JOIN LATERAL generate_series(1, 3 + (s.si * 2) % 5) AS j
) x
JOIN tpl ON tpl.n = x.tpl_n
ORDER BY x.created_at;

-- Report schedules -----------------------------------------------------------------------------------
INSERT INTO report_schedules (id, name, tenant_id, report_type, frequency, recipients, is_enabled, next_run_at, last_run_at,
                              created_by, created_at, updated_at)
SELECT md5('opsdeck-demo-report-' || v.n)::uuid, v.name,
       CASE WHEN v.k IS NOT NULL THEN md5('opsdeck-demo-tenant-' || v.k)::uuid END,
       v.report_type, v.frequency, v.recipients, v.enabled,
       CASE WHEN v.enabled THEN v.anchor + CASE v.frequency WHEN 'daily' THEN interval '1 day' WHEN 'weekly' THEN interval '7 days'
                                                            ELSE interval '1 month' END END,
       v.anchor,
       md5('opsdeck-demo-staff-' || v.owner)::uuid,
       now() - interval '120 days', now() - interval '12 days'
FROM (VALUES
    (1, 'Weekly summary — all clients', NULL::int, 'weekly_summary', 'weekly',
     ARRAY['dana.okafor@opsdeck.example', 'priya.raman@opsdeck.example'], true, 'priya.raman',
     date_trunc('week', now()) + interval '20 hours'),
    (2, 'Daily SLA compliance', NULL, 'sla_compliance', 'daily',
     ARRAY['priya.raman@opsdeck.example', 'leo.martins@opsdeck.example'], true, 'priya.raman',
     date_trunc('day', now()) - interval '5 hours'),
    (3, 'Harbourside monthly revenue', 1, 'revenue', 'monthly',
     ARRAY['ops@harbourside-hospitality.example', 'priya.raman@opsdeck.example'], true, 'nora.lindqvist',
     date_trunc('month', now()) + interval '19 hours'),
    (4, 'Copper Kettle technical health', 5, 'technical_health', 'weekly',
     ARRAY['ops@copper-kettle.example', 'leo.martins@opsdeck.example'], true, 'leo.martins',
     date_trunc('week', now()) + interval '21 hours'),
    (5, 'Outbound delivery report', NULL, 'outbound_delivery', 'weekly',
     ARRAY['sam.whitfield@opsdeck.example'], true, 'sam.whitfield',
     date_trunc('week', now()) + interval '22 hours'),
    (6, 'AKF weekly summary', 3, 'weekly_summary', 'weekly',
     ARRAY['ops@akf-construction.example'], false, 'nora.lindqvist',
     date_trunc('week', now()) - interval '14 days' + interval '20 hours'),
    (7, 'Redwood Fitness monthly revenue', 8, 'revenue', 'monthly',
     ARRAY['ops@redwood-fitness.example'], false, 'nora.lindqvist',
     date_trunc('month', now() - interval '12 days') + interval '19 hours')
) AS v(n, name, k, report_type, frequency, recipients, enabled, owner, anchor);

-- Report runs: the scheduled history (sent / failed) plus manual sends and previews
INSERT INTO report_runs (id, schedule_id, tenant_id, report_type, trigger, status, recipients, output, error, requested_by,
                         started_at, finished_at)
SELECT md5('opsdeck-demo-report-run-' || r.sid || '-' || r.i || '-' || r.trig)::uuid,
       r.schedule_id, r.tenant_id, r.report_type, r.trig, r.status,
       CASE WHEN r.status = 'previewed' THEN '{}'::text[] ELSE r.recipients END,
       CASE WHEN r.status = 'failed' THEN NULL ELSE
           CASE r.report_type
               WHEN 'sla_compliance' THEN jsonb_build_object('compliance_percent', round((88 + 10 * r.h)::numeric, 1),
                                                            'breached', floor(2 + r.h * 9)::int, 'at_risk', floor(1 + r.h * 6)::int)
               WHEN 'revenue' THEN jsonb_build_object('revenue', round((38000 + 14000 * r.h)::numeric, 2), 'currency', 'NZD',
                                                     'growth_percent', round((-4 + 12 * r.h)::numeric, 1))
               WHEN 'technical_health' THEN jsonb_build_object('error_rate_percent', round((0.2 + 9 * r.h * r.h)::numeric, 2),
                                                              'p95_ms', floor(400 + 500 * r.h)::int)
               WHEN 'outbound_delivery' THEN jsonb_build_object('delivered', floor(300 + 200 * r.h)::int,
                                                               'failed', floor(5 + 20 * r.h)::int)
               ELSE jsonb_build_object('bookings', floor(400 + 300 * r.h)::int, 'complaints', floor(20 + 30 * r.h)::int,
                                       'alerts', floor(5 + 20 * r.h)::int) END END,
       CASE WHEN r.status = 'failed' THEN (ARRAY['SMTP 451 4.7.1 Temporary lookup failure for opsdeck.example',
                                                 'Report query timed out after 60 s'])[1 + floor(r.h * 2)::int] END,
       CASE WHEN r.trig <> 'scheduled' THEN md5('opsdeck-demo-staff-' || r.requester)::uuid END,
       r.started_at, r.started_at + (3 + floor(r.h * 40)) * interval '1 second'
FROM (
    SELECT s.id AS schedule_id, s.name, s.tenant_id, s.report_type, s.recipients, s.id::text AS sid, i, 'scheduled' AS trig,
           NULL::text AS requester,
           s.last_run_at - (i - 1) * CASE s.frequency WHEN 'daily' THEN interval '1 day' WHEN 'weekly' THEN interval '7 days'
                                                      ELSE interval '1 month' END AS started_at,
           pg_temp.demo_h('rr-' || s.id || '-' || i) AS h,
           CASE WHEN pg_temp.demo_h('rrs-' || s.id || '-' || i) < 0.08 THEN 'failed' ELSE 'sent' END AS status
    FROM report_schedules s
    CROSS JOIN LATERAL generate_series(1, CASE s.frequency WHEN 'daily' THEN 30 WHEN 'weekly' THEN 5 ELSE 2 END) AS i
    WHERE s.last_run_at - (i - 1) * CASE s.frequency WHEN 'daily' THEN interval '1 day' WHEN 'weekly' THEN interval '7 days'
                                                     ELSE interval '1 month' END > now() - interval '65 days'
    UNION ALL
    SELECT md5('opsdeck-demo-report-' || v.n)::uuid, NULL, CASE WHEN v.k IS NOT NULL THEN md5('opsdeck-demo-tenant-' || v.k)::uuid END,
           v.report_type, v.recipients, 'manual-' || v.n, v.i, v.trig, v.requester, now() - v.ago,
           pg_temp.demo_h('rrm-' || v.n || '-' || v.i), v.status
    FROM (VALUES
        (2, 1, NULL::int, 'sla_compliance', ARRAY['priya.raman@opsdeck.example'], 'manual', 'priya.raman', interval '2 days 3 hours', 'sent'),
        (4, 1, 5, 'technical_health', ARRAY['ops@copper-kettle.example'], 'preview', 'leo.martins', interval '26 hours', 'previewed'),
        (4, 2, 5, 'technical_health', ARRAY['ops@copper-kettle.example', 'leo.martins@opsdeck.example'], 'manual', 'leo.martins',
         interval '25 hours 40 minutes', 'sent'),
        (3, 1, 1, 'revenue', ARRAY['ops@harbourside-hospitality.example'], 'preview', 'nora.lindqvist', interval '4 days', 'previewed'),
        (5, 1, NULL, 'outbound_delivery', ARRAY['sam.whitfield@opsdeck.example'], 'manual', 'sam.whitfield', interval '5 days 2 hours', 'failed'),
        (5, 2, NULL, 'outbound_delivery', ARRAY['sam.whitfield@opsdeck.example'], 'manual', 'sam.whitfield', interval '5 days 1 hour', 'sent')
    ) AS v(n, i, k, report_type, recipients, trig, requester, ago, status)
) r
ORDER BY r.started_at;

-- Emergency controls: a short history, every control inactive now -------------------------------------
INSERT INTO emergency_actions (action, control, reason, detail, staff_id, created_at)
SELECT v.action, v.control, v.reason, v.detail::jsonb, md5('opsdeck-demo-staff-' || v.login)::uuid, now() - v.ago
FROM (VALUES
    ('activate',     'maintenance_mode', 'PostgreSQL minor upgrade (15.x) — consoles read-only for ~30 min', '{}', 'dana.okafor', interval '21 days 3 hours'),
    ('deactivate',   'maintenance_mode', 'Upgrade complete, all health checks green', '{}', 'dana.okafor', interval '21 days 2 hours 22 minutes'),
    ('broadcast',    NULL, 'Database failover in progress — expect errors for about 30 minutes', '{"severity": "critical"}', 'sam.whitfield', interval '8 days 20 hours'),
    ('activate',     'outbound_paused', 'Pausing outbound deliveries while the database fails over', '{}', 'sam.whitfield', interval '8 days 19 hours 58 minutes'),
    ('deactivate',   'outbound_paused', 'Failover complete; outbound resumed', '{}', 'sam.whitfield', interval '8 days 19 hours 3 minutes'),
    ('clear_queue',  NULL, 'Cleared stale webhook retries left over from the failover', '{"cleared": 37, "delivery_type": "webhook"}', 'sam.whitfield', interval '8 days 18 hours'),
    ('activate',     'stations_paused', 'CleanJet: vans off the road — severe storm warning for Sydney', '{"tenant": "cleanjet"}', 'priya.raman', interval '6 days 4 hours'),
    ('deactivate',   'stations_paused', 'Storm warning lifted; CleanJet teams back on the road', '{"tenant": "cleanjet"}', 'priya.raman', interval '6 days 1 hour'),
    ('backup',       NULL, 'Snapshot before editing the permission matrix', '{"file": "opsdeck-backup.dump", "size_bytes": 1932735283}', 'dana.okafor', interval '3 days 5 hours'),
    ('activate',     'intake_paused', 'Copper Kettle booking API failing — pausing intake to avoid duplicate bookings', '{"tenant": "copper-kettle"}', 'leo.martins', interval '26 hours'),
    ('deactivate',   'intake_paused', 'Duplicate bookings stopped; intake resumed while the pool issue is investigated', '{"tenant": "copper-kettle"}', 'leo.martins', interval '25 hours 20 minutes'),
    ('export_state', NULL, 'State snapshot for the Copper Kettle incident review', '{"format": "json"}', 'leo.martins', interval '25 hours')
) AS v(action, control, reason, detail, login, ago)
ORDER BY v.ago DESC;

UPDATE emergency_state es
   SET is_active = false, reason = x.reason, changed_by = x.staff_id, changed_at = x.created_at
FROM (SELECT DISTINCT ON (control) control, reason, staff_id, created_at
      FROM emergency_actions WHERE control IS NOT NULL ORDER BY control, created_at DESC) x
WHERE x.control = es.control;
