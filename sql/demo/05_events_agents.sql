-- Demo data, step 5: inbound events (≈ 5 000 × scale over 30 days; some unprocessed) and AI agent
-- actions (≈ 4 000 × scale: ≈ 2 800 × scale reacting to events, 1 200 × scale monitor / sender /
-- evaluator runs; success, failed, escalated; some alert_sent).

SELECT setseed(0.4242);

-- Events --------------------------------------------------------------------------------------------
WITH et(i, event_type, lb) AS (VALUES
    (1, 'lead.created', 0.00), (2, 'booking.created', 0.22), (3, 'call.completed', 0.42),
    (4, 'quote.requested', 0.54), (5, 'sms.received', 0.66), (6, 'form.submitted', 0.78),
    (7, 'email.received', 0.86), (8, 'booking.cancelled', 0.92), (9, 'payment.received', 0.96)
)
INSERT INTO events (id, tenant_id, contact_id, event_type, source, payload, processed_at, created_at)
SELECT md5('opsdeck-demo-event-' || e.g)::uuid,
       e.tenant_id,
       CASE WHEN e.u_nocontact >= 0.08 THEN c.id END,
       et.event_type,
       CASE et.event_type
           WHEN 'lead.created'      THEN (ARRAY['web_form', 'facebook_lead_ads', 'google_ads', 'web_form'])[1 + floor(e.u_v1 * 4)::int]
           WHEN 'booking.created'   THEN 'booking_widget'
           WHEN 'call.completed'    THEN 'vapi'
           WHEN 'quote.requested'   THEN 'web_form'
           WHEN 'sms.received'      THEN 'twilio'
           WHEN 'form.submitted'    THEN 'web_form'
           WHEN 'email.received'    THEN 'resend_inbound'
           WHEN 'booking.cancelled' THEN 'booking_widget'
           ELSE 'stripe' END,
       CASE et.event_type
           WHEN 'lead.created' THEN jsonb_build_object(
               'name', c.full_name, 'phone', pg_temp.demo_phone_intl(c.mobile), 'email', c.email,
               'message', 'Hi, I''m interested in ' || lower(e.service) || '. Best to reach me on '
                          || coalesce(pg_temp.demo_phone_local(c.mobile), c.email, 'this form') || '.',
               'utm_source', (ARRAY['google', 'facebook', 'instagram', 'newsletter'])[1 + floor(e.u_v2 * 4)::int])
           WHEN 'booking.created' THEN jsonb_build_object(
               'service', e.service, 'scheduled_for', e.created_at + (1 + floor(e.u_v1 * 14)) * interval '1 day',
               'customer', jsonb_build_object('name', c.full_name, 'phone', c.mobile, 'email', c.email),
               'party_size', 1 + floor(e.u_v2 * 6)::int)
           WHEN 'call.completed' THEN jsonb_build_object(
               'call_id', 'call_' || substr(md5('call' || e.g), 1, 20), 'from', c.mobile, 'to', e.sms_number,
               'duration_seconds', 30 + floor(e.u_v1 * 540)::int,
               'summary', (ARRAY['Caller asked about availability for ' || lower(e.service) || ' next week.',
                                 'Caller wants a quote for ' || lower(e.service) || '; asked for a call back on ' || coalesce(pg_temp.demo_phone_local(c.mobile), 'their mobile') || '.',
                                 'Caller unhappy about a recent visit and asked for a manager.',
                                 'Caller rescheduled an existing booking.'])[1 + floor(e.u_v2 * 4)::int])
           WHEN 'quote.requested' THEN jsonb_build_object(
               'name', c.full_name, 'phone', pg_temp.demo_phone_local(c.mobile), 'email', c.email,
               'service', e.service,
               'details', 'Looking for a price on ' || lower(e.service) || ' in ' || coalesce(c.metadata ->> 'suburb', 'town')
                          || '. Weekday mornings suit best.')
           WHEN 'sms.received' THEN jsonb_build_object(
               'from', c.mobile, 'to', e.sms_number,
               'body', (ARRAY['Running 10 min late sorry!', 'Can we move to Thursday?', 'Yes please confirm',
                              'Is there parking nearby?', 'STOP', 'Thanks, see you then'])[1 + floor(e.u_v1 * 6)::int])
           WHEN 'form.submitted' THEN jsonb_build_object(
               'form', 'contact_us',
               'fields', jsonb_build_object('name', c.full_name, 'email', c.email, 'phone', pg_temp.demo_phone_intl(c.mobile),
                                            'message', 'Please get in touch about ' || lower(e.service) || '.'))
           WHEN 'email.received' THEN jsonb_build_object(
               'from', coalesce(c.email, 'no-reply@example.com'),
               'subject', (ARRAY['Question about my booking', 'Invoice query', 'Quote follow-up', 'Feedback'])[1 + floor(e.u_v1 * 4)::int],
               'snippet', 'Hi team, ' || (ARRAY['could you confirm the time for my booking?', 'I think I was charged twice.',
                                                'any update on the quote?', 'great service last week, thanks!'])[1 + floor(e.u_v2 * 4)::int])
           WHEN 'booking.cancelled' THEN jsonb_build_object(
               'reference', 'BK-' || lpad((1 + floor(e.u_v1 * 3000))::int::text, 6, '0'),
               'reason', (ARRAY['customer_request', 'no_show', 'weather', 'double_booked'])[1 + floor(e.u_v2 * 4)::int])
           ELSE jsonb_build_object(
               'payment_intent', 'pi_' || substr(md5('pi' || e.g), 1, 24),
               'amount', round((e.price * (0.7 + 0.6 * e.u_v1))::numeric, 2), 'currency', e.currency,
               'receipt_email', c.email)
       END,
       CASE WHEN e.created_at > now() - interval '3 minutes' OR e.u_proc < 0.012 THEN NULL
            ELSE e.created_at + (0.2 + 4 * e.u_v2 * e.u_v2) * interval '1 second' END,
       e.created_at
