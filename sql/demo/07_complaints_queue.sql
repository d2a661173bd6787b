-- Demo data, step 7: complaints and refunds (≈ 300 × scale) and the priority queue.
--
-- Complaints are raised about completed or cancelled bookings. Every priority × status pair is
-- present. sla_due_at = created_at + 2 h (complaint) or 4 h (refund), the ops_config sla.* defaults.
-- About a quarter are still open (open / in_progress / escalated), created at ages that put them
-- on track (age < expected − 1 h), at risk (expected − 1 h < age < expected) or breached
-- (age > expected) at seeding time. Mia Chen carries the most open items (high_workload alert).
--
-- priority_queue: one item per open complaint / refund, plus inquiries (≈ 60 × scale) and booking
-- issues (failed payments of upcoming bookings). Scores are 0-100:
--   priority_score = round(40·intent_confidence + 30·sentiment_urgency + 20·time_decay
--                          + 10·user_history_factor, 2),  time_decay = least(1, age_hours / 24)
-- with the age taken at seeding time.

SELECT setseed(0.4242);

INSERT INTO complaints (id, tenant_id, booking_id, contact_id, kind, subject, description, priority, status, assigned_to,
                        sla_due_at, first_response_at, escalated_at, resolved_at, resolution, created_at, updated_at)
SELECT md5('opsdeck-demo-complaint-' || c.g)::uuid,
       c.tenant_id,
       CASE WHEN c.u_nobk >= 0.2 THEN c.booking_id END,
       c.contact_id,
       c.kind,
       replace(replace(CASE WHEN c.kind = 'complaint'
           THEN (ARRAY['Service not as described — {ref}', 'Staff member was rude during {svc}', 'Team arrived over an hour late',
                       'Charged twice for {ref}', 'Quality issue after {svc}', 'No-show: nobody turned up for {ref}',
                       'Booking confirmation never arrived', 'Damage reported after {svc}'])[1 + floor(c.u_subj * 8)::int]
           ELSE (ARRAY['Refund request for {ref}', 'Cancelled {svc} — deposit refund', 'Partial refund: {svc} was cut short',
                       'Refund not received yet for {ref}'])[1 + floor(c.u_subj * 4)::int] END,
           '{ref}', c.reference), '{svc}', lower(c.service)),
       'Customer ' || coalesce(ct.full_name, 'unknown') || ' ('
           || coalesce(pg_temp.demo_phone_local(ct.mobile), 'no mobile') || ', ' || coalesce(ct.email, 'no email') || ') wrote: '
           || CASE WHEN c.kind = 'complaint'
                   THEN (ARRAY['"Really disappointed with how this went. I expect someone to call me back today."',
                               '"This is the second time this has happened. Please sort it out."',
                               '"Not happy at all — I paid ' || c.currency || ' ' || c.amount || ' for this."',
                               '"Can a manager please get in touch?"'])[1 + floor(c.u_desc * 4)::int]
                   ELSE (ARRAY['"I cancelled within the policy window and would like my ' || c.currency || ' ' || c.amount || ' back."',
                               '"Still waiting on the refund you promised last week."',
                               '"Please refund to the original card."'])[1 + floor(c.u_desc * 3)::int] END,
       c.priority, c.status, c.assigned_to,
       c.created_at + c.expected,
       c.first_response_at, c.escalated_at, c.resolved_at,
       CASE WHEN c.status IN ('resolved', 'closed') THEN
           (ARRAY['Apologised and issued a 20 % credit on the next booking.',
                  'Refund processed via Stripe; customer notified by email.',
                  'Rebooked at no charge; customer happy with the new time.',
                  'Explained the cancellation policy; customer accepted.',
                  'Manager called the customer; goodwill voucher sent.',
                  'Duplicate charge reversed.'])[1 + floor(c.u_res * 6)::int] END,
       c.created_at,
       greatest(c.created_at, c.first_response_at, c.escalated_at, c.resolved_at)
