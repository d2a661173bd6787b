-- PII redaction (ARCHITECTURE §4, security issue item 4). Mobile numbers, emails, names and free
-- text that may quote them are never returned raw to a staff login, whatever client it uses:
--
--   * Staff lose SELECT on the PII columns of the base tables (column-level grants of everything
--     else), so `SELECT mobile FROM contacts` fails with 42501 and pg_stats hides those columns.
--   * Schema `pii` holds plain views (neither security_barrier nor security_invoker, so index order
--     and keyset pages survive) that return every column with the PII masked in the seeds' formats
--     (mobile 98****3210, email j***@example.com, name "First I."; phone numbers and emails in free
--     text replaced by [phone] / [email]). The views belong to the NOLOGIN role <prefix>pii, which is
--     not BYPASSRLS: the tables' FORCE'd policies (extended to that role below) still decide, per
--     statement and by session_user, whether the staff member may read the area at all.
--   * The views mask for every role. Unmasked values come only from pii.reveal_pii(), which needs the
--     area's full-access permission and a reason and writes one audit_log row per call (who, which
--     rows, which fields, why, from where): every unredacted read is audited (ARCHITECTURE §4).
--   * Audit rows of changes to these tables keep their PII fields masked, because audit_log is
--     append-only and readable with ops.audit.view, which does not imply full access.
--
-- Which permission governs what:
--   view                 read (RLS of the base table)            pii.reveal_pii() also needs
--   pii.contacts_v       contacts.view                           contacts.full_access
--   pii.priority_queue_v ops.priority_queue.view                 ops.priority_queue.full_access
--   pii.bookings_v       bookings.view + contacts.view (name)    contacts.full_access
--   pii.complaints_v     complaints.view + contacts.view (name)  contacts.full_access
--   pii.error_logs_v     technical.view                          contacts.full_access (end users' data)
--   pii.sms_messages_v   messages.view                           contacts.full_access
--   pii.login_events_v   technical.view                          (not revealable yet)
--   pii.workers_v        tenants.view                            (not revealable yet)
--   pii.events_v         agents.view or technical.view           (not revealable yet)
--   pii.records_v        records.view + contacts.view (name)     (not revealable yet)
-- outbound_queue destinations and payloads are left to the delivery engine's issue: the engine needs
-- them unmasked, and the login it runs under is decided there.
--
-- The views live in their own schema because a view's owner must hold CREATE on its schema, and the
-- owner role may not pass on CREATE on `public` (bootstrap grants it without GRANT OPTION).
-- A column added later to one of these tables is not readable by staff until it is granted
-- explicitly (fail closed): grant it, or add it masked to the view.

CREATE SCHEMA pii;

-- Masking functions: pure, owner-owned, string functions only (no regular expressions, no table
-- access), so masking a page of 100 rows costs well under a millisecond. ---------------------------

-- 9876543210 -> 98****3210, +64215550142 -> +64****0142; fewer than 10 digits -> ****.
CREATE FUNCTION pii.mask_mobile(m text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    digits text;
BEGIN
    IF m IS NULL OR btrim(m) = '' THEN
        RETURN btrim(m);
    END IF;
    digits := translate(m, translate(m, '0123456789', ''), ''); -- the digits only
    IF length(digits) < 10 THEN
        RETURN '****';
    END IF;
    RETURN CASE WHEN ltrim(m) LIKE '+%' THEN '+' ELSE '' END || left(digits, 2) || '****' || right(digits, 4);
END $$;

-- john.smith@example.com -> j***@example.com; no @ -> ***.
CREATE FUNCTION pii.mask_email(e text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN e IS NULL THEN NULL
        WHEN btrim(e) = '' THEN ''
        WHEN strpos(e, '@') = 0 THEN '***'
        ELSE left(btrim(e), least(1, strpos(btrim(e), '@') - 1)) || '***@' || split_part(btrim(e), '@', -1)
    END
$$;

-- John Smith -> John S.; Mary Jane Watson -> Mary W.; Cher -> Cher; a first word holding a digit
-- or an @ (a number or an address typed as a name) -> ***. Tabs, line breaks and no-break spaces
-- separate words like spaces.
CREATE FUNCTION pii.mask_name(n text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    t     text;
    first text;
BEGIN
    IF n IS NULL THEN
        RETURN NULL;
    END IF;
    t := btrim(translate(n, E'\t\n\r\f\x0b' || chr(160), '      '));
    first := split_part(t, ' ', 1);
    IF t = '' THEN
        RETURN '';
    ELSIF translate(first, '0123456789@', '') <> first THEN
        RETURN '***';
    ELSIF strpos(t, ' ') = 0 THEN
        RETURN t;
    END IF;
    RETURN first || ' ' || left(split_part(t, ' ', -1), 1) || '.';
END $$;

-- An end user's address -> its /24 (IPv4) or /48 (IPv6) network.
CREATE FUNCTION pii.mask_ip(ip inet) RETURNS inet
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN ip IS NULL THEN NULL
        WHEN family(ip) = 4 THEN network(set_masklen(ip, least(masklen(ip), 24)))::inet
        ELSE network(set_masklen(ip, least(masklen(ip), 48)))::inet
    END
$$;

-- Free text and JSON text: email addresses -> [email]; phone numbers -> [phone]; the values of JSON
-- name keys ("name", "full_name", "customer_name", …) -> "First I.", "last_name" -> its initial.
-- A phone number is a run of 8-15 digits, optionally led by + and grouped by spaces, dashes and
-- parentheses (+64 21 555 0142, 021-555-0142, (415) 555-0142, 9876543210), that is not part of a
-- longer digit or hex run (ids, hashes, uuids) and not an ISO date. Known gaps, documented rather
-- than guessed at: numbers grouped with dots (021.555.0142), numbers glued to a hex letter
-- (mobile0215550142, 0215550142abc), numbers of 7 digits or fewer, names in prose (scrub_pii(text,
-- name) below handles the row's own contact).
CREATE FUNCTION pii.scrub_pii(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(t,
        '[^]\s@"''<>()[,;:/\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+', '[email]', 'g'),
        '(?<![0-9A-Fa-f_+-])(?!\d{4}-\d\d-\d\d)\+?(?:\((?=\d{1,5}\)))?\d(?:\)? ?-? ?\(?\d){7,14}(?![0-9A-Fa-f]|-[0-9A-Fa-f])', '[phone]', 'g'),
        '("(?:name|full_name|customer_name|contact_name|to_name|user_name|cardholder_name)"\s*:\s*")([^"\s\\]+)(?:\s+[^"\s\\]+)*\s+([^"\s\\])[^"\s\\]*"',
        '\1\2 \3."', 'g'),
        '("last_name"\s*:\s*")([^"\s\\])[^"\\]*"', '\1\2."', 'g'),
        -- A name value with JSON escapes in it was not matched above: hide it whole.
        '("(?:name|full_name|customer_name|contact_name|to_name|user_name|cardholder_name|last_name)"\s*:\s*")(?:[^"\\]|\\.)*\\(?:[^"\\]|\\.)*"',
        '\1***"', 'g')
$$;

-- The same, and the row's own contact name wherever it is quoted: "Anna Smith" -> "Anna S.", a
-- lone "Smith" (or "Smith.") -> "S.".
CREATE FUNCTION pii.scrub_pii(t text, known_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pii.scrub_pii(CASE
        WHEN t IS NULL OR known_name IS NULL OR btrim(known_name) !~ '\s' THEN t
        ELSE regexp_replace(
                 replace(t, btrim(known_name), pii.mask_name(known_name)),
                 '\m' || regexp_replace(substring(btrim(known_name) FROM '(\S+)$'), '([]$*+?(){}|.^[\\])', '\\\1', 'g') || '\M\.?',
                 left(substring(btrim(known_name) FROM '(\S+)$'), 1) || '.', 'g')
    END)
$$;

-- The views' owner: a NOLOGIN role nobody is granted (the owner role is its member only to manage
-- its objects in later migrations). Not BYPASSRLS, so row-level security applies to its reads.
DO $$
DECLARE
    p  text := opsdeck_role_prefix();
    r  text := opsdeck_role_prefix() || 'pii';
    t  text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    ELSIF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r
                  AND (rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole OR rolreplication))
          OR EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                     JOIN pg_roles u ON u.oid = m.member
                     WHERE g.rolname = r AND u.rolname <> p || 'owner') THEN
        -- A role of that name made by someone else (another installation's staff admin can create
        -- logins): adopting it would hand them every raw PII column.
        RAISE EXCEPTION 'role % already exists and can log in, has attributes or members: drop it first', r
            USING ERRCODE = '42501';
    END IF;
    EXECUTE format('GRANT %I TO %I', r, p || 'owner');
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA pii TO %I', r);
    EXECUTE format('GRANT USAGE ON SCHEMA pii TO %I', staff_group_role());
    -- The policies below and reveal_pii() call these as the pii role.
    EXECUTE format('GRANT EXECUTE ON FUNCTION has_permission(text), require_permission(text), '
                   'require_any_permission(text[]), my_staff_id() TO %I', r);
    FOREACH t IN ARRAY ARRAY['contacts', 'priority_queue', 'bookings', 'complaints', 'error_logs', 'sms_messages',
                             'login_events', 'workers', 'events', 'records'] LOOP
        EXECUTE format('GRANT SELECT ON %I TO %I', t, r);
        -- Row filtering stays in RLS: the read policy now also governs reads through the views.
        EXECUTE format('ALTER POLICY %I ON %I TO %I, %I', t || '_read', t, staff_group_role(), r);
    END LOOP;
