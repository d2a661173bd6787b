-- Demo data, step 6: bookings (≈ 3 000 × scale created over the last 30 days).
-- Status follows the scheduled time: future → pending / confirmed (some cancelled); the last 3 h →
-- in_progress / completed; earlier → completed (11 % cancelled). Payment status follows the status;
-- refunded bookings refund the full amount, partially refunded ones 10-60 %. References BK-000001…
-- increase with created_at. The flagship (harbourside-hospitality) earns the most.

SELECT setseed(0.4242);

INSERT INTO bookings (id, tenant_id, contact_id, station_id, reference, service, status, amount, currency,
                      payment_status, refunded_amount, scheduled_at, completed_at, cancelled_at, notes,
                      created_at, updated_at)
SELECT md5('opsdeck-demo-booking-' || b.g)::uuid,
       b.tenant_id, b.contact_id, b.station_id,
       'BK-' || lpad(b.seq::text, greatest(6, length(b.seq::text)), '0'),
       b.service, b.status, b.amount, b.currency, b.payment_status,
       CASE b.payment_status WHEN 'refunded' THEN b.amount
                             WHEN 'partially_refunded' THEN round(b.amount * (0.1 + 0.5 * b.u_ref)::numeric, 2)
                             ELSE 0 END,
       b.scheduled_at, b.completed_at, b.cancelled_at, b.notes, b.created_at,
       greatest(b.created_at, b.completed_at, b.cancelled_at)
FROM (
    SELECT s.*,
           row_number() OVER (ORDER BY s.created_at, s.g) AS seq,
           CASE WHEN s.status = 'completed' THEN s.scheduled_at + least(s.duration, (s.end_at - s.scheduled_at) * 0.9) END AS completed_at,
           CASE WHEN s.status = 'cancelled' THEN s.created_at + (least(s.scheduled_at, s.end_at) - s.created_at) * s.u_cancel END AS cancelled_at,
           CASE s.status
               WHEN 'completed' THEN CASE WHEN s.u_pay < 0.86 THEN 'paid' WHEN s.u_pay < 0.91 THEN 'partially_refunded'
                                          WHEN s.u_pay < 0.95 THEN 'refunded' WHEN s.u_pay < 0.98 THEN 'unpaid' ELSE 'failed' END
               WHEN 'cancelled' THEN CASE WHEN s.u_pay < 0.45 THEN 'unpaid' WHEN s.u_pay < 0.85 THEN 'refunded'
                                          WHEN s.u_pay < 0.93 THEN 'partially_refunded' ELSE 'failed' END
               WHEN 'pending'   THEN CASE WHEN s.u_pay < 0.88 THEN 'unpaid' ELSE 'failed' END
               WHEN 'confirmed' THEN CASE WHEN s.u_pay < 0.55 THEN 'paid' WHEN s.u_pay < 0.96 THEN 'unpaid' ELSE 'failed' END
               ELSE CASE WHEN s.u_pay < 0.70 THEN 'paid' ELSE 'unpaid' END
           END AS payment_status
    FROM (
        SELECT q.*,
               CASE WHEN q.g <= 3 THEN 'in_progress'
                    WHEN q.off_days > 0 THEN CASE WHEN q.u_st < 0.12 THEN 'cancelled' ELSE 'completed' END
                    WHEN q.scheduled_at > now() THEN CASE WHEN q.u_st < 0.10 THEN 'cancelled' WHEN q.u_st < 0.45 THEN 'pending'
                                                          ELSE 'confirmed' END
                    WHEN q.scheduled_at > now() - interval '3 hours' THEN CASE WHEN q.u_st < 0.55 THEN 'in_progress'
                                                                               WHEN q.u_st < 0.92 THEN 'completed'
                                                                               ELSE 'cancelled' END
                    ELSE CASE WHEN q.u_st < 0.11 THEN 'cancelled' ELSE 'completed' END
               END AS status
        FROM (
            SELECT p.*,
                   CASE WHEN p.g <= 3 THEN now() - p.g * interval '35 minutes'
                        ELSE least(p.created_at + interval '1 hour' + p.u_lead * p.u_lead * interval '14 days',
                                   CASE WHEN p.off_days > 0 THEN p.end_at - interval '2 hours' ELSE 'infinity'::timestamptz END)
                   END AS scheduled_at,
                   round((p.price * (0.7 + 0.6 * p.u_amt) * 2)::numeric) / 2 AS amount,
                   CASE WHEN p.station_n > 0 AND p.u_sta < 0.8
                        THEN md5('opsdeck-demo-station-' || p.k || '-' || (1 + floor(p.u_sta / 0.8 * p.station_n))::int)::uuid END AS station_id,
                   CASE WHEN p.u_noc < 0.95
                        THEN pg_temp.demo_contact_id(p.k, p.contact_n, p.off_days,
                                                     CASE WHEN p.g <= 3 THEN 6 ELSE pg_temp.demo_age(p.u_day, p.act_span, p.off_days) END,
                                                     p.u_c) END AS contact_id,
                   CASE WHEN p.u_note < 0.15 THEN
                       (ARRAY['Allergy: peanuts and tree nuts', 'Gate code 4411 — dog in the yard', 'Wheelchair access needed',
                              'Birthday — please bring a candle', 'Customer asked for a text 30 min before arrival',
                              'Parking at the rear of the building', 'Repeat customer — 10 % loyalty discount applied',
                              'Call on arrival'])[1 + floor(p.u_note / 0.15 * 8)::int] END AS notes
            FROM (
                SELECT r.*, t.k, t.id AS tenant_id, t.currency, t.contact_n, t.off_days, t.station_n, t.act_end AS end_at, t.act_span,
                       t.services[1 + floor(r.u_svc * r.u_svc * array_length(t.services, 1))::int] AS service,
                       t.prices[1 + floor(r.u_svc * r.u_svc * array_length(t.prices, 1))::int] AS price,
                       CASE WHEN r.g <= 3 THEN now() - (2 + r.g) * interval '1 day'
                            ELSE pg_temp.demo_ts(t.act_midnight, t.diurnal_lb, t.act_span, t.act_end, r.u_day, r.u_h, r.u_m)
                       END AS created_at,
                       (interval '1 hour' + r.u_dur * interval '3 hours') AS duration
                FROM (
                    SELECT g, random() AS u_t, random() AS u_day, random() AS u_h, random() AS u_m, random() AS u_lead,
                           random() AS u_svc, random() AS u_amt, random() AS u_st, random() AS u_pay, random() AS u_ref,
                           random() AS u_cancel, random() AS u_dur, random() AS u_sta, random() AS u_noc, random() AS u_c,
                           random() AS u_note
                    FROM generate_series(1, 3000 * greatest(1, current_setting('opsdeck.scale')::int)) AS g
                ) r
                JOIN demo_tenant t ON t.k = CASE WHEN r.g <= 3 THEN r.g
                                                 ELSE width_bucket(r.u_t, (SELECT array_agg(x.lb ORDER BY x.k) FROM (
                                                          SELECT k, (sum(act_share) OVER (ORDER BY k) - act_share) / sum(act_share) OVER () AS lb
                                                          FROM demo_tenant) x)) END
            ) p
        ) q
    ) s
) b
ORDER BY b.seq;
