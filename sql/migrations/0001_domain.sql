-- Opsdeck domain schema (ARCHITECTURE §1). One file creates every table the five plans describe.
-- Large telemetry tables use bigint identities and BRIN on their time column; everything a
-- person edits uses uuid keys.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Tenants (= clients = sites) -------------------------------------------------------------
CREATE TABLE tenants (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    logo        bytea,
    brand_color text CHECK (brand_color IS NULL OR brand_color ~ '^#[0-9A-Fa-f]{6}$'),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    timezone    text NOT NULL DEFAULT 'UTC',
    currency    text NOT NULL DEFAULT 'NZD' CHECK (currency ~ '^[A-Z]{3}$'),
    settings    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Console users and RBAC (seed 002) ---------------------------------------------------------
CREATE TABLE roles (
    id           smallint PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z_]+$'),
    display_name text NOT NULL,
    level        smallint NOT NULL UNIQUE CHECK (level BETWEEN 1 AND 8),
    description  text NOT NULL DEFAULT ''
);

CREATE TABLE permissions (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]+(\.[a-z_]+)+$'),
    module      text NOT NULL,
    description text NOT NULL DEFAULT '',
    in_seed     boolean NOT NULL DEFAULT false -- one of the 31 permissions listed by seed 002
);

CREATE TABLE role_permissions (
    role_id       smallint NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission_id integer NOT NULL REFERENCES permissions(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE staff (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    login         text NOT NULL UNIQUE CHECK (login ~ '^[a-z][a-z0-9_.-]{1,62}$'), -- PostgreSQL login role
    full_name     text NOT NULL CHECK (length(btrim(full_name)) > 0),
    email         text NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    mobile        text,
    role_id       smallint NOT NULL REFERENCES roles(id),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    locked_until  timestamptz,
    last_login_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_role_idx ON staff(role_id);

CREATE TABLE staff_sessions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    staff_id    uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    backend_pid integer,
    client_host text,
    app_version text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    end_reason  text CHECK (end_reason IN ('signed_out', 'terminated', 'expired', 'crashed')),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions(staff_id, started_at DESC);
CREATE INDEX staff_sessions_open_idx ON staff_sessions(staff_id) WHERE ended_at IS NULL;

CREATE TABLE auth_failures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login          text NOT NULL,
    client_address inet,
    reason         text NOT NULL DEFAULT 'password' CHECK (reason IN ('password', 'unknown_login', 'locked', 'other')),
    occurred_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_failures_login_idx ON auth_failures(login, occurred_at DESC);

-- Tenant workforce, customers, events, agents (seed 004) ------------------------------------
CREATE TABLE workers (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    full_name  text NOT NULL,
    email      text NOT NULL,
    role       text NOT NULL DEFAULT 'worker' CHECK (role IN ('admin', 'manager', 'worker')),
    is_active  boolean NOT NULL DEFAULT true,
    metadata   jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, email)
);

CREATE TABLE contacts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    full_name  text NOT NULL,
    mobile     text,
    email      text,
    source     text NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'phone', 'sms', 'email', 'referral', 'import', 'walk_in')),
    status     text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'qualified', 'customer', 'inactive')),
    metadata   jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_tenant_idx ON contacts(tenant_id, created_at DESC);
CREATE INDEX contacts_mobile_idx ON contacts(mobile);

