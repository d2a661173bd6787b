-- Demo data, step 8: business records (≈ 1 500 × scale): quotes, jobs, invoices, notes, bookings,
-- tasks in every status. About a third come from inbound events (quote.requested → quote,
-- booking.created → booking, call.completed → note, lead.created → follow-up task) and carry
-- source_event_id. Money records carry line items in payload whose totals add up to amount
-- (amount = subtotal + tax).

SELECT setseed(0.4242);

INSERT INTO records (id, tenant_id, worker_id, contact_id, source_event_id, record_type, status, title, amount, currency,
                     payload, tags, due_at, closed_at, created_at, updated_at)
SELECT md5('opsdeck-demo-record-' || r.src || '-' || r.g)::uuid,
       r.tenant_id,
       CASE WHEN r.u_wk < 0.93 THEN md5('opsdeck-demo-worker-' || r.k || '-' || (1 + floor(r.u_w * r.worker_n))::int)::uuid END,
       r.contact_id, r.event_id, r.record_type, r.status,
       CASE r.record_type
           WHEN 'quote'   THEN 'Quote ' || r.number || ': ' || r.service || coalesce(' — ' || split_part(ct.full_name, ' ', 2), '')
           WHEN 'job'     THEN 'Job ' || r.number || ': ' || r.service || coalesce(' in ' || (ct.metadata ->> 'suburb'), '')
           WHEN 'invoice' THEN 'Invoice ' || r.number || coalesce(' — ' || ct.full_name, '')
           WHEN 'booking' THEN 'Booking: ' || r.service || coalesce(' for ' || ct.full_name, '')
           WHEN 'note'    THEN (ARRAY['Call note: asked about ', 'Site visit note: ', 'Customer feedback on ',
                                      'Phone call: follow-up on '])[1 + floor(r.u_t1 * 4)::int] || lower(r.service)
           ELSE 'Follow up with ' || coalesce(split_part(ct.full_name, ' ', 1), 'customer') || ' about ' || lower(r.service) END,
       CASE WHEN r.money THEN round(li.subtotal * (1 + r.tax_rate), 2) END,
       r.currency,
       CASE WHEN r.money THEN jsonb_strip_nulls(jsonb_build_object(
                'number', r.number, 'line_items', li.items, 'subtotal', li.subtotal, 'tax_rate', r.tax_rate,
                'tax', round(li.subtotal * (1 + r.tax_rate), 2) - li.subtotal,
                'payment_terms', CASE WHEN r.record_type = 'invoice' THEN '20th of the month following' END,
                'valid_days', CASE WHEN r.record_type = 'quote' THEN 30 END))
            WHEN r.record_type = 'note' THEN jsonb_build_object(
                'body', coalesce(ct.full_name, 'Customer') || ' called about ' || lower(r.service) || '. '
                        || (ARRAY['Prefers mornings. Mobile ' || coalesce(pg_temp.demo_phone_local(ct.mobile), 'not given') || '.',
                                  'Happy with the last visit; wants the same team.',
                                  'Asked us to email the details to ' || coalesce(ct.email, 'their usual address') || '.',
                                  'Budget is tight — send the cheaper option too.'])[1 + floor(r.u_t2 * 4)::int],
                'channel', (ARRAY['phone', 'email', 'in_person', 'sms'])[1 + floor(r.u_t1 * 4)::int])
            ELSE jsonb_build_object(
                'checklist', jsonb_build_array('Call ' || coalesce(pg_temp.demo_phone_local(ct.mobile), 'customer'),
                                               'Send the ' || lower(r.service) || ' brochure', 'Log outcome'),
                'priority', (ARRAY['low', 'normal', 'high'])[1 + floor(r.u_t2 * 3)::int])
       END,
       r.tags,
       CASE r.record_type
           WHEN 'quote'   THEN r.created_at + interval '30 days'
           WHEN 'invoice' THEN r.created_at + interval '20 days'
           WHEN 'job'     THEN r.created_at + (1 + floor(r.u_due * 20)) * interval '1 day'
           WHEN 'booking' THEN r.created_at + (1 + floor(r.u_due * 14)) * interval '1 day'
           WHEN 'task'    THEN r.created_at + (1 + floor(r.u_due * 7)) * interval '1 day' END,
       CASE WHEN r.status IN ('completed', 'cancelled') THEN r.created_at + (now() - r.created_at) * (0.1 + 0.85 * r.u_close) END,
       r.created_at,
       CASE WHEN r.status IN ('completed', 'cancelled') THEN r.created_at + (now() - r.created_at) * (0.1 + 0.85 * r.u_close)
            ELSE r.created_at + (now() - r.created_at) * 0.1 * r.u_close END
