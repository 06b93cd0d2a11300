-- countersight schema, version 7: the quotes' full-text index holds only quotes that are
-- not their report's own text (quote_in_text = 0). A quote taken from the report is
-- found through the report's index already; indexing every quote a second time made a
-- search for a common word collect a large share of all events before it could page.
ALTER TABLE events ADD COLUMN quote_in_text INTEGER NOT NULL DEFAULT 0;
UPDATE events SET quote_in_text = 1 FROM reports r
    WHERE r.id = events.report_id AND SUBSTR(r.body, events.start_offset + 1, events.end_offset - events.start_offset) = events.quote;
DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
INSERT INTO events_fts(events_fts) VALUES ('delete-all');
INSERT INTO events_fts(rowid, quote) SELECT rowid, quote FROM events WHERE quote_in_text = 0;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN new.quote_in_text = 0 BEGIN
    INSERT INTO events_fts(rowid, quote) VALUES (new.rowid, new.quote);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events WHEN old.quote_in_text = 0 BEGIN
    INSERT INTO events_fts(events_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF quote, quote_in_text ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, quote) SELECT 'delete', old.rowid, old.quote WHERE old.quote_in_text = 0;
    INSERT INTO events_fts(rowid, quote) SELECT new.rowid, new.quote WHERE new.quote_in_text = 0;
END;