FROM (
    SELECT r.*, t.k, t.id AS tenant_id, t.contact_n, t.off_days, t.currency, t.sms_number,
           t.services[1 + floor(r.u_svc * array_length(t.services, 1))::int] AS service,
           t.prices[1 + floor(r.u_svc * array_length(t.prices, 1))::int] AS price,
           pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, r.u_day, r.u_h, r.u_m) AS created_at,
           pg_temp.demo_age(r.u_day, t.act_span, t.off_days) AS age_days
    FROM (
        SELECT g, random() AS u_t, random() AS u_type, random() AS u_day, random() AS u_h, random() AS u_m,
               random() AS u_c, random() AS u_nocontact, random() AS u_svc, random() AS u_v1, random() AS u_v2,
               random() AS u_proc
        FROM generate_series(1, 5000 * greatest(1, current_setting('opsdeck.scale')::int)) AS g
    ) r
    JOIN demo_tenant t ON t.k = width_bucket(r.u_t, (SELECT array_agg(x.lb ORDER BY x.k) FROM (
                                    SELECT k, (sum(act_share) OVER (ORDER BY k) - act_share) / sum(act_share) OVER () AS lb
                                    FROM demo_tenant) x))
) e
JOIN et ON et.i = width_bucket(e.u_type, (SELECT array_agg(lb ORDER BY i) FROM et)::double precision[])
LEFT JOIN contacts c ON c.id = pg_temp.demo_contact_id(e.k, e.contact_n, e.off_days, e.age_days, e.u_c)
ORDER BY e.created_at;

