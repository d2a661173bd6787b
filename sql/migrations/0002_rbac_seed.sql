-- The 8 roles and the permission matrix. The 31 permissions of seed 002 carry in_seed = true and
-- keep exactly the seed's per-role counts (31/30/20/15/12/6/7/8); the permissions for areas the
-- seeds do not list follow the same module.action form. docs/permissions.md lists them all.

INSERT INTO roles (id, name, display_name, level, description) VALUES
    (1, 'super_admin',  'Super Admin',  1, 'Full system access'),
    (2, 'admin',        'Admin',        2, 'Everything except system administration'),
    (3, 'manager',      'Manager',      3, 'Team management, view all, edit most'),
    (4, 'senior_agent', 'Senior Agent', 4, 'Advanced operations'),
    (5, 'agent',        'Agent',        5, 'Standard operations'),
    (6, 'support',      'Support',      6, 'Customer support'),
    (7, 'analyst',      'Analyst',      7, 'Data analysis and reporting'),
    (8, 'viewer',       'Viewer',       8, 'Read-only access');

INSERT INTO permissions (code, module, description, in_seed) VALUES
    ('bookings.view',                    'bookings',  'View bookings', true),
    ('bookings.edit',                    'bookings',  'Edit bookings', true),
    ('bookings.cancel',                  'bookings',  'Cancel bookings', true),
    ('bookings.refund',                  'bookings',  'Refund bookings', true),
    ('users.view',                       'users',     'View end users', true),
    ('users.edit',                       'users',     'Edit end users', true),
    ('users.delete',                     'users',     'Delete end users', true),
    ('users.wallet',                     'users',     'Adjust end-user wallets', true),
    ('providers.view',                   'providers', 'View providers', true),
    ('providers.edit',                   'providers', 'Edit providers', true),
    ('providers.approve',                'providers', 'Approve providers', true),
    ('providers.delete',                 'providers', 'Delete providers', true),
    ('complaints.view',                  'complaints','View complaints', true),
    ('complaints.assign',                'complaints','Assign complaints', true),
    ('complaints.resolve',               'complaints','Resolve complaints', true),
    ('complaints.escalate',              'complaints','Escalate complaints', true),
    ('ops.priority_queue.view',          'ops',       'View the priority queue (PII redacted)', true),
    ('ops.priority_queue.review',        'ops',       'Review priority-queue items', true),
    ('ops.priority_queue.full_access',   'ops',       'See unredacted PII in the priority queue', true),
    ('ops.metrics.view',                 'ops',       'View operational metrics', true),
    ('ops.metrics.export',               'ops',       'Export operational metrics', true),
    ('ops.alerts.view',                  'ops',       'View alerts', true),
    ('ops.alerts.manage_rules',          'ops',       'Manage alert rules', true),
    ('ops.alerts.manage_subscriptions',  'ops',       'Manage alert subscriptions', true),
    ('ops.staff.view',                   'ops',       'View staff', true),
    ('ops.staff.edit',                   'ops',       'Create and edit staff', true),
    ('ops.staff.delete',                 'ops',       'Disable staff', true),
    ('ops.config.view',                  'ops',       'View runtime configuration', true),
    ('ops.config.edit',                  'ops',       'Edit runtime configuration', true),
    ('ops.audit.view',                   'ops',       'View the audit log', true),
    ('system.admin',                     'system',    'System administration (permission matrix)', true),
    -- Areas the seeds do not list.
    ('tenants.view',        'tenants',     'View tenants and their health', false),
    ('tenants.edit',        'tenants',     'Create, edit and deactivate tenants', false),
    ('tenants.revenue',     'tenants',     'See tenant revenue', false),
    ('technical.view',      'technical',   'View telemetry: API metrics, errors, pipelines, database', false),
    ('technical.sync',      'technical',   'Trigger a tenant data sync', false),
    ('alerts.broadcast',    'alerts',      'Send broadcast alerts', false),
    ('tasks.use',           'tasks',       'Keep a private operator task list', false),
    ('notes.use',           'notes',       'Keep private consultant notes', false),
    ('reports.view',        'reports',     'View report schedules and history', false),
    ('reports.send',        'reports',     'Preview and send reports', false),
    ('reports.manage',      'reports',     'Create and edit report schedules', false),
    ('connections.view',    'connections', 'View tenant connections', false),
    ('connections.edit',    'connections', 'Create, edit, test and rotate connections', false),
    ('records.view',        'records',     'View business records', false),
    ('records.edit',        'records',     'Create and edit business records', false),
    ('contacts.view',       'contacts',    'View contacts (PII redacted)', false),
    ('contacts.full_access','contacts',    'See unredacted contact PII', false),
    ('outbound.view',       'outbound',    'View the outbound queue', false),
    ('outbound.manage',     'outbound',    'Cancel and retry outbound items', false),
    ('stations.view',       'stations',    'View stations', false),
    ('stations.control',    'stations',    'Pause, resume and reassign stations', false),
    ('messages.view',       'messages',    'View SMS conversations', false),
    ('messages.send',       'messages',    'Send SMS messages', false),
    ('messages.templates',  'messages',    'Edit message templates', false),
    ('agents.view',         'agents',      'View AI agents and their actions', false),
    ('agents.control',      'agents',      'Enable and disable AI agents', false),
    ('nlquery.use',         'nlquery',     'Ask natural-language questions of the data', false),
    ('emergency.view',      'emergency',   'View emergency state and its log', false),
    ('emergency.control',   'emergency',   'Use the emergency controls', false);

