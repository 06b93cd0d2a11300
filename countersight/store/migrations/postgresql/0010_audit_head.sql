-- countersight schema, version 10: the audit log grows only at its head.
-- (INSERT ... ON CONFLICT DO UPDATE already meets the UPDATE trigger.) Every new entry
-- must follow the last one: the next seq, the last entry's hash as its prev_hash.
-- Appends are serialised by the audit advisory lock, so "the last one" is well defined.
-- TRUNCATE fires no row trigger: refused by a statement trigger of its own.
CREATE FUNCTION audit_log_at_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq BIGINT;
    last_hash TEXT;
BEGIN
    SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM COALESCE(last_seq, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM COALESCE(last_hash, repeat('0', 64)) THEN
        RAISE EXCEPTION 'the audit log is append-only: a new entry follows the last one';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_log_at_head BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_at_head();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
