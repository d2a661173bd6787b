-- The outbound queue's engine side (outbound issue items 1–8). Engines — threads of a console or
-- opsdeck-worker processes, on any number of machines — share the queue through these functions:
--
--   outbound_claim     one statement claims up to N due items (FOR UPDATE SKIP LOCKED) and commits
--                      before any HTTP: no row lock or transaction is held across a delivery.
--   outbound_complete  writes a batch of results, fenced by status = 'sending', locked_by = engine
--                      and attempt = n, so an engine whose lease was taken over cannot overwrite
--                      the new owner's result.
--   outbound_sweep     returns items of expired leases or of engines that stopped heart-beating.
--   outbound_release   gives claimed items back unsent (shutdown, an open circuit breaker).
--   outbound_prune     removes terminal items past the retention window, in bounded batches.
--
-- The guarantee is at-least-once: an engine that dies after the HTTP request but before its result
-- is written leaves an item that is delivered again, with the same idempotency key (webhook-id,
-- Resend's Idempotency-Key), so receivers drop the duplicate. A delivered item is never claimed
-- again. Staff-facing actions (retry now, cancel) are separate definer functions and audited.
--
-- Engines run as a staff login holding engines.run. Their bookkeeping writes (claim, complete,
-- sweep, prune) are machine state transitions, not a person's action: they are not audited row by
-- row (outbound_attempts is their record), which also keeps the audit chain's lock off the hot path.
-- They commit without waiting for the WAL flush (synchronous_commit off, for their transaction
-- only): a claim or a result lost in a server crash leaves the item to be claimed again, which the
-- at-least-once guarantee covers anyway; the enqueue stays durable.

SET LOCAL opsdeck.bulk_load = 'on';

INSERT INTO permissions (code, module, description, in_seed) VALUES
    ('engines.run', 'engines', 'Run the outbound queue and alert evaluator engines', false);
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r JOIN permissions p ON p.code = 'engines.run'
WHERE r.name IN ('super_admin', 'admin');

INSERT INTO ops_config (config_key, value_type, config_value, default_value, min_value, max_value, unit, description) VALUES
    ('outbound.batch_size', 'integer', '25', '25', 1, 500, 'items',
     'How many due items one engine claims at a time'),
    ('outbound.lease_seconds', 'integer', '60', '60', 15, 3600, 's',
     'How long a claimed item belongs to its engine before another engine may take it over'),
    ('outbound.engine_stale_seconds', 'integer', '15', '15', 5, 600, 's',
     'An engine whose heartbeat is older than this is considered stopped; its items are returned'),
    ('outbound.backoff_cap_seconds', 'integer', '3600', '3600', 60, 86400, 's',
     'Longest wait between two attempts (the backoff is 2^attempt × 30 s with jitter)'),
    ('outbound.retention_days', 'integer', '30', '30', 1, 3650, 'd',
     'Delivered, failed and cancelled items older than this are removed'),
    ('outbound.host_concurrency', 'integer', '6', '6', 1, 6, 'requests',
     'Most requests one engine sends to the same destination host at once (Qt opens at most 6 connections per host)'),
    ('outbound.breaker_failures', 'integer', '5', '5', 1, 1000, 'failures',
     'Consecutive failures after which a destination host is skipped for a while'),
    ('outbound.breaker_cooldown_seconds', 'integer', '60', '60', 5, 3600, 's',
     'How long a failing destination host is skipped before one probe request is let through');

-- Connections without a tenant are the company's own (staff alert e-mail and SMS); the queue may
-- carry their items too.
ALTER TABLE connections ALTER COLUMN tenant_id DROP NOT NULL;
CREATE UNIQUE INDEX connections_system_slug_idx ON connections(app_slug) WHERE tenant_id IS NULL;
ALTER TABLE outbound_queue ALTER COLUMN tenant_id DROP NOT NULL;

-- Engine writes skip the row audit: only inside definer functions owned by the installation's
-- owner that switch opsdeck.engine_write on for their own statements and off before they return
-- (a staff member setting the variable themselves is still audited: their writes run as
-- themselves, not as the owner). An error aborts the (sub)transaction, which undoes the setting.
CREATE FUNCTION is_engine_write() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('opsdeck.engine_write', true) = 'on', false)
           AND current_user = (opsdeck_role_prefix() || 'owner')::name
