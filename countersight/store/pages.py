"""The web pages' own queries, as methods of the Store (``Store`` inherits ``PageQueries``).

Each query groups or limits in the database; none loads every event into Python.
Filter conditions come from the Store's own filter SQL, so that a filter means the
same thing on a page, in the API, in an export and on the command line. Rows are
read by column name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from countersight.store.filters import EventFilter
from countersight.store.public import PUBLIC_ADMIN1, PUBLIC_TARGETS, PUBLIC_TIMELINE, is_public, marked_sensitive

if TYPE_CHECKING:
    from countersight.model import Event

# Facets whose values are lists: grouped on the stored JSON list (a covering index), split here.
_LIST_COLUMNS = {"agency": "e.perpetrators", "target": "e.targets"}
class PageQueries:
    """Mixed into ``Store``: uses its ``records``, ``scalar``, ``_where`` and ``_tally``."""

    def _page_where(self, f: EventFilter | None, *extra: str) -> tuple[str, list[Any]]:
        """`` WHERE ...`` for a filter plus extra conditions (their parameters are the caller's to append)."""
        clause, params = self._where(f or EventFilter())  # type: ignore[attr-defined]
        conditions = [clause[len(" WHERE "):]] if clause else []
        conditions += list(extra)
        return ((" WHERE " + " AND ".join(conditions)) if conditions else ""), list(params)

    def month_type_counts(self, f: EventFilter | None = None, *, public: bool = False) -> list[tuple[str | None, str, int]]:
        """(YYYY-MM or None when undated, type, events): the timeline chart and the counts by type.

        Without a filter (or by type or status only) from the running tally; otherwise grouped by
        the very expression of the ``events_month_type`` index, unsorted: an index scan.
        ``public`` (or ``f.public``): an event whose date is withheld counts as undated (the tally
        then serves only while no date is marked sensitive).
        """
        public = is_public(f, public) and self.any_marked_sensitive("date")  # type: ignore[attr-defined]
        tallied = None if public else self._tally(f or EventFilter(), "month")  # type: ignore[attr-defined]
        if tallied is not None:  # no filter, or by type or status only: the running tally
            totals: Counter[tuple[str | None, str]] = Counter()
            for month, etype, _status, n in tallied:
                totals[(month, etype)] += n
            rows = [(month, etype, n) for (month, etype), n in totals.items()]
        else:
            w, params = self._page_where(f)
            timeline = PUBLIC_TIMELINE if public else "e.timeline_date"
            rows = [(r["month"], r["type"], r["n"]) for r in self.records(  # type: ignore[attr-defined]
                f"SELECT SUBSTR({timeline}, 1, 7) AS month, e.type AS type, COUNT(*) AS n FROM events e{w} "
                f"GROUP BY SUBSTR({timeline}, 1, 7), e.type",
                params,
            )]
        return sorted(((r[0], r[1], int(r[2])) for r in rows), key=lambda r: (r[0] or "", r[1]))

    def latest_reports(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest published reports (then undated ones), each with its events.

        Two queries, each in the order of an index, rather than one sort of every report."""
        select = ("SELECT r.id AS id, r.title AS title, r.outlet AS outlet, r.published AS published, "
                  "r.on_topic AS on_topic, (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id "
                  "AND e.status <> 'rejected') AS events FROM reports r ")
        rows = self.records(  # type: ignore[attr-defined]
            select + "WHERE r.published IS NOT NULL ORDER BY r.published DESC, r.ingested_at DESC LIMIT ?", (limit,))
        if len(rows) < limit:
            rows += self.records(  # type: ignore[attr-defined]
                select + "WHERE r.published IS NULL ORDER BY r.ingested_at DESC, r.id DESC LIMIT ?",
                (limit - len(rows),))
        return rows

    def reports_awaiting_review(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest ingested reports that still have events waiting for review, with how many.

        Read in the order of the ingest index, stopping after ``limit`` such reports: the
        newest work first, at the same cost with a thousand events or a million."""
        rows = self.records(  # type: ignore[attr-defined]
            "SELECT r.id AS id, r.title AS title, (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id "
            "AND e.status = 'unreviewed') AS unreviewed "
            "FROM reports r WHERE EXISTS (SELECT 1 FROM events e WHERE e.report_id = r.id AND e.status = 'unreviewed') "
            "ORDER BY r.ingested_at DESC, r.id DESC LIMIT ?",
            (limit,),
        )
        return [dict(r, unreviewed=int(r["unreviewed"])) for r in rows]

    def place_counts(self, f: EventFilter | None = None, *, public: bool = False) -> list[dict[str, Any]]:
        """Events per distinct place (country, province, place name, stored coordinates).

        ``public``: also by precision and by the analysts' sensitivity mark on the location
        (``mark``: 1 sensitive, 0 not sensitive, -1 none), for ``public.place_rows`` to generalise.
        """
        w, params = self._page_where(f)
        if public:
            rows = self.records(  # type: ignore[attr-defined]
                "SELECT e.country AS country, e.admin1 AS admin1, e.place AS place, e.precision AS precision, "
                "e.lat AS lat, e.lon AS lon, COALESCE(m.sensitive, -1) AS mark, COUNT(*) AS events "
                "FROM events e LEFT JOIN sensitivity_marks m ON m.event_id = e.id AND m.field = 'location'"
                f"{w} GROUP BY e.country, e.admin1, e.place, e.precision, e.lat, e.lon, COALESCE(m.sensitive, -1)",
                params,
            )
            return [dict(r, mark=int(r["mark"]), events=int(r["events"])) for r in rows]
        rows = self.records(  # type: ignore[attr-defined]
            "SELECT e.country AS country, e.admin1 AS admin1, e.place AS place, e.lat AS lat, e.lon AS lon, "
            f"COUNT(*) AS events FROM events e{w} GROUP BY e.country, e.admin1, e.place, e.lat, e.lon",
            params,
        )
        return [dict(r, events=int(r["events"])) for r in rows]

    def events_at(self, f: EventFilter | None, country: str | None, admin1: str | None, place: str | None,
                  limit: int = 100, *, public: bool = False, merged: Sequence[str] = (),
                  spellings: Sequence[str] = ()) -> tuple[list[Event], int]:
        """Events of one place (exactly: a null province or place name matches only null) and how many there are.

        ``spellings``: the place's names as stored (one place spelled "Onsong" and "Onsŏng"), instead of ``place``.

        ``public``: a province (no place name) also has the events at the places ``merged`` into it
        (``public.generalised_places``: its districts, dongs and unknown places), unless an analyst
        marked the location as not sensitive.
        """
        from countersight.store.base import EVENT_COLUMNS, _prefixed, row_to_event

        extra, extra_params = [], []
        for column, value in (("e.country", country), ("e.admin1", admin1), ("e.place", place)):
            if public and column == "e.place" and value is None and admin1 is not None and merged:
                extra.append(f"(e.place IS NULL OR (e.place IN ({', '.join('?' * len(merged))}) AND NOT EXISTS (SELECT 1 "
                             "FROM sensitivity_marks m WHERE m.event_id = e.id AND m.field = 'location' AND m.sensitive = 0)))")
                extra_params.extend(merged)
            elif column == "e.place" and spellings:
                extra.append(f"e.place IN ({', '.join('?' * len(spellings))})")
                extra_params.extend(spellings)
            elif value is None:
                extra.append(f"{column} IS NULL")
            else:
                extra.append(f"{column} = ?")
                extra_params.append(value)
        w, params = self._page_where(f, *extra)
        params += extra_params
        total = int(self.scalar(f"SELECT COUNT(*) FROM events e{w}", params))  # type: ignore[attr-defined]
        rows = self.records(  # type: ignore[attr-defined]
            f"SELECT {_prefixed(EVENT_COLUMNS, 'e')} FROM events e{w} ORDER BY e.timeline_date DESC NULLS LAST, "
            "e.report_id, e.start_offset LIMIT ?",
            params + [limit],
        )
        return [row_to_event(r) for r in rows], total

    def measure_points(self, measure: str, f: EventFilter | None = None, limit: int = 300) -> tuple[list[dict], int]:
        """The latest ``limit`` values of one measure with their dates, events and reports; and how many there are."""
        # In public, a value whose event's date is withheld has no place on a time axis.
        dated = ("e.timeline_date IS NOT NULL",) + (("NOT " + marked_sensitive("date"),) if is_public(f) else ())
        w, params = self._page_where(f, "m.measure = ?", *dated)
        params.append(measure)
        total = int(self.scalar(  # type: ignore[attr-defined]
            f"SELECT COUNT(*) FROM event_measures m JOIN events e ON e.id = m.event_id{w}", params))
        points = self.records(  # type: ignore[attr-defined]
            "SELECT e.timeline_date AS date, m.value AS value, m.previous AS previous, m.qualifier AS qualifier, "
            "e.id AS event_id, e.report_id AS report_id, e.type AS type "
            f"FROM event_measures m JOIN events e ON e.id = m.event_id{w} ORDER BY e.timeline_date DESC, e.id LIMIT ?",
            params + [limit],
        )
        points.reverse()
        return points, total

    def facet_period_counts(self, facet: str, f: EventFilter | None = None,
                            period: int = 7, *, undated: bool = False,
                            public: bool = False) -> list[tuple[str, str | None, int]]:
        """(value, period, events) for agency, target or province; ``period`` 7 = month, 4 = year;
        ``undated``: the events without a date too, as period None (so that a value's periods add
        up to its count in ``facet_counts`` and ``group_counts``); ``public`` (or ``f.public``): the
        province, period and targets as the public view shows them (a withheld date is undated).

        Grouped by (column, month) exactly as the ``events_*_month`` indexes are ordered: an index
        scan without a sort; years are summed here.
        """
        public = is_public(f, public)
        if facet == "province":
            column = PUBLIC_ADMIN1 if public else "e.admin1"
        elif facet == "target" and public:
            column = PUBLIC_TARGETS
        elif facet in _LIST_COLUMNS:
            column = _LIST_COLUMNS[facet]
        else:
            raise ValueError(f"no facet {facet!r}")
        month = f"SUBSTR({PUBLIC_TIMELINE if public else 'e.timeline_date'}, 1, 7)"
        w, params = self._page_where(f)
        inner = (f"SELECT {column} AS v, {month} AS m, COUNT(*) AS n FROM events e{w} "
                 f"GROUP BY {column}, {month}")
        if period < 7:  # roll the (few thousand) month rows up in the database, not here
            inner = (f"SELECT q.v AS v, SUBSTR(q.m, 1, {int(period)}) AS m, SUM(q.n) AS n FROM ({inner}) q "
                     f"GROUP BY q.v, SUBSTR(q.m, 1, {int(period)})")
        totals: Counter[tuple[str, str | None]] = Counter()
        for r in self.records(inner, params):  # type: ignore[attr-defined]
            values, key_period, n = r["v"], r["m"], r["n"]
            if not values or not (key_period or undated):
                continue
            key_period = key_period or None
            if facet == "province":
                totals[(values, key_period)] += int(n)
            else:
                for value in _values(values):
                    totals[(value, key_period)] += int(n)
        return [(k[0], k[1], n) for k, n in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]

    def facet_counts(self, facet: str, f: EventFilter | None = None) -> list[tuple[str, int]]:
        """Events per agency or target group, most first (as ``Store.group_counts``, from the JSON lists' index);
        with ``f.public`` withheld targets are not counted."""
        column = PUBLIC_TARGETS if facet == "target" and is_public(f) else _LIST_COLUMNS[facet]
        w, params = self._page_where(f)
        totals: dict[str, int] = {}
        for r in self.records(  # type: ignore[attr-defined]
                f"SELECT {column} AS v, COUNT(*) AS n FROM events e{w} GROUP BY {column}", params):
            for value in _values(r["v"]):
                totals[value] = totals.get(value, 0) + int(r["n"])
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    def public_province_counts(self, f: EventFilter | None = None) -> list[tuple[str | None, int]]:
        """Events per province as the public view shows them (``group_counts("admin1")`` otherwise), most first."""
        w, params = self._page_where(f)
        rows = [(r["k"], int(r["n"])) for r in self.records(  # type: ignore[attr-defined]
            f"SELECT {PUBLIC_ADMIN1} AS k, COUNT(*) AS n FROM events e{w} GROUP BY {PUBLIC_ADMIN1}", params)]
        return sorted(rows, key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or ""))


@lru_cache(maxsize=4096)
def _values(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(json.loads(text or "[]")))
