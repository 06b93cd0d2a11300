-- countersight schema, version 8 (see SQLite's 0008_filter_index.sql).
CREATE INDEX events_type_admin1_date ON events(type, admin1, timeline_date NULLS FIRST, status);