$$;

CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    old_doc jsonb;
    new_doc jsonb;
    changed text[];
    key     text := TG_ARGV[0];
    rid     text;
BEGIN
    IF current_setting('opsdeck.bulk_load', true) = 'on' OR is_engine_write() THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW); END IF;
    rid := coalesce(new_doc, old_doc) ->> key; -- before the documents are cut to the changed fields
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(k ORDER BY k) INTO changed
        FROM jsonb_object_keys(new_doc) AS k
        WHERE k <> 'updated_at' AND new_doc -> k IS DISTINCT FROM old_doc -> k;
        IF changed IS NULL THEN
            RETURN NULL; -- nothing but a touch
        END IF;
        SELECT jsonb_object_agg(k, old_doc -> k), jsonb_object_agg(k, new_doc -> k) INTO old_doc, new_doc
        FROM unnest(changed) AS k;
    END IF;
    INSERT INTO audit_log (action, table_name, row_id, old_values, new_values, changed_fields)
    VALUES (lower(TG_OP), TG_TABLE_NAME, rid, old_doc, new_doc, changed);
    RETURN NULL;
END $$;

-- Live updates of the queue: one change event per statement that touched rows (a claim of 25
-- items is one event, not 25), and a wake-up on `opsdeck_outbound` when items are added.
CREATE FUNCTION notify_change_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    op text := lower(TG_OP);
    s  bigint;
BEGIN
    IF current_setting('opsdeck.bulk_load', true) = 'on' OR NOT EXISTS (SELECT 1 FROM changed) THEN
        RETURN NULL;
    END IF;
    INSERT INTO change_log (table_name, op) VALUES (TG_TABLE_NAME, op) RETURNING seq INTO s;
    PERFORM pg_notify('opsdeck_changes',
                      json_build_object('seq', s, 'table', TG_TABLE_NAME, 'op', op, 'id', NULL, 'tenant_id', NULL)::text);
    IF TG_NARGS > 0 THEN
        PERFORM pg_notify(TG_ARGV[0], '');
    END IF;
    RETURN NULL;
END $$;

-- The engine's bookkeeping does not even enter the audit trigger (hundreds of rows a second).
DROP TRIGGER outbound_queue_audit ON outbound_queue;
CREATE TRIGGER outbound_queue_audit AFTER INSERT OR UPDATE OR DELETE ON outbound_queue FOR EACH ROW
    WHEN (NOT is_engine_write()) EXECUTE FUNCTION audit_row_change('id');

DROP TRIGGER outbound_queue_notify ON outbound_queue;
CREATE TRIGGER outbound_queue_notify_insert AFTER INSERT ON outbound_queue REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change_rows('opsdeck_outbound');
CREATE TRIGGER outbound_queue_notify_update AFTER UPDATE ON outbound_queue REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change_rows();
CREATE TRIGGER outbound_queue_notify_delete AFTER DELETE ON outbound_queue REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change_rows();
DROP TRIGGER outbound_attempts_notify ON outbound_attempts;
CREATE TRIGGER outbound_attempts_notify_insert AFTER INSERT ON outbound_attempts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change_rows();

-- A retry must not be ordered behind the whole backlog of never-tried items by an index scan on
-- status alone: the claim walks the due index in next_attempt_at order.
CREATE INDEX outbound_attempts_item_idx ON outbound_attempts(item_id, attempt);

