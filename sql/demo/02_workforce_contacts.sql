-- Demo data, step 2: tenant workers, contacts (end customers), stations, AI agents.
-- Scale: contacts ≈ 2 000 × opsdeck.scale; the rest is fixed.

SELECT setseed(0.4242);

-- Workers: 3-8 per tenant (admin, manager, workers) -------------------------------------------------
INSERT INTO workers (id, tenant_id, full_name, email, role, is_active, metadata, created_at, updated_at)
SELECT md5('opsdeck-demo-worker-' || w.k || '-' || w.j)::uuid,
       w.tenant_id,
       w.first_name || ' ' || w.last_name,
       lower(w.first_name) || '.' || lower(regexp_replace(w.last_name, '[^A-Za-z]', '', 'g')) || '@' || w.slug || '.example',
       CASE w.j WHEN 1 THEN 'admin' WHEN 2 THEN 'manager' ELSE 'worker' END,
       NOT (w.off_days > 0 OR (w.k = 1 AND w.j = w.worker_n)),
       jsonb_build_object(
           'title', CASE WHEN w.j = 1 THEN 'Owner'
                         WHEN w.j = 2 THEN 'Operations manager'
                         ELSE (CASE w.vertical
                                   WHEN 'hospitality'  THEN ARRAY['Head chef', 'Bar manager', 'Front of house', 'Sous chef', 'Events coordinator', 'Line cook']
                                   WHEN 'trades'       THEN ARRAY['Registered electrician', 'Apprentice electrician', 'Electrician', 'Estimator']
                                   WHEN 'construction' THEN ARRAY['Site supervisor', 'Carpenter', 'Estimator']
                                   WHEN 'cleaning'     THEN ARRAY['Team leader', 'Cleaner', 'Carpet technician']
                                   WHEN 'events'       THEN ARRAY['Lead barista', 'Event coordinator']
                                   WHEN 'health'       THEN ARRAY['Dentist', 'Hygienist']
                                   ELSE ARRAY['Personal trainer', 'Front desk'] END)[1 + (w.j - 3) % 2] END,
           'phone', pg_temp.demo_mobile(w.country, pg_temp.demo_h('wm1-' || w.k || '-' || w.j),
                                        pg_temp.demo_h('wm2-' || w.k || '-' || w.j)),
           'employment', CASE WHEN w.j <= 2 THEN 'full_time' WHEN w.j % 3 = 0 THEN 'contractor' ELSE 'full_time' END),
       now() - (w.created_days - 20 - w.j * 17) * interval '1 day',
       now() - (w.j * 3 + w.k) * interval '1 day'
FROM (
    SELECT t.k, t.id AS tenant_id, t.slug, t.country, t.vertical, t.off_days, t.worker_n, t.created_days, j,
           p.first_names[1 + floor(pg_temp.demo_h('wf-' || t.k || '-' || j) * array_length(p.first_names, 1))::int] AS first_name,
           p.last_names[1 + floor(pg_temp.demo_h('wl-' || t.k || '-' || j) * array_length(p.last_names, 1))::int] AS last_name
    FROM demo_tenant t
    CROSS JOIN LATERAL generate_series(1, t.worker_n) AS j
    CROSS JOIN demo_pool p
) w
ORDER BY w.k, w.j;

-- Contacts: ≈ 2 000 × scale, numbered per tenant in creation order over the last 120 days -----------
INSERT INTO contacts (id, tenant_id, full_name, mobile, email, source, status, metadata, created_at, updated_at)
SELECT md5('opsdeck-demo-contact-' || c.k || '-' || c.j)::uuid,
       c.tenant_id,
       c.first_name || ' ' || c.last_name,
       CASE WHEN c.u_mob < 0.92 THEN pg_temp.demo_mobile(c.country, c.u_m1, c.u_m2) END,
       CASE WHEN c.u_mail < 0.82 THEN
           lower(c.first_name) || (ARRAY['.', '', '_', '.'])[1 + floor(c.u_m1 * 4)::int]
           || lower(regexp_replace(c.last_name, '[^A-Za-z]', '', 'g'))
           || CASE WHEN c.u_m2 < 0.35 THEN (10 + floor(c.u_m2 * 250))::int::text ELSE '' END
           || '@' || c.domains[1 + floor(c.u_dom * array_length(c.domains, 1))::int] END,
       CASE WHEN c.u_src < 0.40 THEN 'web' WHEN c.u_src < 0.55 THEN 'phone' WHEN c.u_src < 0.65 THEN 'sms'
            WHEN c.u_src < 0.75 THEN 'email' WHEN c.u_src < 0.85 THEN 'referral' WHEN c.u_src < 0.95 THEN 'import'
            ELSE 'walk_in' END,
       CASE WHEN c.off_days > 0 AND c.u_st < 0.5 THEN 'inactive'
            WHEN c.u_st < 0.30 + 0.25 * (c.j::double precision / c.contact_n) THEN 'lead'
            WHEN c.u_st < 0.45 + 0.20 * (c.j::double precision / c.contact_n) THEN 'qualified'
            WHEN c.u_st < 0.92 THEN 'customer'
            ELSE 'inactive' END,
       jsonb_build_object(
           'suburb', c.suburbs[1 + floor(c.u_sub * array_length(c.suburbs, 1))::int],
           'marketing_opt_in', c.u_opt < 0.55,
           'preferred_channel', CASE WHEN c.u_opt < 0.5 THEN 'sms' WHEN c.u_opt < 0.8 THEN 'email' ELSE 'phone' END),
       c.created_at,
       c.created_at + (now() - c.created_at) * c.u_upd * 0.5
