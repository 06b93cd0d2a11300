-- countersight schema, version 12: incidents. As migrations/sqlite/0012_incidents.sql.
CREATE TABLE incidents (
    id               TEXT COLLATE "C" PRIMARY KEY,
    type             TEXT COLLATE "C" NOT NULL,
    country          TEXT COLLATE "C",
    admin1           TEXT COLLATE "C",
    place            TEXT,
    precision        TEXT COLLATE "C",
    date_start       TEXT COLLATE "C",
    date_end         TEXT COLLATE "C",
    date_precision   TEXT COLLATE "C",
    date_text        TEXT,
    timeline_date    TEXT COLLATE "C",
    perpetrators     TEXT NOT NULL DEFAULT '[]',
    targets          TEXT NOT NULL DEFAULT '[]',
    people_count     INTEGER,
    people_qualifier TEXT COLLATE "C",
    documents        TEXT NOT NULL DEFAULT '[]',
    sources          TEXT NOT NULL DEFAULT '[]',
    corroboration    TEXT COLLATE "C" NOT NULL,
    mention_count    INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    built_at         TEXT NOT NULL
);
CREATE INDEX incidents_type_date ON incidents(type, timeline_date);
CREATE INDEX incidents_position ON incidents(position);

CREATE TABLE incident_mentions (
    event_id    TEXT COLLATE "C" PRIMARY KEY,
    incident_id TEXT COLLATE "C" NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    report_id   TEXT COLLATE "C" NOT NULL,
    ordinal     INTEGER NOT NULL
);
CREATE INDEX incident_mentions_incident ON incident_mentions(incident_id, ordinal);
CREATE INDEX incident_mentions_report ON incident_mentions(report_id);