-- Agent actions reacting to events (≈ 56 % of processed events) ------------------------------------
INSERT INTO agent_actions (id, agent_id, tenant_id, event_id, action_type, status, detail, error, duration_ms, created_at)
SELECT md5('opsdeck-demo-agent-action-e-' || a.event_id)::uuid,
       md5('opsdeck-demo-agent-' || a.agent_slug)::uuid,
       a.tenant_id, a.event_id,
       CASE a.kind
           WHEN 'voice' THEN CASE WHEN a.status = 'escalated' THEN 'call_transferred' ELSE 'call_summarised' END
           WHEN 'qualifier' THEN CASE WHEN a.status = 'escalated' THEN 'lead_escalated' ELSE 'lead_scored' END
           ELSE 'event_ingested' END,
       a.status,
       CASE a.kind
           WHEN 'voice' THEN jsonb_build_object('sentiment', CASE WHEN a.u_d < 0.2 THEN 'negative' WHEN a.u_d < 0.7 THEN 'neutral' ELSE 'positive' END,
                                                'transferred_to', CASE WHEN a.status = 'escalated' THEN 'on-call manager' END)
           WHEN 'qualifier' THEN jsonb_build_object('score', round(a.u_d::numeric, 2), 'qualified', a.u_d >= 0.7,
                                                    'intent', (ARRAY['quote_request', 'booking_request', 'general_enquiry', 'complaint'])[1 + floor(a.u_d2 * 4)::int])
           ELSE jsonb_build_object('event_type', a.event_type, 'deduplicated', a.u_d < 0.03)
       END,
       CASE WHEN a.status = 'failed' THEN
           CASE a.kind
               WHEN 'voice' THEN 'Call recording unavailable: provider returned 404 for the recording URL'
               WHEN 'qualifier' THEN (ARRAY['LLM provider timeout after 20 s', 'LLM provider returned 429 (rate limited)',
                                            'Invalid payload: no phone or email to qualify'])[1 + floor(a.u_d2 * 3)::int]
               ELSE 'Payload rejected: schema validation failed at $.customer.phone' END END,
       greatest(1, round(CASE a.kind WHEN 'voice' THEN 3800 WHEN 'qualifier' THEN 1700 ELSE 45 END
                         * exp(0.5 * sqrt(-2 * ln(1 - a.u_l1)) * cos(2 * pi() * a.u_l2))))::int,
       a.processed_at + (0.1 + a.u_l1) * interval '1 second'
FROM (
    SELECT x.*,
           CASE WHEN x.event_type = 'call.completed' THEN 'voice'
                WHEN x.event_type IN ('lead.created', 'form.submitted', 'quote.requested') THEN 'qualifier'
                ELSE 'ingest' END AS kind,
           CASE WHEN x.event_type = 'call.completed' THEN 'vapi-voice'
                WHEN x.event_type IN ('lead.created', 'form.submitted', 'quote.requested') THEN 'lead-qualifier'
                WHEN x.k = 2 THEN 'ingest-prime' WHEN x.k = 3 THEN 'ingest-akf' WHEN x.k = 4 THEN 'ingest-cleanjet'
                WHEN x.k = 8 THEN 'ingest-redwood' ELSE 'ingest-hub' END AS agent_slug,
           CASE WHEN x.u_s < CASE WHEN x.event_type IN ('call.completed', 'lead.created', 'form.submitted', 'quote.requested')
                                  THEN 0.05 ELSE 0.02 END THEN 'failed'
                WHEN x.event_type IN ('call.completed', 'lead.created', 'form.submitted', 'quote.requested') AND x.u_s < 0.10
                     THEN 'escalated'
                ELSE 'success' END AS status
    FROM (
        SELECT o.*, random() AS u_s, random() AS u_d, random() AS u_d2, random() AS u_l1, random() AS u_l2
        FROM (
            SELECT ev.id AS event_id, ev.tenant_id, ev.event_type, ev.processed_at, t.k
            FROM events ev
            JOIN demo_tenant t ON t.id = ev.tenant_id
            WHERE ev.processed_at IS NOT NULL AND pg_temp.demo_h('aa-' || ev.id) < 0.575
            ORDER BY ev.id
        ) o
    ) x
) a
ORDER BY a.processed_at;