CREATE TABLE events (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    contact_id   uuid REFERENCES contacts(id) ON DELETE SET NULL,
    event_type   text NOT NULL,
    source       text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    processed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_tenant_idx ON events(tenant_id, created_at DESC);
CREATE INDEX events_created_brin ON events USING brin(created_at);
CREATE INDEX events_unprocessed_idx ON events(created_at) WHERE processed_at IS NULL;

CREATE TABLE agents (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      uuid REFERENCES tenants(id) ON DELETE CASCADE,
    name           text NOT NULL,
    slug           text NOT NULL UNIQUE,
    kind           text NOT NULL CHECK (kind IN ('ingest', 'qualifier', 'voice', 'monitor', 'sender', 'evaluator')),
    is_enabled     boolean NOT NULL DEFAULT true,
    config         jsonb NOT NULL DEFAULT '{}',
    last_action_at timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_actions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id    uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    tenant_id   uuid REFERENCES tenants(id) ON DELETE CASCADE,
    event_id    uuid REFERENCES events(id) ON DELETE SET NULL,
    action_type text NOT NULL,
    status      text NOT NULL CHECK (status IN ('success', 'failed', 'escalated')),
    detail      jsonb NOT NULL DEFAULT '{}',
    error       text,
    duration_ms integer CHECK (duration_ms IS NULL OR duration_ms >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_actions_agent_idx ON agent_actions(agent_id, created_at DESC);
CREATE INDEX agent_actions_tenant_idx ON agent_actions(tenant_id, created_at DESC);
CREATE INDEX agent_actions_created_brin ON agent_actions USING brin(created_at);

-- Stations, bookings, complaints, priority queue (seeds 001, 002, 003) ---------------------
CREATE TABLE stations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name              text NOT NULL,
    capacity          integer NOT NULL DEFAULT 10 CHECK (capacity > 0),
    current_load      integer NOT NULL DEFAULT 0 CHECK (current_load >= 0),
    wait_time_minutes numeric(6,1) NOT NULL DEFAULT 0 CHECK (wait_time_minutes >= 0),
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'offline')),
    capabilities      text[] NOT NULL DEFAULT '{}',
    operator_name     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

CREATE TABLE bookings (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    contact_id     uuid REFERENCES contacts(id) ON DELETE SET NULL,
    station_id     uuid REFERENCES stations(id) ON DELETE SET NULL,
    reference      text NOT NULL UNIQUE,
    service        text NOT NULL,
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'confirmed', 'in_progress', 'completed', 'cancelled')),
    amount         numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency       text NOT NULL DEFAULT 'NZD' CHECK (currency ~ '^[A-Z]{3}$'),
    payment_status text NOT NULL DEFAULT 'unpaid'
                   CHECK (payment_status IN ('unpaid', 'paid', 'refunded', 'partially_refunded', 'failed')),
    refunded_amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    scheduled_at   timestamptz,
    completed_at   timestamptz,
    cancelled_at   timestamptz,
    notes          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (refunded_amount <= amount),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (payment_status <> 'refunded' OR refunded_amount = amount),
    CHECK (payment_status <> 'partially_refunded' OR refunded_amount BETWEEN 0.01 AND amount - 0.01),
    CHECK (payment_status IN ('refunded', 'partially_refunded') OR refunded_amount = 0)
);
CREATE INDEX bookings_tenant_idx ON bookings(tenant_id, created_at DESC);
CREATE INDEX bookings_status_idx ON bookings(status, created_at DESC);
CREATE INDEX bookings_station_idx ON bookings(station_id) WHERE status IN ('pending', 'confirmed', 'in_progress');
CREATE INDEX bookings_created_brin ON bookings USING brin(created_at);

CREATE TABLE complaints (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    booking_id        uuid REFERENCES bookings(id) ON DELETE SET NULL,
    contact_id        uuid REFERENCES contacts(id) ON DELETE SET NULL,
    kind              text NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint', 'refund')),
    subject           text NOT NULL,
    description       text NOT NULL DEFAULT '',
    priority          text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    status            text NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'in_progress', 'escalated', 'resolved', 'closed')),
    assigned_to       uuid REFERENCES staff(id) ON DELETE SET NULL,
    sla_due_at        timestamptz NOT NULL,
    first_response_at timestamptz,
    escalated_at      timestamptz,
    resolved_at       timestamptz,
    resolution        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (sla_due_at > created_at),
    CHECK ((status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL)),
    CHECK (status <> 'escalated' OR escalated_at IS NOT NULL)
);
CREATE INDEX complaints_tenant_idx ON complaints(tenant_id, created_at DESC);
CREATE INDEX complaints_open_idx ON complaints(sla_due_at) WHERE status IN ('open', 'in_progress', 'escalated');
CREATE INDEX complaints_assignee_idx ON complaints(assigned_to) WHERE assigned_to IS NOT NULL;

