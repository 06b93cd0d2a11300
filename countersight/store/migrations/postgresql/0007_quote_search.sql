-- countersight schema, version 7: the quotes' full-text index holds only quotes that are
-- not their report's own text (see SQLite's 0007_quote_search.sql for why).
ALTER TABLE events ADD COLUMN quote_in_text SMALLINT NOT NULL DEFAULT 0;
UPDATE events e SET quote_in_text = 1 FROM reports r
    WHERE r.id = e.report_id AND SUBSTR(r.body, e.start_offset + 1, e.end_offset - e.start_offset) = e.quote;
ALTER TABLE events DROP COLUMN quote_tsv;
ALTER TABLE events ADD COLUMN quote_tsv tsvector GENERATED ALWAYS AS (
    CASE WHEN quote_in_text = 0 THEN to_tsvector('countersight', quote) END
) STORED;
CREATE INDEX events_search ON events USING GIN (quote_tsv) WHERE quote_in_text = 0;