WITH grants(role_name, codes) AS (VALUES
    ('super_admin', NULL::text[]),
    ('admin', NULL::text[]),
    ('manager', ARRAY[
        'bookings.view', 'bookings.edit', 'bookings.cancel', 'bookings.refund', 'users.view', 'users.edit',
        'providers.view', 'providers.edit', 'providers.approve', 'complaints.view', 'complaints.assign',
        'complaints.resolve', 'complaints.escalate', 'ops.priority_queue.view', 'ops.priority_queue.review',
        'ops.priority_queue.full_access', 'ops.metrics.view', 'ops.metrics.export', 'ops.alerts.view',
        'ops.staff.view',
        'tenants.view', 'tenants.edit', 'tenants.revenue', 'technical.view', 'technical.sync', 'tasks.use',
        'notes.use', 'reports.view', 'reports.send', 'connections.view', 'records.view', 'records.edit',
        'contacts.view', 'contacts.full_access', 'outbound.view', 'outbound.manage', 'stations.view',
        'stations.control', 'messages.view', 'messages.send', 'messages.templates', 'agents.view',
        'nlquery.use', 'emergency.view']),
    ('senior_agent', ARRAY[
        'bookings.view', 'bookings.edit', 'bookings.cancel', 'users.view', 'users.edit', 'providers.view',
        'complaints.view', 'complaints.assign', 'complaints.resolve', 'complaints.escalate',
        'ops.priority_queue.view', 'ops.priority_queue.review', 'ops.priority_queue.full_access',
        'ops.metrics.view', 'ops.alerts.view',
        'tenants.view', 'technical.view', 'technical.sync', 'tasks.use', 'notes.use', 'records.view',
        'records.edit', 'contacts.view', 'contacts.full_access', 'outbound.view', 'stations.view',
        'messages.view', 'messages.send']),
    ('agent', ARRAY[
        'bookings.view', 'bookings.edit', 'users.view', 'providers.view', 'complaints.view',
        'complaints.assign', 'complaints.resolve', 'ops.priority_queue.view', 'ops.priority_queue.review',
        'ops.metrics.view', 'ops.alerts.view', 'ops.alerts.manage_subscriptions',
        'tenants.view', 'tasks.use', 'notes.use', 'records.view', 'records.edit', 'contacts.view',
        'stations.view', 'messages.view', 'messages.send']),
    ('support', ARRAY[
        'bookings.view', 'users.view', 'complaints.view', 'complaints.resolve', 'ops.priority_queue.view',
        'ops.alerts.view',
        'tenants.view', 'tasks.use', 'notes.use', 'records.view', 'contacts.view', 'stations.view',
        'messages.view', 'messages.send']),
    ('analyst', ARRAY[
        'bookings.view', 'users.view', 'providers.view', 'complaints.view', 'ops.metrics.view',
        'ops.metrics.export', 'ops.audit.view',
        'tenants.view', 'tenants.revenue', 'technical.view', 'tasks.use', 'notes.use', 'reports.view',
        'reports.send', 'records.view', 'contacts.view', 'outbound.view', 'agents.view', 'nlquery.use']),
    ('viewer', ARRAY[
        'bookings.view', 'users.view', 'providers.view', 'complaints.view', 'ops.priority_queue.view',
        'ops.metrics.view', 'ops.alerts.view', 'ops.config.view',
        'tenants.view', 'technical.view', 'reports.view', 'records.view', 'contacts.view', 'stations.view',
        'agents.view'])
)
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM grants g
JOIN roles r ON r.name = g.role_name
JOIN permissions p ON (g.codes IS NULL AND (r.name = 'super_admin' OR p.code <> 'system.admin'))
                   OR p.code = ANY (g.codes);

