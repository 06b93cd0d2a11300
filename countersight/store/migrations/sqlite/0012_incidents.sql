-- countersight schema, version 12: incidents, one real-world act each, with the event
-- mentions that tell it (countersight.incidents). Computed from the events and rebuilt
-- whole after an ingest or re-extraction: the mention table holds no foreign key to
-- events, since an analyst's edit replaces its event row (same id).
CREATE TABLE incidents (
    id               TEXT PRIMARY KEY,            -- i-<hash of the sorted mention ids>
    type             TEXT NOT NULL,
    country          TEXT,
    admin1           TEXT,
    place            TEXT,
    precision        TEXT,
    date_start       TEXT,
    date_end         TEXT,
    date_precision   TEXT,
    date_text        TEXT,
    timeline_date    TEXT,                        -- date_start, else the first report's publication date
    perpetrators     TEXT NOT NULL DEFAULT '[]',  -- JSON list
    targets          TEXT NOT NULL DEFAULT '[]',  -- JSON list
    people_count     INTEGER,
    people_qualifier TEXT,
    documents        TEXT NOT NULL DEFAULT '[]',  -- JSON list of report ids
    sources          TEXT NOT NULL DEFAULT '[]',  -- JSON list of {source, documents, outlets}
    corroboration    TEXT NOT NULL,
    mention_count    INTEGER NOT NULL,
    position         INTEGER NOT NULL,            -- listing order: first report, then reading order
    built_at         TEXT NOT NULL
);
CREATE INDEX incidents_type_date ON incidents(type, timeline_date);
CREATE INDEX incidents_position ON incidents(position);

CREATE TABLE incident_mentions (
    event_id    TEXT PRIMARY KEY,                 -- a mention belongs to one incident
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    report_id   TEXT NOT NULL,
    ordinal     INTEGER NOT NULL                  -- the mention's place in its incident
);
CREATE INDEX incident_mentions_incident ON incident_mentions(incident_id, ordinal);
CREATE INDEX incident_mentions_report ON incident_mentions(report_id);