-- Scores are 0-100: priority_score = 40*confidence + 30*urgency + 20*time_decay + 10*history
-- (each factor 0..1), i.e. the seed's weights without its trailing "* 100" (ARCHITECTURE erratum).
CREATE TABLE priority_queue (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    item_type           text NOT NULL CHECK (item_type IN ('complaint', 'refund', 'booking_issue', 'inquiry')),
    complaint_id        uuid REFERENCES complaints(id) ON DELETE CASCADE,
    booking_id          uuid REFERENCES bookings(id) ON DELETE SET NULL,
    contact_id          uuid REFERENCES contacts(id) ON DELETE SET NULL,
    intent              text NOT NULL,
    intent_confidence   numeric(4,3) NOT NULL CHECK (intent_confidence BETWEEN 0 AND 1),
    sentiment           text NOT NULL CHECK (sentiment IN ('negative', 'neutral', 'positive')),
    sentiment_urgency   numeric(4,3) NOT NULL CHECK (sentiment_urgency BETWEEN 0 AND 1),
    user_history_factor numeric(4,3) NOT NULL CHECK (user_history_factor BETWEEN 0 AND 1),
    priority_score      numeric(5,2) NOT NULL CHECK (priority_score BETWEEN 0 AND 100),
    sla_expected_hours  numeric(5,2) NOT NULL CHECK (sla_expected_hours > 0),
    user_name           text,
    user_mobile         text,
    user_email          text,
    message_snippet     text,
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_review', 'resolved', 'dismissed')),
    assigned_to         uuid REFERENCES staff(id) ON DELETE SET NULL,
    reviewed_by         uuid REFERENCES staff(id) ON DELETE SET NULL,
    reviewed_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX priority_queue_open_idx ON priority_queue(priority_score DESC, id) WHERE status IN ('pending', 'in_review');
CREATE INDEX priority_queue_tenant_idx ON priority_queue(tenant_id, created_at DESC);

-- Business records (seed 004) ----------------------------------------------------------------
CREATE TABLE records (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    worker_id       uuid REFERENCES workers(id) ON DELETE SET NULL,
    contact_id      uuid REFERENCES contacts(id) ON DELETE SET NULL,
    source_event_id uuid REFERENCES events(id) ON DELETE SET NULL,
    record_type     text NOT NULL CHECK (record_type IN ('quote', 'job', 'invoice', 'note', 'booking', 'task')),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'approved', 'completed', 'cancelled')),
    title           text NOT NULL,
    amount          numeric(12,2),
    currency        text NOT NULL DEFAULT 'NZD' CHECK (currency ~ '^[A-Z]{3}$'),
    payload         jsonb NOT NULL DEFAULT '{}',
    tags            text[] NOT NULL DEFAULT '{}',
    due_at          timestamptz,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_tenant_type_idx ON records(tenant_id, record_type);
CREATE INDEX records_worker_idx ON records(worker_id);
CREATE INDEX records_contact_idx ON records(contact_id);
CREATE INDEX records_status_idx ON records(status);
CREATE INDEX records_created_idx ON records(created_at DESC);