CREATE FUNCTION engine_config_int(key text, fallback integer) RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT coalesce((SELECT (config_value #>> '{}')::numeric::integer FROM ops_config WHERE config_key = key), fallback)
$$;

-- The engine's registration: its heartbeat row exists, is its own login's and has not stopped.
CREATE FUNCTION engine_require(engine text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM require_permission('engines.run');
    IF NOT EXISTS (SELECT 1 FROM worker_heartbeats h
                   WHERE h.engine_id = engine AND h.db_login = session_user AND h.stopped_at IS NULL) THEN
        RAISE EXCEPTION 'engine "%" has no live heartbeat of this login: write the heartbeat first', engine
            USING ERRCODE = '55000';
    END IF;
END $$;

-- When an engine counts as stopped (for everyone's engine list; ops_config itself needs ops.config.view).
CREATE FUNCTION engine_stale_seconds() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT engine_config_int('outbound.engine_stale_seconds', 15)
$$;

-- Settings every engine reads each cycle, in one round trip.
CREATE FUNCTION engine_settings() RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM require_permission('engines.run');
    RETURN (SELECT jsonb_object_agg(config_key, config_value) FROM ops_config
            WHERE config_key LIKE 'outbound.%' OR config_key LIKE 'alerts.%')
        || jsonb_build_object('outbound_paused',
                              coalesce((SELECT is_active FROM emergency_state WHERE control = 'outbound_paused'), false));
END $$;

-- The keychain key names of the enabled connections, so an engine can look up which secrets its
-- own keychain holds (engines need not hold connections.view).
CREATE FUNCTION engine_connection_keys() RETURNS TABLE (connection_id uuid, secret_key_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM require_permission('engines.run');
    RETURN QUERY SELECT c.id, c.secret_key_name FROM connections c
                 WHERE c.is_enabled AND c.secret_key_name IS NOT NULL ORDER BY c.id;
END $$;

CREATE FUNCTION outbound_claim(engine text, served_connections uuid[], max_items integer)
RETURNS TABLE (id uuid, idempotency_key text, delivery_type text, attempt integer, destination_url text,
               destination_email text, destination_phone text, payload text, connection_id uuid,
               connection_config jsonb, tenant_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    lease integer := engine_config_int('outbound.lease_seconds', 60);
BEGIN
    PERFORM engine_require(engine);
    IF (SELECT es.is_active FROM emergency_state es WHERE es.control = 'outbound_paused') THEN
        RETURN; -- paused for every engine at once
    END IF;
    PERFORM set_config('opsdeck.engine_write', 'on', true);
    PERFORM set_config('synchronous_commit', 'off', true);
    RETURN QUERY
    WITH due AS MATERIALIZED (
        SELECT q.id, q.connection_id
        FROM outbound_queue q
        WHERE q.status = 'pending' AND q.next_attempt_at <= now()
          AND (q.connection_id IS NULL
               OR (q.connection_id = ANY (served_connections)
                   AND EXISTS (SELECT 1 FROM connections c WHERE c.id = q.connection_id AND c.is_enabled)))
        ORDER BY q.next_attempt_at, q.id
        LIMIT greatest(1, least(max_items, 500))
        FOR UPDATE OF q SKIP LOCKED
    )
    UPDATE outbound_queue q
    SET status = 'sending', locked_by = engine, lease_until = now() + make_interval(secs => lease),
        attempt_count = q.attempt_count + 1, last_attempted_at = now()
    FROM due LEFT JOIN connections c ON c.id = due.connection_id
    WHERE q.id = due.id
    RETURNING q.id, q.idempotency_key, q.delivery_type, q.attempt_count, q.destination_url, q.destination_email,
              q.destination_phone, q.payload::text, q.connection_id, coalesce(c.config, '{}'::jsonb), q.tenant_id;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
END $$;

-- results: [{id, attempt, outcome: delivered|retry|failed|disabled, status_code, latency_ms, error,
--            retry_in_s (retry only), started_at, finished_at}]. Returns how many were accepted;
-- results whose fence no longer holds (lease taken over, cancelled) are dropped.
CREATE FUNCTION outbound_complete(engine text, results jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    accepted integer;
BEGIN
    PERFORM engine_require(engine);
    PERFORM set_config('opsdeck.engine_write', 'on', true);
    PERFORM set_config('synchronous_commit', 'off', true);
    -- One statement: the fenced update, the attempt history, the connection's sync state (410 Gone
    -- switches it off), the creating agent's action row and one open alert per failing connection.
    WITH r AS (
        SELECT * FROM jsonb_to_recordset(results) AS x(id uuid, attempt integer, outcome text, status_code integer,
                                                       latency_ms integer, error text, retry_in_s integer,
                                                       started_at timestamptz, finished_at timestamptz)
    ), done AS (
        UPDATE outbound_queue q
        SET status = CASE
                WHEN r.outcome = 'delivered' THEN 'delivered'
                WHEN r.outcome = 'retry' AND q.attempt_count < q.max_attempts THEN 'pending'
                ELSE 'failed' END,
            delivered_at = CASE WHEN r.outcome = 'delivered' THEN coalesce(r.finished_at, now()) END,
            next_attempt_at = CASE WHEN r.outcome = 'retry' AND q.attempt_count < q.max_attempts
                                   THEN now() + make_interval(secs => greatest(0, coalesce(r.retry_in_s, 30)))
                                   ELSE q.next_attempt_at END,
            locked_by = NULL, lease_until = NULL,
            last_status_code = r.status_code,
            error = CASE WHEN r.outcome = 'delivered' THEN NULL ELSE left(r.error, 500) END
        FROM r
        WHERE q.id = r.id AND q.status = 'sending' AND q.locked_by = engine AND q.attempt_count = r.attempt
        RETURNING q.id, r.attempt, r.outcome, r.status_code, r.latency_ms, left(r.error, 500) AS error,
                  coalesce(r.started_at, now()) AS started_at, coalesce(r.finished_at, now()) AS finished_at,
                  q.status, q.tenant_id, q.connection_id, q.created_by_agent
    ), attempts AS (
        INSERT INTO outbound_attempts (item_id, attempt, engine_id, started_at, finished_at, status_code, latency_ms,
                                       outcome, error)
        SELECT d.id, d.attempt, engine, d.started_at, d.finished_at, d.status_code, greatest(0, d.latency_ms),
               CASE WHEN d.outcome IN ('delivered', 'retry', 'failed', 'disabled') THEN d.outcome ELSE 'failed' END,
               d.error
        FROM done d
        RETURNING 1
    ), sync AS (
        SELECT DISTINCT ON (d.connection_id) d.connection_id,
               bool_or(d.outcome = 'disabled') OVER (PARTITION BY d.connection_id) AS gone,
               CASE WHEN d.outcome = 'delivered' THEN 'success' ELSE 'error' END AS status,
               CASE WHEN d.outcome = 'delivered' THEN NULL ELSE d.error END AS error
        FROM done d WHERE d.connection_id IS NOT NULL
        ORDER BY d.connection_id, d.finished_at DESC
    ), connection_state AS (
        -- Written when the state changes (or once a minute while it holds), not on every batch.
        UPDATE connections c
        SET is_enabled = c.is_enabled AND NOT s.gone,
            disabled_reason = CASE WHEN s.gone THEN 'The endpoint answered 410 Gone' ELSE c.disabled_reason END,
            last_sync_at = now(),
            last_sync_status = CASE WHEN s.gone THEN 'error' ELSE s.status END,
            last_sync_error = CASE WHEN s.gone THEN 'HTTP 410 Gone' ELSE s.error END
        FROM sync s
        WHERE c.id = s.connection_id
          AND (s.gone OR c.last_sync_status IS DISTINCT FROM s.status OR c.last_sync_at IS NULL
               OR c.last_sync_at < now() - interval '1 minute')
        RETURNING 1
    ), agent_rows AS (
        INSERT INTO agent_actions (agent_id, tenant_id, action_type, status, detail, error)
        SELECT d.created_by_agent, d.tenant_id, 'alert_sent', 'failed',
               jsonb_build_object('outbound_item_id', d.id, 'attempts', d.attempt, 'status_code', d.status_code),
               d.error
        FROM done d
        WHERE d.status = 'failed' AND d.created_by_agent IS NOT NULL
        RETURNING 1
    ), alert_rows AS (
        INSERT INTO alerts (alert_type, severity, title, message, tenant_id, resource_type, resource_id, is_broadcast,
                            dedupe_key, alert_metadata)
        SELECT 'outbound_failures', 'warning',
               'Deliveries failing' || coalesce(' to ' || c.app_name, ''),
               'Items could not be delivered after their retries; last error: ' || coalesce(f.last_error, 'unknown'),
               f.tenant_id, 'outbound', coalesce(f.connection_id::text, f.tenant_id::text), true,
               'outbound_failures:' || coalesce(f.connection_id::text, f.tenant_id::text, 'system'),
               jsonb_build_object('failed_items', f.n, 'last_item_id', f.last_item)
        FROM (SELECT d.connection_id, d.tenant_id, count(*) AS n,
                     (array_agg(left(d.error, 200) ORDER BY d.finished_at DESC))[1] AS last_error,
                     (array_agg(d.id ORDER BY d.finished_at DESC))[1] AS last_item
              FROM done d WHERE d.status = 'failed'
              GROUP BY d.connection_id, d.tenant_id) f
        LEFT JOIN connections c ON c.id = f.connection_id
        ON CONFLICT (dedupe_key) WHERE status <> 'resolved' AND dedupe_key IS NOT NULL
        DO UPDATE SET alert_metadata = alerts.alert_metadata
                          || jsonb_build_object('failed_items',
                                                coalesce((alerts.alert_metadata ->> 'failed_items')::integer, 0)
                                                + (excluded.alert_metadata ->> 'failed_items')::integer,
                                                'last_item_id', excluded.alert_metadata -> 'last_item_id'),
                      message = excluded.message
        RETURNING 1
    )
    SELECT count(*) INTO accepted FROM done;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
    RETURN accepted;
END $$;

-- Claimed items given back unsent: the attempt did not happen, so it is not counted, and the item
-- waits `delay_seconds` (an open circuit breaker) or is due at once (shutdown).
CREATE FUNCTION outbound_release(engine text, item_ids uuid[], delay_seconds integer DEFAULT 0) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM engine_require(engine);
    PERFORM set_config('opsdeck.engine_write', 'on', true);
    PERFORM set_config('synchronous_commit', 'off', true);
    UPDATE outbound_queue q
    SET status = 'pending', locked_by = NULL, lease_until = NULL, attempt_count = q.attempt_count - 1,
        next_attempt_at = now() + make_interval(secs => greatest(0, delay_seconds))
    WHERE q.id = ANY (item_ids) AND q.status = 'sending' AND q.locked_by = engine;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
    RETURN n;
END $$;

-- Items whose lease expired, or whose engine stopped or stopped heart-beating, go back to pending.
-- Their unfinished attempt is not counted (it has no outbound_attempts row); the receiver may
-- have got it, which the idempotency key covers.
CREATE FUNCTION outbound_sweep() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    stale integer := engine_config_int('outbound.engine_stale_seconds', 15);
    n     integer;
BEGIN
    PERFORM require_permission('engines.run');
    PERFORM set_config('opsdeck.engine_write', 'on', true);
    PERFORM set_config('synchronous_commit', 'off', true);
    WITH lost AS (
        SELECT q.id FROM outbound_queue q
        LEFT JOIN worker_heartbeats h ON h.engine_id = q.locked_by
        WHERE q.status = 'sending'
          AND (q.lease_until < now() OR h.engine_id IS NULL OR h.stopped_at IS NOT NULL
               OR h.last_beat_at < now() - make_interval(secs => stale))
        FOR UPDATE OF q SKIP LOCKED
    )
    UPDATE outbound_queue q
    SET status = 'pending', locked_by = NULL, lease_until = NULL, next_attempt_at = now(),
        attempt_count = greatest(0, q.attempt_count - 1)
    FROM lost WHERE q.id = lost.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
    RETURN n;
END $$;

-- Terminal items past the retention window, at most batch_size per call.
CREATE FUNCTION outbound_prune(batch_size integer DEFAULT 5000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    days integer := engine_config_int('outbound.retention_days', 30);
    n    integer;
BEGIN
    PERFORM require_permission('engines.run');
    PERFORM set_config('opsdeck.engine_write', 'on', true);
    PERFORM set_config('synchronous_commit', 'off', true);
    DELETE FROM outbound_queue q
    WHERE q.id IN (SELECT x.id FROM outbound_queue x
                   WHERE x.status IN ('delivered', 'failed', 'cancelled')
                     AND x.updated_at < now() - make_interval(days => days)
                   LIMIT greatest(1, batch_size)
                   FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('opsdeck.engine_write', 'off', true);
    RETURN n;
END $$;

-- Enqueue, idempotent on the key: a second call with the same key returns the first item's id
-- and changes nothing. Staff need outbound.manage; engines (the alert evaluator) engines.run.
-- Each insert wakes the engines (NOTIFY opsdeck_outbound, sent at commit).
CREATE FUNCTION outbound_enqueue(idempotency_key text, delivery_type text, payload jsonb,
                                 tenant_id uuid DEFAULT NULL, connection_id uuid DEFAULT NULL,
                                 destination_url text DEFAULT NULL, destination_email text DEFAULT NULL,
                                 destination_phone text DEFAULT NULL, max_attempts integer DEFAULT 5,
                                 record_id uuid DEFAULT NULL, contact_id uuid DEFAULT NULL,
                                 created_by_agent uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    new_id uuid;
BEGIN
    -- A PostgreSQL superuser (scripts, opsdeck-admin) may enqueue too.
    IF NOT (has_permission('outbound.manage') OR has_permission('engines.run') OR staff_admin_is_superuser()) THEN
        RAISE EXCEPTION 'permission denied: this needs the outbound.manage or engines.run permission'
            USING ERRCODE = '42501';
    END IF;
    IF idempotency_key IS NULL OR length(btrim(idempotency_key)) = 0 THEN
        RAISE EXCEPTION 'an outbound item needs an idempotency key' USING ERRCODE = '22023';
    END IF;
    INSERT INTO outbound_queue AS q (idempotency_key, delivery_type, payload, tenant_id, connection_id, destination_url,
                                     destination_email, destination_phone, max_attempts, record_id, contact_id,
                                     created_by_agent)
    VALUES (outbound_enqueue.idempotency_key, outbound_enqueue.delivery_type, outbound_enqueue.payload,
            outbound_enqueue.tenant_id, outbound_enqueue.connection_id, outbound_enqueue.destination_url,
            outbound_enqueue.destination_email, outbound_enqueue.destination_phone, outbound_enqueue.max_attempts,
            outbound_enqueue.record_id, outbound_enqueue.contact_id, outbound_enqueue.created_by_agent)
    ON CONFLICT ON CONSTRAINT outbound_queue_idempotency_key_key DO NOTHING
    RETURNING q.id INTO new_id;
    IF new_id IS NULL THEN
        SELECT q.id INTO new_id FROM outbound_queue q WHERE q.idempotency_key = outbound_enqueue.idempotency_key;
    END IF;
    RETURN new_id;
END $$;

-- Staff: send again now. Pending items become due; failed ones get one more attempt. Delivered,
-- cancelled and in-flight items are left alone. Returns how many changed (audited per row).
CREATE FUNCTION outbound_retry_now(item_ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM require_permission('outbound.manage');
    UPDATE outbound_queue q
    SET status = 'pending', next_attempt_at = now(),
        max_attempts = CASE WHEN q.status = 'failed' THEN least(50, greatest(q.max_attempts, q.attempt_count + 1))
                            ELSE q.max_attempts END
    WHERE q.id = ANY (item_ids) AND q.status IN ('pending', 'failed') AND q.attempt_count < 50;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM pg_notify('opsdeck_outbound', '');
    END IF;
    RETURN n;
END $$;

-- Staff: cancel items not yet delivered (pending or failed). An item in flight cannot be called
-- back; it is left to finish.
CREATE FUNCTION outbound_cancel(item_ids uuid[], reason text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM require_permission('outbound.manage');
    IF reason IS NULL OR length(btrim(reason)) < 3 THEN
        RAISE EXCEPTION 'say why the items are cancelled (at least 3 characters)' USING ERRCODE = '22023';
    END IF;
    UPDATE outbound_queue q
    SET status = 'cancelled', error = left('Cancelled by ' || session_user || ': ' || btrim(reason), 500)
    WHERE q.id = ANY (item_ids) AND q.status IN ('pending', 'failed');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOREACH fn IN ARRAY ARRAY['notify_change_rows()'::regprocedure,
                              'engine_config_int(text, integer)'::regprocedure, 'engine_require(text)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    -- is_engine_write() too: the audit trigger's WHEN clause runs as whoever writes the row.
    FOREACH fn IN ARRAY ARRAY['is_engine_write()'::regprocedure, 'engine_stale_seconds()'::regprocedure,
                              'engine_settings()'::regprocedure,
                              'engine_connection_keys()'::regprocedure,
                              'outbound_claim(text, uuid[], integer)'::regprocedure,
                              'outbound_complete(text, jsonb)'::regprocedure,
                              'outbound_release(text, uuid[], integer)'::regprocedure,
                              'outbound_sweep()'::regprocedure, 'outbound_prune(integer)'::regprocedure,
                              'outbound_enqueue(text, text, jsonb, uuid, uuid, text, text, text, integer, uuid, uuid, uuid)'::regprocedure,
                              'outbound_retry_now(uuid[])'::regprocedure, 'outbound_cancel(uuid[], text)'::regprocedure]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, staff_group_role());
    END LOOP;
END $$;
