-- countersight schema, version 13: analysts' decisions on incidents. As migrations/sqlite/0013_incident_decisions.sql.
CREATE TABLE incident_decisions (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT COLLATE "C" NOT NULL,
    incidents TEXT NOT NULL,
    mentions  TEXT NOT NULL DEFAULT '[]',
    target    TEXT COLLATE "C",
    groups    TEXT NOT NULL,
    reason    TEXT
);
CREATE INDEX incident_decisions_at ON incident_decisions(at);
CREATE FUNCTION incident_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the incident decisions are append-only';
END;
$$;
CREATE TRIGGER incident_decisions_no_change BEFORE UPDATE OR DELETE ON incident_decisions
    FOR EACH ROW EXECUTE FUNCTION incident_decisions_append_only();

CREATE TABLE incident_decision_mentions (
    decision  BIGINT NOT NULL REFERENCES incident_decisions(id),
    event_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (event_id, decision)
);

CREATE TABLE incident_pins (
    event_id  TEXT COLLATE "C" PRIMARY KEY,
    pin       TEXT COLLATE "C" NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    decision  BIGINT NOT NULL REFERENCES incident_decisions(id)
);
CREATE INDEX incident_pins_pin ON incident_pins(pin);

CREATE TABLE incident_redirects (
    old_id TEXT COLLATE "C" PRIMARY KEY,
    new_id TEXT COLLATE "C" NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX incident_redirects_new ON incident_redirects(new_id);

DROP INDEX incidents_position;
CREATE INDEX incidents_position ON incidents(position, id);
