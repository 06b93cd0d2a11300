-- countersight schema, version 1: reports, event mentions, their facets, reviews.
CREATE TABLE reports (
    id                TEXT PRIMARY KEY,          -- the document id of EVENTS.md
    content_hash      TEXT NOT NULL UNIQUE,
    title             TEXT,
    url               TEXT,
    outlet            TEXT,
    published         TEXT,                      -- YYYY-MM-DD
    body              TEXT NOT NULL,             -- evidence offsets point into this
    format            TEXT NOT NULL,
    source_path       TEXT,
    source_line       INTEGER,
    word_count        INTEGER NOT NULL,
    on_topic          INTEGER NOT NULL,
    topic_hits        INTEGER NOT NULL,
    furniture         TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end, kind], ...]
    source            TEXT,                      -- JSON: the report's inside source
    source_admin1     TEXT,
    near_duplicate_of TEXT REFERENCES reports(id) ON DELETE SET NULL,
    similarity        REAL,
    minhash           TEXT,
    extractor_version TEXT NOT NULL,
    ingested_at       TEXT NOT NULL
);
CREATE INDEX reports_published ON reports(published);
CREATE INDEX reports_near_duplicate ON reports(near_duplicate_of);

CREATE TABLE report_lsh (
    lsh_key   TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    PRIMARY KEY (lsh_key, report_id)
);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    report_id       TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    type            TEXT NOT NULL,
    trend           TEXT,
    perpetrators    TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_perpetrators
    targets         TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_targets
    country         TEXT,
    admin1          TEXT,
    place           TEXT,
    precision       TEXT,
    lat             REAL,
    lon             REAL,
    date_start      TEXT,
    date_end        TEXT,
    date_precision  TEXT,
    date_text       TEXT,
    timeline_date   TEXT,                        -- date_start, else the report's publication date
    measures        TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_measures
    penalty_kind    TEXT,
    penalty_months  INTEGER,
    quote           TEXT NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    confidence      REAL NOT NULL,
    status          TEXT NOT NULL DEFAULT 'unreviewed',
    origin          TEXT NOT NULL DEFAULT 'machine',   -- machine | analyst
    reviewed_fields TEXT NOT NULL DEFAULT '[]',        -- fields a re-extraction must not touch
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX events_report ON events(report_id, start_offset);
CREATE INDEX events_type_date ON events(type, timeline_date);
CREATE INDEX events_timeline ON events(timeline_date);
CREATE INDEX events_admin1 ON events(admin1, timeline_date);
CREATE INDEX events_status ON events(status, timeline_date);

CREATE TABLE event_perpetrators (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    agency   TEXT NOT NULL,
    PRIMARY KEY (agency, event_id)
);
CREATE INDEX event_perpetrators_event ON event_perpetrators(event_id);

CREATE TABLE event_targets (
    event_id     TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    target_group TEXT NOT NULL,
    PRIMARY KEY (target_group, event_id)
);
CREATE INDEX event_targets_event ON event_targets(event_id);

CREATE TABLE event_measures (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    measure   TEXT NOT NULL,
    value     REAL NOT NULL,
    previous  REAL,
    qualifier TEXT
);
CREATE INDEX event_measures_measure ON event_measures(measure);
CREATE INDEX event_measures_event ON event_measures(event_id);

CREATE TABLE reviews (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    username TEXT NOT NULL,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,       -- confirm | edit | reject | add
    field    TEXT,
    before   TEXT,                -- JSON
    after    TEXT,                -- JSON
    reason   TEXT
);
CREATE INDEX reviews_event ON reviews(event_id, at);

-- Full-text search over reports and evidence quotes (external content: no second copy of the text).
CREATE VIRTUAL TABLE reports_fts USING fts5(title, body, content='reports', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts(reports_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, body ON reports BEGIN
    INSERT INTO reports_fts(reports_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO reports_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;

CREATE VIRTUAL TABLE events_fts USING fts5(quote, content='events', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, quote) VALUES (new.rowid, new.quote);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF quote ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
    INSERT INTO events_fts(rowid, quote) VALUES (new.rowid, new.quote);
END;
