-- Who may do what, resolved in SQL (ARCHITECTURE §4). Role names are cluster-wide, so each
-- installation's roles carry a prefix derived from its database name: od_<8 hex>_owner owns every
-- object, od_<8 hex>_staff is the group every staff login belongs to (through the group of its app
-- role, od_<8 hex>_<role name>). `opsdeck-admin bootstrap` (sql/bootstrap.sql) creates them.

CREATE FUNCTION opsdeck_role_prefix() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT 'od_' || left(md5(current_database()), 8) || '_' $$;

CREATE FUNCTION staff_group_role() RETURNS name
LANGUAGE sql STABLE AS $$ SELECT (opsdeck_role_prefix() || 'staff')::name $$;

-- The PostgreSQL group of an app role (super_admin … viewer).
CREATE FUNCTION staff_role_group(role_name text) RETURNS name
LANGUAGE sql STABLE AS $$ SELECT (opsdeck_role_prefix() || role_name)::name $$;

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

-- For policies: true, or SQLSTATE 42501 naming the missing permission. Policies call it as
-- (SELECT require_permission('…')) so it runs once per statement, not once per row.
CREATE FUNCTION require_permission(code text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NOT has_permission(code) THEN
        RAISE EXCEPTION 'permission denied: this needs the % permission', code
            USING ERRCODE = '42501', HINT = 'The permission matrix (role_permissions) decides who holds it.';
    END IF;
    RETURN true;
END $$;

-- The signed-in staff member's id (NULL for a login that is not staff).
CREATE FUNCTION my_staff_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT id FROM staff WHERE login = session_user
$$;
