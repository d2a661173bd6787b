-- Minimal access for staff logins until the security issue replaces it with row-level security:
-- every staff member's PostgreSQL login is a member of this database's staff group, which may read
-- the domain and keep its own heartbeat. Role names are cluster-wide, so the group carries the
-- database name.

CREATE FUNCTION staff_group_role() RETURNS name
LANGUAGE sql STABLE AS $$ SELECT ('opsdeck_staff_' || current_database())::name $$;

-- The permission set of the signed-in staff member, resolved from the editable matrix.
-- session_user, not current_user: inside SECURITY DEFINER functions current_user is the owner.
CREATE FUNCTION my_permissions() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT p.code
    FROM staff s
    JOIN role_permissions rp ON rp.role_id = s.role_id
    JOIN permissions p ON p.id = rp.permission_id
    WHERE s.login = session_user AND s.status = 'active'
$$;

CREATE FUNCTION has_permission(code text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM my_permissions() AS m(c) WHERE m.c = code)
$$;

DO $$
DECLARE
    g name := staff_group_role();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', g);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), g);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', g);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', g);
    EXECUTE format('GRANT INSERT, UPDATE ON worker_heartbeats TO %I', g);
END $$;
