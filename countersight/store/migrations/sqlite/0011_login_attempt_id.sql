-- countersight schema, version 11: each login attempt is recorded (as failed) before its
-- password is checked, then marked ok; the id lets the outcome update that one row.
ALTER TABLE login_attempts ADD COLUMN attempt TEXT;