END $$;

-- Keyset pages of contacts, newest first (created_at DESC, id DESC), through the view.
CREATE INDEX contacts_created_idx ON contacts (created_at DESC, id DESC);

-- Views: every column, PII masked. ---------------------------------------------------------------
CREATE VIEW pii.contacts_v AS
SELECT c.id, c.tenant_id,
       pii.mask_name(c.full_name) AS full_name,
       pii.mask_mobile(c.mobile) AS mobile,
       pii.mask_email(c.email) AS email,
       c.source, c.status, c.metadata, c.created_at, c.updated_at
FROM contacts c;

CREATE VIEW pii.priority_queue_v AS
SELECT q.id, q.tenant_id, q.item_type, q.complaint_id, q.booking_id, q.contact_id, q.intent, q.intent_confidence,
       q.sentiment, q.sentiment_urgency, q.user_history_factor, q.priority_score, q.sla_expected_hours,
       pii.mask_name(q.user_name) AS user_name,
       pii.mask_mobile(q.user_mobile) AS user_mobile,
       pii.mask_email(q.user_email) AS user_email,
       pii.scrub_pii(q.message_snippet, q.user_name) AS message_snippet,
       q.status, q.assigned_to, q.reviewed_by, q.reviewed_at, q.created_at, q.updated_at
