-- countersight schema, version 8: the Events page's most common combination of filters
-- (type, province, a date range, not rejected) read from one covering index, instead of
-- looking up every event of that type in the date range (6,000 rows at a million events).
CREATE INDEX events_type_admin1_date ON events(type, admin1, timeline_date, status);