-- Telemetry of the tenants' product (seed 000) -----------------------------------------------
CREATE TABLE api_metrics (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        uuid REFERENCES tenants(id) ON DELETE CASCADE,
    endpoint         text NOT NULL,
    method           text NOT NULL CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
    response_time_ms integer NOT NULL CHECK (response_time_ms >= 0),
    status_code      integer NOT NULL CHECK (status_code BETWEEN 100 AND 599),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_metrics_created_brin ON api_metrics USING brin(created_at);
CREATE INDEX api_metrics_endpoint_idx ON api_metrics(endpoint);
CREATE INDEX api_metrics_tenant_idx ON api_metrics(tenant_id, created_at);

CREATE TABLE error_logs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     uuid REFERENCES tenants(id) ON DELETE CASCADE,
    contact_id    uuid REFERENCES contacts(id) ON DELETE SET NULL, -- the seed's user_id: the tenant's end user
    endpoint      text,
    method        text CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
    status_code   integer CHECK (status_code IS NULL OR status_code BETWEEN 100 AND 599),
    error_message text NOT NULL,
    stack_trace   text,
    request_body  text,
    ip_address    inet,
    user_agent    text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX error_logs_created_brin ON error_logs USING brin(created_at);
CREATE INDEX error_logs_tenant_idx ON error_logs(tenant_id, created_at DESC);
CREATE INDEX error_logs_endpoint_idx ON error_logs(endpoint, created_at DESC);

CREATE TABLE login_events (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        uuid REFERENCES tenants(id) ON DELETE CASCADE,
    user_email       text NOT NULL,
    success          boolean NOT NULL,
    failure_reason   text CHECK (failure_reason IN ('bad_password', 'account_locked', 'unknown_user', 'tenant_inactive',
                                                    'mfa_failed', 'expired_password')),
    ip_address       inet,
    user_agent       text,
    session_seconds  integer CHECK (session_seconds IS NULL OR session_seconds >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (success = (failure_reason IS NULL))
);
CREATE INDEX login_events_created_brin ON login_events USING brin(created_at);
CREATE INDEX login_events_tenant_idx ON login_events(tenant_id, created_at DESC);
CREATE INDEX login_events_failed_idx ON login_events(created_at DESC) WHERE NOT success;

CREATE TABLE data_import_jobs (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    source          text NOT NULL DEFAULT 'sync' CHECK (source IN ('sync', 'csv', 'api')),
    trigger         text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual')),
    file_name       text,
    file_size_bytes bigint CHECK (file_size_bytes IS NULL OR file_size_bytes >= 0),
    row_count       integer CHECK (row_count IS NULL OR row_count >= 0),
    rows_processed  integer NOT NULL DEFAULT 0 CHECK (rows_processed >= 0),
    rows_inserted   integer NOT NULL DEFAULT 0 CHECK (rows_inserted >= 0),
    rows_skipped    integer NOT NULL DEFAULT 0 CHECK (rows_skipped >= 0),
    error_message   text,
    requested_by    uuid REFERENCES staff(id) ON DELETE SET NULL,
    started_at      timestamptz,
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'failed' OR error_message IS NOT NULL),
    CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX data_import_jobs_tenant_idx ON data_import_jobs(tenant_id, created_at DESC);

-- Alerts (seed 001) ---------------------------------------------------------------------------
CREATE TABLE alert_rules (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    rule_name    text NOT NULL UNIQUE,
    rule_type    text NOT NULL CHECK (rule_type IN ('sla_breach', 'sla_at_risk', 'critical_complaint', 'high_workload',
                                                     'error_rate', 'pipeline_stale', 'outbound_failures')),
    description  text NOT NULL DEFAULT '',
    is_enabled   boolean NOT NULL DEFAULT true,
    conditions   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(conditions) = 'object'),
    alert_config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(alert_config) = 'object'),
    is_flapping  boolean NOT NULL DEFAULT false,
    last_evaluated_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alerts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    rule_id              uuid REFERENCES alert_rules(id) ON DELETE SET NULL,
    alert_type           text NOT NULL,
    severity             text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    title                text NOT NULL,
    message              text NOT NULL DEFAULT '',
    tenant_id            uuid REFERENCES tenants(id) ON DELETE CASCADE,
    resource_type        text CHECK (resource_type IN ('complaint', 'booking', 'pipeline', 'outbound', 'tenant', 'station', 'staff')),
    resource_id          text,
    assigned_to_staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
    is_broadcast         boolean NOT NULL DEFAULT false,
    dedupe_key           text,
    status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    acknowledged_by      uuid REFERENCES staff(id) ON DELETE SET NULL,
    acknowledged_at      timestamptz,
    resolved_at          timestamptz,
    alert_metadata       jsonb NOT NULL DEFAULT '{}',
    created_at           timestamptz NOT NULL DEFAULT now(),
    -- Neither assigned nor broadcast (the assignee was deleted): shown to managers and admins.
    CHECK (NOT (is_broadcast AND assigned_to_staff_id IS NOT NULL))
);
CREATE UNIQUE INDEX alerts_open_dedupe_idx ON alerts(dedupe_key) WHERE status <> 'resolved' AND dedupe_key IS NOT NULL;
CREATE INDEX alerts_created_idx ON alerts(created_at DESC, id);
CREATE INDEX alerts_tenant_idx ON alerts(tenant_id, created_at DESC);
CREATE INDEX alerts_assignee_idx ON alerts(assigned_to_staff_id) WHERE assigned_to_staff_id IS NOT NULL;

