-- Demo data, step 1: helpers, tenants, staff, staff sessions, a few auth failures.
--
-- Conventions for all demo steps (ARCHITECTURE §1; sql/demo/*.sql run in filename order in ONE
-- transaction after SET LOCAL opsdeck.scale = '<N>' and SET LOCAL opsdeck.bulk_load = 'on'):
--   * Anchor rows have fixed ids: md5('opsdeck-demo-<kind>-<key>')::uuid. Tenant k (1..8) is
--     md5('opsdeck-demo-tenant-' || k), so later steps compute tenant, worker, contact and station
--     ids instead of looking them up.
--   * Every random() value is drawn in an innermost sub-select (volatile functions keep it from
--     being flattened) over generate_series or a temp table, in a fixed order, after
--     setseed(0.4242): the same scale gives the same rows.
--   * Times are relative to now() (the transaction's start), so SLA states and "2h ago" hold
--     whenever the demo is seeded.
--   * The temp tables demo_tenant and demo_pool (ON COMMIT DROP) and the pg_temp.demo_* functions
--     created here are used by the later steps.

SELECT setseed(0.4242);
SET LOCAL synchronize_seqscans = off;   -- seq scans start at block 0: scan order = insertion order
SET LOCAL jit = off;                    -- compiling these one-off statements costs more than it saves
SET LOCAL work_mem = '64MB';            -- the sorts of the larger scales stay in memory

-- Helpers ------------------------------------------------------------------------------------
-- A stable pseudo-random number in [0, 1) from a text key (order independent).
CREATE OR REPLACE FUNCTION pg_temp.demo_h(key text) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint / 4294967296.0::float8 $$;

-- Contact j of tenant k (contacts are numbered in creation order over the 120 days before now):
-- a contact that already existed age_days ago, picked by u in [0, 1).
CREATE OR REPLACE FUNCTION pg_temp.demo_contact_id(k int, n int, off_days int, age_days double precision,
                                                   u double precision) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT md5('opsdeck-demo-contact-' || k || '-' ||
               (1 + floor(u * greatest(1, floor(n * (1 - greatest(0, age_days - off_days) / (120 - off_days))) - 1)))::int
              )::uuid $$;

-- A time inside a tenant's activity window (the act_span days before act_end) that follows its
-- diurnal curve: a day, a local hour drawn from the curve, a minute. Times past act_end wrap back
-- act_span days, which keeps every hour of the day equally often in the window.
CREATE OR REPLACE FUNCTION pg_temp.demo_ts(midnight timestamptz, lb double precision[], span_days int,
                                           end_at timestamptz, u_day double precision, u_hour double precision,
                                           u_min double precision) RETURNS timestamptz
LANGUAGE sql STABLE AS $$   -- one STABLE expression (timestamptz arithmetic), so the planner inlines it
    SELECT midnight + (width_bucket(u_hour, lb) - 1 + u_min) * interval '1 hour'
           - (floor(u_day * span_days)
              + CASE WHEN midnight + (width_bucket(u_hour, lb) - 1 + u_min) * interval '1 hour'
                          - floor(u_day * span_days) * interval '1 day' > end_at
                     THEN span_days ELSE 0 END) * interval '1 day' $$;

-- An upper bound of the age in days of a demo_ts() time drawn with u_day, that does not depend on
-- the exact moment of seeding (used to pick a contact that already existed; the wrapped first day
-- counts as the oldest).
CREATE OR REPLACE FUNCTION pg_temp.demo_age(u_day double precision, span_days int, off_days int) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT off_days + CASE WHEN floor(u_day * span_days) = 0 THEN span_days ELSE floor(u_day * span_days) + 1 END $$;

-- A mobile number in E.164 for a country, from two numbers in [0, 1). The 555 (NZ, US) and
-- 0491 57x (AU) ranges are the ones used for drama and documentation.
CREATE OR REPLACE FUNCTION pg_temp.demo_mobile(country text, u1 double precision, u2 double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE country
        WHEN 'NZ' THEN '+642' || (ARRAY['1', '2', '7', '1'])[1 + floor(u1 * 4)::int] || '555' || lpad(floor(u2 * 10000)::int::text, 4, '0')
        WHEN 'AU' THEN '+6149157' || lpad(floor(u2 * 10000)::int::text, 4, '0')
        ELSE '+1' || (ARRAY['213', '310', '323', '424', '818', '303', '720'])[1 + floor(u1 * 7)::int] || '555'
                  || lpad(floor(u2 * 10000)::int::text, 4, '0') END $$;

-- E.164 mobile -> how people write it: '021 555 0142', '0491 570 123', '(415) 555-0142'.
CREATE OR REPLACE FUNCTION pg_temp.demo_phone_local(m text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN m LIKE '+64%' THEN '0' || substr(m, 4, 2) || ' ' || substr(m, 6, 3) || ' ' || substr(m, 9)
        WHEN m LIKE '+61%' THEN '0' || substr(m, 4, 3) || ' ' || substr(m, 7, 3) || ' ' || substr(m, 10)
        WHEN m LIKE '+1%'  THEN '(' || substr(m, 3, 3) || ') ' || substr(m, 6, 3) || '-' || substr(m, 9)
        ELSE m END $$;

-- E.164 mobile -> spaced international form: '+64 21 555 0142', '+61 491 570 123', '+1 415 555 0142'.
CREATE OR REPLACE FUNCTION pg_temp.demo_phone_intl(m text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN m LIKE '+64%' THEN '+64 ' || substr(m, 4, 2) || ' ' || substr(m, 6, 3) || ' ' || substr(m, 9)
        WHEN m LIKE '+61%' THEN '+61 ' || substr(m, 4, 3) || ' ' || substr(m, 7, 3) || ' ' || substr(m, 10)
        WHEN m LIKE '+1%'  THEN '+1 ' || substr(m, 3, 3) || ' ' || substr(m, 6, 3) || ' ' || substr(m, 9)
        ELSE m END $$;

DO $$
BEGIN
    IF to_regclass('pg_temp.demo_tenant') IS NOT NULL THEN EXECUTE 'DROP TABLE pg_temp.demo_tenant'; END IF;
    IF to_regclass('pg_temp.demo_pool') IS NOT NULL THEN EXECUTE 'DROP TABLE pg_temp.demo_pool'; END IF;
END $$;

-- The 8 tenants and the knobs that shape their data -------------------------------------------
CREATE TEMP TABLE demo_tenant (
    k             int PRIMARY KEY,
    id            uuid NOT NULL,
    slug          text NOT NULL,
    name          text NOT NULL,
    profile       text NOT NULL,          -- settings->>'demo_profile'
    flagship      boolean NOT NULL,
    currency      text NOT NULL,
    tz            text NOT NULL,
    country       text NOT NULL,          -- NZ / AU / US: phone formats, suburbs
    vertical      text NOT NULL,
    brand_color   text NOT NULL,
    api_share     double precision NOT NULL,  -- share of api_metrics
    act_share     double precision NOT NULL,  -- share of contacts, events, bookings, records ...
    err_base      double precision NOT NULL,  -- baseline 5xx rate
    worker_n      int NOT NULL,
    station_n     int NOT NULL,
    sync_minutes  int NOT NULL,
    off_days      int NOT NULL,           -- days since deactivation (0 = active)
    deactivated_at timestamptz,           -- on the hour, off_days × 24 h before now()
    created_days  int NOT NULL,
    contact_n     int,                    -- contacts of this tenant at this scale
    sms_number    text NOT NULL,
    source_system text NOT NULL,
    services      text[] NOT NULL,        -- cheapest and most frequent first
    prices        numeric[] NOT NULL,
    station_names text[] NOT NULL,
    diurnal       double precision[] NOT NULL,  -- relative traffic per local hour 0..23
    diurnal_lb    double precision[],           -- lower bounds of each hour's share of [0, 1)
    act_end       timestamptz,                  -- activity ends: now(), or deactivation
    act_midnight  timestamptz,                  -- local midnight of act_end's day
    act_span      int                           -- days of activity inside the 30-day window
) ON COMMIT DROP;

INSERT INTO demo_tenant
SELECT v.k, md5('opsdeck-demo-tenant-' || v.k)::uuid, v.slug, v.name, v.profile, v.flagship, v.currency, v.tz,
       v.country, v.vertical, v.brand_color, v.api_share, v.act_share, v.err_base, v.worker_n, v.station_n,
       v.sync_minutes, v.off_days,
       CASE WHEN v.off_days > 0 THEN date_trunc('hour', now()) - v.off_days * interval '1 day' END,
       v.created_days,
       greatest(20, round(2000 * greatest(1, current_setting('opsdeck.scale')::int) * v.act_share))::int,
       v.sms_number, v.source_system, v.services, v.prices,
       v.station_names,
       CASE v.vertical
           WHEN 'hospitality' THEN '{0.15,0.08,0.05,0.04,0.04,0.06,0.15,0.35,0.55,0.70,0.85,1.00,1.20,1.10,0.80,0.70,0.85,1.15,1.30,1.20,0.95,0.70,0.45,0.25}'
           WHEN 'events'      THEN '{0.10,0.06,0.04,0.03,0.03,0.06,0.20,0.50,0.90,1.10,1.15,1.10,1.00,1.00,1.00,0.95,0.85,0.75,0.70,0.65,0.55,0.40,0.25,0.15}'
           WHEN 'fitness'     THEN '{0.05,0.03,0.03,0.05,0.25,0.70,1.20,1.00,0.70,0.60,0.55,0.60,0.75,0.55,0.45,0.50,0.80,1.25,1.30,1.00,0.60,0.35,0.15,0.08}'
           ELSE                    '{0.06,0.04,0.03,0.03,0.04,0.10,0.35,0.75,1.10,1.25,1.20,1.10,1.00,1.05,1.05,0.95,0.80,0.60,0.45,0.40,0.35,0.28,0.18,0.10}'
       END::double precision[]
FROM (VALUES
    (1, 'harbourside-hospitality', 'Harbourside Hospitality Group', 'healthy', true, 'NZD', 'Pacific/Auckland', 'NZ',
     'hospitality', '#0E7490', 0.24, 0.22, 0.0015, 8, 5, 30, 0, 812, '+6495550101', 'Lightspeed Restaurant',
     ARRAY['Dinner reservation', 'Gift voucher', 'Degustation menu', 'Catering order', 'Private dining room', 'Function package'],
     ARRAY[180, 150, 420, 900, 2400, 6500]::numeric[],
     ARRAY['Pass', 'Bar', 'Grill', 'Pastry', 'Function room']),
    (2, 'prime-electrical', 'Prime Electrical', 'healthy', false, 'NZD', 'Pacific/Auckland', 'NZ',
     'trades', '#F59E0B', 0.14, 0.15, 0.0025, 6, 3, 60, 0, 540, '+6495550102', 'ServiceM8',
     ARRAY['Fault callout', 'Compliance inspection', 'Heat pump wiring', 'Lighting upgrade', 'EV charger install', 'Switchboard upgrade'],
     ARRAY[185, 320, 780, 960, 1890, 2450]::numeric[],
     ARRAY['Van 1', 'Van 2', 'Van 3']),
    (3, 'akf-construction', 'AKF Construction', 'healthy', false, 'AUD', 'Australia/Brisbane', 'AU',
     'construction', '#B45309', 0.11, 0.10, 0.003, 5, 2, 60, 0, 470, '+61755500103', 'Buildxact',
     ARRAY['Site measure & quote', 'Design consultation', 'Repairs callout', 'Fence install (deposit)', 'Deck build (deposit)'],
     ARRAY[150, 290, 340, 1500, 2500]::numeric[],
     ARRAY['Crew A', 'Crew B']),
    (4, 'cleanjet', 'CleanJet Services', 'healthy', false, 'AUD', 'Australia/Sydney', 'AU',
     'cleaning', '#0284C7', 0.12, 0.15, 0.0025, 5, 4, 60, 0, 395, '+61255500104', 'Jobber',
     ARRAY['Oven detail', 'Regular home clean', 'Carpet steam clean', 'Window cleaning', 'End-of-lease clean', 'Office clean'],
     ARRAY[140, 165, 240, 310, 520, 680]::numeric[],
     ARRAY['Team North', 'Team South', 'Team East', 'Team West']),
    (5, 'copper-kettle', 'Copper Kettle Bistro', 'high_error_rate', false, 'USD', 'America/Los_Angeles', 'US',
     'hospitality', '#B91C1C', 0.13, 0.12, 0.003, 4, 3, 60, 0, 350, '+12135550105', 'Toast POS',
     ARRAY['Brunch booking', 'Table reservation', 'Catering tray', 'Chef''s table', 'Private event'],
     ARRAY[55, 78, 280, 340, 2400]::numeric[],
     ARRAY['Kitchen', 'Bar', 'Patio']),
    (6, 'southern-cross-events', 'Southern Cross Events', 'stale_pipeline', false, 'AUD', 'Australia/Melbourne', 'AU',
     'events', '#7C3AED', 0.11, 0.09, 0.0025, 4, 4, 60, 0, 300, '+61355500106', 'Tanda',
     ARRAY['Barista service', 'Coffee cart hire (half day)', 'Event staffing', 'Coffee cart hire (full day)', 'Conference catering'],
     ARRAY[420, 890, 1200, 1450, 3100]::numeric[],
     ARRAY['Cart 1', 'Cart 2', 'Cart 3', 'Cart 4']),
    (7, 'kauri-dental', 'Kauri Dental Studio', 'healthy', false, 'NZD', 'Pacific/Auckland', 'NZ',
     'health', '#059669', 0.10, 0.10, 0.002, 3, 2, 120, 0, 260, '+6495550107', 'Dentally',
     ARRAY['Hygienist visit', 'Check-up & clean', 'Crown consult', 'Emergency appointment', 'Filling', 'Teeth whitening'],
     ARRAY[120, 145, 180, 220, 260, 650]::numeric[],
     ARRAY['Chair 1', 'Chair 2']),
    (8, 'redwood-fitness', 'Redwood Fitness Studio', 'inactive', false, 'USD', 'America/Denver', 'US',
     'fitness', '#65A30D', 0.05, 0.07, 0.003, 3, 0, 60, 12, 610, '+13035550108', 'Mindbody',
     ARRAY['Intro session', 'PT session', 'Monthly membership', 'Class pass (10)'],
     ARRAY[25, 85, 129, 190]::numeric[],
     ARRAY[]::text[])
) AS v(k, slug, name, profile, flagship, currency, tz, country, vertical, brand_color, api_share, act_share,
       err_base, worker_n, station_n, sync_minutes, off_days, created_days, sms_number, source_system, services,
       prices, station_names);

UPDATE demo_tenant d
   SET diurnal_lb = (SELECT array_agg(x.lb ORDER BY x.h)
                     FROM (SELECT h, (sum(w) OVER (ORDER BY h) - w) / sum(w) OVER () AS lb
                           FROM unnest(d.diurnal) WITH ORDINALITY AS u(w, h)) x),
       act_end = coalesce(d.deactivated_at, now()),
       act_midnight = date_trunc('day', coalesce(d.deactivated_at, now()) AT TIME ZONE d.tz) AT TIME ZONE d.tz,
       act_span = 30 - d.off_days;

CREATE TEMP TABLE demo_pool ON COMMIT DROP AS
SELECT
    ARRAY['Aroha', 'Wiremu', 'Mere', 'Tama', 'Anahera', 'Hemi', 'Ngaire', 'Rawiri', 'Olivia', 'Jack', 'Charlotte',
          'Liam', 'Isla', 'Noah', 'Amelia', 'Oliver', 'Mia', 'Lucas', 'Harper', 'Leo', 'Ava', 'Hunter', 'Zoe',
          'Mason', 'Grace', 'Ethan', 'Chloe', 'Lachlan', 'Ruby', 'Cooper', 'Sophie', 'Archie', 'Priyanka', 'Arjun',
          'Wei', 'Mei', 'Sione', 'Losana', 'Malia', 'Tevita', 'Hiroshi', 'Yuki', 'Daniel', 'Sarah', 'Michael',
          'Emily', 'James', 'Hannah', 'Samuel', 'Jessica', 'Matthew', 'Georgia', 'Ben', 'Kate', 'Tom', 'Ella',
          'Josh', 'Maddison', 'Ryan', 'Tayla'] AS first_names,
    ARRAY['Smith', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Ngata', 'Tipene', 'Walker', 'Harris', 'Patel', 'Singh',
          'Chen', 'Nguyen', 'Fa''afoi', 'Kumar', 'Thompson', 'Martin', 'Anderson', 'Kelly', 'Murphy', 'Robinson',
          'Campbell', 'Stewart', 'Clarke', 'Wright', 'Mitchell', 'Young', 'King', 'Scott', 'Green', 'Baker', 'Hall',
          'Lee', 'Wong', 'Li', 'Park', 'Kim', 'Tuilagi', 'Horomona', 'Parata', 'O''Brien', 'McDonald', 'Ross',
          'Te Whare', 'Jones', 'Davies', 'Evans', 'Roberts', 'Lewis', 'Hughes', 'Edwards', 'Hill', 'Moore',
          'Jackson', 'White', 'Cooper', 'Ward', 'Morgan', 'Bell', 'Russell'] AS last_names,
    ARRAY['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'] AS email_domains,
    ARRAY['Ponsonby', 'Grey Lynn', 'Mt Eden', 'Takapuna', 'Remuera', 'Devonport', 'Newmarket', 'Herne Bay',
          'Kingsland', 'Parnell', 'Onehunga', 'Albany'] AS nz_suburbs,
    ARRAY['Paddington', 'Newtown', 'Surry Hills', 'Fitzroy', 'Brunswick', 'New Farm', 'West End', 'Bondi',
          'Richmond', 'Carlton', 'Manly', 'Toowong'] AS au_suburbs,
    ARRAY['Silver Lake', 'Echo Park', 'Venice', 'Santa Monica', 'Pasadena', 'Highland Park', 'Capitol Hill',
          'Highlands', 'Cherry Creek', 'Wash Park', 'Boulder', 'Golden'] AS us_suburbs,
    ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
          'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
          'okhttp/4.12.0',
          'python-httpx/0.27.0',
          'Expo/1017 CFNetwork/1490.0.4 Darwin/23.2.0',
          'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'] AS user_agents;

ANALYZE demo_tenant;
ANALYZE demo_pool;

-- Tenants ----------------------------------------------------------------------------------------
INSERT INTO tenants (id, name, slug, logo, brand_color, status, timezone, currency, settings, created_at, updated_at)
SELECT t.id, t.name, t.slug, NULL, t.brand_color,
       CASE WHEN t.off_days > 0 THEN 'inactive' ELSE 'active' END,
       t.tz, t.currency,
       jsonb_strip_nulls(jsonb_build_object(
           'demo_profile', t.profile,
           'demo_flagship', CASE WHEN t.flagship THEN true END,
           'vertical', t.vertical,
           'locale', CASE t.country WHEN 'NZ' THEN 'en-NZ' WHEN 'AU' THEN 'en-AU' ELSE 'en-US' END,
           'plan', CASE WHEN t.flagship THEN 'enterprise' WHEN t.k IN (2, 4, 5) THEN 'growth' ELSE 'starter' END,
           'pipeline', jsonb_build_object(
               'sync_webhook_url', 'https://sync.' || t.slug || '.example/opsdeck/v1/export',
               'sync_interval_minutes', t.sync_minutes,
               'source_system', t.source_system),
           'outbound_webhook_url', 'https://hooks.' || t.slug || '.example/opsdeck/outbound',
           'sms_number', t.sms_number,
           'contact', jsonb_build_object('name', CASE t.k WHEN 1 THEN 'Hana Whitcombe' WHEN 2 THEN 'Rob Tane'
                                                          WHEN 3 THEN 'Aaron Kaye' WHEN 4 THEN 'Jess Moreau'
                                                          WHEN 5 THEN 'Marco Delgado' WHEN 6 THEN 'Bec Sutherland'
                                                          WHEN 7 THEN 'Dr Anika Rao' ELSE 'Cody Brennan' END,
                                         'email', 'ops@' || t.slug || '.example'),
           'deactivated_at', to_jsonb(t.deactivated_at),
           'deactivation_reason', CASE WHEN t.off_days > 0 THEN 'Contract ended — studio moved to an in-house booking system' END)),
       now() - t.created_days * interval '1 day',
       coalesce(t.deactivated_at, now() - (t.k * 3) * interval '1 day')
FROM demo_tenant t
ORDER BY t.k;

-- Staff: one demo staff member per role ---------------------------------------------------------
INSERT INTO staff (id, login, full_name, email, mobile, role_id, status, locked_until, last_login_at, created_at, updated_at)
SELECT md5('opsdeck-demo-staff-' || v.login)::uuid, v.login, v.full_name, v.login || '@opsdeck.example', v.mobile,
       r.id, 'active', NULL, NULL,
       now() - v.age_days * interval '1 day', now() - v.age_days * interval '1 day'
FROM (VALUES
    ('dana.okafor',    'Dana Okafor',    'super_admin',  '+64215550111', 720),
    ('sam.whitfield',  'Sam Whitfield',  'admin',        '+64215550112', 640),
    ('priya.raman',    'Priya Raman',    'manager',      '+64225550113', 500),
    ('leo.martins',    'Leo Martins',    'senior_agent', '+61491570114', 410),
    ('mia.chen',       'Mia Chen',       'agent',        '+64275550115', 230),
    ('tom.becker',     'Tom Becker',     'support',      '+64215550116', 180),
    ('nora.lindqvist', 'Nora Lindqvist', 'analyst',      '+61491570117', 150),
    ('ivan.petrov',    'Ivan Petrov',    'viewer',       NULL,           60)
) AS v(login, full_name, role_name, mobile, age_days)
JOIN roles r ON r.name = v.role_name
ORDER BY r.id;

-- Staff sessions: 30 days of ended console sessions, none open ------------------------------------
INSERT INTO staff_sessions (id, staff_id, backend_pid, client_host, app_version, started_at, ended_at, end_reason)
SELECT md5('opsdeck-demo-session-' || s.si || '-' || s.d || '-' || s.slot)::uuid,
       md5('opsdeck-demo-staff-' || s.login)::uuid,
       10000 + floor(s.u_pid * 89999)::int,
       s.host,
       CASE WHEN s.d > 18 THEN '0.9.4' ELSE '1.0.0' END,
       s.started_at,
       s.started_at + s.dur,
       CASE WHEN s.u_end < 0.72 THEN 'signed_out' WHEN s.u_end < 0.88 THEN 'expired'
            WHEN s.u_end < 0.95 THEN 'terminated' ELSE 'crashed' END
FROM (
    SELECT x.*,
           CASE WHEN x.d = 0
                THEN now() - interval '3 hours' - x.si * interval '20 minutes'
                ELSE ((date_trunc('day', now() AT TIME ZONE 'Pacific/Auckland') - x.d * interval '1 day'
                       + CASE x.slot WHEN 1 THEN interval '7 hours 30 minutes' + x.u_start * interval '3 hours'
                                     ELSE interval '13 hours' + x.u_start * interval '4 hours' END)
                      AT TIME ZONE 'Pacific/Auckland') END AS started_at,
           CASE WHEN x.d = 0 THEN interval '40 minutes' + x.si * interval '10 minutes'
                WHEN x.slot = 1 THEN interval '50 minutes' + x.u_dur * interval '4 hours'
                ELSE interval '25 minutes' + x.u_dur * interval '3 hours 30 minutes' END AS dur
    FROM (
        SELECT o.*, random() AS u_keep, random() AS u_start, random() AS u_dur, random() AS u_pid, random() AS u_end
        FROM (SELECT st.si, st.login, st.host, st.p_work, d, slot
              FROM (VALUES (1, 'dana.okafor', 'dana-mbp.local', 0.55), (2, 'sam.whitfield', 'ops-desk-02', 0.60),
                           (3, 'priya.raman', 'priya-thinkpad', 0.80), (4, 'leo.martins', 'ops-desk-04', 0.85),
                           (5, 'mia.chen', 'ops-desk-05', 0.90), (6, 'tom.becker', 'support-laptop-06', 0.85),
                           (7, 'nora.lindqvist', 'nora-xps.local', 0.60), (8, 'ivan.petrov', 'ivan-imac.local', 0.25))
                   AS st(si, login, host, p_work),
                   generate_series(0, 29) AS d,
                   generate_series(1, 2) AS slot
              ORDER BY st.si, d, slot) o
    ) x
) s
WHERE CASE WHEN s.d = 0 THEN s.slot = 1 AND s.si <= 6
           ELSE s.u_keep < s.p_work
                * CASE WHEN extract(isodow FROM (now() AT TIME ZONE 'Pacific/Auckland') - s.d * interval '1 day') >= 6
                       THEN 0.2 ELSE 1.0 END
                * CASE WHEN s.slot = 2 THEN 0.45 ELSE 1.0 END END
ORDER BY s.started_at;

UPDATE staff st SET last_login_at = x.last_start
FROM (SELECT staff_id, max(started_at) AS last_start FROM staff_sessions GROUP BY staff_id) x
WHERE x.staff_id = st.id;

-- A few failed console sign-ins (brute-force protection has something to show) ---------------------
INSERT INTO auth_failures (login, client_address, reason, occurred_at)
VALUES
    ('ivan.petrov', '192.0.2.44', 'password', now() - interval '2 days 3 hours 12 minutes'),
    ('ivan.petrov', '192.0.2.44', 'password', now() - interval '2 days 3 hours 11 minutes'),
    ('admin',       '203.0.113.77', 'unknown_login', now() - interval '6 days 1 hour 40 minutes'),
    ('admin',       '203.0.113.77', 'unknown_login', now() - interval '6 days 1 hour 39 minutes'),
    ('postgres',    '203.0.113.77', 'unknown_login', now() - interval '6 days 1 hour 38 minutes'),
    ('mia.chen',    '198.51.100.23', 'password', now() - interval '20 hours 5 minutes');
