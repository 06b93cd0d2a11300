"""The web pages' own queries: portable SQL (``?`` placeholders) over the Store.

Each query groups or limits in the database; none loads every event into Python.
Filter conditions come from the Store's own ``_where`` so that a filter means the
same thing on a page, in the API, in an export and on the command line.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from countersight.store.base import Store
from countersight.store.filters import EventFilter


def where(store: Store, f: EventFilter | None, *extra: str) -> tuple[str, list[Any]]:
    """`` WHERE ...`` for a filter plus extra conditions (their parameters are the caller's to append)."""
    clause, params = store._where(f or EventFilter())
    conditions = [clause[len(" WHERE "):]] if clause else []
    conditions += list(extra)
    return ((" WHERE " + " AND ".join(conditions)) if conditions else ""), list(params)


def month_type_counts(store: Store, f: EventFilter | None = None) -> list[tuple[str | None, str, int]]:
    """(YYYY-MM or None when undated, type, events): the timeline chart and the counts by type.

    Without a filter (or by type or status only) from the running tally; otherwise grouped by
    the very expression of the ``events_month_type`` index, unsorted: an index scan.
    """
    tallied = store._tally(f or EventFilter(), "month")
    if tallied is not None:  # no filter, or by type or status only: the running tally
        totals: Counter[tuple[str | None, str]] = Counter()
        for month, etype, _status, n in tallied:
            totals[(month, etype)] += n
        rows = [(month, etype, n) for (month, etype), n in totals.items()]
    else:
        w, params = where(store, f)
        rows = store.query(
            f"SELECT SUBSTR(e.timeline_date, 1, 7), e.type, COUNT(*) FROM events e{w} "
            "GROUP BY SUBSTR(e.timeline_date, 1, 7), e.type",
            params,
        )
    return sorted(((r[0], r[1], int(r[2])) for r in rows), key=lambda r: (r[0] or "", r[1]))


def latest_reports(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """The latest published reports (then undated ones), each with its events.

    Two queries, each in the order of an index, rather than one sort of every report."""
    select = ("SELECT r.id, r.title, r.outlet, r.published, r.on_topic, "
              "(SELECT COUNT(*) FROM events e WHERE e.report_id = r.id AND e.status <> 'rejected') FROM reports r ")
    rows = store.query(select + "WHERE r.published IS NOT NULL ORDER BY r.published DESC, r.ingested_at DESC LIMIT ?",
                       (limit,))
    if len(rows) < limit:
        rows += store.query(select + "WHERE r.published IS NULL ORDER BY r.ingested_at DESC, r.id DESC LIMIT ?",
                            (limit - len(rows),))
    keys = ("id", "title", "outlet", "published", "on_topic", "events")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def review_queue(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """The latest ingested reports that still have events waiting for review, with how many.

    Read in the order of the ingest index, stopping after ``limit`` such reports: the
    newest work first, at the same cost with a thousand events or a million."""
    rows = store.query(
        "SELECT r.id, r.title, (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id AND e.status = 'unreviewed') "
        "FROM reports r WHERE EXISTS (SELECT 1 FROM events e WHERE e.report_id = r.id AND e.status = 'unreviewed') "
        "ORDER BY r.ingested_at DESC, r.id DESC LIMIT ?",
        (limit,),
    )
    return [{"id": r[0], "title": r[1], "unreviewed": int(r[2])} for r in rows]


def place_counts(store: Store, f: EventFilter | None = None, *, public: bool = False) -> list[dict[str, Any]]:
    """Events per distinct place (country, province, place name, stored coordinates).

    ``public``: also by precision and by the analysts' sensitivity mark on the location
    (``mark``: 1 sensitive, 0 not sensitive, -1 none), for ``public.place_rows`` to generalise.
    """
    w, params = where(store, f)
    if public:
        rows = store.query(
            "SELECT e.country, e.admin1, e.place, e.precision, e.lat, e.lon, COALESCE(m.sensitive, -1), COUNT(*) "
            "FROM events e LEFT JOIN sensitivity_marks m ON m.event_id = e.id AND m.field = 'location'"
            f"{w} GROUP BY e.country, e.admin1, e.place, e.precision, e.lat, e.lon, COALESCE(m.sensitive, -1)",
            params,
        )
        return [{"country": r[0], "admin1": r[1], "place": r[2], "precision": r[3], "lat": r[4], "lon": r[5],
                 "mark": int(r[6]), "events": int(r[7])} for r in rows]
    rows = store.query(
        f"SELECT e.country, e.admin1, e.place, e.lat, e.lon, COUNT(*) FROM events e{w} "
        "GROUP BY e.country, e.admin1, e.place, e.lat, e.lon",
        params,
    )
    return [{"country": r[0], "admin1": r[1], "place": r[2], "lat": r[3], "lon": r[4], "events": int(r[5])}
            for r in rows]


def events_at(store: Store, f: EventFilter | None, country: str | None, admin1: str | None, place: str | None,
              limit: int = 100, *, public: bool = False, merged: Sequence[str] = ()) -> tuple[list, int]:
    """Events of one place (exactly: a null province or place name matches only null) and how many there are.

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
        elif value is None:
            extra.append(f"{column} IS NULL")
        else:
            extra.append(f"{column} = ?")
            extra_params.append(value)
    w, params = where(store, f, *extra)
    params += extra_params
    total = int(store.scalar(f"SELECT COUNT(*) FROM events e{w}", params))
    rows = store.query(
        f"SELECT {_prefixed(EVENT_COLUMNS, 'e')} FROM events e{w} ORDER BY e.timeline_date DESC NULLS LAST, e.report_id, "
        "e.start_offset LIMIT ?",
        params + [limit],
    )
    return [row_to_event(r) for r in rows], total


def measure_points(store: Store, measure: str, f: EventFilter | None = None, limit: int = 300) -> tuple[list[dict], int]:
    """The latest ``limit`` values of one measure with their dates, events and reports; and how many there are."""
    w, params = where(store, f, "m.measure = ?", "e.timeline_date IS NOT NULL")
    params.append(measure)
    total = int(store.scalar(f"SELECT COUNT(*) FROM event_measures m JOIN events e ON e.id = m.event_id{w}", params))
    rows = store.query(
        "SELECT e.timeline_date, m.value, m.previous, m.qualifier, e.id, e.report_id, e.type "
        f"FROM event_measures m JOIN events e ON e.id = m.event_id{w} ORDER BY e.timeline_date DESC, e.id LIMIT ?",
        params + [limit],
    )
    points = [{"date": r[0], "value": r[1], "previous": r[2], "qualifier": r[3], "event_id": r[4], "report_id": r[5],
               "type": r[6]} for r in rows]
    points.reverse()
    return points, total


# Facets whose values are lists: grouped on the stored JSON list (a covering index), split here.
_LIST_COLUMNS = {"agency": "e.perpetrators", "target": "e.targets"}


def facet_period_counts(store: Store, facet: str, f: EventFilter | None = None, period: int = 7) -> list[tuple[str, str, int]]:
    """(value, period, events) for agency, target or province; ``period`` 7 = month, 4 = year.

    Grouped by (column, month) exactly as the ``events_*_month`` indexes are ordered: an index
    scan without a sort; years are summed here.
    """
    if facet == "province":
        column = "e.admin1"
    elif facet in _LIST_COLUMNS:
        column = _LIST_COLUMNS[facet]
    else:
        raise ValueError(f"no facet {facet!r}")
    w, params = where(store, f)
    inner = (f"SELECT {column} AS v, SUBSTR(e.timeline_date, 1, 7) AS m, COUNT(*) AS n FROM events e{w} "
             f"GROUP BY {column}, SUBSTR(e.timeline_date, 1, 7)")
    if period < 7:  # roll the (few thousand) month rows up in the database, not here
        inner = f"SELECT q.v, SUBSTR(q.m, 1, {int(period)}), SUM(q.n) FROM ({inner}) q GROUP BY q.v, SUBSTR(q.m, 1, {int(period)})"
    totals: Counter[tuple[str, str]] = Counter()
    for values, key_period, n in store.query(inner, params):
        if not values or not key_period:
            continue
        if facet == "province":
            totals[(values, key_period)] += int(n)
        else:
            for value in _values(values):
                totals[(value, key_period)] += int(n)
    return [(k[0], k[1], n) for k, n in sorted(totals.items())]


def facet_counts(store: Store, facet: str, f: EventFilter | None = None) -> list[tuple[str, int]]:
    """Events per agency or target group, most first (as ``Store.group_counts``, from the JSON lists' index)."""
    column = _LIST_COLUMNS[facet]
    w, params = where(store, f)
    totals: dict[str, int] = {}
    for values, n in store.query(f"SELECT {column}, COUNT(*) FROM events e{w} GROUP BY {column}", params):
        for value in _values(values):
            totals[value] = totals.get(value, 0) + int(n)
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))


@lru_cache(maxsize=4096)
def _values(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(json.loads(text or "[]")))


def date_range(store: Store, f: EventFilter | None = None) -> tuple[str | None, str | None]:
    w, params = where(store, f, "e.timeline_date IS NOT NULL")
    row = store.execute(f"SELECT MIN(e.timeline_date), MAX(e.timeline_date) FROM events e{w}", params).fetchone()
    return (row[0], row[1]) if row else (None, None)