-- Per-staff read / dismiss / snooze state of an alert.
CREATE TABLE alert_staff_state (
    alert_id      uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    staff_id      uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    read_at       timestamptz,
    dismissed_at  timestamptz,
    snoozed_until timestamptz,
    PRIMARY KEY (alert_id, staff_id)
);
CREATE INDEX alert_staff_state_staff_idx ON alert_staff_state(staff_id);

CREATE TABLE alert_subscriptions (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    staff_id          uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    alert_type        text NOT NULL,
    is_enabled        boolean NOT NULL DEFAULT true,
    delivery_channels text[] NOT NULL DEFAULT '{in_app}' CHECK (delivery_channels <@ ARRAY['in_app', 'email', 'sms']),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (staff_id, alert_type)
);

-- Outbound delivery (seeds 003, 004) -----------------------------------------------------------
CREATE TABLE connections (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    app_name         text NOT NULL,
    app_slug         text NOT NULL CHECK (app_slug ~ '^[a-z0-9][a-z0-9_-]*$'),
    delivery_type    text NOT NULL CHECK (delivery_type IN ('webhook', 'email', 'sms')),
    secret_key_name  text UNIQUE, -- name of the secret in the OS keychain; never the secret itself
    config           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    is_enabled       boolean NOT NULL DEFAULT true,
    disabled_reason  text,
    last_sync_at     timestamptz,
    last_sync_status text CHECK (last_sync_status IN ('success', 'error', 'pending')),
    last_sync_error  text,
    created_by       uuid REFERENCES staff(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, app_slug)
);

CREATE TABLE outbound_queue (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    connection_id     uuid REFERENCES connections(id) ON DELETE SET NULL,
    record_id         uuid REFERENCES records(id) ON DELETE SET NULL,
    contact_id        uuid REFERENCES contacts(id) ON DELETE SET NULL,
    delivery_type     text NOT NULL CHECK (delivery_type IN ('webhook', 'email', 'sms')),
    destination_url   text,
    destination_email text,
    destination_phone text,
    payload           jsonb NOT NULL DEFAULT '{}',
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
    attempt_count     integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
    max_attempts      integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 50),
    last_attempted_at timestamptz,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    delivered_at      timestamptz,
    locked_by         text,
    lease_until       timestamptz,
    last_status_code  integer,
    error             text,
    created_by_agent  uuid REFERENCES agents(id) ON DELETE SET NULL,
    idempotency_key   text NOT NULL UNIQUE,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (attempt_count <= max_attempts),
    CHECK (delivery_type <> 'webhook' OR destination_url IS NOT NULL OR connection_id IS NOT NULL),
    CHECK (delivery_type <> 'email' OR destination_email IS NOT NULL),
    CHECK (delivery_type <> 'sms' OR destination_phone IS NOT NULL),
    CHECK (status <> 'sending' OR (locked_by IS NOT NULL AND lease_until IS NOT NULL)),
    CHECK (status <> 'delivered' OR delivered_at IS NOT NULL)
);
CREATE INDEX outbound_queue_due_idx ON outbound_queue(next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbound_queue_sending_idx ON outbound_queue(lease_until) WHERE status = 'sending';
CREATE INDEX outbound_queue_tenant_idx ON outbound_queue(tenant_id, created_at DESC);
CREATE INDEX outbound_queue_status_idx ON outbound_queue(status, created_at DESC);

CREATE TABLE outbound_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id     uuid NOT NULL REFERENCES outbound_queue(id) ON DELETE CASCADE,
    attempt     integer NOT NULL CHECK (attempt >= 1),
    engine_id   text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    status_code integer,
    latency_ms  integer CHECK (latency_ms IS NULL OR latency_ms >= 0),
    outcome     text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed', 'disabled')),
    error       text,
    UNIQUE (item_id, attempt)
);

