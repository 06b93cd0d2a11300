-- countersight schema, version 5: analysts' marks of what is sensitive in an event (for public exports).
CREATE TABLE sensitivity_marks (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    sensitive INTEGER NOT NULL,
    username  TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
);
