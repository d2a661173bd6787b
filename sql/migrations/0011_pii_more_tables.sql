-- More tables whose columns hold personal data, treated like those of 0009: staff read them only
-- through masking views in schema pii (row filtering stays in RLS), and their audit rows are masked.
--   login_events  user_email, ip_address            (the tenants' end users signing in)
--   workers       full_name, email                  (the tenants' staff)
--   events        payload                           (inbound events: forms, calls, messages)
--   records       title, payload                    (quotes, jobs, invoices naming customers)
-- outbound_queue destinations and payloads are left to the delivery engine's issue: the engine
-- needs them unmasked, and which login it runs under is decided there.

DO $$
DECLARE
    r text := opsdeck_role_prefix() || 'pii';
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['login_events', 'workers', 'events', 'records'] LOOP
        EXECUTE format('GRANT SELECT ON %I TO %I', t, r);
        EXECUTE format('ALTER POLICY %I ON %I TO %I, %I', t || '_read', t, staff_group_role(), r);
    END LOOP;
    EXECUTE format('GRANT CREATE ON SCHEMA pii TO %I', r);
END $$;

CREATE VIEW pii.login_events_v AS
SELECT e.id, e.tenant_id, pii.mask_email(e.user_email) AS user_email, e.success, e.failure_reason,
       pii.mask_ip(e.ip_address) AS ip_address, e.user_agent, e.session_seconds, e.created_at
FROM login_events e;

CREATE VIEW pii.workers_v AS
SELECT w.id, w.tenant_id, pii.mask_name(w.full_name) AS full_name, pii.mask_email(w.email) AS email, w.role,
       w.is_active, w.metadata, w.created_at, w.updated_at
FROM workers w;

-- Payloads come back as scrubbed text: scrubbing can turn a JSON number into a placeholder.
CREATE VIEW pii.events_v AS
SELECT e.id, e.tenant_id, e.contact_id, e.event_type, e.source,
       pii.scrub_pii(e.payload::text, c.full_name) AS payload, e.processed_at, e.created_at
FROM events e
LEFT JOIN contacts c ON c.id = e.contact_id;

CREATE VIEW pii.records_v AS
SELECT r.id, r.tenant_id, r.worker_id, r.contact_id, r.source_event_id, r.record_type, r.status,
       pii.scrub_pii(r.title, c.full_name) AS title, r.amount, r.currency,
       pii.scrub_pii(r.payload::text, c.full_name) AS payload, r.tags, r.due_at, r.closed_at, r.created_at,
       r.updated_at, pii.mask_name(c.full_name) AS contact_name
FROM records r
LEFT JOIN contacts c ON c.id = r.contact_id;

DO $$
DECLARE
    g    name := staff_group_role();
    r    text := opsdeck_role_prefix() || 'pii';
    spec text[];
    cols text;
    v    text;
BEGIN
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ['login_events', '{user_email,ip_address}'],
        ['workers',      '{full_name,email}'],
        ['events',       '{payload}'],
        ['records',      '{title,payload}']]
    LOOP
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a
        WHERE a.attrelid = spec[1]::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attname <> ALL (spec[2]::text[]);
        EXECUTE format('REVOKE SELECT ON %I FROM %I', spec[1], g);
        EXECUTE format('GRANT SELECT (%s) ON %I TO %I', cols, spec[1], g);
    END LOOP;
    FOREACH v IN ARRAY ARRAY['login_events_v', 'workers_v', 'events_v', 'records_v'] LOOP
        EXECUTE format('ALTER VIEW pii.%I OWNER TO %I', v, r);
        EXECUTE format('GRANT SELECT ON pii.%I TO %I', v, g);
    END LOOP;
    EXECUTE format('REVOKE CREATE ON SCHEMA pii FROM %I', r);
END $$;

-- Audit rows of these tables keep their PII masked as well (the chain hashes the masked row).
CREATE OR REPLACE FUNCTION pii.mask_row_doc(tbl text, doc jsonb, known_name text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public AS $$
DECLARE
    k text;
    v text;
    m text;
BEGIN
    IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
        RETURN doc;
    END IF;
    FOR k, v IN SELECT e.key, e.value FROM jsonb_each_text(doc) AS e LOOP
        CONTINUE WHEN v IS NULL;
        m := CASE
            WHEN (tbl, k) IN (('contacts', 'full_name'), ('priority_queue', 'user_name'), ('workers', 'full_name'))
                THEN pii.mask_name(v)
            WHEN (tbl, k) IN (('contacts', 'mobile'), ('priority_queue', 'user_mobile'),
                              ('sms_messages', 'from_number'), ('sms_messages', 'to_number')) THEN pii.mask_mobile(v)
            WHEN (tbl, k) IN (('contacts', 'email'), ('priority_queue', 'user_email'), ('workers', 'email'))
                THEN pii.mask_email(v)
            WHEN (tbl, k) IN (('priority_queue', 'message_snippet'), ('bookings', 'notes'), ('complaints', 'subject'),
                              ('complaints', 'description'), ('complaints', 'resolution'), ('sms_messages', 'body'),
                              ('error_logs', 'error_message'), ('error_logs', 'stack_trace'),
                              ('error_logs', 'request_body'), ('records', 'title'), ('records', 'payload'),
                              ('events', 'payload')) THEN pii.scrub_pii(v, known_name)
            WHEN (tbl, k) = ('error_logs', 'ip_address') THEN pii.mask_ip(v::inet)::text
        END;
        IF m IS NOT NULL THEN
            doc := jsonb_set(doc, ARRAY[k], to_jsonb(m));
        END IF;
    END LOOP;
    RETURN doc;
END $$;

CREATE OR REPLACE FUNCTION pii.mask_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    doc   jsonb := coalesce(NEW.old_values, NEW.new_values);
    known text;
BEGIN
    IF NEW.table_name NOT IN ('contacts', 'priority_queue', 'bookings', 'complaints', 'error_logs', 'sms_messages',
                              'workers', 'records')
       OR doc IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.table_name = 'contacts' THEN
        known := doc ->> 'full_name';
        IF known IS NULL THEN SELECT full_name INTO known FROM contacts WHERE id = NEW.row_id::uuid; END IF;
    ELSIF NEW.table_name = 'priority_queue' THEN
        known := doc ->> 'user_name';
        IF known IS NULL THEN SELECT user_name INTO known FROM priority_queue WHERE id = NEW.row_id::uuid; END IF;
    ELSIF doc ? 'contact_id' THEN
        SELECT full_name INTO known FROM contacts WHERE id = (doc ->> 'contact_id')::uuid;
    ELSIF NEW.table_name = 'bookings' THEN
        SELECT c.full_name INTO known FROM bookings b JOIN contacts c ON c.id = b.contact_id WHERE b.id = NEW.row_id::uuid;
    ELSIF NEW.table_name = 'complaints' THEN
        SELECT c.full_name INTO known FROM complaints k JOIN contacts c ON c.id = k.contact_id WHERE k.id = NEW.row_id::uuid;
    ELSIF NEW.table_name = 'sms_messages' THEN
        SELECT c.full_name INTO known FROM sms_messages s JOIN contacts c ON c.id = s.contact_id WHERE s.id = NEW.row_id::uuid;
    END IF;
    NEW.old_values := pii.mask_row_doc(NEW.table_name, NEW.old_values, known);
    NEW.new_values := pii.mask_row_doc(NEW.table_name, NEW.new_values,
                                       coalesce(NEW.new_values ->> 'full_name', NEW.new_values ->> 'user_name', known));
    RETURN NEW;
END $$;