CREATE TABLE message_templates (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid REFERENCES tenants(id) ON DELETE CASCADE,
    name       text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('sms', 'email')),
    subject    text,
    body       text NOT NULL,
    is_active  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (channel <> 'email' OR subject IS NOT NULL),
    CHECK (channel <> 'sms' OR length(body) <= 1600)
);
CREATE UNIQUE INDEX message_templates_name_idx ON message_templates(coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), name);

CREATE TABLE sms_messages (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    contact_id  uuid REFERENCES contacts(id) ON DELETE SET NULL,
    outbound_id uuid REFERENCES outbound_queue(id) ON DELETE SET NULL,
    direction   text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number text NOT NULL,
    to_number   text NOT NULL,
    body        text NOT NULL,
    status      text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'received')),
    provider_sid text,
    error_code  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_messages_tenant_idx ON sms_messages(tenant_id, created_at DESC);
CREATE INDEX sms_messages_to_idx ON sms_messages(to_number);

-- Operator work (seed 000) ---------------------------------------------------------------------
CREATE TABLE operator_tasks (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title        text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    description  text,
    tenant_id    uuid REFERENCES tenants(id) ON DELETE CASCADE,
    priority     text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed')),
    due_date     date,
    completed_at timestamptz,
    created_by   uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX operator_tasks_owner_idx ON operator_tasks(created_by, status, due_date);

CREATE TABLE consultant_notes (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    content    text NOT NULL CHECK (length(btrim(content)) > 0),
    is_pinned  boolean NOT NULL DEFAULT false,
    created_by uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultant_notes_owner_idx ON consultant_notes(created_by, tenant_id, is_pinned DESC, created_at DESC);
CREATE INDEX consultant_notes_search_idx ON consultant_notes USING gin(to_tsvector('simple', content));

CREATE TABLE report_schedules (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    tenant_id   uuid REFERENCES tenants(id) ON DELETE CASCADE,
    report_type text NOT NULL CHECK (report_type IN ('weekly_summary', 'sla_compliance', 'revenue', 'technical_health', 'outbound_delivery')),
    frequency   text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
    recipients  text[] NOT NULL CHECK (cardinality(recipients) > 0),
    is_enabled  boolean NOT NULL DEFAULT true,
    next_run_at timestamptz,
    last_run_at timestamptz,
    created_by  uuid REFERENCES staff(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_runs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    schedule_id uuid REFERENCES report_schedules(id) ON DELETE SET NULL,
    tenant_id   uuid REFERENCES tenants(id) ON DELETE CASCADE,
    report_type text NOT NULL CHECK (report_type IN ('weekly_summary', 'sla_compliance', 'revenue', 'technical_health',
                                                     'outbound_delivery')),
    trigger     text NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'preview')),
    status      text NOT NULL CHECK (status IN ('running', 'sent', 'failed', 'previewed')),
    recipients  text[] NOT NULL DEFAULT '{}',
    output      jsonb,
    error       text,
    requested_by uuid REFERENCES staff(id) ON DELETE SET NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX report_runs_schedule_idx ON report_runs(schedule_id, started_at DESC);

-- Runtime configuration and emergency state (seeds 001, 003) -----------------------------------
CREATE TABLE ops_config (
    config_key    text PRIMARY KEY CHECK (config_key ~ '^[a-z_]+(\.[a-z_]+)+$'),
    value_type    text NOT NULL CHECK (value_type IN ('integer', 'number', 'boolean', 'text', 'json')),
    config_value  jsonb NOT NULL,
    default_value jsonb NOT NULL,
    min_value     numeric,
    max_value     numeric,
    unit          text,
    description   text NOT NULL,
    updated_by    uuid REFERENCES staff(id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (value_type <> 'integer' OR jsonb_typeof(config_value) = 'number'),
    CHECK (value_type <> 'number'  OR jsonb_typeof(config_value) = 'number'),
    CHECK (value_type <> 'boolean' OR jsonb_typeof(config_value) = 'boolean'),
    CHECK (value_type <> 'text'    OR jsonb_typeof(config_value) = 'string'),
    CHECK (min_value IS NULL OR value_type NOT IN ('integer', 'number') OR (config_value)::text::numeric >= min_value),
    CHECK (max_value IS NULL OR value_type NOT IN ('integer', 'number') OR (config_value)::text::numeric <= max_value)
);

CREATE TABLE emergency_state (
    control    text PRIMARY KEY CHECK (control IN ('intake_paused', 'maintenance_mode', 'outbound_paused', 'stations_paused')),
    is_active  boolean NOT NULL DEFAULT false,
    reason     text,
    changed_by uuid REFERENCES staff(id) ON DELETE SET NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT is_active OR reason IS NOT NULL)
);

CREATE TABLE emergency_actions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action     text NOT NULL CHECK (action IN ('activate', 'deactivate', 'broadcast', 'backup', 'export_state', 'clear_queue')),
    control    text,
    reason     text NOT NULL,
    detail     jsonb NOT NULL DEFAULT '{}',
    staff_id   uuid REFERENCES staff(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_actions_created_idx ON emergency_actions(created_at DESC);

-- Audit (seeds 001, 002): written by triggers and definer functions (security issue) ----------
CREATE TABLE audit_log (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    staff_login      text NOT NULL DEFAULT session_user,
    staff_id         uuid,
    action           text NOT NULL,
    table_name       text,
    row_id           text,
    old_values       jsonb,
    new_values       jsonb,
    changed_fields   text[],
    pii_accessed     boolean NOT NULL DEFAULT false,
    pii_fields       text[],
    reason           text,
    client_address   inet DEFAULT inet_client_addr(),
    application_name text DEFAULT current_setting('application_name', true),
    prev_hash        bytea,
    row_hash         bytea
);
CREATE INDEX audit_log_occurred_brin ON audit_log USING brin(occurred_at);
CREATE INDEX audit_log_staff_idx ON audit_log(staff_login, occurred_at DESC);
CREATE INDEX audit_log_table_idx ON audit_log(table_name, row_id);

-- Engines' liveness ----------------------------------------------------------------------------
CREATE TABLE worker_heartbeats (
    engine_id        text PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('console', 'worker')),
    engines          text[] NOT NULL DEFAULT '{}',
    host             text NOT NULL,
    pid              integer NOT NULL,
    version          text NOT NULL,
    db_login         text NOT NULL DEFAULT session_user,
    started_at       timestamptz NOT NULL DEFAULT now(),
    last_beat_at     timestamptz NOT NULL DEFAULT now(),
    last_cycle_at    timestamptz,
    counts           jsonb NOT NULL DEFAULT '{}',
    served_connections text[] NOT NULL DEFAULT '{}',
    last_error       text,
    stopped_at       timestamptz
);
CREATE INDEX worker_heartbeats_beat_idx ON worker_heartbeats(last_beat_at DESC);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenants', 'staff', 'workers', 'contacts', 'agents', 'stations', 'bookings',
                             'complaints', 'priority_queue', 'records', 'alert_rules', 'alert_subscriptions',
                             'connections', 'outbound_queue', 'message_templates', 'operator_tasks',
                             'consultant_notes', 'report_schedules']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
                       t || '_touch_updated_at', t);
    END LOOP;
END $$;