FROM (
    SELECT z.*,
           CASE WHEN z.status IN ('in_progress', 'escalated', 'resolved', 'closed')
                THEN z.created_at + least(z.response, (least(now(), z.created_at + interval '3 days') - z.created_at) * 0.7) END
               AS first_response_at,
           CASE WHEN z.status = 'escalated' OR (z.status IN ('resolved', 'closed') AND z.u_esc < 0.15)
                THEN z.created_at + least(z.response, (now() - z.created_at) * 0.7)
                     + (least(now(), z.created_at + z.response + z.resolve_in) - (z.created_at + least(z.response, (now() - z.created_at) * 0.7))) * 0.4 END
               AS escalated_at,
           CASE WHEN z.status IN ('resolved', 'closed')
                THEN least(z.created_at + z.response + z.resolve_in, now() - interval '10 minutes') END AS resolved_at
    FROM (
        SELECT y.*,
               CASE WHEN y.kind = 'refund' THEN interval '4 hours' ELSE interval '2 hours' END AS expected,
               CASE WHEN y.status IN ('open', 'in_progress', 'escalated')
                    THEN now() - CASE y.sla
                                     WHEN 'on_track' THEN (CASE WHEN y.kind = 'refund' THEN 180 ELSE 60 END) * (0.05 + 0.9 * y.u_age2) * interval '1 minute'
                                     WHEN 'at_risk'  THEN (CASE WHEN y.kind = 'refund' THEN 180 ELSE 60 END + 60 * (0.05 + 0.9 * y.u_age2)) * interval '1 minute'
                                     ELSE (CASE WHEN y.kind = 'refund' THEN 4 ELSE 2 END + 0.2 + 70 * y.u_age2 * y.u_age2) * interval '1 hour' END
                    ELSE least(y.ref_at + interval '2 hours' + y.u_age2 * interval '5 days', now() - interval '8 hours') END AS created_at,
               (5 + 300 * y.u_resp * y.u_resp * y.u_resp) * interval '1 minute' AS response,
               (30 + 2400 * y.u_resolve * y.u_resolve) * interval '1 minute' AS resolve_in,
               CASE WHEN y.status = 'open' AND y.u_asg < 0.6 THEN NULL
                    ELSE md5('opsdeck-demo-staff-' || (ARRAY['mia.chen', 'mia.chen', 'leo.martins', 'tom.becker', 'mia.chen',
                                                             'priya.raman', 'leo.martins', 'tom.becker'])[1 + floor(y.u_who * 8)::int])::uuid
               END AS assigned_to
        FROM (
            SELECT x.*,
                   CASE WHEN x.ga BETWEEN 21 AND 26 THEN CASE WHEN x.ga <= 23 THEN 'complaint' ELSE 'refund' END
                        WHEN x.u_kind < 0.3 THEN 'refund' ELSE 'complaint' END AS kind,
                   CASE WHEN x.ga <= 20 THEN (ARRAY['low', 'medium', 'high', 'critical'])[1 + (x.ga - 1) % 4]
                        WHEN x.u_prio < 0.25 THEN 'low' WHEN x.u_prio < 0.65 THEN 'medium' WHEN x.u_prio < 0.90 THEN 'high'
                        ELSE 'critical' END AS priority,
                   CASE WHEN x.ga <= 20 THEN (ARRAY['open', 'in_progress', 'escalated', 'resolved', 'closed'])[1 + (x.ga - 1) / 4]
                        WHEN x.ga <= 26 THEN 'open'
                        WHEN x.off_days > 0 OR x.u_open >= 0.20 THEN CASE WHEN x.u_st < 0.55 THEN 'resolved' ELSE 'closed' END
                        WHEN x.u_st < 0.45 THEN 'open' WHEN x.u_st < 0.80 THEN 'in_progress' ELSE 'escalated' END AS status,
                   CASE WHEN x.ga BETWEEN 21 AND 26 THEN (ARRAY['on_track', 'at_risk', 'breached'])[1 + (x.ga - 21) % 3]
                        WHEN x.u_age < 0.35 THEN 'on_track' WHEN x.u_age < 0.60 THEN 'at_risk' ELSE 'breached' END AS sla
            FROM (
                SELECT o.*, random() AS u_kind, random() AS u_prio, random() AS u_open, random() AS u_st, random() AS u_age,
                       random() AS u_age2, random() AS u_resp, random() AS u_resolve, random() AS u_esc, random() AS u_asg,
                       random() AS u_who, random() AS u_nobk, random() AS u_subj, random() AS u_desc, random() AS u_res
                FROM (
                    SELECT b.id AS booking_id, b.tenant_id, b.contact_id, b.reference, b.service, b.amount, b.currency,
                           coalesce(b.completed_at, b.cancelled_at) AS ref_at, t.k, t.off_days,
                           row_number() OVER (ORDER BY b.id) AS g,
                           CASE WHEN t.off_days = 0 THEN row_number() OVER (PARTITION BY t.off_days = 0 ORDER BY b.id) END AS ga
                    FROM bookings b
                    JOIN demo_tenant t ON t.id = b.tenant_id
                    WHERE b.status IN ('completed', 'cancelled')
                      AND coalesce(b.completed_at, b.cancelled_at) < now() - interval '3 days'
                    ORDER BY b.id
                    LIMIT 300 * greatest(1, current_setting('opsdeck.scale')::int)
                ) o
            ) x
        ) y
    ) z
) c
LEFT JOIN contacts ct ON ct.id = c.contact_id
ORDER BY c.created_at;

