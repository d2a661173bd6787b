-- Clients → My tasks and the cards' "Add note" (issue 5, item 3). Tasks and notes stay private to
-- their author through row-level security (0006); this makes the rows easy to write right:
--   - created_by defaults to the signed-in staff member, so the console never sends its own id
--     (a forged one is still refused by the insert policy, 42501);
--   - completed_at follows status in the database, so the CHECK (completed ⇔ completed_at) cannot be
--     tripped by a client that forgets one of the two: completing stamps the time, reopening clears it.
-- updated_at is already kept by the touch_updated_at triggers of 0001.

ALTER TABLE operator_tasks ALTER COLUMN created_by SET DEFAULT my_staff_id();
ALTER TABLE consultant_notes ALTER COLUMN created_by SET DEFAULT my_staff_id();

CREATE FUNCTION operator_task_completion() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.status = 'completed' THEN
        -- An explicit time is kept (the demo data backdates completions); a change of status stamps now.
        IF NEW.completed_at IS NULL
           OR (TG_OP = 'UPDATE' AND OLD.status <> 'completed' AND NEW.completed_at IS NOT DISTINCT FROM OLD.completed_at) THEN
            NEW.completed_at := now();
        END IF;
    ELSE
        NEW.completed_at := NULL;
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION operator_task_completion() FROM PUBLIC;

CREATE TRIGGER operator_tasks_completion BEFORE INSERT OR UPDATE OF status, completed_at ON operator_tasks
    FOR EACH ROW EXECUTE FUNCTION operator_task_completion();