FROM (
    SELECT x.*,
           x.record_type IN ('quote', 'job', 'invoice', 'booking') AS money,
           CASE x.record_type WHEN 'quote' THEN 'Q-' WHEN 'job' THEN 'J-' WHEN 'invoice' THEN 'INV-' WHEN 'booking' THEN 'B-'
                              WHEN 'note' THEN 'N-' ELSE 'T-' END
               || (10000 + x.k * 100000 + x.rn)::text AS number,
           (ARRAY['open', 'pending', 'approved', 'completed', 'cancelled'])[
               width_bucket(x.u_st, CASE x.record_type
                   WHEN 'quote'   THEN ARRAY[0, 0.20, 0.50, 0.75, 0.85]
                   WHEN 'job'     THEN ARRAY[0, 0.20, 0.35, 0.45, 0.90]
                   WHEN 'invoice' THEN ARRAY[0, 0.10, 0.40, 0.45, 0.95]
                   WHEN 'note'    THEN ARRAY[0, 0.70, 0.70, 0.70, 1.00]
                   WHEN 'booking' THEN ARRAY[0, 0.00, 0.20, 0.50, 0.90]
                   ELSE                ARRAY[0, 0.45, 0.55, 0.55, 0.95] END::double precision[])] AS status,
           ARRAY(SELECT tg FROM unnest(ARRAY['urgent', 'residential', 'commercial', 'repeat_customer', 'warranty',
                                             'follow_up', 'vip', 'after_hours']) WITH ORDINALITY AS u(tg, n)
                 WHERE pg_temp.demo_h('rec-tag-' || x.src || '-' || x.g || '-' || u.n)
                       < CASE u.n WHEN 2 THEN 0.45 WHEN 3 THEN 0.3 WHEN 4 THEN 0.25 ELSE 0.08 END
                 ORDER BY u.n) AS tags
    FROM (
        SELECT o.*, random() AS u_st, random() AS u_wk, random() AS u_w, random() AS u_t1, random() AS u_t2,
               random() AS u_due, random() AS u_close,
               row_number() OVER (PARTITION BY o.k ORDER BY o.created_at, o.src, o.g) AS rn
        FROM (
            -- From events
            SELECT 'e' AS src, row_number() OVER (ORDER BY ev.id) AS g, t.k, t.id AS tenant_id, t.worker_n, t.currency,
                   t.services, t.prices,
                   CASE t.country WHEN 'NZ' THEN 0.15 WHEN 'AU' THEN 0.10 ELSE 0.0875 END AS tax_rate,
                   ev.contact_id, ev.id AS event_id,
                   CASE ev.event_type WHEN 'quote.requested' THEN 'quote' WHEN 'booking.created' THEN 'booking'
                                      WHEN 'call.completed' THEN 'note' ELSE 'task' END AS record_type,
                   coalesce(ev.payload ->> 'service',
                            t.services[1 + floor(pg_temp.demo_h('rec-svc-' || ev.id) * array_length(t.services, 1))::int]) AS service,
                   coalesce(ev.processed_at, ev.created_at) + (1 + floor(pg_temp.demo_h('rec-dt-' || ev.id) * 90)) * interval '1 minute' AS created_at
            FROM events ev
            JOIN demo_tenant t ON t.id = ev.tenant_id
            WHERE pg_temp.demo_h('rec-' || ev.id) < CASE ev.event_type WHEN 'quote.requested' THEN 0.45 WHEN 'booking.created' THEN 0.15
                                                                       WHEN 'call.completed' THEN 0.10 WHEN 'lead.created' THEN 0.04
                                                                       ELSE 0 END
              AND ev.created_at < now() - interval '95 minutes'
            UNION ALL
            -- Standalone
            SELECT 's', g, t.k, t.id, t.worker_n, t.currency, t.services, t.prices,
                   CASE t.country WHEN 'NZ' THEN 0.15 WHEN 'AU' THEN 0.10 ELSE 0.0875 END,
                   pg_temp.demo_contact_id(t.k, t.contact_n, t.off_days, t.off_days + 30, pg_temp.demo_h('rec-c-' || g)),
                   NULL::uuid,
                   (ARRAY['quote', 'job', 'invoice', 'note', 'booking', 'task'])[
                       width_bucket(pg_temp.demo_h('rec-type-' || g), ARRAY[0, 0.22, 0.44, 0.68, 0.80, 0.88]::double precision[])],
                   t.services[1 + floor(pg_temp.demo_h('rec-svc-' || g) * array_length(t.services, 1))::int],
                   pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, pg_temp.demo_h('rec-d-' || g),
                                   pg_temp.demo_h('rec-h-' || g), pg_temp.demo_h('rec-m-' || g))
            FROM generate_series(1, 975 * greatest(1, current_setting('opsdeck.scale')::int)) AS g
            JOIN demo_tenant t ON t.k = width_bucket(pg_temp.demo_h('rec-k-' || g),
                                                     (SELECT array_agg(x.lb ORDER BY x.k) FROM (
                                                          SELECT k, (sum(act_share) OVER (ORDER BY k) - act_share) / sum(act_share) OVER () AS lb
                                                          FROM demo_tenant) x))
            ORDER BY 1, 2
        ) o
    ) x
) r
LEFT JOIN contacts ct ON ct.id = r.contact_id
CROSS JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('description', it.description, 'quantity', it.qty, 'unit_price', it.unit_price,
                                        'total', it.qty * it.unit_price) ORDER BY it.n) AS items,
           sum(it.qty * it.unit_price) AS subtotal
    FROM (
        SELECT n,
               CASE WHEN n = 1 THEN r.service
                    ELSE (ARRAY['Labour (hours)', 'Materials', 'Call-out fee', 'Travel', 'Disposal fee', 'After-hours surcharge'])[
                             1 + floor(pg_temp.demo_h('li-d-' || r.src || r.g || '-' || n) * 6)::int] END AS description,
               CASE WHEN n = 1 THEN 1 ELSE 1 + floor(pg_temp.demo_h('li-q-' || r.src || r.g || '-' || n) * 4)::int END AS qty,
               round((CASE WHEN n = 1
                           THEN coalesce(r.prices[array_position(r.services, r.service)], 250)
                           ELSE 65 END
                      * (0.75 + 0.5 * pg_temp.demo_h('li-p-' || r.src || r.g || '-' || n)))::numeric, 2) AS unit_price
        FROM generate_series(1, CASE WHEN r.record_type IN ('quote', 'job', 'invoice', 'booking')
                                     THEN 1 + floor(pg_temp.demo_h('li-n-' || r.src || r.g) * 4)::int ELSE 0 END) AS n
    ) it
) li
ORDER BY r.created_at;
