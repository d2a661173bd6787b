-- Demo data, step 9: connections, message templates, the outbound queue (≈ 600 × scale, every
-- status) with an outbound_attempts row for every attempt made, and SMS conversations.
--
-- Connections hold only the *name* of their keychain secret ('opsdeck/connection/<tenant>/<app>')
-- and non-secret config (URLs on .example hosts, sender addresses, account ids).
-- Queue items: delivered (delivered_at), pending due now, pending waiting for a retry (exponential
-- backoff: attempt n+1 at attempt n + 2^n × 30 s), sending (locked_by; lease_until 90-180 s after
-- this statement ran), failed after max_attempts (or at once on a permanent 4xx / disabled
-- connection), cancelled.

SELECT setseed(0.4242);

-- Connections --------------------------------------------------------------------------------------
INSERT INTO connections (id, tenant_id, app_name, app_slug, delivery_type, secret_key_name, config, is_enabled,
                         disabled_reason, last_sync_at, last_sync_status, last_sync_error, created_by, created_at, updated_at)
SELECT md5('opsdeck-demo-connection-' || t.slug || '-' || v.app_slug)::uuid,
       t.id, v.app_name, v.app_slug, v.delivery_type,
       'opsdeck/connection/' || t.slug || '/' || v.app_slug,
       -- The keys the delivery adapters read (webhook url; Resend from, base_url; Twilio account_sid,
       -- from, base_url), as Tools → Connections checks them.
       CASE v.delivery_type
           WHEN 'webhook' THEN jsonb_build_object('url', 'https://hooks.' || t.slug || '.example/' || v.app_slug || '/opsdeck/events')
           WHEN 'email' THEN jsonb_build_object('from', t.name || ' <bookings@' || t.slug || '.example>',
                                                'base_url', 'https://api.' || v.app_slug || '.example')
           ELSE jsonb_build_object('account_sid', 'AC' || md5('opsdeck-demo-sms-account-' || t.slug),
                                   'from', t.sms_number,
                                   'base_url', 'https://api.' || v.app_slug || '.example')
       END,
       v.enabled, v.disabled_reason,
       now() - v.sync_ago, v.sync_status, v.sync_error,
       md5('opsdeck-demo-staff-sam.whitfield')::uuid,
       now() - (t.created_days - 10 - length(v.app_slug)) * interval '1 day',
       now() - v.sync_ago
FROM (VALUES
    (1, 'Xero',    'xero',    'webhook', true,  NULL, interval '4 minutes',  'success', NULL),
    (1, 'Resend',  'resend',  'email',   true,  NULL, interval '11 minutes', 'success', NULL),
    (1, 'Twilio',  'twilio',  'sms',     true,  NULL, interval '2 minutes',  'success', NULL),
    (2, 'HubSpot', 'hubspot', 'webhook', true,  NULL, interval '17 minutes', 'success', NULL),
    (2, 'Twilio',  'twilio',  'sms',     true,  NULL, interval '26 minutes', 'success', NULL),
    (3, 'Zapier',  'zapier',  'webhook', true,  NULL, interval '38 minutes', 'success', NULL),
    (3, 'Resend',  'resend',  'email',   true,  NULL, interval '1 hour 5 minutes', 'success', NULL),
    (4, 'Zapier',  'zapier',  'webhook', true,  NULL, interval '9 minutes',  'success', NULL),
    (4, 'Twilio',  'twilio',  'sms',     true,  NULL, interval '14 minutes', 'success', NULL),
    (4, 'Resend',  'resend',  'email',   false, 'Sending domain cleanjet.example failed DNS verification — re-verify it in Resend',
        interval '6 days 3 hours', 'error', 'HTTP 403: The cleanjet.example domain is not verified'),
    (5, 'Resend',  'resend',  'email',   true,  NULL, interval '7 minutes',  'success', NULL),
    (5, 'Slack',   'slack',   'webhook', true,  NULL, interval '3 minutes',  'error',
        'HTTP 503 Service Unavailable from hooks.copper-kettle.example (5 consecutive failures)'),
    (6, 'HubSpot', 'hubspot', 'webhook', true,  NULL, interval '2 hours 40 minutes', 'error',
        'HTTP 401 Unauthorized: expired access token'),
    (6, 'Twilio',  'twilio',  'sms',     true,  NULL, interval '52 minutes', 'success', NULL),
    (7, 'Resend',  'resend',  'email',   true,  NULL, interval '23 minutes', 'success', NULL),
    (7, 'Twilio',  'twilio',  'sms',     true,  NULL, interval '1 hour 12 minutes', 'pending', NULL),
    (8, 'Zapier',  'zapier',  'webhook', false, 'Tenant deactivated', interval '12 days 2 hours', 'success', NULL)
) AS v(k, app_name, app_slug, delivery_type, enabled, disabled_reason, sync_ago, sync_status, sync_error)
JOIN demo_tenant t ON t.k = v.k
ORDER BY v.k, v.app_slug;

