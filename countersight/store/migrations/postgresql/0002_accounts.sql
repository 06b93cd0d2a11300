-- countersight schema, version 2: accounts, sessions and login attempts for the web app.
-- As migrations/sqlite/0002_accounts.sql.
CREATE TABLE users (
    username      TEXT COLLATE "C" PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at    TEXT COLLATE "C" NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,    -- sha256 of the cookie value; the cookie itself is never stored
    username   TEXT COLLATE "C" NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions(username);

CREATE TABLE login_attempts (
    username TEXT COLLATE "C" NOT NULL,
    at       TEXT COLLATE "C" NOT NULL,
    ok       INTEGER NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