-- Priority queue: open complaints and refunds ------------------------------------------------------
INSERT INTO priority_queue (id, tenant_id, item_type, complaint_id, booking_id, contact_id, intent, intent_confidence,
                            sentiment, sentiment_urgency, user_history_factor, priority_score, sla_expected_hours,
                            user_name, user_mobile, user_email, message_snippet, status, assigned_to, reviewed_by,
                            reviewed_at, created_at, updated_at)
SELECT md5('opsdeck-demo-pq-complaint-' || q.complaint_id)::uuid,
       q.tenant_id, q.kind, q.complaint_id, q.booking_id, q.contact_id, q.intent, q.ic, q.sentiment, q.su, q.uh,
       round(40 * q.ic + 30 * q.su + 20 * least(1, extract(epoch FROM now() - q.created_at) / 86400.0) + 10 * q.uh, 2),
       CASE WHEN q.kind = 'refund' THEN 4 ELSE 2 END,
       q.full_name, q.mobile, q.email,
       CASE WHEN q.kind = 'refund' THEN
           (ARRAY['Hi, this is ' || q.first_name || '. I cancelled ' || coalesce(q.reference, 'my booking') || ' and still haven''t had my refund. Call me on ' || coalesce(q.local_phone, 'my mobile') || ' please.',
                  q.first_name || ' here — can you refund the deposit to my card? Email me at ' || coalesce(q.email, 'my usual address') || '.',
                  'Refund please for ' || coalesce(q.reference, 'my booking') || '. Reach me on ' || coalesce(q.intl_phone, q.email, 'this thread') || '.'])[1 + floor(q.u_msg * 3)::int]
       ELSE
           (ARRAY['Hi, this is ' || q.first_name || ' — I was charged twice for ' || coalesce(q.reference, 'my booking') || '. Please call me on ' || coalesce(q.local_phone, 'my mobile') || ' or email ' || coalesce(q.email, 'me') || '.',
                  'Really unhappy with the service today. ' || q.full_name || ', ' || coalesce(q.intl_phone, 'no phone') || '.',
                  'Nobody showed up and nobody called. My number is ' || coalesce(q.local_phone, 'on file') || '.',
                  q.first_name || ' here. Can a manager contact me at ' || coalesce(q.email, q.local_phone, 'my address on file') || ' today?'])[1 + floor(q.u_msg * 4)::int]
       END,
       CASE WHEN q.status = 'open' THEN 'pending' ELSE 'in_review' END,
       q.assigned_to, NULL, NULL, q.created_at, greatest(q.created_at, q.first_response_at)
