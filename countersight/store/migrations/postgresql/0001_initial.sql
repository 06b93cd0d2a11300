-- countersight schema, version 1: reports, event mentions, their facets, reviews.
-- The same tables, columns and indexes as migrations/sqlite/0001_initial.sql, with
-- PostgreSQL's types: DOUBLE PRECISION for SQLite's REAL, an identity column for the
-- review ids, and full-text search in generated tsvector columns with GIN indexes
-- instead of FTS5 tables kept up to date by triggers.
-- Identifier and code columns compare byte by byte (COLLATE "C"), as SQLite's do,
-- so that lists come out in the same order whatever the server's locale.

-- Full-text configuration: 'simple' (no stemming, no stop words) without accents.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION countersight (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION countersight
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

CREATE TABLE reports (
    id                TEXT COLLATE "C" PRIMARY KEY,   -- the document id of EVENTS.md
    content_hash      TEXT COLLATE "C" NOT NULL UNIQUE,
    title             TEXT,
    url               TEXT,
    outlet            TEXT,
    published         TEXT COLLATE "C",               -- YYYY-MM-DD
    body              TEXT NOT NULL,                  -- evidence offsets point into this
    format            TEXT COLLATE "C" NOT NULL,
    source_path       TEXT,
    source_line       INTEGER,
    word_count        INTEGER NOT NULL,
    on_topic          INTEGER NOT NULL,
    topic_hits        INTEGER NOT NULL,
    furniture         TEXT NOT NULL DEFAULT '[]',     -- JSON [[start, end, kind], ...]
    source            TEXT,                           -- JSON: the report's inside source
    source_admin1     TEXT COLLATE "C",
    near_duplicate_of TEXT COLLATE "C" REFERENCES reports(id) ON DELETE SET NULL,
    similarity        DOUBLE PRECISION,
    minhash           TEXT,
    extractor_version TEXT COLLATE "C" NOT NULL,
    ingested_at       TEXT COLLATE "C" NOT NULL,
    search_tsv        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('countersight', COALESCE(title, '')), 'A')
        || setweight(to_tsvector('countersight', body), 'B')
    ) STORED
);
CREATE INDEX reports_published ON reports(published);
CREATE INDEX reports_near_duplicate ON reports(near_duplicate_of);
CREATE INDEX reports_search ON reports USING GIN (search_tsv);

CREATE TABLE report_lsh (
    lsh_key   TEXT COLLATE "C" NOT NULL,
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    PRIMARY KEY (lsh_key, report_id)
);

CREATE TABLE events (
    id              TEXT COLLATE "C" PRIMARY KEY,
    report_id       TEXT COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    type            TEXT COLLATE "C" NOT NULL,
    trend           TEXT COLLATE "C",
    perpetrators    TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_perpetrators
    targets         TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_targets
    country         TEXT COLLATE "C",
    admin1          TEXT COLLATE "C",
    place           TEXT,
    precision       TEXT COLLATE "C",
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    date_start      TEXT COLLATE "C",
    date_end        TEXT COLLATE "C",
    date_precision  TEXT COLLATE "C",
    date_text       TEXT,
    timeline_date   TEXT COLLATE "C",            -- date_start, else the report's publication date
    measures        TEXT NOT NULL DEFAULT '[]',  -- JSON list, mirrored in event_measures
    penalty_kind    TEXT COLLATE "C",
    penalty_months  INTEGER,
    quote           TEXT NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    status          TEXT COLLATE "C" NOT NULL DEFAULT 'unreviewed',
    origin          TEXT COLLATE "C" NOT NULL DEFAULT 'machine',   -- machine | analyst
    reviewed_fields TEXT NOT NULL DEFAULT '[]',                    -- fields a re-extraction must not touch
    created_at      TEXT COLLATE "C" NOT NULL,
    updated_at      TEXT COLLATE "C" NOT NULL,
    quote_tsv       tsvector GENERATED ALWAYS AS (to_tsvector('countersight', quote)) STORED
);
CREATE INDEX events_report ON events(report_id, start_offset);
CREATE INDEX events_type_date ON events(type, timeline_date);
CREATE INDEX events_timeline ON events(timeline_date);
CREATE INDEX events_admin1 ON events(admin1, timeline_date);
CREATE INDEX events_status ON events(status, timeline_date);
CREATE INDEX events_search ON events USING GIN (quote_tsv);

CREATE TABLE event_perpetrators (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    agency   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (agency, event_id)
);
CREATE INDEX event_perpetrators_event ON event_perpetrators(event_id);

CREATE TABLE event_targets (
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    target_group TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (target_group, event_id)
);
CREATE INDEX event_targets_event ON event_targets(event_id);

CREATE TABLE event_measures (
    event_id  TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    measure   TEXT COLLATE "C" NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    previous  DOUBLE PRECISION,
    qualifier TEXT COLLATE "C"
);
CREATE INDEX event_measures_measure ON event_measures(measure);
CREATE INDEX event_measures_event ON event_measures(event_id);

CREATE TABLE reviews (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    username TEXT COLLATE "C" NOT NULL,
    at       TEXT COLLATE "C" NOT NULL,
    action   TEXT COLLATE "C" NOT NULL,   -- confirm | edit | reject | add
    field    TEXT COLLATE "C",
    before   TEXT,                        -- JSON
    after    TEXT,                        -- JSON
    reason   TEXT
);
CREATE INDEX reviews_event ON reviews(event_id, at);
