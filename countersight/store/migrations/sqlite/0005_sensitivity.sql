-- countersight schema, version 5: analysts' marks of what is sensitive in an event (for public exports).
CREATE TABLE sensitivity_marks (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,          -- evidence | location | date | targets
    sensitive INTEGER NOT NULL,       -- 1: withhold in public exports; 0: publish as it is
    username  TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
);
