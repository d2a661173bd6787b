-- The audit log keeps outbound items' personal data masked too (0014 masks them for readers):
-- destinations (e-mail, phone, URL with its credentials and query), and payloads and errors —
-- a cancel's reason lands in `error` — scrubbed of phone numbers, e-mail addresses and the
-- contact's name. Same functions as 0009, with outbound_queue added.

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
            WHEN (tbl, k) = ('outbound_queue', 'destination_email') THEN pii.mask_email(v)
            WHEN (tbl, k) = ('outbound_queue', 'destination_phone') THEN pii.mask_mobile(v)
            WHEN (tbl, k) = ('outbound_queue', 'destination_url') THEN pii.mask_url(v)
            WHEN (tbl, k) IN (('outbound_queue', 'payload'), ('outbound_queue', 'error'))
                THEN pii.scrub_pii(v, known_name)
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
                              'workers', 'records', 'outbound_queue')
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