FROM priority_queue q;

CREATE VIEW pii.bookings_v AS
SELECT b.id, b.tenant_id, b.contact_id, b.station_id, b.reference, b.service, b.status, b.amount, b.currency,
       b.payment_status, b.refunded_amount, b.scheduled_at, b.completed_at, b.cancelled_at,
       pii.scrub_pii(b.notes, c.full_name) AS notes,
       b.created_at, b.updated_at,
       pii.mask_name(c.full_name) AS contact_name
FROM bookings b
LEFT JOIN contacts c ON c.id = b.contact_id;

CREATE VIEW pii.complaints_v AS
SELECT k.id, k.tenant_id, k.booking_id, k.contact_id, k.kind,
       pii.scrub_pii(k.subject, c.full_name) AS subject,
       pii.scrub_pii(k.description, c.full_name) AS description,
       k.priority, k.status, k.assigned_to, k.sla_due_at, k.first_response_at, k.escalated_at, k.resolved_at,
       pii.scrub_pii(k.resolution, c.full_name) AS resolution,
       k.created_at, k.updated_at,
       pii.mask_name(c.full_name) AS contact_name
FROM complaints k
LEFT JOIN contacts c ON c.id = k.contact_id;

CREATE VIEW pii.error_logs_v AS
SELECT e.id, e.tenant_id, e.contact_id, e.endpoint, e.method, e.status_code,
       pii.scrub_pii(e.error_message) AS error_message,
       pii.scrub_pii(e.stack_trace) AS stack_trace,
       pii.scrub_pii(e.request_body) AS request_body,
       pii.mask_ip(e.ip_address) AS ip_address,
       e.user_agent, e.created_at
FROM error_logs e;

-- The tenant's own number (from_number of outbound, to_number of inbound messages) is not PII.
CREATE VIEW pii.sms_messages_v AS
SELECT s.id, s.tenant_id, s.contact_id, s.outbound_id, s.direction,
       CASE WHEN s.direction = 'outbound' THEN s.from_number ELSE pii.mask_mobile(s.from_number) END AS from_number,
       CASE WHEN s.direction = 'inbound' THEN s.to_number ELSE pii.mask_mobile(s.to_number) END AS to_number,
       pii.scrub_pii(s.body) AS body,
       s.status, s.provider_sid, s.error_code, s.created_at
