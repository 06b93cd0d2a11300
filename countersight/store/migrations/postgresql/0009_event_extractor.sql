-- countersight schema, version 9 (see SQLite's 0009_event_extractor.sql).
ALTER TABLE events ADD COLUMN extractor TEXT;
UPDATE events SET extractor = 'rules-1' WHERE origin = 'machine';