-- Guard the seed's counts at migration time: a wrong edit above fails the migration.
DO $$
DECLARE
    expected constant jsonb := '{"super_admin":31,"admin":30,"manager":20,"senior_agent":15,"agent":12,"support":6,"analyst":7,"viewer":8}';
    bad text;
BEGIN
    SELECT string_agg(r.name || '=' || coalesce(c.n, 0), ', ') INTO bad
    FROM roles r
    LEFT JOIN (SELECT rp.role_id, count(*) AS n FROM role_permissions rp
               JOIN permissions p ON p.id = rp.permission_id AND p.in_seed GROUP BY rp.role_id) c ON c.role_id = r.id
    WHERE coalesce(c.n, 0) <> (expected ->> r.name)::int;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'seed 002 permission counts do not match: %', bad;
    END IF;
    IF (SELECT count(*) FROM permissions WHERE in_seed) <> 31 THEN
        RAISE EXCEPTION 'seed 002 lists 31 permissions';
    END IF;
END $$;

-- The 4 default alert rules (seed 001) and the 4 ops_config defaults (seeds 001, 002).
INSERT INTO alert_rules (rule_name, rule_type, description, conditions, alert_config) VALUES
    ('SLA breach', 'sla_breach', 'A complaint or refund is older than its expected response time',
     '{"applies_to": ["complaint", "refund"]}', '{"severity": "critical", "channels": ["in_app", "email"], "assign_to": "assignee_or_broadcast"}'),
    ('SLA at risk', 'sla_at_risk', 'A complaint or refund is within the SLA buffer of its deadline',
     '{"applies_to": ["complaint", "refund"]}', '{"severity": "warning", "channels": ["in_app"], "assign_to": "assignee_or_broadcast"}'),
    ('Critical complaint', 'critical_complaint', 'A complaint with priority critical is open',
     '{"priority": "critical"}', '{"severity": "critical", "channels": ["in_app", "email", "sms"], "assign_to": "broadcast"}'),
    ('High workload', 'high_workload', 'A staff member holds more open items than the threshold',
     '{"max_open_items_per_staff": 15}', '{"severity": "warning", "channels": ["in_app"], "assign_to": "managers"}');

INSERT INTO ops_config (config_key, value_type, config_value, default_value, min_value, max_value, unit, description) VALUES
    ('sla.buffer_hours', 'number', '1', '1', 0, 24, 'h',
     'An item is at risk when its age exceeds the expected response time minus this buffer'),
    ('sla.complaint_response_hours', 'number', '2', '2', 0.25, 168, 'h',
     'Expected response time for complaints'),
    ('sla.refund_response_hours', 'number', '4', '4', 0.25, 168, 'h',
     'Expected response time for refunds'),
    ('alerts.evaluation_interval_minutes', 'integer', '5', '5', 1, 1440, 'min',
     'How often the alert evaluator runs every enabled rule');

INSERT INTO emergency_state (control) VALUES
    ('intake_paused'), ('maintenance_mode'), ('outbound_paused'), ('stations_paused');