FROM sms_messages s;

-- The tenants' end users signing in, the tenants' own workers, inbound event payloads and business
-- records. Payloads come back as scrubbed text: scrubbing can turn a JSON number into a placeholder.
CREATE VIEW pii.login_events_v AS
SELECT e.id, e.tenant_id, pii.mask_email(e.user_email) AS user_email, e.success, e.failure_reason,
       pii.mask_ip(e.ip_address) AS ip_address, e.user_agent, e.session_seconds, e.created_at
FROM login_events e;

CREATE VIEW pii.workers_v AS
SELECT w.id, w.tenant_id, pii.mask_name(w.full_name) AS full_name, pii.mask_email(w.email) AS email, w.role,
       w.is_active, w.metadata, w.created_at, w.updated_at
FROM workers w;

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


-- Staff read the PII columns only through the views. ----------------------------------------------
DO $$
DECLARE
    g    name := staff_group_role();
    r    text := opsdeck_role_prefix() || 'pii';
    spec text[];
    cols text;
    v    text;
BEGIN
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ['contacts',       '{full_name,mobile,email}'],
        ['priority_queue', '{user_name,user_mobile,user_email,message_snippet}'],
        ['bookings',       '{notes}'],
        ['complaints',     '{subject,description,resolution}'],
        ['error_logs',     '{error_message,stack_trace,request_body,ip_address}'],
        ['sms_messages',   '{from_number,to_number,body}'],
        ['login_events',   '{user_email,ip_address}'],
        ['workers',        '{full_name,email}'],
        ['events',         '{payload}'],
        ['records',        '{title,payload}']]
    LOOP
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a
        WHERE a.attrelid = spec[1]::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attname <> ALL (spec[2]::text[]);
        EXECUTE format('REVOKE SELECT ON %I FROM %I', spec[1], g);
        EXECUTE format('GRANT SELECT (%s) ON %I TO %I', cols, spec[1], g);
    END LOOP;
    FOREACH v IN ARRAY ARRAY['contacts_v', 'priority_queue_v', 'bookings_v', 'complaints_v', 'error_logs_v',
                             'sms_messages_v', 'login_events_v', 'workers_v', 'events_v', 'records_v'] LOOP
        EXECUTE format('ALTER VIEW pii.%I OWNER TO %I', v, r);
        EXECUTE format('GRANT SELECT ON pii.%I TO %I', v, g);
    END LOOP;
END $$;