-- The company's own connections (no tenant): staff alert e-mail and SMS go out through them.
INSERT INTO connections (id, tenant_id, app_name, app_slug, delivery_type, secret_key_name, config, is_enabled,
                         last_sync_at, last_sync_status, created_by, created_at, updated_at)
VALUES
    (md5('opsdeck-demo-connection-company-resend')::uuid, NULL, 'Resend (staff alerts)', 'resend', 'email',
     'opsdeck/connection/company/resend',
     jsonb_build_object('from', 'Opsdeck Alerts <alerts@opsdeck.example>', 'base_url', 'https://api.resend.example'),
     true, now() - interval '6 minutes', 'success', md5('opsdeck-demo-staff-sam.whitfield')::uuid,
     now() - interval '400 days', now() - interval '6 minutes'),
    (md5('opsdeck-demo-connection-company-twilio')::uuid, NULL, 'Twilio (staff alerts)', 'twilio', 'sms',
     'opsdeck/connection/company/twilio',
     jsonb_build_object('account_sid', 'AC' || md5('opsdeck-demo-sms-account-company'), 'from', '+6495550100',
                        'base_url', 'https://api.twilio.example'),
     true, now() - interval '41 minutes', 'success', md5('opsdeck-demo-staff-sam.whitfield')::uuid,
     now() - interval '400 days', now() - interval '41 minutes');

-- Message templates: global defaults and per-tenant overrides ---------------------------------------
INSERT INTO message_templates (id, tenant_id, name, channel, subject, body, is_active, created_at, updated_at)
SELECT md5('opsdeck-demo-template-' || coalesce(v.k::text, 'global') || '-' || v.name)::uuid,
       CASE WHEN v.k IS NOT NULL THEN md5('opsdeck-demo-tenant-' || v.k)::uuid END,
       v.name, v.channel, v.subject, v.body, v.active,
       now() - v.age_days * interval '1 day', now() - (v.age_days / 3) * interval '1 day'
