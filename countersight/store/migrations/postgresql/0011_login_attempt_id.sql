-- countersight schema, version 11: each login attempt is recorded (as failed) before its
-- password is checked, then marked ok; the id lets the outcome update that one row.
-- As migrations/sqlite/0011_login_attempt_id.sql.
ALTER TABLE login_attempts ADD COLUMN attempt TEXT COLLATE "C";
