-- countersight schema, version 6: queries that stay fast with a million events.
--
-- 1. The facet tables carry their event's status and timeline date, so that a filter
--    on an agency, a target group or a measure reads one index in date order and
--    stops after a page (instead of collecting every match and sorting it), and
--    counts its matches from that index alone.
-- 2. Running tallies of events by month, type and status, and by place, type and
--    status, kept by triggers: the overview's totals read a few thousand rows
--    instead of a million. Triggers append +1 / -1 rows to event_tally_log;
--    Store.fold_tallies() moves them into the tallies now and then (readers add
--    both, so the figures are exact whether or not the log has been folded).
ALTER TABLE event_perpetrators ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_perpetrators ADD COLUMN timeline_date TEXT;
ALTER TABLE event_targets ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_targets ADD COLUMN timeline_date TEXT;
ALTER TABLE event_measures ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE event_measures ADD COLUMN timeline_date TEXT;
UPDATE event_perpetrators SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = event_perpetrators.event_id;
UPDATE event_targets SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = event_targets.event_id;
UPDATE event_measures SET status = e.status, timeline_date = e.timeline_date FROM events e WHERE e.id = event_measures.event_id;
CREATE INDEX event_perpetrators_timeline ON event_perpetrators(agency, timeline_date, status, event_id);
CREATE INDEX event_targets_timeline ON event_targets(target_group, timeline_date, status, event_id);
CREATE INDEX event_measures_timeline ON event_measures(measure, timeline_date, status, event_id);

CREATE TABLE event_tally_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    month   TEXT NOT NULL,               -- YYYY-MM of the timeline date; '' when undated
    type    TEXT NOT NULL,
    status  TEXT NOT NULL,
    country TEXT NOT NULL,               -- '' when unknown
    admin1  TEXT NOT NULL,               -- '' when unknown
    delta   INTEGER NOT NULL
);
CREATE TABLE event_tally_month (
    month  TEXT NOT NULL,
    type   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (month, type, status)
);
CREATE TABLE event_tally_place (
    country TEXT NOT NULL,
    admin1  TEXT NOT NULL,
    type    TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (country, admin1, type, status)
);
INSERT INTO event_tally_month (month, type, status, n)
    SELECT COALESCE(SUBSTR(timeline_date, 1, 7), ''), type, status, COUNT(*) FROM events
    GROUP BY COALESCE(SUBSTR(timeline_date, 1, 7), ''), type, status;
INSERT INTO event_tally_place (country, admin1, type, status, n)
    SELECT COALESCE(country, ''), COALESCE(admin1, ''), type, status, COUNT(*) FROM events
    GROUP BY COALESCE(country, ''), COALESCE(admin1, ''), type, status;

CREATE TRIGGER events_tally_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_tally_log (month, type, status, country, admin1, delta)
    VALUES (COALESCE(SUBSTR(new.timeline_date, 1, 7), ''), new.type, new.status, COALESCE(new.country, ''),
            COALESCE(new.admin1, ''), 1);
END;
CREATE TRIGGER events_tally_delete AFTER DELETE ON events BEGIN
    INSERT INTO event_tally_log (month, type, status, country, admin1, delta)
    VALUES (COALESCE(SUBSTR(old.timeline_date, 1, 7), ''), old.type, old.status, COALESCE(old.country, ''),
            COALESCE(old.admin1, ''), -1);
END;
CREATE TRIGGER events_tally_update AFTER UPDATE OF timeline_date, type, status, country, admin1 ON events BEGIN
    INSERT INTO event_tally_log (month, type, status, country, admin1, delta)
    VALUES (COALESCE(SUBSTR(old.timeline_date, 1, 7), ''), old.type, old.status, COALESCE(old.country, ''),
            COALESCE(old.admin1, ''), -1),
           (COALESCE(SUBSTR(new.timeline_date, 1, 7), ''), new.type, new.status, COALESCE(new.country, ''),
            COALESCE(new.admin1, ''), 1);
END;
