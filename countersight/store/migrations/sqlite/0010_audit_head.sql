-- countersight schema, version 10: the audit log grows only at its head.
-- INSERT OR REPLACE (REPLACE INTO) deletes the row it replaces without firing the
-- DELETE trigger, so an entry could be overwritten in place; and an INSERT could add an
-- entry anywhere. Every new entry must follow the last one: the next seq, and the last
-- entry's hash as its prev_hash (a BEFORE INSERT trigger runs before the conflict is
-- resolved, so it sees the entry a REPLACE would delete).
CREATE TRIGGER audit_log_at_head BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: a new entry follows the last one');
END;