FROM (VALUES
    (NULL::int, 'booking_confirmation', 'sms', NULL,
     'Hi {{first_name}}, your booking {{reference}} for {{service}} is confirmed for {{scheduled_at}}. Reply C to cancel.', true, 300),
    (NULL, 'booking_reminder', 'sms', NULL,
     'Reminder: {{service}} tomorrow at {{time}}. Reply Y to confirm or call us to reschedule.', true, 300),
    (NULL, 'review_request', 'sms', NULL,
     'Thanks for choosing {{tenant_name}}, {{first_name}}! How did we do? {{review_link}}', true, 240),
    (NULL, 'quote_sent', 'email', 'Your quote {{number}} from {{tenant_name}}',
     'Hi {{first_name}},

Please find your quote {{number}} for {{service}} attached. It is valid for 30 days.

Reply to this email or call us if you have any questions.

{{tenant_name}}', true, 280),
    (NULL, 'invoice_sent', 'email', 'Invoice {{number}} from {{tenant_name}}',
     'Hi {{first_name}},

Invoice {{number}} for {{amount}} is attached and due on {{due_date}}.

Thank you for your business.
{{tenant_name}}', true, 280),
    (NULL, 'complaint_acknowledgement', 'email', 'We have received your message ({{case_number}})',
     'Hi {{first_name}},

Sorry to hear about your experience. A member of our team will contact you within {{sla_hours}} hours.

{{tenant_name}}', true, 200),
    (1, 'booking_confirmation', 'sms', NULL,
     'Kia ora {{first_name}}! Your table at Harbourside for {{party_size}} is confirmed, {{scheduled_at}}. Reply C to cancel.', true, 120),
    (2, 'quote_sent', 'email', 'Prime Electrical quote {{number}} — {{service}}',
     'Hi {{first_name}},

Thanks for having us out. Your quote {{number}} is attached; all work is certified and comes with a 12-month warranty.

Prime Electrical', true, 90),
    (4, 'booking_reminder', 'sms', NULL,
     'CleanJet here! Your {{service}} is tomorrow between {{window}}. Please leave a key if you won''t be home.', true, 75),
    (5, 'booking_confirmation', 'sms', NULL,
     'Copper Kettle: you''re booked for {{party_size}} on {{scheduled_at}}. See you soon! Reply STOP to opt out.', true, 60),
    (6, 'event_day_reminder', 'sms', NULL,
     'Southern Cross Events: your coffee cart arrives {{arrival_time}} at {{venue}}. Site contact: {{site_contact}}.', true, 45),
    (7, 'recall_reminder', 'sms', NULL,
     'Hi {{first_name}}, it''s time for your 6-monthly check-up at Kauri Dental. Book online or call us.', true, 40),
    (8, 'booking_confirmation', 'sms', NULL,
     'Redwood Fitness: your session {{reference}} is booked for {{scheduled_at}}.', false, 200)
) AS v(k, name, channel, subject, body, active, age_days);

-- Outbound queue -------------------------------------------------------------------------------------
INSERT INTO outbound_queue (id, tenant_id, connection_id, record_id, contact_id, delivery_type, destination_url,
                            destination_email, destination_phone, payload, status, attempt_count, max_attempts,
                            last_attempted_at, next_attempt_at, delivered_at, locked_by, lease_until, last_status_code,
                            error, created_by_agent, idempotency_key, created_at, updated_at)
SELECT md5('opsdeck-demo-outbound-' || q.record_id)::uuid,
       q.tenant_id, q.connection_id, q.record_id, q.contact_id, q.delivery_type,
       CASE WHEN q.delivery_type = 'webhook' THEN coalesce(q.conn_url, q.tenant_hook) END,
       CASE WHEN q.delivery_type = 'email' THEN q.email END,
       CASE WHEN q.delivery_type = 'sms' THEN q.mobile END,
       CASE q.delivery_type
           WHEN 'webhook' THEN jsonb_build_object('event', 'record.' || q.record_status, 'record',
                                                  jsonb_build_object('id', q.record_id, 'type', q.record_type, 'title', q.title,
                                                                     'amount', q.amount, 'currency', q.currency))
           WHEN 'email' THEN jsonb_build_object('template', CASE q.record_type WHEN 'invoice' THEN 'invoice_sent' WHEN 'quote' THEN 'quote_sent'
                                                                               ELSE 'booking_confirmation' END,
                                                'to_name', q.full_name, 'subject', q.title,
                                                'html', '<p>Hi ' || split_part(q.full_name, ' ', 1) || ',</p><p>' || q.title
                                                        || coalesce(' (' || q.number || ')', '') || '</p>',
                                                'variables', jsonb_build_object('number', q.number, 'amount', q.amount))
           ELSE jsonb_build_object('template', 'booking_confirmation',
                                   'body', 'Hi ' || split_part(q.full_name, ' ', 1) || ', your ' || lower(q.title)
                                           || ' is confirmed. Reply C to cancel.')
       END,
       q.status, q.attempt_count, q.max_attempts,
       q.last_attempted_at,
       CASE q.status
           WHEN 'pending' THEN CASE WHEN q.attempt_count = 0 THEN q.created_at
                                    ELSE q.last_attempted_at + power(2, q.attempt_count) * interval '30 seconds' END
           ELSE coalesce(q.last_attempted_at, q.created_at) END,
       CASE WHEN q.status = 'delivered' THEN q.last_attempted_at + q.last_latency_ms * interval '1 millisecond' END,
       CASE WHEN q.status = 'sending' THEN q.locked_by END,
       -- clock_timestamp(), not now(): at large scales the seeding transaction runs for minutes, and the
       -- leases should still be held when it commits
       CASE WHEN q.status = 'sending' THEN clock_timestamp() + (90 + floor(q.u_lease * 90)) * interval '1 second' END,
       q.last_code,
       q.last_error,
       q.created_by_agent,
       'rec:' || q.record_id || ':' || q.delivery_type,
       q.created_at,
       CASE WHEN q.status = 'cancelled' THEN greatest(coalesce(q.last_attempted_at, q.created_at), q.created_at) + interval '25 minutes'
            ELSE coalesce(q.last_attempted_at + q.last_latency_ms * interval '1 millisecond', q.created_at) END
FROM (
    SELECT w.*,
           -- first attempt time; attempt i starts at base + 30 s × (2^i − 2)
           CASE WHEN w.attempt_count = 0 AND w.status <> 'sending' THEN NULL
                WHEN w.status = 'sending' THEN now() - (5 + floor(w.u_base * 20)) * interval '1 second'
                ELSE w.base + (power(2, w.attempt_count) - 2) * interval '30 seconds' END AS last_attempted_at,
           CASE WHEN w.status = 'pending' AND w.attempt_count = 0 THEN now() - (10 + floor(w.u_base * 470)) * interval '1 second'
                WHEN w.status = 'sending' THEN now() - (5 + floor(w.u_base * 20)) * interval '1 second'
                                               - (power(2, w.attempt_count + 1) - 2) * interval '30 seconds' - interval '2 seconds'
                ELSE w.base - interval '2 seconds' END AS created_at,
           CASE WHEN w.status = 'delivered' THEN (ARRAY[200, 200, 202, 201])[1 + floor(w.u_code * 4)::int]
                WHEN w.attempt_count = 0 THEN NULL
                WHEN w.disabled THEN NULL
                WHEN w.permanent THEN CASE w.delivery_type WHEN 'sms' THEN 400 WHEN 'email' THEN 422 ELSE 410 END
                ELSE (ARRAY[500, 503, 503, 429, NULL, 502])[1 + floor(w.u_code * 6)::int] END AS last_code,
           CASE WHEN w.status IN ('delivered') OR (w.attempt_count = 0 AND w.status <> 'cancelled') THEN NULL
                WHEN w.status = 'cancelled' THEN 'Cancelled by ' || (ARRAY['mia.chen', 'leo.martins', 'priya.raman'])[1 + floor(w.u_code * 3)::int]
                WHEN w.disabled THEN 'Connection disabled: ' || w.conn_disabled_reason
                WHEN w.permanent THEN CASE w.delivery_type WHEN 'sms' THEN 'HTTP 400: The ''To'' number is not a valid mobile number'
                                                           WHEN 'email' THEN 'HTTP 422: Invalid recipient address'
                                                           ELSE 'HTTP 410 Gone: webhook endpoint was removed' END
                ELSE (ARRAY['HTTP 500 Internal Server Error', 'HTTP 503 Service Unavailable', 'HTTP 503 Service Unavailable',
                            'HTTP 429 Too Many Requests (Retry-After: 60)', 'timeout after 10000 ms',
                            'HTTP 502 Bad Gateway'])[1 + floor(w.u_code * 6)::int] END AS last_error,
           CASE WHEN w.status <> 'delivered' AND w.attempt_count > 0 AND NOT w.permanent AND NOT w.disabled
                     AND floor(w.u_code * 6)::int = 4 THEN 10000
                ELSE greatest(40, round(CASE w.delivery_type WHEN 'webhook' THEN 320 WHEN 'email' THEN 610 ELSE 780 END
                                        * exp(0.5 * sqrt(-2 * ln(1 - w.u_lat)) * cos(2 * pi() * w.u_lat2))))::int END AS last_latency_ms,
           (ARRAY['opsdeck-worker@ops-01', 'opsdeck-worker@ops-02', 'opsdeck@priya-thinkpad'])[1 + floor(w.u_lease * 3)::int] AS locked_by
    FROM (
        SELECT v.*,
               CASE v.status
                   WHEN 'delivered' THEN CASE WHEN v.u_n < 0.85 THEN 1 WHEN v.u_n < 0.95 THEN 2 ELSE 3 END
                   WHEN 'pending'   THEN CASE WHEN v.retry THEN 1 + floor(v.u_n * (v.max_attempts - 1))::int ELSE 0 END
                   WHEN 'sending'   THEN floor(v.u_n * 3)::int
                   WHEN 'failed'    THEN CASE WHEN v.permanent OR v.disabled THEN 1 ELSE v.max_attempts END
                   ELSE floor(v.u_n * 3)::int END AS attempt_count,
               CASE WHEN v.status = 'pending' AND v.retry
                    -- last attempt x seconds ago, with x < the backoff wait, so the retry is still ahead
                    THEN now() - (power(2, 1 + floor(v.u_n * (v.max_attempts - 1))) - 2) * interval '30 seconds'
                         - (5 + v.u_base * 0.8 * power(2, 1 + floor(v.u_n * (v.max_attempts - 1))) * 30) * interval '1 second'
                    WHEN v.status = 'pending' THEN NULL
                    ELSE v.rec_created + (1 + floor(v.u_base * 40)) * interval '1 minute' END AS base
        FROM (
            SELECT u.*,
                   CASE WHEN u.delivery_type = 'sms' THEN 3 ELSE 5 END AS max_attempts,
                   coalesce(u.conn_enabled = false AND u.rec_created > u.conn_changed_at, false) AS disabled,
                   CASE WHEN u.conn_enabled = false AND u.rec_created > u.conn_changed_at THEN 'failed'
                        WHEN u.off_days > 0 THEN CASE WHEN u.u_st < 0.9 THEN 'delivered' ELSE 'cancelled' END
                        WHEN u.u_st < 0.70 THEN 'delivered'
                        WHEN u.u_st < 0.76 THEN 'pending'
                        WHEN u.u_st < 0.82 THEN 'pending'
                        WHEN u.u_st < 0.85 THEN 'sending'
                        WHEN u.u_st < 0.94 THEN 'failed'
                        ELSE 'cancelled' END AS status,
                   u.u_st >= 0.76 AND u.u_st < 0.82 AS retry,
                   u.u_st >= 0.85 AND u.u_st < 0.94 AND u.u_perm < 0.12 AS permanent
            FROM (
                SELECT s.*,
                       CASE s.delivery_type WHEN 'webhook' THEN cw.id WHEN 'email' THEN ce.id ELSE cs.id END AS connection_id,
                       CASE s.delivery_type WHEN 'webhook' THEN cw.is_enabled WHEN 'email' THEN ce.is_enabled ELSE cs.is_enabled END AS conn_enabled,
                       CASE s.delivery_type WHEN 'webhook' THEN cw.disabled_reason WHEN 'email' THEN ce.disabled_reason
                                            ELSE cs.disabled_reason END AS conn_disabled_reason,
                       CASE s.delivery_type WHEN 'webhook' THEN cw.updated_at WHEN 'email' THEN ce.updated_at
                                            ELSE cs.updated_at END AS conn_changed_at,
                       cw.config ->> 'url' AS conn_url
                FROM (
                    SELECT o.*,
                           CASE WHEN o.record_type IN ('invoice', 'quote') AND o.u_ch < 0.7 AND o.email IS NOT NULL THEN 'email'
                                WHEN o.record_type = 'booking' AND o.u_ch < 0.6 AND o.mobile IS NOT NULL THEN 'sms'
                                WHEN o.record_type = 'booking' AND o.u_ch < 0.8 AND o.email IS NOT NULL THEN 'email'
                                WHEN o.record_type IN ('job', 'task') AND o.u_ch < 0.25 AND o.mobile IS NOT NULL THEN 'sms'
                                ELSE 'webhook' END AS delivery_type
                    FROM (
                        SELECT p.*, random() AS u_ch, random() AS u_st, random() AS u_n, random() AS u_perm, random() AS u_base,
                               random() AS u_code, random() AS u_lat, random() AS u_lat2, random() AS u_lease
                        FROM (
                            SELECT r.id AS record_id, r.tenant_id, r.contact_id, r.record_type, r.status AS record_status, r.title,
                                   r.amount, r.currency, r.payload ->> 'number' AS number, r.created_at AS rec_created,
                                   t.off_days, t.tenant_hook, c.full_name, c.email, c.mobile,
                                   CASE WHEN r.record_type = 'quote' THEN md5('opsdeck-demo-agent-quote-evaluator')::uuid
                                        WHEN r.source_event_id IS NOT NULL THEN md5('opsdeck-demo-agent-lead-qualifier')::uuid END AS created_by_agent
                            FROM records r
                            JOIN (SELECT d.id, d.off_days, tn.settings ->> 'outbound_webhook_url' AS tenant_hook
                                  FROM demo_tenant d JOIN tenants tn ON tn.id = d.id) t ON t.id = r.tenant_id
                            LEFT JOIN contacts c ON c.id = r.contact_id
                            WHERE pg_temp.demo_h('obq-' || r.id) < 0.43 AND r.record_type <> 'note'
                                  OR pg_temp.demo_h('obq-' || r.id) < 0.2 AND r.record_type = 'note'
                            ORDER BY r.id
                        ) p
                    ) o
                ) s
                LEFT JOIN connections cw ON cw.tenant_id = s.tenant_id AND cw.delivery_type = 'webhook'
                LEFT JOIN connections ce ON ce.tenant_id = s.tenant_id AND ce.delivery_type = 'email'
                LEFT JOIN connections cs ON cs.tenant_id = s.tenant_id AND cs.delivery_type = 'sms'
            ) u
        ) v
    ) w
) q
ORDER BY q.created_at;

-- Outbound attempts: one row per attempt made ------------------------------------------------------
INSERT INTO outbound_attempts (item_id, attempt, engine_id, started_at, finished_at, status_code, latency_ms, outcome, error)
SELECT a.item_id, a.i, a.engine_id, a.started_at, a.started_at + a.latency_ms * interval '1 millisecond',
       a.code, a.latency_ms, a.outcome, a.err
FROM (
    SELECT x.*,
           CASE WHEN x.is_last THEN x.last_status_code
                ELSE (ARRAY[500, 503, 503, 429, NULL, 502])[1 + x.ci] END AS code,
           CASE WHEN x.is_last AND x.status = 'delivered' THEN 'delivered'
                WHEN x.is_last AND x.status = 'failed' AND x.error LIKE 'Connection disabled%' THEN 'disabled'
                WHEN x.is_last AND x.status = 'failed' THEN 'failed'
                ELSE 'retry' END AS outcome,
           CASE WHEN x.is_last THEN CASE WHEN x.status IN ('delivered', 'cancelled') THEN NULL ELSE x.error END
                ELSE (ARRAY['HTTP 500 Internal Server Error', 'HTTP 503 Service Unavailable', 'HTTP 503 Service Unavailable',
                            'HTTP 429 Too Many Requests (Retry-After: 60)', 'timeout after 10000 ms',
                            'HTTP 502 Bad Gateway'])[1 + x.ci] END AS err,
           CASE WHEN x.is_last AND x.status = 'delivered'
                     THEN greatest(0, round(extract(epoch FROM x.delivered_at - x.last_attempted_at) * 1000))::int
                WHEN x.is_last AND x.error = 'timeout after 10000 ms' THEN 10000
                WHEN NOT x.is_last AND x.ci = 4 THEN 10000
                WHEN x.error LIKE 'Connection disabled%' THEN 0
                ELSE greatest(40, round(450 * exp(0.5 * sqrt(-2 * ln(1 - pg_temp.demo_h('oa-l1-' || x.item_id || x.i)))
                                                  * cos(2 * pi() * pg_temp.demo_h('oa-l2-' || x.item_id || x.i)))))::int END AS latency_ms
    FROM (
        SELECT oq.id AS item_id, oq.status, oq.error, oq.last_status_code, oq.last_attempted_at, oq.delivered_at, i,
               i = oq.attempt_count AS is_last,
               floor(pg_temp.demo_h('oa-c-' || oq.id || i) * 6)::int AS ci,
               (ARRAY['opsdeck-worker@ops-01', 'opsdeck-worker@ops-02', 'opsdeck@priya-thinkpad'])[
                   1 + floor(pg_temp.demo_h('oa-e-' || oq.id || i) * 3)::int] AS engine_id,
               -- attempts before the last one follow the backoff schedule back from the last one
               CASE WHEN oq.status = 'sending'
                    THEN oq.last_attempted_at - (power(2, oq.attempt_count + 1) - power(2, i)) * interval '30 seconds'
                    ELSE oq.last_attempted_at - (power(2, oq.attempt_count) - power(2, i)) * interval '30 seconds' END AS started_at
        FROM outbound_queue oq
        CROSS JOIN LATERAL generate_series(1, oq.attempt_count) AS i
    ) x
) a
ORDER BY a.started_at, a.item_id, a.i;

-- SMS: the outbound queue's SMS, and two-way conversations ------------------------------------------
INSERT INTO sms_messages (id, tenant_id, contact_id, outbound_id, direction, from_number, to_number, body, status,
                          provider_sid, error_code, created_at)
SELECT md5('opsdeck-demo-sms-q-' || oq.id)::uuid,
       oq.tenant_id, oq.contact_id, oq.id, 'outbound', t.sms_number, oq.destination_phone, oq.payload ->> 'body',
       CASE oq.status WHEN 'delivered' THEN 'delivered' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
       CASE WHEN oq.status IN ('delivered', 'failed') THEN 'SM' || md5('sid-' || oq.id) END,
       CASE WHEN oq.status = 'failed' THEN CASE WHEN oq.last_status_code = 400 THEN '21211' ELSE '30003' END END,
       coalesce(oq.last_attempted_at, oq.created_at)
FROM outbound_queue oq
JOIN demo_tenant t ON t.id = oq.tenant_id
WHERE oq.delivery_type = 'sms' AND oq.status <> 'cancelled'
ORDER BY oq.created_at;

INSERT INTO sms_messages (id, tenant_id, contact_id, outbound_id, direction, from_number, to_number, body, status,
                          provider_sid, error_code, created_at)
SELECT md5('opsdeck-demo-sms-c-' || m.contact_id || '-' || m.n)::uuid,
       m.tenant_id, m.contact_id, NULL, m.direction,
       CASE WHEN m.direction = 'inbound' THEN m.mobile ELSE m.sms_number END,
       CASE WHEN m.direction = 'inbound' THEN m.sms_number ELSE m.mobile END,
       CASE WHEN m.direction = 'inbound'
            THEN (ARRAY['Hi, is there any availability this Saturday?', 'Running 10 min late sorry!', 'Can we move to Thursday?',
                        'Yes please', 'What''s the address again?', 'Thanks, see you then', 'Is parking available?',
                        'Can you call me back on this number?'])[1 + floor(pg_temp.demo_h('smsb-' || m.contact_id || m.n) * 8)::int]
            ELSE replace((ARRAY['Hi {n}, thanks for your message — we have 10am or 2pm free. Reply 1 or 2.',
                                'No worries {n}, see you soon!', 'All booked in, {n}. We''ll send a reminder the day before.',
                                'Thanks {n}, we''ve updated your booking.', 'Hi {n}, our address is in your confirmation email.'])[
                             1 + floor(pg_temp.demo_h('smsb-' || m.contact_id || m.n) * 5)::int], '{n}', split_part(m.full_name, ' ', 1)) END,
       CASE WHEN m.direction = 'inbound' THEN 'received'
            WHEN m.created_at > now() - interval '2 minutes' THEN 'queued'
            WHEN pg_temp.demo_h('smss-' || m.contact_id || m.n) < 0.04 THEN 'failed'
            WHEN pg_temp.demo_h('smss-' || m.contact_id || m.n) < 0.12 THEN 'sent'
            ELSE 'delivered' END,
       CASE WHEN m.created_at <= now() - interval '2 minutes' OR m.direction = 'inbound' THEN 'SM' || md5('sid-c-' || m.contact_id || m.n) END,
       CASE WHEN m.direction = 'outbound' AND m.created_at <= now() - interval '2 minutes'
                 AND pg_temp.demo_h('smss-' || m.contact_id || m.n) < 0.04 THEN '30003' END,
       m.created_at
FROM (
    SELECT cv.*, n,
           CASE WHEN (n + cv.first_dir) % 2 = 1 THEN 'inbound' ELSE 'outbound' END AS direction,
           least(cv.start_at + ((n - 1) * 6 + floor(pg_temp.demo_h('smst-' || cv.contact_id || n) * 30)) * interval '1 minute',
                 now() - interval '30 seconds') AS created_at
    FROM (
        SELECT c.id AS contact_id, c.tenant_id, c.full_name, c.mobile, t.sms_number,
               (pg_temp.demo_h('smsd-' || c.id) < 0.6)::int AS first_dir,
               2 + floor(pg_temp.demo_h('smsn-' || c.id) * 5)::int AS msgs,
               greatest(c.created_at, t.act_end - interval '30 days')
                   + (t.act_end - greatest(c.created_at, t.act_end - interval '30 days')) * pg_temp.demo_h('smsa-' || c.id) AS start_at
        FROM contacts c
        JOIN demo_tenant t ON t.id = c.tenant_id
        WHERE c.mobile IS NOT NULL AND pg_temp.demo_h('sms-conv-' || c.id) < 0.14
    ) cv
    CROSS JOIN LATERAL generate_series(1, cv.msgs) AS n
) m
ORDER BY m.created_at;