-- Reveal on demand, audited. ----------------------------------------------------------------------
-- pii.reveal_pii('contacts', ARRAY['<id>', …], ARRAY['mobile', 'email'], 'Calling back about BK-000123')
--   -> {"<id>": {"mobile": "+64215550142", "email": "…"}, …}
-- Needs the table's full-access permission (see the table above); the table's read policy applies to
-- the rows as for any read (the function runs as the pii role, which is not BYPASSRLS). The reason
-- must have at least 5 characters; at most 500 ids per call. ids are text so one signature serves
-- uuid and bigint keys (error_logs). Writes exactly one audit_log row per call that revealed rows:
-- action pii.reveal, table_name, row_id = the revealed ids (sorted, comma-separated),
-- pii_accessed, pii_fields, reason; staff_login, staff_id, client_address and application_name
-- come from audit_log's defaults and chain trigger. Never the values themselves.
CREATE FUNCTION pii.reveal_pii(table_name text, ids text[], fields text[], reason text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    allowed   text[];
    full_perm text;
    key_type  text := 'uuid';
    wanted    text[];
    why       text := btrim(coalesce(reveal_pii.reason, ''));
    pairs     text;
    result    jsonb;
    revealed  text[];
BEGIN
    CASE reveal_pii.table_name
    WHEN 'contacts' THEN
        allowed := ARRAY['full_name', 'mobile', 'email']; full_perm := 'contacts.full_access';
    WHEN 'priority_queue' THEN
        allowed := ARRAY['user_name', 'user_mobile', 'user_email', 'message_snippet'];
        full_perm := 'ops.priority_queue.full_access';
    WHEN 'bookings' THEN
        allowed := ARRAY['notes']; full_perm := 'contacts.full_access';
    WHEN 'complaints' THEN
        allowed := ARRAY['subject', 'description', 'resolution']; full_perm := 'contacts.full_access';
    WHEN 'error_logs' THEN
        allowed := ARRAY['error_message', 'stack_trace', 'request_body', 'ip_address'];
        full_perm := 'contacts.full_access'; key_type := 'bigint';
    WHEN 'sms_messages' THEN
        allowed := ARRAY['from_number', 'to_number', 'body']; full_perm := 'contacts.full_access';
    ELSE
        RAISE EXCEPTION 'PII cannot be revealed from "%"', reveal_pii.table_name
            USING ERRCODE = '22023', HINT = 'contacts, priority_queue, bookings, complaints, error_logs, sms_messages';
    END CASE;
    PERFORM require_permission(full_perm);
    IF length(why) < 5 THEN
        RAISE EXCEPTION 'a reveal needs a reason of at least 5 characters' USING ERRCODE = '22023';
    END IF;
    IF fields IS NULL OR cardinality(fields) = 0 OR NOT (fields <@ allowed) OR array_position(fields, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'fields of % that can be revealed: %', reveal_pii.table_name, array_to_string(allowed, ', ')
            USING ERRCODE = '22023';
    END IF;
    IF ids IS NULL OR cardinality(ids) NOT BETWEEN 1 AND 500 OR array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'a reveal names 1 to 500 row ids' USING ERRCODE = '22023';
    END IF;
    -- Whitelisted names only, in the whitelist's order, each once.
    SELECT array_agg(a ORDER BY o) INTO wanted FROM unnest(allowed) WITH ORDINALITY AS u(a, o) WHERE a = ANY (fields);
    SELECT string_agg(format('%L, to_jsonb(t.%I)', f, f), ', ') INTO pairs FROM unnest(wanted) AS f;
    EXECUTE format('SELECT jsonb_object_agg(t.id::text, jsonb_build_object(%s)), array_agg(t.id::text ORDER BY t.id) '
                   'FROM public.%I t WHERE t.id = ANY ($1::%s[])', pairs, reveal_pii.table_name, key_type)
        INTO result, revealed
        USING ids;
    IF revealed IS NULL THEN
        RETURN '{}'::jsonb; -- nothing revealed, nothing to audit
    END IF;
    INSERT INTO public.audit_log (action, table_name, row_id, pii_accessed, pii_fields, reason)
    VALUES ('pii.reveal', reveal_pii.table_name, array_to_string(revealed, ','), true, wanted, why);
    RETURN result;
END $$;

-- The pii role writes its reveal rows and nothing else into the audit log.
DO $$
DECLARE
    r text := opsdeck_role_prefix() || 'pii';
BEGIN
    EXECUTE format('GRANT INSERT ON audit_log TO %I', r);
    EXECUTE format('CREATE POLICY audit_log_pii_reveal ON audit_log FOR INSERT TO %I '
                   'WITH CHECK (action = ''pii.reveal'' AND pii_accessed AND staff_login = session_user '
                   'AND old_values IS NULL AND new_values IS NULL)', r);
    EXECUTE format('ALTER FUNCTION pii.reveal_pii(text, text[], text[], text) OWNER TO %I', r);
    EXECUTE format('REVOKE CREATE ON SCHEMA pii FROM %I', r);
END $$;

-- Audit rows keep PII fields masked. -------------------------------------------------------------
-- A row document (to_jsonb of a row, or its changed fields) with the table's PII fields masked.
CREATE FUNCTION pii.mask_row_doc(tbl text, doc jsonb, known_name text) RETURNS jsonb
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

-- Fires before audit_log_chain (triggers fire in name order), so the hash covers the masked row.
-- Applies to every writer of audit_log (the row triggers of 0007, definer functions of later
-- migrations). The row's contact name is looked up so free text quoting it is masked too.
CREATE FUNCTION pii.mask_audit_row() RETURNS trigger
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
CREATE TRIGGER audit_log_0_mask_pii BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION pii.mask_audit_row();

-- Functions: the masks and reveal_pii() are callable by staff only; the audit helpers by nobody.
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'pii'
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    FOREACH fn IN ARRAY ARRAY['pii.mask_mobile(text)'::regprocedure, 'pii.mask_email(text)'::regprocedure,
                              'pii.mask_name(text)'::regprocedure, 'pii.mask_ip(inet)'::regprocedure,
                              'pii.scrub_pii(text)'::regprocedure, 'pii.scrub_pii(text, text)'::regprocedure,
                              'pii.reveal_pii(text, text[], text[], text)'::regprocedure]
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
