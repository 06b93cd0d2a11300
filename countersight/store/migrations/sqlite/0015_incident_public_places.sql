-- countersight schema, version 15: each incident's place as the public view shows it
-- (countersight.incidents.public_incident: the most precise of its mentions' redacted places),
-- stored when incidents are built or updated and when a location is marked, so that the public
-- counts by place and province are a GROUP BY instead of the gazetteer run over every incident.
-- public_rules: the fingerprint of the redaction rules and gazetteer it was computed with
-- (countersight.privacy.place_rules); NULL: not computed yet (incidents built before this
-- version). Counts use the stored places only while every incident has the current one.
-- public_differs: 1 when the public place is not the stored one (then in the public_* columns).
ALTER TABLE incidents ADD COLUMN public_rules TEXT;
ALTER TABLE incidents ADD COLUMN public_differs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN public_country TEXT;
ALTER TABLE incidents ADD COLUMN public_admin1 TEXT;
ALTER TABLE incidents ADD COLUMN public_place TEXT;
ALTER TABLE incidents ADD COLUMN public_precision TEXT;
CREATE INDEX incidents_public_rules ON incidents(public_rules);
