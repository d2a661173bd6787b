-- Demo data, step 3: api_metrics — 30 days of request telemetry of the tenants' product.
-- Volume: ≥ 100 000 × opsdeck.scale rows (103 049 at scale 1, 10 002 830 at scale 100), in one
-- INSERT … SELECT.
--
-- Shape: the 720 hours before now() are buckets; each tenant gets ceil(N_t × w(local hour) / Σw)
-- requests per bucket (Σw over the tenant's buckets), spread evenly inside it, so the diurnal curve
-- follows the tenant's time zone and the total is always ≥ 100 000 × scale, whenever the demo is
-- seeded. Rows come out in time order (hour by hour), which suits the BRIN index on created_at.
-- Latency is log-normal per endpoint (median × e^(σ·z)) with a 1.2 % long tail of 3-23×; 504s take
-- 30 s. 5xx rate: 0.15-0.3 % per tenant, plus 2.5 % 4xx; the high_error_rate tenant (copper-kettle)
-- runs at 10 % 5xx for the last 36 h; every tenant shares a one-hour incident about 8.8 days ago.
-- The inactive tenant (redwood-fitness) has traffic until it was deactivated, then only rejected
-- logins (403).

SELECT setseed(0.4242);

WITH ep(i, path, method, weight, median_ms, sigma, ok_code) AS (VALUES   -- float8 throughout: numeric math is slow
    (1,  '/health',                      'GET',    6.0::float8, 3::float8, 0.35::float8, 200),
    (2,  '/api/v1/dashboard/overview',   'GET',    9.0,   85, 0.50, 200),
    (3,  '/analytics/overview',          'GET',    5.0,  320, 0.45, 200),
    (4,  '/analytics/menu-engineering',  'GET',    3.0,  450, 0.45, 200),
    (5,  '/analytics/sales-trend',       'GET',    4.0,  210, 0.50, 200),
    (6,  '/api/v1/bookings',             'GET',   11.0,   48, 0.55, 200),
    (7,  '/api/v1/bookings',             'POST',   5.0,  120, 0.50, 201),
    (8,  '/api/v1/bookings/{id}',        'GET',    7.0,   28, 0.50, 200),
    (9,  '/api/v1/bookings/{id}',        'PATCH',  2.5,   75, 0.50, 200),
    (10, '/api/v1/bookings/{id}',        'DELETE', 0.6,   55, 0.50, 204),
    (11, '/api/v1/contacts',             'GET',    6.0,   52, 0.55, 200),
    (12, '/api/v1/contacts',             'POST',   2.0,   88, 0.50, 201),
    (13, '/api/v1/contacts/{id}',        'PUT',    1.2,   70, 0.50, 200),
    (14, '/api/v1/menu/items',           'GET',    7.0,   34, 0.50, 200),
    (15, '/api/v1/availability',         'GET',    9.0,   62, 0.60, 200),
    (16, '/auth/login',                  'POST',   3.0,  165, 0.30, 200),
    (17, '/auth/refresh',                'POST',   5.0,   22, 0.40, 200),
    (18, '/webhooks/stripe',             'POST',   1.5,  140, 0.60, 200),
    (19, '/api/v1/sync/import',          'POST',   0.5, 2400, 0.60, 202),
    (20, '/api/v1/reports/export',       'GET',    0.7, 1500, 0.70, 200),
    (21, '/api/v1/notifications',        'GET',    8.0,   18, 0.45, 200)
),
cum AS (   -- lower bound of each endpoint's slice of [0, 1), for width_bucket
    SELECT array_agg(c ORDER BY i) AS lower_bounds
    FROM (SELECT i, (sum(weight) OVER (ORDER BY i) - weight) / sum(weight) OVER () AS c FROM ep) x
)
INSERT INTO api_metrics (tenant_id, endpoint, method, response_time_ms, status_code, created_at)
SELECT c.tenant_id,
       CASE WHEN c.suspended THEN '/auth/login' ELSE c.path END,
       CASE WHEN c.suspended THEN 'POST' ELSE c.method END,
       CASE WHEN c.suspended THEN 25 + floor(c.u_a * 40)::int
            WHEN c.code = 504 THEN 30000 + floor(c.u_a * 90)::int
            WHEN c.code IN (502, 503) THEN 2 + floor(c.u_a * 45)::int
            WHEN c.code BETWEEN 400 AND 499 THEN greatest(1, least(60000, round(c.lat * 0.4)))::int
            ELSE greatest(1, least(60000, round(c.lat)))::int END,
       CASE WHEN c.suspended THEN 403 ELSE c.code END,
       c.ts
FROM (
    SELECT r.tenant_id, r.suspended, r.u_a, r.ts, e.path, e.method,
           e.median_ms * r.lat_mult
               * exp(e.sigma * sqrt(-2 * ln(1 - r.u_a)) * cos(2 * pi() * r.u_b))
               * CASE WHEN r.u_tail < 0.012 THEN 3 + r.u_tail / 0.012 * 20 ELSE 1 END AS lat,
           CASE WHEN r.u_s < r.p5 THEN
                    CASE WHEN r.u_s2 < 0.20 THEN 504 WHEN r.u_s2 < 0.35 THEN 502 WHEN r.u_s2 < 0.45 THEN 503 ELSE 500 END
                WHEN r.u_s < r.p5 + 0.025 AND e.i <> 1 THEN
                    (ARRAY[400, 401, 403, 404, 404, 409, 422, 422, 429, 401])[1 + floor(r.u_s2 * 10)::int]
                ELSE e.ok_code END AS code
    FROM (
        SELECT b.*, i,
               b.hstart + ((i - 1) + random()) / b.cnt * interval '1 hour' AS ts,
               random() AS u_ep, random() AS u_a, random() AS u_b, random() AS u_tail,
               random() AS u_s, random() AS u_s2
        FROM (
            -- each tenant's requests spread over its buckets in proportion to the diurnal weight
            -- of the bucket's local hour; ceil() keeps the total at or above 100 000 × scale
            SELECT w.*,
                   CASE WHEN w.suspended THEN (w.h % 7 = 3)::int
                        ELSE ceil(w.n_rows * w.wt / sum(w.wt) OVER (PARTITION BY w.k))::int END AS cnt
            FROM (
                SELECT h, t.k, t.tenant_id, t.hstart, t.suspended, t.p5, t.lat_mult, t.n_rows,
                       CASE WHEN t.suspended THEN 0
                            ELSE t.diurnal[1 + extract(hour FROM t.hstart AT TIME ZONE t.tz)::int] END AS wt
                FROM generate_series(719, 0, -1) AS h
                CROSS JOIN LATERAL (
                    SELECT d.k, d.id AS tenant_id, d.tz, d.off_days, d.diurnal,
                           now() - (h + 1) * interval '1 hour' AS hstart,
                           d.off_days > 0 AND h < d.off_days * 24 AS suspended,
                           100000 * greatest(1, current_setting('opsdeck.scale')::int) * d.api_share AS n_rows,
                           CASE WHEN d.profile = 'high_error_rate' AND h < 36 THEN 0.10
                                WHEN h = 211 THEN 0.06
                                WHEN d.profile = 'high_error_rate' THEN d.err_base * 1.5
                                ELSE d.err_base END AS p5,
                           CASE WHEN h = 211 THEN 4.0
                                WHEN d.profile = 'high_error_rate' AND h < 36 THEN 1.6
                                ELSE 1.0 END::double precision AS lat_mult
                    FROM demo_tenant d
                ) t
            ) w
            ORDER BY w.h DESC, w.k
        ) b
        CROSS JOIN LATERAL generate_series(1, b.cnt) AS i
    ) r
    JOIN ep e ON e.i = width_bucket(r.u_ep, (SELECT lower_bounds FROM cum))
) c;
