-- Demo data: reset. Run by the seeder only when asked to reseed, in the same transaction as the
-- numbered steps. Empties every table the demo fills and keeps the reference data of the
-- migrations: roles, permissions, role_permissions, ops_config (the shipped settings), alert_rules (7 rows),
-- emergency_state (4 rows, reset to inactive) and schema_migrations. audit_log is append-only:
-- the trail of who did what survives a reseed.
--
-- staff is emptied with DELETE, not TRUNCATE: ops_config.updated_by and emergency_state.changed_by
-- reference staff, so TRUNCATE staff CASCADE would empty those two tables as well.

TRUNCATE
    tenants, workers, contacts, events, agents, agent_actions, stations, bookings, complaints,
    priority_queue, records, api_metrics, error_logs, login_events, data_import_jobs,
    alerts, alert_staff_state, alert_subscriptions,
    connections, outbound_queue, outbound_attempts, message_templates, sms_messages,
    operator_tasks, consultant_notes, report_schedules, report_runs,
    emergency_actions, staff_sessions, auth_failures, worker_heartbeats
    RESTART IDENTITY CASCADE;

-- change_log keeps counting: a listener that reconnects asks for every seq after the last one it
-- saw, so its sequence must never go backwards.
TRUNCATE change_log;

UPDATE ops_config SET updated_by = NULL WHERE updated_by IS NOT NULL;

UPDATE emergency_state
   SET is_active = false, reason = NULL, changed_by = NULL, changed_at = now();

DELETE FROM staff;