FROM (
    SELECT x.*,
           CASE WHEN x.kind = 'refund' THEN (ARRAY['refund.request', 'refund.status_check'])[1 + floor(x.u_int * 2)::int]
                ELSE (ARRAY['complaint.service_quality', 'complaint.staff_behaviour', 'complaint.no_show',
                            'billing.double_charge'])[1 + floor(x.u_int * 4)::int] END AS intent,
           round((0.55 + 0.44 * x.u_ic)::numeric, 3) AS ic,
           CASE WHEN x.u_sent < 0.75 OR x.priority = 'critical' THEN 'negative' ELSE 'neutral' END AS sentiment,
           round(least(1, CASE WHEN x.u_sent < 0.75 OR x.priority = 'critical' THEN 0.6 + 0.4 * x.u_su ELSE 0.3 + 0.3 * x.u_su END
                          + CASE x.priority WHEN 'critical' THEN 0.15 WHEN 'high' THEN 0.05 ELSE 0 END)::numeric, 3) AS su,
           round((x.u_uh * x.u_uh)::numeric, 3) AS uh,
           split_part(x.full_name, ' ', 1) AS first_name,
           pg_temp.demo_phone_local(x.mobile) AS local_phone,
           pg_temp.demo_phone_intl(x.mobile) AS intl_phone
    FROM (
        SELECT o.*, random() AS u_int, random() AS u_ic, random() AS u_sent, random() AS u_su, random() AS u_uh, random() AS u_msg
        FROM (
            SELECT cp.id AS complaint_id, cp.tenant_id, cp.kind, cp.booking_id, cp.contact_id, cp.priority, cp.status,
                   cp.assigned_to, cp.created_at, cp.first_response_at, b.reference,
                   ct.full_name, ct.mobile, ct.email
            FROM complaints cp
            LEFT JOIN bookings b ON b.id = cp.booking_id
            LEFT JOIN contacts ct ON ct.id = cp.contact_id
            WHERE cp.status IN ('open', 'in_progress', 'escalated')
            ORDER BY cp.id
        ) o
    ) x
) q
ORDER BY q.created_at;

-- Priority queue: inquiries (last 48 h) and booking issues (failed payments of upcoming bookings) -----
INSERT INTO priority_queue (id, tenant_id, item_type, complaint_id, booking_id, contact_id, intent, intent_confidence,
                            sentiment, sentiment_urgency, user_history_factor, priority_score, sla_expected_hours,
                            user_name, user_mobile, user_email, message_snippet, status, assigned_to, reviewed_by,
                            reviewed_at, created_at, updated_at)
SELECT md5('opsdeck-demo-pq-' || q.src || '-' || q.g)::uuid,
       q.tenant_id, q.item_type, NULL, q.booking_id, q.contact_id, q.intent, q.ic, q.sentiment, q.su, q.uh,
       round(40 * q.ic + 30 * q.su + 20 * least(1, extract(epoch FROM now() - q.created_at) / 86400.0) + 10 * q.uh, 2),
       CASE WHEN q.item_type = 'inquiry' THEN 8 ELSE 4 END,
       ct.full_name, ct.mobile, ct.email,
       CASE WHEN q.item_type = 'booking_issue' THEN
           'Card payment for ' || q.reference || ' (' || q.service || ') was declined. Customer ' || coalesce(ct.full_name, 'unknown')
           || ' can be reached on ' || coalesce(pg_temp.demo_phone_local(ct.mobile), ct.email, 'no contact details') || '.'
       ELSE
           (ARRAY['Do you have anything free this Saturday for ' || lower(q.service) || '? Text me on ' || coalesce(pg_temp.demo_phone_local(ct.mobile), 'my mobile') || '.',
                  'How much would ' || lower(q.service) || ' cost? My email is ' || coalesce(ct.email, 'on the form') || '.',
                  'Need to move my booking to next week — ' || split_part(coalesce(ct.full_name, 'Customer'), ' ', 1) || ', ' || coalesce(pg_temp.demo_phone_intl(ct.mobile), 'no phone') || '.',
                  'What are your hours over the long weekend?'])[1 + floor(q.u_msg * 4)::int]
       END,
       q.status,
       CASE WHEN q.status <> 'pending' THEN q.staff END,
       CASE WHEN q.status IN ('resolved', 'dismissed') THEN q.staff END,
       CASE WHEN q.status IN ('resolved', 'dismissed') THEN q.created_at + (now() - q.created_at) * 0.5 END,
       q.created_at,
       CASE WHEN q.status IN ('resolved', 'dismissed') THEN q.created_at + (now() - q.created_at) * 0.5 ELSE q.created_at END
