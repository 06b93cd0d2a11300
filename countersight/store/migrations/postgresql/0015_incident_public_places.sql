-- countersight schema, version 15: each incident's public place. As migrations/sqlite/0015_incident_public_places.sql.
ALTER TABLE incidents ADD COLUMN public_rules TEXT COLLATE "C";
ALTER TABLE incidents ADD COLUMN public_differs SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN public_country TEXT COLLATE "C";
ALTER TABLE incidents ADD COLUMN public_admin1 TEXT COLLATE "C";
ALTER TABLE incidents ADD COLUMN public_place TEXT;
ALTER TABLE incidents ADD COLUMN public_precision TEXT COLLATE "C";
CREATE INDEX incidents_public_rules ON incidents(public_rules);
