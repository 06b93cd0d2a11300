"""Counts of incidents, as methods of the Store (``Store`` inherits ``IncidentCounts``): the
overview, trends, map and summary counting incidents instead of mentions.

Each mirrors a count of mentions (``Store.group_counts``, ``PageQueries.month_type_counts``,
``facet_period_counts``, ``place_counts``) and groups in the database the same way:

- an incident counts when at least one of its mentions matches the events filter, exactly
  as ``list_incidents`` and ``count_incidents`` select them (``IncidentRows._incident_where``);
- it is grouped by its own summarised type, place, date, perpetrators and targets (the most
  precise its mentions support), never by a mention's: one act counts once;
- one with several perpetrators (or targets) counts once in each of their rows, as a mention
  naming several does.

The public view (``public=True``, or ``f.public``) counts an incident as a public export shows it
(``countersight.incidents.public_incident``: summarised again from the publicly redacted
mentions). Its place needs the gazetteer and the analysts' marks: it is computed when incidents
are written and when a location is marked (``store_public_places``, migration 15), so those counts
are a GROUP BY; in a database whose incidents were built before that (or under other redaction
rules) they read one row per incident and distinct mention place and finish here. Its date and
targets differ from the stored ones only where a mention's date or targets are marked sensitive:
the counts group the stored columns, then move those few incidents (``_public_fixes``) from
their stored date and targets to their public ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from countersight.model import Location
from countersight.store.filters import EventFilter
from countersight.store.pages import _values  # one JSON list reader for events and incidents
from countersight.store.public import is_public, marked_sensitive

# Columns of ``incidents`` an incident is counted by, by the names ``Store.group_counts`` uses.
INCIDENT_GROUPS: dict[str, str] = {
    "type": "i.type", "admin1": "i.admin1", "country": "i.country", "corroboration": "i.corroboration",
    "precision": "i.precision", "month": "SUBSTR(i.timeline_date, 1, 7)",
}
# List facets: the JSON list column, split here as ``PageQueries`` splits the events' lists.
INCIDENT_LISTS: dict[str, str] = {"agency": "i.perpetrators", "target": "i.targets"}


# A place column of an incident as the public view shows it, once stored (``store_public_places``).
def _public_column(column: str) -> str:
    return f"CASE WHEN i.public_differs = 1 THEN i.public_{column} ELSE i.{column} END"


@dataclass(frozen=True)
class _PublicFix:
    """An incident with a mention whose date or targets are withheld in public: its timeline date
    and targets as stored and as ``public_incident`` publishes them."""

    type: str
    perpetrators: tuple[str, ...]
    timeline: str | None
    targets: tuple[str, ...]
    public_timeline: str | None
    public_targets: tuple[str, ...]
    province: str | None  # its public province, where stored (``public_places_stored``)


class IncidentCounts:
    """Mixed into ``Store``: uses its ``records``, ``scalar``, ``dialect`` and ``_incident_where``."""

    def incidents_built_at(self) -> str | None:
        """When the incidents were last built whole (``replace_incidents``); None: never. (Incidents
        an event review makes in a database never built, one mention each, are not a build.)"""
        return self.scalar("SELECT MAX(built_at) FROM incident_builds")  # type: ignore[attr-defined]

    def mentions_outside_incidents(self) -> int:
        """Events (rejected ones left out) that belong to no incident: added or re-extracted since
        the incidents were built. Counting incidents leaves them out until the next build."""
        return int(self.scalar(  # type: ignore[attr-defined]
            "SELECT COUNT(*) FROM events e WHERE e.status <> 'rejected' AND NOT EXISTS "
            "(SELECT 1 FROM incident_mentions m WHERE m.event_id = e.id)"))

    def incident_group_counts(self, column: str, f: EventFilter | None = None, limit: int | None = None, *,
                              public: bool = False) -> list[tuple[Any, int]]:
        """Incidents by one column (type, admin1, country, corroboration, precision, month) or list facet
        (agency, target): (value, incidents), most first; by month: by key, undated first."""
        public = is_public(f, public)
        if public and column in ("admin1", "country", "precision") and self.public_places_stored():
            expr = _public_column(column)
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            rows = [(r["k"], int(r["n"])) for r in self.records(  # type: ignore[attr-defined]
                f"SELECT {expr} AS k, COUNT(*) AS n FROM incidents i{where} GROUP BY {expr}", params)]
        elif public and column in ("admin1", "country", "precision"):
            totals: Counter[Any] = Counter()
            for location, _ in self._public_incident_places(f):
                totals[getattr(location, column) if location else None] += 1
            rows = list(totals.items())
        elif column in INCIDENT_LISTS:
            rows = list(self._incident_list_counts(INCIDENT_LISTS[column], f).items())
        elif column in INCIDENT_GROUPS:
            expr = INCIDENT_GROUPS[column]
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            rows = [(r["k"], int(r["n"])) for r in self.records(  # type: ignore[attr-defined]
                f"SELECT {expr} AS k, COUNT(*) AS n FROM incidents i{where} GROUP BY {expr}", params)]
        else:
            raise ValueError(f"cannot group incidents by {column!r}")
        if public and column in ("month", "target"):
            if column == "month":
                def keys(fix_type: str, agencies: tuple[str, ...], targets: tuple[str, ...],
                         timeline: str | None) -> Iterable[Hashable]:
                    return (timeline[:7] if timeline else None,)
            else:
                def keys(fix_type: str, agencies: tuple[str, ...], targets: tuple[str, ...],
                         timeline: str | None) -> Iterable[Hashable]:
                    return targets
            rows = list(self._publish(Counter({(k or None): n for k, n in rows}), f, keys).items())
        if column == "month":
            ordered = sorted(rows, key=lambda kv: (kv[0] is not None, kv[0] or ""))
        else:
            ordered = sorted(rows, key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or ""))
        return ordered[:limit] if limit else ordered

    def _incident_list_counts(self, column: str, f: EventFilter | None) -> Counter[str]:
        where, params = self._incident_where(f)  # type: ignore[attr-defined]
        totals: Counter[str] = Counter()
        for r in self.records(  # type: ignore[attr-defined]
                f"SELECT {column} AS v, COUNT(*) AS n FROM incidents i{where} GROUP BY {column}", params):
            for value in _values(r["v"]):
                totals[value] += int(r["n"])
        return totals

    def incident_month_type_counts(self, f: EventFilter | None = None, *,
                                   public: bool = False) -> list[tuple[str | None, str, int]]:
        """(YYYY-MM or None when undated, type, incidents), as ``month_type_counts`` gives mentions: by
        the incident's date, else its first report's publication date (its ``timeline_date``);
        ``public`` (or ``f.public``): by its public date (``_public_fixes``)."""
        where, params = self._incident_where(f)  # type: ignore[attr-defined]
        rows = self.records(  # type: ignore[attr-defined]
            f"SELECT SUBSTR(i.timeline_date, 1, 7) AS month, i.type AS type, COUNT(*) AS n FROM incidents i{where} "
            "GROUP BY SUBSTR(i.timeline_date, 1, 7), i.type", params)
        totals: Counter[Hashable] = Counter({(r["month"] or None, r["type"]): int(r["n"]) for r in rows})
        if is_public(f, public):
            totals = self._publish(totals, f, lambda kind, agencies, targets, timeline:
                                   ((timeline[:7] if timeline else None, kind),))
        return sorted(((month, kind, n) for (month, kind), n in totals.items()),  # type: ignore[misc]
                      key=lambda r: (r[0] or "", r[1]))

    def incident_facet_period_counts(self, facet: str, f: EventFilter | None = None, period: int = 7, *,
                                     undated: bool = False, public: bool = False) -> list[tuple[str, str | None, int]]:
        """(value, period, incidents) for agency, target or province, as ``facet_period_counts`` gives
        mentions; ``period`` 7 = month, 4 = year; ``undated``: the undated ones too, as period None."""
        public = is_public(f, public)
        totals: Counter[tuple[str, str | None]] = Counter()
        if facet == "province" and public and self.public_places_stored():
            expr, size = _public_column("admin1"), int(period)
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            for r in self.records(  # type: ignore[attr-defined]
                    f"SELECT {expr} AS v, SUBSTR(i.timeline_date, 1, {size}) AS m, COUNT(*) AS n "
                    f"FROM incidents i{where} GROUP BY {expr}, SUBSTR(i.timeline_date, 1, {size})", params):
                if r["v"] and (r["m"] or undated):
                    totals[(r["v"], r["m"] or None)] += int(r["n"])
            fixes = self._public_fixes(f).values()
            for fix in fixes:  # (their dates as published)
                for timeline, step in ((fix.timeline, -1), (fix.public_timeline, 1)):
                    if fix.province and (timeline or undated):
                        totals[(fix.province, timeline[:size] if timeline else None)] += step
            totals = Counter({k: n for k, n in totals.items() if n > 0})
        elif facet == "province" and public:
            for location, month in self._public_incident_places(f, public_dates=True):
                if location and location.admin1 and (month or undated):
                    totals[(location.admin1, month[:period] if month else None)] += 1
        else:
            if facet == "province":
                column = "i.admin1"
            elif facet in INCIDENT_LISTS:
                column = INCIDENT_LISTS[facet]
            else:
                raise ValueError(f"no facet {facet!r}")
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            size = int(period)
            for r in self.records(  # type: ignore[attr-defined]
                    f"SELECT {column} AS v, SUBSTR(i.timeline_date, 1, {size}) AS m, COUNT(*) AS n "
                    f"FROM incidents i{where} GROUP BY {column}, SUBSTR(i.timeline_date, 1, {size})", params):
                values, key_period = r["v"], r["m"] or None
                if not values or not (key_period or undated):
                    continue
                for value in ((values,) if facet == "province" else _values(values)):
                    totals[(value, key_period)] += int(r["n"])
            if public:
                size = int(period)

                def keys(kind: str, agencies: tuple[str, ...], targets: tuple[str, ...],
                         timeline: str | None) -> Iterable[Hashable]:
                    key_period = timeline[:size] if timeline else None
                    return [(v, key_period) for v in (agencies if facet == "agency" else targets)
                            if key_period or undated]
                totals = self._publish(totals, f, keys)  # type: ignore[assignment]
        return [(k[0], k[1], n) for k, n in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]

    def incident_place_counts(self, f: EventFilter | None = None, *, public: bool = False) -> list[dict[str, Any]]:
        """Incidents per distinct place, in the rows ``place_counts`` gives for mentions (the count in
        ``events``, for ``mapview.group_points``; no stored coordinates: the gazetteer's are used).
        ``public``: the place as the public view shows the incident, already generalised."""
        if public and self.public_places_stored():
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            columns = [_public_column(c) for c in ("country", "admin1", "place", "precision")]
            columns[3] = f"COALESCE({columns[3]}, 'country')"  # (no place at all: as the country's)
            rows = [dict(r, events=int(r["events"])) for r in self.records(  # type: ignore[attr-defined]
                f"SELECT {columns[0]} AS country, {columns[1]} AS admin1, {columns[2]} AS place, "
                f"{columns[3]} AS precision, COUNT(*) AS events FROM incidents i{where} "
                f"GROUP BY {', '.join(columns)}", params)]
        elif public:
            totals: Counter[tuple] = Counter()
            for location, _ in self._public_incident_places(f):
                loc = location or Location(None, None, None, "country")
                totals[(loc.country, loc.admin1, loc.place, loc.precision)] += 1
            rows = [{"country": c, "admin1": a, "place": p, "precision": pr, "events": n}
                    for (c, a, p, pr), n in totals.items()]
        else:
            where, params = self._incident_where(f)  # type: ignore[attr-defined]
            rows = [dict(r, events=int(r["events"])) for r in self.records(  # type: ignore[attr-defined]
                "SELECT i.country AS country, i.admin1 AS admin1, i.place AS place, i.precision AS precision, "
                f"COUNT(*) AS events FROM incidents i{where} GROUP BY i.country, i.admin1, i.place, i.precision",
                params)]
        return [{**r, "lat": None, "lon": None} for r in rows]

    def incident_people(self, f: EventFilter | None = None) -> dict[str, Any]:
        """The people the matching incidents concern, where a report states how many: ``stated``
        incidents with a count, ``unstated`` without, ``people`` their counts summed, and of those
        ``approx`` / ``min`` / ``max`` the incidents whose count is so qualified ("about 500",
        "at least 15", "up to 20"), so a reader sees how firm the sum is."""
        where, params = self._incident_where(f)  # type: ignore[attr-defined]
        rows = self.records(  # type: ignore[attr-defined]
            "SELECT CASE WHEN i.people_count IS NULL THEN 0 ELSE 1 END AS stated, "
            "COALESCE(i.people_qualifier, '') AS qualifier, COUNT(*) AS n, SUM(i.people_count) AS people "
            f"FROM incidents i{where} GROUP BY CASE WHEN i.people_count IS NULL THEN 0 ELSE 1 END, "
            "COALESCE(i.people_qualifier, '')", params)
        out: dict[str, Any] = {"stated": 0, "unstated": 0, "people": 0, "approx": 0, "min": 0, "max": 0}
        for r in rows:
            if not int(r["stated"]):
                out["unstated"] += int(r["n"])
                continue
            out["stated"] += int(r["n"])
            out["people"] += int(r["people"] or 0)
            if r["qualifier"] in ("approx", "min", "max"):
                out[r["qualifier"]] += int(r["n"])
        return out

    def _publish(self, totals: Counter[Hashable], f: EventFilter | None,
                 keys: Callable[[str, tuple[str, ...], tuple[str, ...], str | None], Iterable[Hashable]]
                 ) -> Counter[Hashable]:
        """``totals`` (counted by the stored columns; ``keys`` gives an incident's keys from its type,
        perpetrators, targets and timeline date) with the incidents of ``_public_fixes`` moved from
        their stored keys to their public ones; keys left at nothing dropped."""
        for fix in self._public_fixes(f).values():
            totals.subtract(keys(fix.type, fix.perpetrators, fix.targets, fix.timeline))
            totals.update(keys(fix.type, fix.perpetrators, fix.public_targets, fix.public_timeline))
        return Counter({k: n for k, n in totals.items() if n > 0})

    def _public_fixes(self, f: EventFilter | None) -> dict[str, _PublicFix]:
        """The matching incidents one of whose mentions has its date or targets marked sensitive, by id:
        their timeline date and targets as stored and as ``public_incident`` publishes them.

        Few (marks are an analyst's, one event at a time), found from the marks. As ``summarise``
        does on the redacted mentions: the date of the most precise publicly dated mention (the
        first among equals), the targets of the mentions that keep theirs. An incident left
        without a public date but one of whose dates is withheld is undated, as such a mention is
        (``store.public.PUBLIC_TIMELINE``): its report's publication date would nearly date it."""
        from countersight.incidents.link import DATE_RANK

        where, params = self._incident_where(f)  # type: ignore[attr-defined]
        conditions = ["i.id IN (SELECT k.incident_id FROM incident_mentions k JOIN sensitivity_marks w "
                      "ON w.event_id = k.event_id WHERE w.field IN ('date', 'targets') AND w.sensitive = 1)"]
        if where:
            conditions.append(where[len(" WHERE "):])
        rows = self.records(  # type: ignore[attr-defined]
            "SELECT i.id AS id, i.type AS type, i.perpetrators AS perpetrators, i.targets AS targets, "
            f"i.timeline_date AS timeline, {_public_column('admin1')} AS province, "
            "e.date_start AS date_start, e.date_precision AS date_precision, "
            f"e.targets AS mention_targets, CASE WHEN {marked_sensitive('date')} THEN 1 ELSE 0 END AS no_date, "
            f"CASE WHEN {marked_sensitive('targets')} THEN 1 ELSE 0 END AS no_targets "
            "FROM incidents i JOIN incident_mentions m ON m.incident_id = i.id JOIN events e ON e.id = m.event_id "
            f"WHERE {' AND '.join(conditions)} ORDER BY i.id, m.ordinal", params)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            grouped.setdefault(r["id"], []).append(r)
        fixes: dict[str, _PublicFix] = {}
        for incident_id, mentions in grouped.items():
            head = mentions[0]
            dated = [m for m in mentions if m["date_start"] and not int(m["no_date"])]
            if dated:
                timeline = min(dated, key=lambda m: DATE_RANK.get(m["date_precision"], 9))["date_start"]
            elif any(int(m["no_date"]) for m in mentions):
                timeline = None
            else:
                timeline = head["timeline"]
            targets = tuple(dict.fromkeys(t for m in mentions if not int(m["no_targets"])
                                          for t in _values(m["mention_targets"])))
            fixes[incident_id] = _PublicFix(head["type"], _values(head["perpetrators"]), head["timeline"] or None,
                                            _values(head["targets"]), timeline, targets, head["province"])
        return fixes

    def public_places_stored(self) -> bool:
        """Every incident's public place is stored, under the current redaction rules (``store_public_places``)."""
        from countersight.privacy import place_rules

        return self.scalar("SELECT 1 FROM incidents WHERE public_rules IS NULL OR public_rules <> ? LIMIT 1",  # type: ignore[attr-defined]
                           (place_rules(),)) is None

    def store_public_places(self, incident_ids: Iterable[str] | None = None) -> int:
        """Compute and store the public place of these incidents (None: of all), as ``public_incident``
        summarises it; how many differ from the stored place. Called where incidents are written
        and where a location is marked, in their transaction. Only those that differ are written
        one by one; the rest are stamped by one statement."""
        from countersight.privacy import place_rules

        rules = place_rules()
        chunks: list[tuple[str, list[Any]]]
        if incident_ids is None:
            chunks = [("", [])]
        else:
            ids = list(dict.fromkeys(incident_ids))
            chunks = [(f" WHERE i.id IN ({', '.join('?' * len(ids[k:k + 500]))})", ids[k:k + 500])
                      for k in range(0, len(ids), 500)]
        differ = 0
        with self.transaction():  # type: ignore[attr-defined]
            for where, params in chunks:
                # (forgotten first: a place that now equals the stored one must lose its old public one)
                self.execute(f"UPDATE incidents SET public_rules = NULL WHERE public_rules IS NOT NULL"  # type: ignore[attr-defined]
                             f"{where.replace(' WHERE i.id', ' AND id')}", params)
                # (read whole before writing: SQLite leaves undefined a change to the rows a running query reads)
                changed = []
                for incident_id, _, stored, location in self._computed_public_places(where, params):
                    public = (location.country, location.admin1, location.place, location.precision) if location \
                        else (None, None, None, None)
                    if public != stored:
                        changed.append((rules, *public, incident_id))
                for row in changed:
                    self.execute(  # type: ignore[attr-defined]
                        "UPDATE incidents SET public_rules = ?, public_differs = 1, public_country = ?, "
                        "public_admin1 = ?, public_place = ?, public_precision = ? WHERE id = ?", row)
                differ += len(changed)
                self.execute(  # type: ignore[attr-defined]
                    "UPDATE incidents SET public_rules = ?, public_differs = 0, public_country = NULL, "
                    "public_admin1 = NULL, public_place = NULL, public_precision = NULL WHERE public_rules IS NULL"
                    f"{where.replace(' WHERE i.id', ' AND id')}", [rules, *params])
        return differ

    def _public_incident_places(self, f: EventFilter | None, batch: int = 5000, *,
                                public_dates: bool = False) -> Iterator[tuple[Location | None, str | None]]:
        """(place as the public view shows it, YYYY-MM of its timeline date) of each matching incident,
        computed (``public_places_stored`` says when the stored places serve instead); ``public_dates``:
        of its public timeline date (``_public_fixes``)."""
        where, params = self._incident_where(f)  # type: ignore[attr-defined]
        dates = ({i: (fix.public_timeline[:7] if fix.public_timeline else None)
                  for i, fix in self._public_fixes(f).items()} if public_dates else {})
        for incident_id, month, _, location in self._computed_public_places(where, params, batch):
            yield location, dates.get(incident_id, month)

    def _computed_public_places(self, where: str, params: list[Any], batch: int = 5000
                                ) -> Iterator[tuple[str, str | None, tuple, Location | None]]:
        """(id, YYYY-MM of its timeline date, its stored (country, admin1, place, precision), its place
        as the public view shows it) of each incident ``where`` selects.

        As ``public_incident`` summarises it: the most precise of its mentions' publicly redacted
        places, the first mention's among equals. One row per incident and distinct mention place
        (and mark), in incident order."""
        from countersight.incidents.link import LOCATION_RANK

        sql = (
            "SELECT i.id AS id, SUBSTR(i.timeline_date, 1, 7) AS month, i.country AS country, i.admin1 AS admin1, "
            "i.place AS place, i.precision AS precision, e.country AS mention_country, e.admin1 AS mention_admin1, "
            "e.place AS mention_place, e.precision AS mention_precision, COALESCE(s.sensitive, -1) AS mark, "
            "MIN(m.ordinal) AS first_ordinal "
            "FROM incidents i JOIN incident_mentions m ON m.incident_id = i.id JOIN events e ON e.id = m.event_id "
            "LEFT JOIN sensitivity_marks s ON s.event_id = e.id AND s.field = 'location'"
            f"{where} GROUP BY i.id, SUBSTR(i.timeline_date, 1, 7), i.country, i.admin1, i.place, i.precision, "
            "e.country, e.admin1, e.place, e.precision, COALESCE(s.sensitive, -1) ORDER BY i.id")
        current: str | None = None
        month: str | None = None
        stored: tuple = ()
        best: tuple[int, int, Location] | None = None
        for row in self.dialect.stream(self, sql, params, batch):  # type: ignore[attr-defined]
            if row["id"] != current:
                if current is not None:
                    yield current, month, stored, (best[2] if best else None)
                current, month, best = row["id"], row["month"] or None, None
                stored = (row["country"], row["admin1"], row["place"], row["precision"])
            location = _public_location(row["mention_country"], row["mention_admin1"], row["mention_place"],
                                        row["mention_precision"], int(row["mark"]))
            if location is not None:
                key = (LOCATION_RANK.get(location.precision, 9), int(row["first_ordinal"]), location)
                if best is None or key[:2] < best[:2]:
                    best = key
        if current is not None:
            yield current, month, stored, (best[2] if best else None)


@lru_cache(maxsize=8192)
def _public_location(country: str | None, admin1: str | None, place: str | None, precision: str | None,
                     mark: int) -> Location | None:
    """A stored mention place as ``privacy.redact_event`` publishes it (mark: 1 sensitive, 0 not, -1 none)."""
    from countersight.privacy import redact_event
    from countersight.model import Event, Evidence

    if not (country or admin1 or place):
        return None
    stored = Location(country, admin1, place, precision or "country")
    marks = {"location": bool(mark)} if mark in (0, 1) else None
    return redact_event(Event(id="", document="", type="", evidence=Evidence("", 0, 0), location=stored), marks).location
