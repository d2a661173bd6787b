-- The outbound queue as staff read it (Operations → Outbound). Destinations are end users' email
-- addresses and mobile numbers, payloads quote names, numbers and addresses, and delivery errors
-- repeat them ("550 j.smith@example.com: mailbox unavailable"). Like the tables of 0009, staff
-- read these columns only masked, through views in schema `pii`:
--
--   pii.outbound_queue_v     outbound.view + contacts.view (the contact's name scrubs the payload)
--   pii.outbound_attempts_v  outbound.view
--
--   destination_email  j***@example.com              (pii.mask_email)
--   destination_phone  +64****0142                   (pii.mask_mobile)
--   destination_url    no user:password@, no query  (pii.mask_url below: webhook URLs carry tokens)
--   payload, error     emails and numbers replaced   (pii.scrub_pii, with the contact's name)
--
-- The engines need the raw values: outbound_claim() (0011) is a definer function and returns them
-- to holders of engines.run, so nothing here changes delivery. Staff-facing writes go through
-- outbound_retry_now() / outbound_cancel(), which need no PII column either.

-- https://user:pass@hooks.example/in?token=abc -> https://hooks.example/in?…
CREATE FUNCTION pii.mask_url(u text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN u IS NULL THEN NULL
        ELSE regexp_replace(regexp_replace(btrim(u), '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@', '\1'),
                            '([?#]).*$', '\1…')
    END
$$;

-- Keyset pages of the queue, newest first, over every tenant.
CREATE INDEX outbound_queue_created_idx ON outbound_queue (created_at DESC, id DESC);

DO $$
DECLARE
    r text := opsdeck_role_prefix() || 'pii';
    t text;
BEGIN
    EXECUTE format('GRANT CREATE ON SCHEMA pii TO %I', r); -- a view's new owner needs it; revoked below
    FOREACH t IN ARRAY ARRAY['outbound_queue', 'outbound_attempts'] LOOP
        EXECUTE format('GRANT SELECT ON %I TO %I', t, r);
        -- Row filtering stays in RLS: the read policy now also governs reads through the views.
        EXECUTE format('ALTER POLICY %I ON %I TO %I, %I', t || '_read', t, staff_group_role(), r);
    END LOOP;
END $$;

CREATE VIEW pii.outbound_queue_v AS
SELECT q.id, q.tenant_id, q.connection_id, q.record_id, q.contact_id, q.delivery_type,
       pii.mask_url(q.destination_url) AS destination_url,
       pii.mask_email(q.destination_email) AS destination_email,
       pii.mask_mobile(q.destination_phone) AS destination_phone,
       CASE q.delivery_type
           WHEN 'email' THEN pii.mask_email(q.destination_email)
           WHEN 'sms' THEN pii.mask_mobile(q.destination_phone)
           ELSE pii.mask_url(q.destination_url)
       END AS destination,
       pii.scrub_pii(q.payload::text, c.full_name) AS payload,
       q.status, q.attempt_count, q.max_attempts, q.last_attempted_at, q.next_attempt_at, q.delivered_at,
       q.locked_by, q.lease_until, q.last_status_code,
       pii.scrub_pii(q.error, c.full_name) AS error,
       q.created_by_agent, q.idempotency_key, q.created_at, q.updated_at
FROM outbound_queue q
LEFT JOIN contacts c ON c.id = q.contact_id;

CREATE VIEW pii.outbound_attempts_v AS
SELECT a.id, a.item_id, a.attempt, a.engine_id, a.started_at, a.finished_at, a.status_code, a.latency_ms,
       a.outcome, pii.scrub_pii(a.error) AS error
FROM outbound_attempts a;

-- Staff read the PII columns only through the views (column grants of everything else, as 0009).
DO $$
DECLARE
    g    name := staff_group_role();
    r    text := opsdeck_role_prefix() || 'pii';
    spec text[];
    cols text;
    v    text;
BEGIN
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ['outbound_queue',    '{destination_url,destination_email,destination_phone,payload,error}'],
        ['outbound_attempts', '{error}']]
    LOOP
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a
        WHERE a.attrelid = spec[1]::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attname <> ALL (spec[2]::text[]);
        EXECUTE format('REVOKE SELECT ON %I FROM %I', spec[1], g);
        EXECUTE format('GRANT SELECT (%s) ON %I TO %I', cols, spec[1], g);
    END LOOP;
    FOREACH v IN ARRAY ARRAY['outbound_queue_v', 'outbound_attempts_v'] LOOP
        EXECUTE format('ALTER VIEW pii.%I OWNER TO %I', v, r);
        EXECUTE format('GRANT SELECT ON pii.%I TO %I', v, g);
    END LOOP;
    EXECUTE format('REVOKE CREATE ON SCHEMA pii FROM %I', r);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION pii.mask_url(text) FROM PUBLIC');
    EXECUTE format('GRANT EXECUTE ON FUNCTION pii.mask_url(text) TO %I', g);
END $$;
