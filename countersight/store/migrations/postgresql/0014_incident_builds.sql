-- countersight schema, version 14: each full build of the incidents (replace_incidents), so
-- that counts know whether the incidents were ever built: an event review in a database
-- never built makes an incident of one mention, which must not make the overview count
-- incidents (countersight.counting). A database built before this version counts as built.
CREATE TABLE incident_builds (
    built_at  TEXT NOT NULL,
    incidents INTEGER NOT NULL
);
INSERT INTO incident_builds (built_at, incidents)
    SELECT MAX(built_at), COUNT(*) FROM incidents HAVING COUNT(*) > 0;