FROM (
    SELECT o.*,
           now() - (o.off_days + (120 - o.off_days) * (1 - (o.j - 0.5 + 0.8 * random() - 0.4) / o.contact_n)) * interval '1 day' AS created_at,
           random() AS u_mob, random() AS u_m1, random() AS u_m2, random() AS u_mail, random() AS u_dom,
           random() AS u_src, random() AS u_st, random() AS u_sub, random() AS u_opt, random() AS u_upd,
           o.first_names[1 + floor(random() * array_length(o.first_names, 1))::int] AS first_name,
           o.last_names[1 + floor(random() * array_length(o.last_names, 1))::int] AS last_name
    FROM (
        SELECT t.k, t.id AS tenant_id, t.country, t.off_days, t.contact_n, j,
               p.first_names, p.last_names, p.email_domains AS domains,
               CASE t.country WHEN 'NZ' THEN p.nz_suburbs WHEN 'AU' THEN p.au_suburbs ELSE p.us_suburbs END AS suburbs
        FROM demo_tenant t
        CROSS JOIN LATERAL generate_series(1, t.contact_n) AS j
        CROSS JOIN demo_pool p
        ORDER BY t.k, j
    ) o
) c
ORDER BY c.created_at;

-- Stations: 2-5 per active tenant; active, paused and offline all present ----------------------------
INSERT INTO stations (id, tenant_id, name, capacity, current_load, wait_time_minutes, status, capabilities,
                      operator_name, created_at, updated_at)
SELECT md5('opsdeck-demo-station-' || s.k || '-' || s.j)::uuid,
       s.tenant_id, s.name, s.capacity,
       s.load,
       CASE WHEN s.status IN ('offline', 'paused') THEN 0
            ELSE round((s.load * s.minutes_per_item * (0.8 + 0.4 * s.u_wait))::numeric, 1) END,
       CASE s.status WHEN 'full' THEN 'active' ELSE s.status END,
       s.capabilities,
       CASE WHEN s.status <> 'offline' THEN w.full_name END,
       now() - (s.created_days - 30 - s.j * 9) * interval '1 day',
       now() - (s.j * 37 + s.k * 11) * interval '1 minute'
