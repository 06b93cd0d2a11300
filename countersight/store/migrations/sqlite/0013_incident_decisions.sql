-- countersight schema, version 13: analysts' decisions on incidents (countersight.incidents.review).
-- The incidents are rebuilt whole from the events; these tables are what a rebuild must not
-- lose. incident_decisions is the append-only log (who merged, split, moved, confirmed what,
-- when and why); incident_pins holds the constraints the log implies, keyed by mention
-- (event) id: mentions with the same pin stay together, mentions with different pins stay
-- apart, and a confirmed pin takes no other mention. incident_redirects leads an incident id
-- that a decision or a rebuild retired to the incident now holding most of its mentions.
CREATE TABLE incident_decisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT NOT NULL,                 -- merge | split | move | confirm | unconfirm
    incidents TEXT NOT NULL,                 -- JSON list: the incident ids decided on, as they were
    mentions  TEXT NOT NULL DEFAULT '[]',    -- JSON list: the mention ids the decision names (split off, moved)
    target    TEXT,                          -- move: the incident the mention joined
    groups    TEXT NOT NULL,                 -- JSON list of {id, mentions, confirmed}: the incidents it left
    reason    TEXT
);
CREATE INDEX incident_decisions_at ON incident_decisions(at);
CREATE TRIGGER incident_decisions_no_update BEFORE UPDATE ON incident_decisions BEGIN
    SELECT RAISE(ABORT, 'the incident decisions are append-only');
END;
CREATE TRIGGER incident_decisions_no_delete BEFORE DELETE ON incident_decisions BEGIN
    SELECT RAISE(ABORT, 'the incident decisions are append-only');
END;

-- Which mentions each decision concerned: an incident's history is the decisions on its mentions.
CREATE TABLE incident_decision_mentions (
    decision  INTEGER NOT NULL REFERENCES incident_decisions(id),
    event_id  TEXT NOT NULL,
    PRIMARY KEY (event_id, decision)
);

-- One incident's decided membership per pin (the decision and the group of it: "12.0").
CREATE TABLE incident_pins (
    event_id  TEXT PRIMARY KEY,
    pin       TEXT NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,    -- 1: the membership is frozen
    decision  INTEGER NOT NULL REFERENCES incident_decisions(id)
);
CREATE INDEX incident_pins_pin ON incident_pins(pin);

CREATE TABLE incident_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX incident_redirects_new ON incident_redirects(new_id);

-- Listing order: position, then id (incidents a decision made share their position until a rebuild).
DROP INDEX incidents_position;
CREATE INDEX incidents_position ON incidents(position, id);
