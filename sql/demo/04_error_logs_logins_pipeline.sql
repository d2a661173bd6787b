-- Demo data, step 4: error_logs (≈ 2 000 × scale), login_events (≈ 1 500 × scale + bursts) and
-- data_import_jobs (the tenants' hourly-ish pipeline runs over the last 7 days).
--
-- error_logs: 20 % are copper-kettle's incident of the last 36 h (connection-pool timeouts); the rest
-- spread over 30 days by traffic. request_body holds PII-looking JSON (names, +64 21 555 0142-style
-- phones, emails) so redaction has something to redact; contact_id is set on 40 % of rows.
-- data_import_jobs: southern-cross-events (stale_pipeline) last completed ≈ 5 days ago and every run
-- since failed; harbourside's newest run is running now; prime-electrical has a queued manual run.

SELECT setseed(0.4242);

-- Error logs --------------------------------------------------------------------------------------
WITH tpl(i, endpoint, method, status_code, error_message, stack_trace) AS (VALUES
    (1, '/api/v1/bookings', 'POST', 500,
     'IntegrityError: duplicate key value violates unique constraint "bookings_reference_key"',
     'Traceback (most recent call last):
  File "/app/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 1969, in _exec_single_context
    self.dialect.do_execute(
  File "/app/.venv/lib/python3.11/site-packages/sqlalchemy/engine/default.py", line 922, in do_execute
    cursor.execute(statement, parameters)
  File "/app/src/repositories/booking_repository.py", line 88, in create
    await session.flush()
  File "/app/src/services/booking_service.py", line 142, in create_booking
    booking = await self.repo.create(payload, reference=next_reference(tenant))
  File "/app/src/api/v1/routes/bookings.py", line 57, in create_booking
    return await service.create_booking(body, tenant=request.state.tenant)
sqlalchemy.exc.IntegrityError: (psycopg.errors.UniqueViolation) duplicate key value violates unique constraint "bookings_reference_key"
DETAIL:  Key (reference)=({ref}) already exists.'),
    (2, '/analytics/menu-engineering', 'GET', 504,
     'QueryCanceledError: canceling statement due to statement timeout (30000 ms)',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/analytics.py", line 211, in menu_engineering
    rows = await analytics.menu_engineering(tenant_id, period=period)
  File "/app/src/services/analytics_service.py", line 388, in menu_engineering
    result = await self.db.fetch(MENU_ENGINEERING_SQL, tenant_id, start, end)
  File "/app/.venv/lib/python3.11/site-packages/asyncpg/pool.py", line 618, in fetch
    return await con.fetch(query, *args, timeout=timeout, record_class=record_class)
  File "/app/.venv/lib/python3.11/site-packages/asyncpg/connection.py", line 690, in fetch
    return await self._execute(query, args, 0, timeout, record_class=record_class)
asyncpg.exceptions.QueryCanceledError: canceling statement due to statement timeout'),
    (3, '/webhooks/stripe', 'POST', 400,
     'StripeSignatureVerificationError: No signatures found matching the expected signature for payload',
     'StripeSignatureVerificationError: No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Stripe?
    at Object.verifyHeader (/srv/app/node_modules/stripe/cjs/Webhooks.js:145:19)
    at Object.constructEvent (/srv/app/node_modules/stripe/cjs/Webhooks.js:26:24)
    at handleStripeWebhook (/srv/app/dist/routes/webhooks/stripe.js:31:35)
    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)
    at next (/srv/app/node_modules/express/lib/router/route.js:149:13)
    at Route.dispatch (/srv/app/node_modules/express/lib/router/route.js:119:3)'),
    (4, '/api/v1/contacts', 'POST', 422,
     'ValidationError: 1 validation error for ContactCreate: mobile — value is not a valid phone number',
     'Traceback (most recent call last):
  File "/app/.venv/lib/python3.11/site-packages/fastapi/routing.py", line 296, in app
    raw_response = await run_endpoint_function(dependant=dependant, values=values, is_coroutine=is_coroutine)
  File "/app/src/api/v1/routes/contacts.py", line 64, in create_contact
    contact = ContactCreate.model_validate(body)
  File "/app/.venv/lib/python3.11/site-packages/pydantic/main.py", line 551, in model_validate
    return cls.__pydantic_validator__.validate_python(obj, strict=strict, from_attributes=from_attributes)
pydantic_core._pydantic_core.ValidationError: 1 validation error for ContactCreate
mobile
  value is not a valid phone number [type=value_error, input_value=''{phone}x'', input_type=str]'),
    (5, '/api/v1/availability', 'GET', 500,
     'TypeError: Cannot read properties of undefined (reading ''slots'')',
     'TypeError: Cannot read properties of undefined (reading ''slots'')
    at buildAvailability (/srv/app/dist/services/availability.js:88:41)
    at Array.map (<anonymous>)
    at getAvailability (/srv/app/dist/services/availability.js:61:30)
    at async /srv/app/dist/routes/availability.js:19:22
    at async withTenant (/srv/app/dist/middleware/tenant.js:34:5)'),
    (6, '/api/v1/sync/import', 'POST', 502,
     'ConnectError: [Errno 111] Connection refused while fetching the POS export',
     'Traceback (most recent call last):
  File "/app/.venv/lib/python3.11/site-packages/httpx/_transports/default.py", line 69, in map_httpcore_exceptions
    yield
  File "/app/.venv/lib/python3.11/site-packages/httpx/_transports/default.py", line 373, in handle_async_request
    resp = await self._pool.handle_async_request(req)
  File "/app/src/pipeline/pos_client.py", line 47, in fetch_page
    response = await self.client.get(self.export_url, params={"page": page, "since": since})
  File "/app/src/pipeline/importer.py", line 133, in run
    async for page in self.source.pages(since=job.since):
httpx.ConnectError: [Errno 111] Connection refused'),
    (7, '/api/v1/bookings/{id}', 'PATCH', 409,
     'StaleDataError: UPDATE statement on table ''bookings'' expected to update 1 row(s); 0 were matched.',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/bookings.py", line 102, in update_booking
    return await service.update_booking(booking_id, body, expected_version=if_match)
  File "/app/src/services/booking_service.py", line 201, in update_booking
    await self.repo.save(booking)
  File "/app/.venv/lib/python3.11/site-packages/sqlalchemy/orm/persistence.py", line 1340, in _emit_update_statements
    raise orm_exc.StaleDataError(
sqlalchemy.orm.exc.StaleDataError: UPDATE statement on table ''bookings'' expected to update 1 row(s); 0 were matched.'),
    (8, '/auth/login', 'POST', 500,
     'Error: connect ETIMEDOUT 10.12.4.21:6379',
     'Error: connect ETIMEDOUT 10.12.4.21:6379
    at Socket.<anonymous> (/srv/app/node_modules/ioredis/built/Redis.js:170:41)
    at Object.onceWrapper (node:events:632:28)
    at Socket.emit (node:events:518:28)
    at Socket._onTimeout (node:net:589:8)
    at listOnTimeout (node:internal/timers:573:17)
    at process.processTimers (node:internal/timers:514:7)'),
    (9, '/api/v1/dashboard/overview', 'GET', 500,
     'ZeroDivisionError: division by zero',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/dashboard.py", line 38, in overview
    return await metrics.overview(tenant_id, period)
  File "/app/src/services/metrics_service.py", line 119, in overview
    growth = self._growth_rate(current.revenue, previous.revenue)
  File "/app/src/services/metrics_service.py", line 241, in _growth_rate
    return round((current - previous) / previous * 100, 1)
ZeroDivisionError: division by zero'),
    (10, '/api/v1/bookings', 'POST', 503,
     'RestException: [HTTP 503] Unable to create record: Service is unavailable. Please try again',
     'Error: [HTTP 503] Unable to create record: Service is unavailable. Please try again
    at success (/srv/app/node_modules/twilio/lib/base/Version.js:135:23)
    at Promise_then_fulfilled (/srv/app/node_modules/q/q.js:766:44)
    at sendConfirmationSms (/srv/app/dist/services/notifications.js:54:17)
    at async createBooking (/srv/app/dist/services/bookings.js:97:9)
    at async /srv/app/dist/routes/bookings.js:41:20'),
    (11, '/api/v1/reports/export', 'GET', 500,
     'OperationalError: server closed the connection unexpectedly',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/reports.py", line 77, in export_report
    async for chunk in reports.stream_csv(tenant_id, report_type, start, end):
  File "/app/src/services/report_service.py", line 156, in stream_csv
    async for row in cursor:
  File "/app/.venv/lib/python3.11/site-packages/psycopg/cursor_async.py", line 112, in __aiter__
    async for rec in self._stream_fetchone():
psycopg.OperationalError: server closed the connection unexpectedly
	This probably means the server terminated abnormally
	before or while processing the request.'),
    (12, '/api/v1/bookings', 'POST', 500,
     'PoolTimeout: couldn''t get a connection after 30.00 sec',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/bookings.py", line 57, in create_booking
    return await service.create_booking(body, tenant=request.state.tenant)
  File "/app/src/services/booking_service.py", line 131, in create_booking
    async with self.db.connection() as conn:
  File "/usr/local/lib/python3.11/contextlib.py", line 210, in __aenter__
    return await anext(self.gen)
  File "/app/.venv/lib/python3.11/site-packages/psycopg_pool/pool_async.py", line 189, in getconn
    raise PoolTimeout(
psycopg_pool.PoolTimeout: couldn''t get a connection after 30.00 sec'),
    (13, '/api/v1/bookings', 'GET', 500,
     'PoolTimeout: couldn''t get a connection after 30.00 sec',
     'Traceback (most recent call last):
  File "/app/src/api/v1/routes/bookings.py", line 24, in list_bookings
    page = await service.list_bookings(tenant_id, filters, cursor=cursor)
  File "/app/src/repositories/booking_repository.py", line 41, in list
    async with self.db.connection() as conn:
  File "/app/.venv/lib/python3.11/site-packages/psycopg_pool/pool_async.py", line 189, in getconn
    raise PoolTimeout(
psycopg_pool.PoolTimeout: couldn''t get a connection after 30.00 sec'),
    (14, '/api/v1/contacts/{id}', 'PUT', 500,
     'AxiosError: Request failed with status code 429 (CRM contact sync)',
     'AxiosError: Request failed with status code 429
    at settle (/srv/app/node_modules/axios/dist/node/axios.cjs:1966:12)
    at IncomingMessage.handleStreamEnd (/srv/app/node_modules/axios/dist/node/axios.cjs:3065:11)
    at IncomingMessage.emit (node:events:530:35)
    at endReadableNT (node:internal/streams/readable:1696:12)
    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)
    at async syncContactToCrm (/srv/app/dist/services/crm-sync.js:72:5)')
)
INSERT INTO error_logs (tenant_id, contact_id, endpoint, method, status_code, error_message, stack_trace,
                        request_body, ip_address, user_agent, created_at)
SELECT e.tenant_id,
       CASE WHEN e.u_cid < 0.4 THEN c.id END,
       tp.endpoint, tp.method, tp.status_code, tp.error_message,
       replace(replace(tp.stack_trace, '{ref}', 'BK-' || lpad((1 + floor(e.u_ref * 3000))::int::text, 6, '0')),
               '{phone}', coalesce(pg_temp.demo_phone_local(c.mobile), '021 555 0142')),
       CASE
           WHEN tp.method = 'GET' THEN NULL
           WHEN tp.endpoint = '/api/v1/bookings' THEN jsonb_build_object(
               'customer', jsonb_build_object('name', c.full_name, 'phone', pg_temp.demo_phone_intl(c.mobile), 'email', c.email),
               'service', e.services[1 + floor(e.u_ref * array_length(e.services, 1))::int],
               'party_size', 1 + floor(e.u_ref * 6)::int,
               'scheduled_at', to_char(e.created_at + interval '2 days', 'YYYY-MM-DD"T"HH24:00:00'),
               'notes', 'Please call ' || coalesce(pg_temp.demo_phone_local(c.mobile), '021 555 0142') || ' when you arrive')::text
           WHEN tp.endpoint IN ('/api/v1/contacts', '/api/v1/contacts/{id}') THEN jsonb_build_object(
               'full_name', c.full_name, 'mobile', coalesce(pg_temp.demo_phone_local(c.mobile), '') || CASE WHEN tp.i = 4 THEN 'x' ELSE '' END,
               'email', c.email, 'source', 'web', 'consent', true)::text
           WHEN tp.endpoint = '/api/v1/bookings/{id}' THEN jsonb_build_object(
               'status', 'cancelled',
               'reason', 'Customer rang from ' || coalesce(pg_temp.demo_phone_local(c.mobile), '021 555 0142') || ' — running late, wants to cancel',
               'contact_email', c.email)::text
           WHEN tp.endpoint = '/webhooks/stripe' THEN jsonb_build_object(
               'id', 'evt_' || substr(md5('evt' || e.g), 1, 24), 'type', 'charge.refunded',
               'data', jsonb_build_object('object', jsonb_build_object(
                   'amount', (20 + floor(e.u_ref * 400))::int * 100, 'currency', lower(e.currency),
                   'billing_details', jsonb_build_object('name', c.full_name, 'email', c.email,
                                                         'phone', c.mobile))))::text
           WHEN tp.endpoint = '/auth/login' THEN jsonb_build_object('email', coalesce(c.email, 'manager@' || e.slug || '.example'),
                                                                    'password', '[FILTERED]', 'remember_me', true)::text
           WHEN tp.endpoint = '/api/v1/sync/import' THEN jsonb_build_object(
               'source', 'scheduled', 'since', to_char(e.created_at - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'page', 1 + floor(e.u_ref * 20)::int)::text
       END,
       (CASE WHEN e.u_ip < 0.45 THEN '203.0.113.' || (1 + floor(e.u_ip2 * 254))::int
             WHEN e.u_ip < 0.80 THEN '198.51.100.' || (1 + floor(e.u_ip2 * 254))::int
             WHEN e.u_ip < 0.95 THEN '192.0.2.' || (1 + floor(e.u_ip2 * 254))::int
             ELSE '2001:db8:' || to_hex((floor(e.u_ip2 * 65535))::int) || '::' || to_hex((1 + floor(e.u_ref * 4000))::int) END)::inet,
       CASE WHEN tp.endpoint = '/webhooks/stripe' THEN e.agents[9]
            ELSE e.agents[1 + floor(e.u_ua * 8)::int] END,
       e.created_at
FROM (
    SELECT r.*, t.k, t.id AS tenant_id, t.slug, t.currency, t.services, t.contact_n, t.off_days, p.user_agents AS agents,
           CASE WHEN r.spike THEN r.u_time * 1.5 ELSE pg_temp.demo_age(r.u_time, t.act_span, t.off_days) END AS age_days,
           CASE WHEN r.spike THEN now() - r.u_time * interval '36 hours'
                ELSE pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, r.u_time, r.u_h, r.u_m) END AS created_at,
           CASE WHEN r.spike THEN (ARRAY[12, 12, 12, 13, 13, 2, 8, 12])[1 + floor(r.u_tpl * 8)::int]
                ELSE (ARRAY[1, 2, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 11, 14, 14, 4, 2])[1 + floor(r.u_tpl * 18)::int] END AS tpl_i
    FROM (
        SELECT g, g <= n / 5 AS spike,
               random() AS u_t, random() AS u_time, random() AS u_h, random() AS u_m, random() AS u_tpl,
               random() AS u_cid, random() AS u_c,
               random() AS u_ref, random() AS u_ip, random() AS u_ip2, random() AS u_ua
        FROM (SELECT 2000 * greatest(1, current_setting('opsdeck.scale')::int) AS n) p, generate_series(1, p.n) AS g
    ) r
    JOIN demo_tenant t ON t.k = CASE WHEN r.spike THEN 5
                                     ELSE width_bucket(r.u_t, (SELECT array_agg(x.lb ORDER BY x.k) FROM (
                                              SELECT k, (sum(api_share) OVER (ORDER BY k) - api_share) / sum(api_share) OVER () AS lb
                                              FROM demo_tenant) x)) END
    CROSS JOIN demo_pool p
) e
JOIN tpl tp ON tp.i = e.tpl_i
LEFT JOIN contacts c ON c.id = pg_temp.demo_contact_id(e.k, e.contact_n, e.off_days, e.age_days, e.u_c)
ORDER BY e.created_at;

-- Login events of the tenants' users -------------------------------------------------------------
INSERT INTO login_events (tenant_id, user_email, success, failure_reason, ip_address, user_agent, session_seconds, created_at)
SELECT l.tenant_id,
       CASE WHEN l.kind = 'burst' THEN (ARRAY['admin@copper-kettle.example', 'marco@copper-kettle.example',
                                               'manager@copper-kettle.example', 'info@copper-kettle.example'])[1 + floor(l.u_who * 4)::int]
            WHEN l.kind = 'suspended' THEN w.email
            WHEN l.failure = 'unknown_user' THEN
                (ARRAY['admin@', 'info@', 'bookings@', 'test@'])[1 + floor(l.u_who * 4)::int] || l.slug || '.example'
            WHEN l.u_who < 0.25 AND c.email IS NOT NULL THEN c.email
            ELSE w.email END,
       l.failure IS NULL,
       l.failure,
       (CASE WHEN l.kind = 'burst' THEN '198.51.100.23'
             WHEN l.u_ip < 0.5 THEN '203.0.113.' || (1 + floor(l.u_ip2 * 254))::int
             WHEN l.u_ip < 0.85 THEN '198.51.100.' || (1 + floor(l.u_ip2 * 254))::int
             ELSE '192.0.2.' || (1 + floor(l.u_ip2 * 254))::int END)::inet,
       CASE WHEN l.kind = 'burst' THEN 'python-requests/2.31.0' ELSE l.agents[1 + floor(l.u_ua * 5)::int] END,
       CASE WHEN l.failure IS NULL AND l.created_at < now() - interval '45 minutes'
            THEN least(43200, round(1500 * exp(0.9 * sqrt(-2 * ln(1 - l.u_s1)) * cos(2 * pi() * l.u_s2))))::int END,
       l.created_at
FROM (
    SELECT r.*, t.k AS k0, t.id AS tenant_id, t.slug, t.worker_n, t.contact_n, t.off_days, p.user_agents AS agents,
           CASE WHEN r.kind = 'normal' THEN pg_temp.demo_age(r.u_time, t.act_span, t.off_days) ELSE 30 END AS age_days,
           CASE WHEN r.kind = 'burst' THEN 'fail_burst'
                WHEN r.kind = 'suspended' THEN 'tenant_inactive'
                WHEN r.u_ok < 0.90 THEN NULL
                WHEN r.u_ok < 0.965 THEN 'bad_password'
                WHEN r.u_ok < 0.975 THEN 'account_locked'
                ELSE 'unknown_user' END AS failure0,
           CASE WHEN r.kind = 'burst' THEN now() - interval '5 hours 12 minutes' + r.g2 * interval '21 seconds'
                WHEN r.kind = 'suspended' THEN now() - r.u_time * t.off_days * interval '1 day'
                ELSE pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, r.u_time, r.u_h, r.u_m) END AS created_at
    FROM (
        SELECT q.*, random() AS u_t, random() AS u_time, random() AS u_h, random() AS u_m, random() AS u_ok, random() AS u_who, random() AS u_w,
               random() AS u_c, random() AS u_ip, random() AS u_ip2, random() AS u_ua, random() AS u_s1, random() AS u_s2
        FROM (
            SELECT g, g - n AS g2,
                   CASE WHEN g <= n THEN 'normal' WHEN g <= n + 40 THEN 'burst' ELSE 'suspended' END AS kind
            FROM (SELECT 1500 * greatest(1, current_setting('opsdeck.scale')::int) AS n) p,
                 generate_series(1, p.n + 40 + 12) AS g
        ) q
    ) r
    JOIN demo_tenant t ON t.k = CASE WHEN r.kind = 'burst' THEN 5 WHEN r.kind = 'suspended' THEN 8
                                     ELSE width_bucket(r.u_t, (SELECT array_agg(x.lb ORDER BY x.k) FROM (
                                              SELECT k, (sum(act_share) OVER (ORDER BY k) - act_share) / sum(act_share) OVER () AS lb
                                              FROM demo_tenant) x)) END
    CROSS JOIN demo_pool p
) l0
CROSS JOIN LATERAL (SELECT l0.*, CASE WHEN l0.failure0 = 'fail_burst'
                                      THEN CASE WHEN l0.u_who < 0.5 THEN 'unknown_user' ELSE 'bad_password' END
                                      ELSE l0.failure0 END AS failure) l
LEFT JOIN workers w ON w.id = md5('opsdeck-demo-worker-' || l.k0 || '-' || (1 + floor(l.u_w * l.worker_n))::int)::uuid
LEFT JOIN contacts c ON c.id = pg_temp.demo_contact_id(l.k0, l.contact_n, l.off_days, l.age_days, l.u_c)
ORDER BY l.created_at;

-- Data pipeline runs (data_import_jobs) ----------------------------------------------------------
-- Scheduled syncs every sync_interval_minutes for the last 7 days (the inactive tenant: its last
-- 2 days before deactivation). 2-4 % fail. southern-cross-events: every run of the last 5 days
-- failed (expired API token); harbourside's newest run is still running.
INSERT INTO data_import_jobs (id, tenant_id, status, source, trigger, file_name, file_size_bytes, row_count,
                              rows_processed, rows_inserted, rows_skipped, error_message, requested_by,
                              started_at, completed_at, created_at)
SELECT md5('opsdeck-demo-import-' || j.k || '-' || j.m)::uuid,
       j.tenant_id, j.status, 'sync', 'schedule', NULL, NULL,
       CASE WHEN j.status = 'completed' OR j.status = 'running' THEN j.rows END,
       CASE j.status WHEN 'completed' THEN j.rows
                     WHEN 'running' THEN floor(j.rows * 0.45)::int
                     ELSE CASE WHEN j.profile = 'stale_pipeline' OR j.err_i = 1 THEN 0
                               ELSE floor(j.rows * j.u_rows * 0.8)::int END END,
       CASE j.status WHEN 'completed' THEN floor(j.rows * j.new_share)::int
                     WHEN 'running' THEN floor(j.rows * 0.45 * j.new_share)::int ELSE 0 END,
       CASE j.status WHEN 'completed' THEN j.rows - floor(j.rows * j.new_share)::int
                     WHEN 'running' THEN floor(j.rows * 0.45)::int - floor(j.rows * 0.45 * j.new_share)::int ELSE 0 END,
       CASE WHEN j.status <> 'failed' THEN NULL
            WHEN j.profile = 'stale_pipeline'
                 THEN 'HTTP 401 Unauthorized from https://sync.' || j.slug || '.example/opsdeck/v1/export: API token expired — reconnect ' || j.source_system || ' in the tenant settings'
            ELSE (ARRAY[
                 'HTTP 502 Bad Gateway from https://sync.' || j.slug || '.example/opsdeck/v1/export (attempt 3 of 3)',
                 'Timed out after 300 s reading page 14 of the ' || j.source_system || ' export',
                 'Upstream returned malformed JSON at byte 48211: unexpected end of data',
                 'Rate limited by ' || j.source_system || ' (HTTP 429, Retry-After: 120)'])[j.err_i] END,
       NULL,
       j.run_at + (2 + floor(j.u_start * 18)) * interval '1 second',
       CASE WHEN j.status = 'running' THEN NULL
            ELSE j.run_at + (2 + floor(j.u_start * 18)) * interval '1 second' + j.duration END,
       j.run_at
FROM (
    SELECT x.*,
           CASE WHEN x.status <> 'failed' THEN (15 + floor(x.base_rows / 40.0 * (0.5 + x.u_dur))) * interval '1 second'
                WHEN x.profile = 'stale_pipeline' THEN (1 + x.u_dur * 2) * interval '1 second'
                WHEN x.err_i = 2 THEN interval '300 seconds'
                ELSE (4 + x.u_dur * 50) * interval '1 second' END AS duration
    FROM (
    SELECT o.*,
           CASE WHEN o.k = 1 AND o.m = 0 THEN 'running'
                WHEN o.profile = 'stale_pipeline' AND o.run_at > now() - interval '5 days' THEN 'failed'
                WHEN o.profile = 'stale_pipeline' THEN 'completed'
                WHEN o.u_fail < CASE WHEN o.profile = 'high_error_rate' THEN 0.04 ELSE 0.02 END THEN 'failed'
                ELSE 'completed' END AS status,
           round(o.base_rows * (0.55 + 0.9 * o.u_rows))::int AS rows,
           0.08 + 0.3 * o.u_new AS new_share,
           1 + floor(o.u_fail2 * 4)::int AS err_i
    FROM (
        SELECT q.*, random() AS u_fail, random() AS u_fail2, random() AS u_rows, random() AS u_new,
               random() AS u_start, random() AS u_dur
        FROM (
            SELECT t.k, t.id AS tenant_id, t.slug, t.profile, t.source_system, m,
                   coalesce(t.deactivated_at, now())
                       - ((CASE WHEN t.k = 1 THEN 3 ELSE 4 + (t.k * 7) % t.sync_minutes END) + m * t.sync_minutes) * interval '1 minute'
                       AS run_at,
                   CASE t.k WHEN 1 THEN 5200 WHEN 2 THEN 1800 WHEN 3 THEN 900 WHEN 4 THEN 2300 WHEN 5 THEN 2600
                            WHEN 6 THEN 1400 WHEN 7 THEN 1100 ELSE 700 END AS base_rows
            FROM demo_tenant t
            CROSS JOIN LATERAL generate_series(0, (CASE WHEN t.off_days > 0 THEN 2 ELSE 7 END) * 1440 / t.sync_minutes - 1) AS m
            ORDER BY t.k, m
        ) q
    ) o
    ) x
) j
ORDER BY j.run_at;

-- Manual runs: CSV uploads, "Sync now" clicks (two more failures for the stale tenant), one queued.
INSERT INTO data_import_jobs (id, tenant_id, status, source, trigger, file_name, file_size_bytes, row_count,
                              rows_processed, rows_inserted, rows_skipped, error_message, requested_by,
                              started_at, completed_at, created_at)
SELECT md5('opsdeck-demo-import-manual-' || v.n)::uuid,
       md5('opsdeck-demo-tenant-' || v.k)::uuid, v.status, v.source, 'manual', v.file_name, v.file_size,
       v.row_count, v.processed, v.inserted, v.skipped, v.error,
       md5('opsdeck-demo-staff-' || v.login)::uuid,
       CASE WHEN v.status <> 'pending' THEN now() - v.ago + interval '4 seconds' END,
       CASE WHEN v.status IN ('completed', 'failed') THEN now() - v.ago + interval '4 seconds' + v.took END,
       now() - v.ago
FROM (VALUES
    (1, 1, 'completed', 'csv',  'menu_items_winter_2025.csv', 48211, 312, 312, 41, 271, NULL, 'leo.martins',
     interval '6 days 2 hours', interval '9 seconds'),
    (2, 2, 'completed', 'csv',  'pricebook_q3.csv', 190442, 1240, 1240, 1240, 0, NULL, 'priya.raman',
     interval '3 days 5 hours', interval '21 seconds'),
    (3, 4, 'failed',    'csv',  'customer_import_oct.csv', 88310, 1502, 213, 0, 0,
     'Row 214: invalid date "31/09/2025" in column booked_on (expected DD/MM/YYYY)', 'mia.chen',
     interval '4 days 1 hour', interval '3 seconds'),
    (4, 4, 'completed', 'csv',  'customer_import_oct_fixed.csv', 88295, 1502, 1502, 1377, 125, NULL, 'mia.chen',
     interval '4 days 20 minutes', interval '12 seconds'),
    (5, 6, 'failed',    'sync', NULL, NULL, NULL, 0, 0, 0,
     'HTTP 401 Unauthorized from https://sync.southern-cross-events.example/opsdeck/v1/export: API token expired — reconnect Tanda in the tenant settings',
     'priya.raman', interval '3 days 2 hours', interval '2 seconds'),
    (6, 6, 'failed',    'sync', NULL, NULL, NULL, 0, 0, 0,
     'HTTP 401 Unauthorized from https://sync.southern-cross-events.example/opsdeck/v1/export: API token expired — reconnect Tanda in the tenant settings',
     'leo.martins', interval '1 day 1 hour', interval '2 seconds'),
    (7, 3, 'completed', 'sync', NULL, NULL, 944, 944, 102, 842, NULL, 'tom.becker',
     interval '2 days 4 hours', interval '48 seconds'),
    (8, 1, 'completed', 'api',  NULL, NULL, 5120, 5120, 611, 4509, NULL, 'sam.whitfield',
     interval '9 hours', interval '2 minutes 11 seconds'),
    (9, 2, 'pending',   'sync', NULL, NULL, NULL, 0, 0, 0, NULL, 'leo.martins',
     interval '1 minute', interval '0 seconds')
) AS v(n, k, status, source, file_name, file_size, row_count, processed, inserted, skipped, error, login, ago, took);