FROM (
    SELECT q.*,
           CASE q.status WHEN 'offline' THEN 0
                         WHEN 'paused' THEN floor(q.u_load * 3)::int
                         WHEN 'full' THEN q.capacity + 2
                         ELSE floor(q.capacity * (0.2 + 0.7 * q.u_load))::int END AS load
    FROM (
    SELECT o.*, random() AS u_load, random() AS u_wait,
           (o.cap_min + floor(pg_temp.demo_h('cap-' || o.k || '-' || o.j) * (o.cap_max - o.cap_min + 1)))::int AS capacity
    FROM (
        SELECT t.k, t.id AS tenant_id, t.created_days, t.worker_n, j, t.station_names[j] AS name,
               CASE (t.k, j)
                   WHEN (1, 1) THEN 'full' WHEN (1, 5) THEN 'paused' WHEN (2, 3) THEN 'paused'
                   WHEN (4, 4) THEN 'offline' WHEN (6, 3) THEN 'offline' WHEN (5, 3) THEN 'paused'
                   ELSE 'active' END AS status,
               CASE t.vertical WHEN 'hospitality' THEN 2.5 WHEN 'events' THEN 1.5 WHEN 'health' THEN 12
                               WHEN 'cleaning' THEN 20 ELSE 35 END AS minutes_per_item,
               CASE t.vertical WHEN 'hospitality' THEN 8 WHEN 'events' THEN 12 WHEN 'health' THEN 2
                               WHEN 'cleaning' THEN 3 ELSE 2 END AS cap_min,
               CASE t.vertical WHEN 'hospitality' THEN 20 WHEN 'events' THEN 25 WHEN 'health' THEN 4
                               WHEN 'cleaning' THEN 6 ELSE 5 END AS cap_max,
               CASE t.vertical
                   WHEN 'hospitality'  THEN ARRAY['dine_in', 'takeaway', 'bookings']
                   WHEN 'trades'       THEN ARRAY['callout', 'install', 'ev_charger']
                   WHEN 'construction' THEN ARRAY['decking', 'fencing', 'renovation']
                   WHEN 'cleaning'     THEN ARRAY['residential', 'end_of_lease', 'carpet']
                   WHEN 'events'       THEN ARRAY['espresso', 'plant_milk', 'cold_brew']
                   ELSE ARRAY['general', 'hygiene'] END AS capabilities
        FROM demo_tenant t
        CROSS JOIN LATERAL generate_series(1, t.station_n) AS j
        WHERE t.off_days = 0
        ORDER BY t.k, j
    ) o
    ) q
) s
LEFT JOIN workers w ON w.id = md5('opsdeck-demo-worker-' || s.k || '-' || (2 + (s.j % (s.worker_n - 1))))::uuid
ORDER BY s.k, s.j;

-- AI agents: 10 of every kind, some per tenant, one disabled -------------------------------------
INSERT INTO agents (id, tenant_id, name, slug, kind, is_enabled, config, last_action_at, created_at, updated_at)
SELECT md5('opsdeck-demo-agent-' || v.slug)::uuid,
       CASE WHEN v.k IS NOT NULL THEN md5('opsdeck-demo-tenant-' || v.k)::uuid END,
       v.name, v.slug, v.kind, v.enabled, v.config::jsonb, NULL,
       now() - v.age_days * interval '1 day',
       CASE WHEN v.enabled THEN now() - v.age_days * interval '1 day' + interval '3 days'
            ELSE (SELECT deactivated_at FROM demo_tenant WHERE k = 8) + interval '5 minutes' END
FROM (VALUES
    ('ingest-prime',     'Prime Electrical ingest',      'ingest',    2,    true,  160, '{"endpoint": "/functions/v1/ingest-prime", "dedupe_window_minutes": 10}'),
    ('ingest-akf',       'AKF Construction ingest',      'ingest',    3,    true,  150, '{"endpoint": "/functions/v1/ingest-akf", "dedupe_window_minutes": 10}'),
    ('ingest-cleanjet',  'CleanJet ingest',              'ingest',    4,    true,  140, '{"endpoint": "/functions/v1/ingest-cleanjet", "dedupe_window_minutes": 10}'),
    ('ingest-hub',       'Shared ingest hub',            'ingest',    NULL, true,  200, '{"endpoint": "/functions/v1/ingest", "sources": ["web_form", "booking_widget", "stripe", "twilio", "resend_inbound"]}'),
    ('lead-qualifier',   'Lead qualifier',               'qualifier', NULL, true,  120, '{"min_score_to_qualify": 0.7, "escalate_below_confidence": 0.45}'),
    ('vapi-voice',       'Voice receptionist',           'voice',     NULL, true,  100, '{"provider": "vapi", "max_call_minutes": 12, "transfer_on_keywords": ["complaint", "refund", "emergency"]}'),
    ('data-monitor',     'Data monitor',                 'monitor',   NULL, true,  190, '{"schedule": "*/15 * * * *", "unprocessed_event_threshold": 25}'),
    ('mc-send',          'Outbound sender',              'sender',    NULL, true,  90,  '{"batch_size": 25, "backoff_seconds": 30}'),
    ('quote-evaluator',  'Quote evaluator',              'evaluator', NULL, true,  75,  '{"margin_floor": 0.22, "flag_over_amount": 10000}'),
    ('ingest-redwood',   'Redwood Fitness ingest',       'ingest',    8,    false, 300, '{"endpoint": "/functions/v1/ingest-redwood", "disabled_reason": "Tenant deactivated"}')
) AS v(slug, name, kind, k, enabled, age_days, config);
