-- `opsdeck-admin bootstrap`: run once per database as a superuser, before the first migration.
-- Creates the installation's roles (names prefixed per database, see opsdeck_role_prefix()):
--   od_<hash>_owner   NOLOGIN; owns every object; CREATEROLE to create staff logins and lock them;
--                     BYPASSRLS so its SECURITY DEFINER functions see what they must check;
--                     member of pg_signal_backend so those functions can end staff connections
--   od_<hash>_staff   NOLOGIN; the group all staff logins belong to; holds the table grants
--   od_<hash>_<role>  NOLOGIN; one group per app role, each a member of od_<hash>_staff
-- Idempotent.
SET client_min_messages = warning;

DO $$
DECLARE
    p     text := 'od_' || left(md5(current_database()), 8) || '_';
    r     text;
    roles text[] := ARRAY['super_admin', 'admin', 'manager', 'senior_agent', 'agent', 'support', 'analyst', 'viewer'];
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'bootstrap must run as a superuser (it creates roles with CREATEROLE and BYPASSRLS)'
            USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p || 'owner') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN CREATEROLE BYPASSRLS', p || 'owner');
    END IF;
    EXECUTE format('GRANT pg_signal_backend TO %I', p || 'owner');
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p || 'staff') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', p || 'staff');
    END IF;
    FOREACH r IN ARRAY roles LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p || r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', p || r);
        END IF;
        EXECUTE format('GRANT %I TO %I', p || 'staff', p || r);
    END LOOP;
    EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO %I', current_database(), p || 'owner');
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), p || 'staff');
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', p || 'owner');
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
END $$;

RESET client_min_messages;