FROM (
    SELECT x.*,
           CASE WHEN x.item_type = 'booking_issue' THEN 'booking.payment_failed'
                ELSE (ARRAY['inquiry.availability', 'inquiry.pricing', 'booking.reschedule', 'inquiry.opening_hours'])[1 + floor(x.u_msg * 4)::int] END AS intent,
           round((0.6 + 0.39 * x.u_ic)::numeric, 3) AS ic,
           CASE WHEN x.item_type = 'booking_issue' THEN 'neutral' WHEN x.u_sent < 0.7 THEN 'neutral' ELSE 'positive' END AS sentiment,
           round(CASE WHEN x.item_type = 'booking_issue' THEN 0.45 + 0.3 * x.u_su ELSE 0.05 + 0.35 * x.u_su END::numeric, 3) AS su,
           round((x.u_uh * x.u_uh * 0.6)::numeric, 3) AS uh,
           CASE WHEN x.item_type = 'booking_issue' THEN CASE WHEN x.u_st < 0.7 THEN 'pending' ELSE 'in_review' END
                WHEN x.u_st < 0.50 THEN 'pending' WHEN x.u_st < 0.65 THEN 'in_review'
                WHEN x.u_st < 0.90 THEN 'resolved' ELSE 'dismissed' END AS status,
           md5('opsdeck-demo-staff-' || (ARRAY['mia.chen', 'tom.becker', 'leo.martins', 'tom.becker'])[1 + floor(x.u_who * 4)::int])::uuid AS staff
    FROM (
        SELECT o.*, random() AS u_ic, random() AS u_sent, random() AS u_su, random() AS u_uh, random() AS u_msg,
               random() AS u_st, random() AS u_who
        FROM (
            SELECT 'inquiry' AS src, g, 'inquiry' AS item_type, t.id AS tenant_id, NULL::uuid AS booking_id,
                   pg_temp.demo_contact_id(t.k, t.contact_n, 0, 2, pg_temp.demo_h('pq-inq-c-' || g)) AS contact_id,
                   t.services[1 + floor(pg_temp.demo_h('pq-inq-s-' || g) * array_length(t.services, 1))::int] AS service,
                   NULL::text AS reference,
                   now() - pg_temp.demo_h('pq-inq-t-' || g) * interval '48 hours' AS created_at
            FROM generate_series(1, 60 * greatest(1, current_setting('opsdeck.scale')::int)) AS g
            JOIN demo_tenant t ON t.k = 1 + floor(pg_temp.demo_h('pq-inq-k-' || g) * 7)::int
            UNION ALL
            SELECT 'booking', row_number() OVER (ORDER BY b.id), 'booking_issue', b.tenant_id, b.id, b.contact_id,
                   b.service, b.reference, b.created_at + interval '2 minutes'
            FROM bookings b
            WHERE b.payment_status = 'failed' AND b.status IN ('pending', 'confirmed')
            ORDER BY 1, 2
        ) o
    ) x
) q
LEFT JOIN contacts ct ON ct.id = q.contact_id
ORDER BY q.created_at;
