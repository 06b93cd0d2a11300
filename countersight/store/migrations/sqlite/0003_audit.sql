-- countersight schema, version 3: the append-only, hash-chained audit log.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 ... without gaps
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,         -- ingest, reextract, review.confirm, review.edit, review.reject, review.add, delete, user.add, user.role, user.remove
    subject   TEXT,
    details   TEXT NOT NULL,         -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL          -- sha256 over prev_hash and this entry's canonical JSON
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
