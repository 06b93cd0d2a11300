-- countersight schema, version 9: every event records the extractor that made it:
-- the rules' version, and the learned model's when one re-scored the layers
-- ("rules-2+model-0.1.0-9cc69a1b"); NULL for an event an analyst added, and for
-- events stored before this version (made by the rules then, "rules-1").
ALTER TABLE events ADD COLUMN extractor TEXT;
UPDATE events SET extractor = 'rules-1' WHERE origin = 'machine';