-- Scheduled agents: monitor, sender, evaluator (1 200 × scale) -------------------------------------
INSERT INTO agent_actions (id, agent_id, tenant_id, event_id, action_type, status, detail, error, duration_ms, created_at)
SELECT md5('opsdeck-demo-agent-action-s-' || b.g)::uuid,
       md5('opsdeck-demo-agent-' || b.agent_slug)::uuid,
       CASE WHEN b.agent_slug = 'data-monitor' AND b.u_glob < 0.3 THEN NULL ELSE b.tenant_id END,
       NULL, b.action_type, b.status,
       CASE b.action_type
           WHEN 'health_check' THEN jsonb_build_object('unprocessed_events', floor(b.u_d * 12)::int,
                                                      'failed_actions_last_hour', floor(b.u_d * b.u_d * 4)::int)
           WHEN 'alert_sent' THEN jsonb_build_object('channel', CASE WHEN b.u_d < 0.6 THEN 'in_app' ELSE 'email' END,
                                                    'reason', CASE WHEN b.agent_slug = 'mc-send' THEN 'outbound item failed after max attempts'
                                                                   ELSE 'unprocessed events above threshold' END)
           WHEN 'quote_evaluated' THEN jsonb_build_object('margin', round((0.12 + 0.3 * b.u_d)::numeric, 3),
                                                         'flagged', b.u_d < 0.2)
           ELSE jsonb_build_object('channel', CASE WHEN b.action_type = 'webhook_delivered' THEN 'webhook'
                                                  WHEN b.u_d < 0.5 THEN 'sms' ELSE 'email' END,
                                   'attempt', 1 + floor(b.u_d2 * b.u_d2 * 3)::int)
       END,
       CASE WHEN b.status = 'failed' THEN
           CASE b.agent_slug WHEN 'mc-send' THEN 'HTTP 503 from destination; will retry with backoff'
                             WHEN 'data-monitor' THEN 'Health query timed out after 10 s'
                             ELSE 'Pricing rules missing for service category' END END,
       greatest(1, round(CASE b.agent_slug WHEN 'data-monitor' THEN 280 WHEN 'mc-send' THEN 520 ELSE 2400 END
                         * exp(0.55 * sqrt(-2 * ln(1 - b.u_l1)) * cos(2 * pi() * b.u_l2))))::int,
       b.created_at
FROM (
    SELECT r.*, t.id AS tenant_id,
           CASE WHEN r.u_agent < 0.40 THEN 'data-monitor' WHEN r.u_agent < 0.80 THEN 'mc-send' ELSE 'quote-evaluator' END AS agent_slug,
           CASE WHEN r.u_agent < 0.40 THEN CASE WHEN r.u_kind < 0.9 THEN 'health_check' ELSE 'alert_sent' END
                WHEN r.u_agent < 0.80 THEN CASE WHEN r.u_kind < 0.5 THEN 'message_sent' WHEN r.u_kind < 0.93 THEN 'webhook_delivered'
                                                ELSE 'alert_sent' END
                ELSE 'quote_evaluated' END AS action_type,
           CASE WHEN r.u_s < 0.05 THEN 'failed' WHEN r.u_s < 0.08 AND r.u_agent >= 0.80 THEN 'escalated' ELSE 'success' END AS status,
           pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, r.u_day, r.u_h, r.u_m) AS created_at
    FROM (
        SELECT g, random() AS u_agent, random() AS u_kind, random() AS u_s, random() AS u_t, random() AS u_glob,
               random() AS u_day, random() AS u_h, random() AS u_m, random() AS u_d, random() AS u_d2,
               random() AS u_l1, random() AS u_l2
        FROM generate_series(1, 1200 * greatest(1, current_setting('opsdeck.scale')::int)) AS g
    ) r
    JOIN demo_tenant t ON t.k = 1 + floor(r.u_t * 7)::int     -- active tenants only
) b
ORDER BY b.created_at;

UPDATE agents a SET last_action_at = x.last_at
FROM (SELECT agent_id, max(created_at) AS last_at FROM agent_actions GROUP BY agent_id) x
WHERE x.agent_id = a.id;
