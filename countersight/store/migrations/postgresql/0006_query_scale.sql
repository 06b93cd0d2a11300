-- countersight schema, version 6: queries that stay fast with a million events
-- (the same tables as SQLite's 0006_query_scale.sql; see there for why).
-- PostgreSQL sorts NULL last in ascending order: the date indexes put NULL first, so
-- that read backwards they give the Events page's order, newest first, undated last.
ALTER TABLE event_perpetrators ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_perpetrators ADD COLUMN timeline_date TEXT;
ALTER TABLE event_targets ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_targets ADD COLUMN timeline_date TEXT;
ALTER TABLE event_measures ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_measures ADD COLUMN timeline_date TEXT;
UPDATE event_perpetrators p SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = p.event_id;
UPDATE event_targets t SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = t.event_id;
UPDATE event_measures m SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = m.event_id;
CREATE INDEX event_perpetrators_timeline ON event_perpetrators(agency, timeline_date NULLS FIRST, status, event_id);
CREATE INDEX event_targets_timeline ON event_targets(target_group, timeline_date NULLS FIRST, status, event_id);
CREATE INDEX event_measures_timeline ON event_measures(measure, timeline_date NULLS FIRST, status, event_id);
DROP INDEX events_timeline;
DROP INDEX events_type_date;
DROP INDEX events_admin1;
DROP INDEX events_status;
CREATE INDEX events_timeline ON events(timeline_date NULLS FIRST);
CREATE INDEX events_type_date ON events(type, timeline_date NULLS FIRST);
CREATE INDEX events_admin1 ON events(admin1, timeline_date NULLS FIRST);
CREATE INDEX events_status ON events(status, timeline_date NULLS FIRST);

CREATE TABLE event_tally_log (
    id      BIGSERIAL PRIMARY KEY,
    month   TEXT NOT NULL,
    type    TEXT NOT NULL,
    status  TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1  TEXT NOT NULL,
    delta   INTEGER NOT NULL
);
CREATE TABLE event_tally_month (
    month  TEXT NOT NULL,
    type   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (month, type, status)
);
CREATE TABLE event_tally_place (
    country TEXT NOT NULL,
    admin1  TEXT NOT NULL,
    type    TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (country, admin1, type, status)
);
INSERT INTO event_tally_month (month, type, status, n)
    SELECT COALESCE(SUBSTR(timeline_date, 1, 7), ''), type, status, COUNT(*) FROM events
    GROUP BY COALESCE(SUBSTR(timeline_date, 1, 7), ''), type, status;
INSERT INTO event_tally_place (country, admin1, type, status, n)
    SELECT COALESCE(country, ''), COALESCE(admin1, ''), type, status, COUNT(*) FROM events
    GROUP BY COALESCE(country, ''), COALESCE(admin1, ''), type, status;

-- Append-only rows: concurrent writers never wait on one another's tally rows.
CREATE FUNCTION events_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO event_tally_log (month, type, status, country, admin1, delta)
        VALUES (COALESCE(SUBSTR(OLD.timeline_date, 1, 7), ''), OLD.type, OLD.status, COALESCE(OLD.country, ''),
                COALESCE(OLD.admin1, ''), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO event_tally_log (month, type, status, country, admin1, delta)
        VALUES (COALESCE(SUBSTR(NEW.timeline_date, 1, 7), ''), NEW.type, NEW.status, COALESCE(NEW.country, ''),
                COALESCE(NEW.admin1, ''), 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_tally AFTER INSERT OR DELETE OR UPDATE OF timeline_date, type, status, country, admin1
    ON events FOR EACH ROW EXECUTE FUNCTION events_tally();
