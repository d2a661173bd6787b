-- change_log only has to bridge a listener's reconnect; keep a day of it. Engines call this
-- periodically; it deletes in bounded batches so it never holds long locks.
CREATE FUNCTION prune_change_log(keep interval DEFAULT interval '1 day', batch integer DEFAULT 10000)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM change_log
    WHERE seq IN (SELECT seq FROM change_log WHERE at < now() - keep ORDER BY seq LIMIT batch);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END $$;

REVOKE EXECUTE ON FUNCTION prune_change_log(interval, integer) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION prune_change_log(interval, integer) TO %I', staff_group_role());
END $$;
