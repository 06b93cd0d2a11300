"""The storage layer: one class over a DB-API connection, with the few things that
differ between SQLite and PostgreSQL kept in a ``Dialect``.

Writes of one report (its row, fingerprints and events) happen in one
transaction: a crash or a bad file never leaves half a report behind.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from countersight.errors import NotFound
from countersight.model import REVIEW_ORDERS, DateSpan, Event, Evidence, Location, Measure, Penalty
from countersight.store.filters import EventFilter, search_words
from countersight.store.accounts import AccountRows
from countersight.store.incident_counts import IncidentCounts
from countersight.store.incidents import IncidentRows
from countersight.store.pages import PageQueries
from countersight.store.public import PUBLIC_ADMIN1, PUBLIC_DATE_CLAUSE, PUBLIC_TARGETS_CLAUSE, PUBLIC_TIMELINE, is_public

EVENT_COLUMNS = (
    "id, report_id, type, trend, perpetrators, targets, country, admin1, place, precision, lat, lon, "
    "date_start, date_end, date_precision, date_text, timeline_date, measures, penalty_kind, penalty_months, "
    "quote, start_offset, end_offset, confidence, status, origin, reviewed_fields, created_at, updated_at, extractor"
)
# Filters on an event's list facets: the field, its table and column. Each facet table
# also holds its event's status and timeline date, indexed in date order (migration 6).
FACETS: dict[str, tuple[str, str]] = {
    "agency": ("event_perpetrators", "agency"),
    "target": ("event_targets", "target_group"),
    "measure": ("event_measures", "measure"),
}
# Each EventFilter field and the condition it adds (one ``?`` for its value).
FILTER_CLAUSES: tuple[tuple[str, str], ...] = (
    ("type", "e.type = ?"),
    ("status", "e.status = ?"),
    ("trend", "e.trend = ?"),
    ("province", "e.admin1 = ?"),
    ("country", "e.country = ?"),
    ("place", "LOWER(e.place) = LOWER(?)"),
    ("since", "e.timeline_date >= ?"),
    ("until", "e.timeline_date <= ?"),
    ("document", "e.report_id = ?"),
    *((name, f"e.id IN (SELECT event_id FROM {table} WHERE {column} = ?)") for name, (table, column) in FACETS.items()),
)
# Filters the running tallies can answer exactly (with the status rule), and the
# columns each tally is kept by.
TALLY_FILTERS = frozenset({"type", "status", "province", "country"})
TALLIES: dict[str, tuple[str, ...]] = {
    "month": ("month", "type", "status"),
    "place": ("country", "admin1", "type", "status"),
}
# With ``EventFilter.public``, a place or province filter also needs this: the public view
# shows an event whose location is marked sensitive at country level only (``privacy.redact_event``).
PUBLIC_PLACE_CLAUSE = ("NOT EXISTS (SELECT 1 FROM sensitivity_marks s WHERE s.event_id = e.id "
                       "AND s.field = 'location' AND s.sensitive = 1)")

SORTABLE = {
    "date": "e.timeline_date",
    "type": "e.type",
    "province": "e.admin1",
    "confidence": "e.confidence",
    "status": "e.status",
    "document": "e.report_id",
}


class Dialect:
    """What SQLite and PostgreSQL spell (or do) differently. The store's SQL is
    written once, with ``?`` placeholders; everything else that differs is here."""

    name = "generic"
    placeholder = "?"
    begin = "BEGIN"
    # The value of ``LIMIT ?`` that means "no limit" (SQLite needs a LIMIT for an OFFSET).
    no_limit: Any = None
    # Run first in the transaction of a schema change, or of an audit log entry
    # (None: ``begin`` already serialises the writers).
    schema_lock: str | None = None
    audit_lock: str | None = None
    # Run first when folding the tally log; must fail at once rather than wait (the
    # fold is skipped then: the figures stay exact, the log just stays longer).
    tally_lock: str | None = None
    # Run first when replacing the incidents: two rebuilds at once then run one after the
    # other (the second deletes what the first wrote) instead of colliding on their ids.
    incident_lock: str | None = None
    # Exception classes of the driver: any database error, and constraint violations.
    error: type[Exception] = Exception
    integrity_error: type[Exception] = Exception

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    # Above this many matching reports a search is planned as "common" (see ``event_search``).
    common_search_above = 1000

    def event_search(self, alias: str, common: bool = False) -> str:  # pragma: no cover - overridden
        """A condition on events ``alias``: the report's text or the quote matches; two ``?``
        (the same query twice)."""
        raise NotImplementedError

    def reports_matching(self) -> str:  # pragma: no cover - overridden
        """How many reports match a full-text query, counting at most ``?`` of them."""
        raise NotImplementedError

    def quotes_matching(self) -> str:  # pragma: no cover - overridden
        """A row when any quote indexed apart (not its report's text) matches the query ``?``."""
        raise NotImplementedError

    def events_of_matching_reports(self) -> tuple[str, str]:  # pragma: no cover - overridden
        """(FROM, condition with one ``?``): events ``e`` of the reports matching a query, streamed."""
        raise NotImplementedError

    def report_search(self, on_topic_only: bool = False) -> str:  # pragma: no cover - overridden
        """Columns ``id``, ``title``, ``snippet`` of matching reports, best first; ``?`` query, then ``?`` limit."""
        raise NotImplementedError

    def report_search_count(self, on_topic_only: bool = False) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def match_query(self, words: list[str], prefix: bool = True) -> str:  # pragma: no cover - overridden
        """The full-text query for a list of plain words: all must occur, the last as a prefix."""
        raise NotImplementedError

    def unique_violation(self, exc: BaseException) -> str | None:  # pragma: no cover - overridden
        """``table.column`` of the UNIQUE or PRIMARY KEY constraint ``exc`` reports, else None."""
        raise NotImplementedError

    def lock_report(self, store: Store, report_id: str) -> None:
        """Serialise the writers of one report's events until the transaction ends."""

    def lock_login(self, store: Store, username: str) -> None:
        """Serialise the login attempts on one user name until the transaction ends."""

    def stream(self, store: Store, statement: str, params: tuple | list, batch: int) -> Iterator[dict[str, Any]]:
        """Rows of a query as {column name: value} (as ``Store.records``), fetched ``batch`` at a time."""
        yield from named_rows(store.execute(statement, params), batch)


def named_rows(cursor: Any, batch: int) -> Iterator[dict[str, Any]]:
    """A DB-API cursor's rows as {column name: value}, fetched ``batch`` at a time."""
    names = [d[0] for d in cursor.description]
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            yield dict(zip(names, row))


@dataclass
class StoredReport:
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    body: str
    format: str
    source_path: str | None
    word_count: int
    on_topic: bool
    furniture: list[list]
    source: dict | None
    source_admin1: str | None
    near_duplicate_of: str | None
    similarity: float | None
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")



class Store(PageQueries, AccountRows, IncidentRows, IncidentCounts):
    def __init__(self, connection: Any, dialect: Dialect, url: str, label: str | None = None) -> None:
        self.conn = connection
        self.dialect = dialect
        self.url = url
        self.label = label or url  # the URL as messages show it (no password)
        self._depth = 0
        self._on_close: list[Callable[[], Any]] = []

    # -- plumbing ------------------------------------------------------------
    def execute(self, statement: str, params: tuple | list = ()) -> Any:
        return self.conn.execute(self.dialect.sql(statement), params)

    def query(self, statement: str, params: tuple | list = ()) -> list[tuple]:
        return self.execute(statement, params).fetchall()

    def scalar(self, statement: str, params: tuple | list = ()) -> Any:
        row = self.execute(statement, params).fetchone()
        return row[0] if row else None

    def records(self, statement: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        """Rows as {column name: value}: read by name, so a column added or moved breaks nothing."""
        cursor = self.execute(statement, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def record(self, statement: str, params: tuple | list = ()) -> dict[str, Any] | None:
        cursor = self.execute(statement, params)
        row = cursor.fetchone()
        return None if row is None else dict(zip([d[0] for d in cursor.description], row))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback_quietly()  # never hide the error that got us here
            raise
        self._depth = 0
        try:
            self._commit()
        except BaseException:
            # A failed COMMIT (e.g. "database is locked") leaves the transaction
            # open; without this the connection could never begin another one.
            self._rollback_quietly()
            raise

    @property
    def in_transaction(self) -> bool:
        """A transaction of this store is open (``transaction()`` then joins it)."""
        return self._depth > 0

    def end_abandoned_transaction(self) -> bool:
        """Roll back a transaction an error left open (a request that failed half-way), so the
        connection can be used again; True if there was one."""
        if not self._depth:
            return False
        self._depth = 0
        self._rollback_quietly()
        return True

    def _rollback_quietly(self) -> None:
        try:
            self._rollback()
        except Exception:  # already rolled back by the database
            pass

    def _begin(self) -> None:
        self.execute(self.dialect.begin)

    def _commit(self) -> None:
        self.execute("COMMIT")

    def _rollback(self) -> None:
        self.execute("ROLLBACK")

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            for hook in self._on_close:
                hook()

    def on_close(self, hook: Callable[[], Any]) -> None:
        """Run ``hook`` once the connection is closed (the backend's bookkeeping)."""
        self._on_close.append(hook)

    def lock_report(self, report_id: str) -> None:
        """Inside a transaction: other writers of this report's events (analysts, a
        re-extraction) wait until it ends. SQLite's writers queue anyway."""
        self.dialect.lock_report(self, report_id)

    def lock_event(self, event_id: str) -> None:
        """``lock_report`` for the report of an event; NotFound for an unknown event."""
        self.lock_report(self.event_meta(event_id)["report_id"])

    def unique_violation(self, exc: BaseException) -> str | None:
        """``table.column`` when ``exc`` is a UNIQUE / PRIMARY KEY violation, else None."""
        if not isinstance(exc, self.dialect.integrity_error):
            return None
        return self.dialect.unique_violation(exc)

    # -- reports ---------------------------------------------------------------
    def report_id_for_hash(self, content_hash: str) -> str | None:
        return self.scalar("SELECT id FROM reports WHERE content_hash = ?", (content_hash,))

    def report_exists(self, report_id: str) -> bool:
        return self.scalar("SELECT 1 FROM reports WHERE id = ?", (report_id,)) is not None

    def lsh_candidates(self, keys: list[str]) -> list[tuple[str, str]]:
        """(report id, minhash) of stored reports sharing an LSH key."""
        if not keys:
            return []
        marks = ",".join("?" for _ in keys)
        return [(r["id"], r["minhash"]) for r in self.records(
            f"SELECT DISTINCT r.id AS id, r.minhash AS minhash FROM report_lsh l JOIN reports r ON r.id = l.report_id "
            f"WHERE l.lsh_key IN ({marks})",
            keys,
        )]

    def insert_report(self, row: dict[str, Any], lsh_keys: list[str]) -> None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.execute(f"INSERT INTO reports ({columns}) VALUES ({marks})", list(row.values()))
        for key in lsh_keys:
            self.execute("INSERT INTO report_lsh (lsh_key, report_id) VALUES (?, ?)", (key, row["id"]))

    def report_ids(self) -> list[str]:
        """Every report's id, in order."""
        return [r["id"] for r in self.records("SELECT id FROM reports ORDER BY id")]

    # The columns of a report that a new extraction may change (its text and identity never do).
    REPORT_ANALYSIS_COLUMNS = frozenset({"on_topic", "topic_hits", "furniture", "source", "source_admin1",
                                         "extractor_version"})

    def update_report(self, report_id: str, values: dict[str, Any]) -> None:
        """Set what a re-extraction found about a report (columns of ``REPORT_ANALYSIS_COLUMNS``)."""
        unknown = set(values) - self.REPORT_ANALYSIS_COLUMNS
        if unknown:
            raise ValueError(f"not a column a re-extraction may change: {', '.join(sorted(unknown))}")
        columns = list(values)
        self.execute(f"UPDATE reports SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                     [values[c] for c in columns] + [report_id])

    def get_report(self, report_id: str) -> StoredReport:
        row = self.record(
            "SELECT id, title, url, outlet, published, body, format, source_path, word_count, on_topic, "
            "furniture, source, source_admin1, near_duplicate_of, similarity, ingested_at FROM reports WHERE id = ?",
            (report_id,),
        )
        if row is None:
            # The database named for the analysts (which one was asked?), never for the public view.
            raise NotFound(f"no report {report_id!r} in {self.label}", public_message=f"no report {report_id!r}")
        # (the columns are StoredReport's fields, by the same names; three are decoded)
        return StoredReport(**{**row, "on_topic": bool(row["on_topic"]),
                               "furniture": json.loads(row["furniture"] or "[]"),
                               "source": json.loads(row["source"]) if row["source"] else None})

    def near_duplicates(self, report_id: str) -> list[tuple[str, float | None, str]]:
        """Reports linked to this one as near-duplicates, both ways: (id, similarity, relation)."""
        rows = self.records(
            "SELECT near_duplicate_of AS id, similarity, 'original' AS relation FROM reports "
            "WHERE id = ? AND near_duplicate_of IS NOT NULL "
            "UNION ALL SELECT id, similarity, 'republished' FROM reports WHERE near_duplicate_of = ?",
            (report_id, report_id),
        )
        return [(r["id"], r["similarity"], r["relation"]) for r in rows]

    def report_citation(self, report_id: str) -> dict[str, Any] | None:
        """What cites a report beside its events in an export: title, outlet, URL, publication date."""
        return self.record("SELECT title, outlet, url, published FROM reports WHERE id = ?", (report_id,))

    def list_reports(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self.records(
            "SELECT r.id AS id, r.title AS title, r.outlet AS outlet, r.published AS published, r.on_topic AS on_topic, "
            "r.near_duplicate_of AS near_duplicate_of, r.ingested_at AS ingested_at, "
            "(SELECT COUNT(*) FROM events e WHERE e.report_id = r.id) AS events "
            "FROM reports r ORDER BY r.ingested_at DESC, r.id LIMIT ? OFFSET ?",
            (limit, offset),
        )

    def search_reports(self, text: str, limit: int | None = 20, *, prefix: bool = True,
                       on_topic_only: bool = False) -> list[dict[str, Any]]:
        """Reports whose title or text hold every word, best first; ``prefix``: the last word may
        begin a longer one; ``limit`` None: all."""
        rows = self.records(self.dialect.report_search(on_topic_only),
                            (fts_query(text, self.dialect, prefix=prefix), self.dialect.no_limit if limit is None else limit))
        return [{"id": r["id"], "title": r["title"], "snippet": r["snippet"]} for r in rows]

    def count_search_reports(self, text: str, *, prefix: bool = True, on_topic_only: bool = False) -> int:
        """How many reports ``search_reports`` finds without a limit."""
        return int(self.scalar(self.dialect.report_search_count(on_topic_only),
                               (fts_query(text, self.dialect, prefix=prefix),)))

    # -- events ----------------------------------------------------------------
    def insert_events(self, report_id: str, events: list[Event], published: str | None, body: str | None = None) -> None:
        """A report's events (``body``: the report's text, read from the database when not given)."""
        if not events:
            return
        if body is None:
            body = self.scalar("SELECT body FROM reports WHERE id = ?", (report_id,)) or ""
        stamp = now()
        for event in events:
            self._insert_event(report_id, event, published, stamp, origin="machine", body=body)

    def insert_event(self, report_id: str, event: Event, *, origin: str = "machine") -> None:
        """One event (an analyst's addition, a re-extraction's new mention)."""
        report = self.record("SELECT published, body FROM reports WHERE id = ?", (report_id,))
        self._insert_event(report_id, event, report["published"], now(), origin=origin, body=report["body"])

    def replace_event(self, event: Event, *, reviewed_fields: list[str] | None = None) -> None:
        """Overwrite a stored event's fields and facets (same id, same report)."""
        old = self.record("SELECT report_id, origin, created_at, reviewed_fields FROM events WHERE id = ?", (event.id,))
        report_id = old["report_id"]
        report = self.record("SELECT published, body FROM reports WHERE id = ?", (report_id,))
        for table in ("event_perpetrators", "event_targets", "event_measures"):
            self.execute(f"DELETE FROM {table} WHERE event_id = ?", (event.id,))
        self.execute("DELETE FROM events WHERE id = ?", (event.id,))
        self._insert_event(report_id, event, report["published"], now(), origin=old["origin"], body=report["body"])
        kept = reviewed_fields if reviewed_fields is not None else json.loads(old["reviewed_fields"])
        self.execute("UPDATE events SET created_at = ?, reviewed_fields = ? WHERE id = ?",
                     (old["created_at"], json.dumps(sorted(set(kept))), event.id))

    def delete_event(self, event_id: str) -> None:
        """Remove an event (its facets go with it; the tallies' triggers count it out)."""
        self.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def event_meta(self, event_id: str) -> dict[str, Any]:
        row = self.record(
            "SELECT report_id, origin, reviewed_fields, created_at, updated_at FROM events WHERE id = ?", (event_id,)
        )
        if row is None:
            raise NotFound(f"no event {event_id!r}")
        return {**row, "reviewed_fields": json.loads(row["reviewed_fields"])}

    def add_review(self, event_id: str, username: str, action: str, field: str | None = None,
                   before: Any = None, after: Any = None, reason: str | None = None) -> None:
        self.execute(
            "INSERT INTO reviews (event_id, username, at, action, field, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, username, now(), action, field,
             None if before is None else json.dumps(before, ensure_ascii=False),
             None if after is None else json.dumps(after, ensure_ascii=False), reason),
        )

    def reviews_of(self, event_id: str) -> list[dict[str, Any]]:
        rows = self.records(
            "SELECT id, username, at, action, field, before, after, reason FROM reviews WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [
            {"id": r["id"], "user": r["username"], "at": r["at"], "action": r["action"], "field": r["field"],
             "before": json.loads(r["before"]) if r["before"] else None,
             "after": json.loads(r["after"]) if r["after"] else None, "reason": r["reason"]}
            for r in rows
        ]

    def _insert_event(self, report_id: str, event: Event, published: str | None, stamp: str, origin: str,
                      body: str) -> None:
        loc, date, penalty, evidence = event.location, event.date, event.penalty, event.evidence
        row: dict[str, Any] = {
            "id": event.id, "report_id": report_id, "type": event.type, "trend": event.trend,
            "perpetrators": json.dumps(event.perpetrators), "targets": json.dumps(event.targets),
            "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
            "place": loc.place if loc else None, "precision": loc.precision if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "date_start": date.start if date else None, "date_end": date.end if date else None,
            "date_precision": date.precision if date else None, "date_text": date.text if date else None,
            "timeline_date": date.start if date and date.start else published,
            "measures": json.dumps([m.to_dict() for m in event.measures]),
            "penalty_kind": penalty.kind if penalty else None, "penalty_months": penalty.months if penalty else None,
            "quote": evidence.quote, "start_offset": evidence.start, "end_offset": evidence.end,
            "confidence": event.confidence, "status": event.status, "origin": origin, "reviewed_fields": "[]",
            "created_at": stamp, "updated_at": stamp, "extractor": event.extractor if origin == "machine" else None,
            # Quotes that are the report's own text are found through the report's index.
            "quote_in_text": int(body[evidence.start:evidence.end] == evidence.quote),
        }
        self.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                     list(row.values()))
        self._write_facets(event, timeline=row["timeline_date"])

    def _write_facets(self, event: Event, timeline: str | None) -> None:
        status = event.status
        for agency in dict.fromkeys(event.perpetrators):
            self.execute("INSERT INTO event_perpetrators (event_id, agency, status, timeline_date) VALUES (?, ?, ?, ?)",
                         (event.id, agency, status, timeline))
        for group in dict.fromkeys(event.targets):
            self.execute("INSERT INTO event_targets (event_id, target_group, status, timeline_date) VALUES (?, ?, ?, ?)",
                         (event.id, group, status, timeline))
        for m in event.measures:
            self.execute(
                "INSERT INTO event_measures (event_id, measure, value, previous, qualifier, status, timeline_date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event.id, m.measure, m.value, m.previous, m.qualifier, status, timeline),
            )

    def _where(self, f: EventFilter, *, any_status: bool = False, extra: tuple[str, ...] = ()) -> tuple[str, list[Any]]:
        """SQL conditions for a filter (and ``extra`` conditions without parameters); rejected events
        are left out unless asked for by ``status="rejected"`` or ``any_status``."""
        clauses, params = self._clauses(f, any_status=any_status)
        clauses += [c for c in extra if c not in clauses]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _clauses(self, f: EventFilter, *, any_status: bool = False, skip: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for name, clause in FILTER_CLAUSES:
            value = getattr(f, name)
            if value and name not in skip:
                if name == "place":  # every spelling of the place: Onsong, Onsŏng, ONSONG
                    from countersight.vocab.gazetteer import spellings

                    names = spellings(value)
                    clauses.append(f"LOWER(e.place) IN ({', '.join('?' * len(names))})")
                    params.extend(names)
                    continue
                clauses.append(clause)
                params.append(value.upper() if name == "country" else value)
        if not f.status and not any_status:
            clauses.append("e.status <> 'rejected'")
        if f.public and (f.place or f.province):
            clauses.append(PUBLIC_PLACE_CLAUSE)
        # (added even when the target filter itself is ``skip``ped: a facet table driving the
        # query knows nothing of the marks)
        if f.public and (f.since or f.until):
            clauses.append(PUBLIC_DATE_CLAUSE)
        if f.public and f.target:
            clauses.append(PUBLIC_TARGETS_CLAUSE)
        if f.search:
            query = fts_query(f.search, self.dialect)
            clauses.append(self.dialect.event_search("e", common=self._common_search(query)))
            params.extend([query, query])
        return clauses, params

    def _common_search(self, query: str) -> bool:
        above = self.dialect.common_search_above
        return int(self.scalar(self.dialect.reports_matching(), (query, above + 1))) > above

    def _source(self, f: EventFilter, *, any_status: bool = False, rows: bool = False) -> tuple[str, str, list[Any], str]:
        """(FROM, WHERE, parameters, the timeline date column) for a filter.

        A filter on an agency, target group or measure reads that facet's table first
        (alias ``d``): its index holds the facet's events in date order with their
        status, so a page sorted by date stops after its rows and a count never looks
        at the events table unless other filters (or ``rows``: the caller reads the
        events' columns) need it."""
        # (One report's events are few: its own index finds them faster than any facet.)
        driver = None if f.document else next((name for name in FACETS if getattr(f, name)), None)
        if driver is None:
            where, params = self._where(f, any_status=any_status)
            return "events e", where, params, "e.timeline_date"
        table, column = FACETS[driver]
        clauses, params = [f"d.{column} = ?"], [getattr(f, driver)]
        if f.status:
            clauses.append("d.status = ?")
            params.append(f.status)
        elif not any_status:
            clauses.append("d.status <> 'rejected'")
        rest, rest_params = self._clauses(f, any_status=True, skip=(driver, "status"))
        if not rest and not rows:
            return f"{table} d", " WHERE " + " AND ".join(clauses), params, "d.timeline_date"
        # CROSS JOIN: SQLite keeps the facet as the outer loop (PostgreSQL plans freely).
        return (f"{table} d CROSS JOIN events e", " WHERE " + " AND ".join(["e.id = d.event_id", *clauses, *rest]),
                params + rest_params, "d.timeline_date")

    def list_events(
        self,
        f: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "date",
        descending: bool = False,
        any_status: bool = False,
    ) -> list[Event]:
        """Matching events; ``any_status`` includes rejected ones too."""
        f = f or EventFilter()
        source, where, params, timeline = self._source(f, any_status=any_status, rows=True)
        order = timeline if sort == "date" else SORTABLE.get(sort, "e.timeline_date")
        if is_public(f):
            # A withheld date or place sorts as none: its neighbours in the list would tell it.
            order = {"e.timeline_date": PUBLIC_TIMELINE, "d.timeline_date": PUBLIC_TIMELINE,
                     "e.admin1": PUBLIC_ADMIN1}.get(order, order)
        direction = "DESC" if descending else "ASC"
        sql = (
            f"SELECT {_prefixed(EVENT_COLUMNS, 'e')} FROM {source}{where} "
            f"ORDER BY {order} {direction} NULLS LAST, e.report_id, e.start_offset, e.type"
        )
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [self.dialect.no_limit if limit is None else limit, offset]
        return [row_to_event(r) for r in self.records(sql, params)]

    def iter_events(self, f: EventFilter | None = None, batch: int = 5000) -> Iterator[Event]:
        """All matching events in export order, fetched in batches (flat memory)."""
        f = f or EventFilter()
        where, params = self._where(f)
        sql = f"SELECT {_prefixed(EVENT_COLUMNS, 'e')} FROM events e{where} ORDER BY e.report_id, e.start_offset, e.type"
        for r in self.dialect.stream(self, sql, params, batch):
            yield row_to_event(r)

    def count_events(self, f: EventFilter | None = None, *, cap: int | None = None) -> int:
        """How many events match. With ``cap``, counting may stop after ``cap + 1``:
        a result above ``cap`` then means "more than ``cap``" (``count_upto`` says
        which it is)."""
        return self.count_upto(f, cap)[0]

    def count_upto(self, f: EventFilter | None, cap: int | None) -> tuple[int, bool]:
        """(count, exact): the number of matches, or with ``cap`` possibly ``cap + 1``
        and not exact, meaning "more than ``cap``". Filters the running tallies answer
        are always counted exactly, at no cost."""
        f = f or EventFilter()
        if cap is not None:
            cap = max(0, cap)  # (a negative LIMIT means "no limit" to SQLite)
        tallied = self._tally(f, "place")
        if tallied is not None:
            return sum(n for *_, n in tallied), True
        if cap is not None and self._search_by_reports(f):
            # Only reports match (no quote indexed apart does): count their events as the
            # report index yields them, stopping at the cap.
            source, condition = self.dialect.events_of_matching_reports()
            rest, rest_params = self._clauses(replace(f, search=None))
            where = " WHERE " + " AND ".join([condition, *rest])
            params = [fts_query(f.search or "", self.dialect), *rest_params]
        else:
            source, where, params, _ = self._source(f)
        if cap is None:
            return int(self.scalar(f"SELECT COUNT(*) FROM {source}{where}", params)), True
        n = int(self.scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source}{where} LIMIT ?) c", params + [cap + 1]))
        return n, n <= cap

    def _search_by_reports(self, f: EventFilter) -> bool:
        """A search (without facet filters) that only reports' text matches."""
        if not f.search or any(getattr(f, name) for name in FACETS):
            return False
        return self.scalar(self.dialect.quotes_matching(), (fts_query(f.search, self.dialect),)) is None

    def get_event(self, event_id: str) -> Event:
        row = self.record(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,))
        if row is None:
            raise NotFound(f"no event {event_id!r}")
        return row_to_event(row)

    def review_queue(self, order: str = "latest", limit: int | None = 20, offset: int = 0) -> list[tuple[Event, dict[str, Any]]]:
        """The events waiting for review (``unreviewed``), each with its report's id, title and outlet.

        ``latest``: the latest ingested reports first (as the overview's queue), each report's
        events in text order; ``uncertain``: the confidence nearest one half first, then the
        lowest; ``confident``: the highest confidence first; ties in the same order as
        ``latest`` (``REVIEW_ORDERS``, and docs/quality.md for what each teaches the model)."""
        if order not in REVIEW_ORDERS:
            from countersight.errors import InputError

            raise InputError(f"unknown review order {order!r}; known: {', '.join(REVIEW_ORDERS)}")
        first = {"latest": "", "uncertain": "ABS(e.confidence - 0.5) ASC, e.confidence ASC, ",
                 "confident": "e.confidence DESC, "}[order]
        sql = (f"SELECT {_prefixed(EVENT_COLUMNS, 'e')}, r.title AS report_title, r.outlet AS report_outlet, "
               "r.published AS report_published FROM events e "
               "JOIN reports r ON r.id = e.report_id WHERE e.status = 'unreviewed' "
               f"ORDER BY {first}r.ingested_at DESC, r.id DESC, e.start_offset, e.end_offset, e.type, e.id "
               "LIMIT ? OFFSET ?")
        rows = self.records(sql, (self.dialect.no_limit if limit is None else limit, offset))
        return [(row_to_event(r), {"report_id": r["report_id"], "title": r["report_title"],
                                   "outlet": r["report_outlet"], "published": r["report_published"]}) for r in rows]

    def reviewed_report_ids(self) -> list[str]:
        """Reports with at least one event an analyst decided on or added: training data."""
        return [r["report_id"] for r in self.records(
            "SELECT DISTINCT report_id FROM events WHERE status <> 'unreviewed' OR origin = 'analyst' ORDER BY report_id")]

    def events_of_report(self, report_id: str) -> list[Event]:
        """Every event drawn from a report, rejected ones included (their status says so)."""
        return self.list_events(EventFilter(document=report_id), sort="document", any_status=True)

    # -- summaries -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        by_status: dict[str, int] = {}
        for *_, status, n in self._tally(EventFilter(), "place", any_status=True) or []:
            by_status[status] = by_status.get(status, 0) + n
        return {
            "reports": int(self.scalar("SELECT COUNT(*) FROM reports")),
            "on_topic": int(self.scalar("SELECT COUNT(*) FROM reports WHERE on_topic = 1")),
            "off_topic": int(self.scalar("SELECT COUNT(*) FROM reports WHERE on_topic = 0")),
            "near_duplicates": int(self.scalar("SELECT COUNT(*) FROM reports WHERE near_duplicate_of IS NOT NULL")),
            "events": sum(n for status, n in by_status.items() if status != "rejected"),
            "unreviewed": by_status.get("unreviewed", 0),
        }

    def group_counts(self, column: str, f: EventFilter | None = None, limit: int | None = None) -> list[tuple[Any, int]]:
        """Event counts by one facet: type, admin1, status, agency, target, month. With ``f.public``
        the month and target as the public view shows them (``store.public``)."""
        f = f or EventFilter()
        # (the place tally is the smaller one: it serves every column but the month)
        kind = "month" if column == "month" else ("place" if column in TALLIES["place"] else None)
        # The tallies know nothing of the marks: a withheld date must count as undated.
        public_month = column == "month" and f.public and self.any_marked_sensitive("date")
        tallied = self._tally(f, kind) if kind and not public_month else None
        if tallied is not None:
            return _grouped(tallied, TALLIES[kind].index(column), by_key=column == "month", limit=limit)
        where, params = self._where(f)
        if column in FACETS:
            table, facet = FACETS[column]
            if column == "target" and f.public:  # withheld targets are not counted
                where, params = self._where(f, extra=(PUBLIC_TARGETS_CLAUSE,))
            sql = (f"SELECT d.{facet} AS k, COUNT(*) AS n FROM events e JOIN {table} d ON d.event_id = e.id{where} "
                   f"GROUP BY d.{facet} ORDER BY COUNT(*) DESC, d.{facet}")
        elif column == "month":
            timeline = PUBLIC_TIMELINE if f.public else "e.timeline_date"
            sql = (f"SELECT SUBSTR({timeline}, 1, 7) AS k, COUNT(*) AS n FROM events e{where} "
                   "GROUP BY k ORDER BY k NULLS FIRST")
        elif column in ("type", "admin1", "status", "country", "trend", "precision"):
            sql = (f"SELECT e.{column} AS k, COUNT(*) AS n FROM events e{where} GROUP BY e.{column} "
                   f"ORDER BY COUNT(*) DESC, e.{column} NULLS FIRST")
        else:
            raise ValueError(f"cannot group events by {column!r}")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [(r["k"], int(r["n"])) for r in self.records(sql, params)]

    # -- running tallies ---------------------------------------------------------
    def _tally(self, f: EventFilter, kind: str, *, any_status: bool = False) -> list[tuple] | None:
        """Rows of a tally (its columns, then the number of events) that match the
        filter, or None when the filter needs more than the tally holds."""
        if any(getattr(f, name) for name in EventFilter.FIELDS if name not in TALLY_FILTERS):
            return None
        columns = TALLIES[kind]
        if f.public and f.province:  # the tallies know nothing of the sensitivity marks
            return None
        if kind == "month" and (f.province or f.country):
            return None
        names = ", ".join(columns)
        rows = self.records(
            f"SELECT {names}, SUM(n) AS n FROM (SELECT {names}, n FROM event_tally_{kind} "
            f"UNION ALL SELECT {names}, delta FROM event_tally_log) t GROUP BY {names}"
        )
        wanted = {"type": f.type, "status": f.status, "admin1": f.province, "country": f.country and f.country.upper()}
        kept = []
        for row in rows:
            values = {name: row[name] if row[name] != "" else None for name in columns}
            n = int(row["n"])
            if not n or any(value and values[name] != value for name, value in wanted.items() if name in values):
                continue
            if not f.status and not any_status and values["status"] == "rejected":
                continue
            kept.append((*values.values(), n))  # (in the order of TALLIES[kind], as callers unpack them)
        return kept

    def fold_tallies(self) -> int:
        """Move the tally log into the tallies; the number of log rows folded (0 when
        another writer is folding at the moment). Outside transactions only."""
        if self._depth:
            return 0
        try:
            with self.transaction():
                if self.dialect.tally_lock:
                    self.execute(self.dialect.tally_lock)
                # (inside the write lock no other writer adds rows: all of them are folded)
                log = self.record("SELECT MAX(id) AS last_id, COUNT(*) AS folded FROM event_tally_log")
                last = log["last_id"]
                if last is None:
                    return 0
                for kind, columns in TALLIES.items():
                    names = ", ".join(columns)
                    self.execute(
                        f"INSERT INTO event_tally_{kind} ({names}, n) SELECT {names}, SUM(delta) FROM event_tally_log "
                        f"WHERE id <= ? GROUP BY {names} ON CONFLICT ({names}) "
                        f"DO UPDATE SET n = event_tally_{kind}.n + excluded.n",
                        (last,),
                    )
                    self.execute(f"DELETE FROM event_tally_{kind} WHERE n = 0")
                self.execute("DELETE FROM event_tally_log WHERE id <= ?", (last,))
                return int(log["folded"])
        except self.dialect.error:
            if self.dialect.tally_lock is None:
                raise
            return 0  # another writer holds the log: it stays exact, and is folded next time

    # -- savepoints (used by the batched ingest writer) ---------------------------
    @contextmanager
    def savepoint(self, name: str = "report") -> Iterator[None]:
        """A nested unit inside an open transaction: on an error only its own writes
        are undone (``ROLLBACK TO SAVEPOINT``) and the error is raised; the outer
        transaction goes on. Same SQL on SQLite and PostgreSQL."""
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            try:
                self.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.execute(f"RELEASE SAVEPOINT {name}")
            except Exception:  # the transaction itself is gone; the caller's error matters
                pass
            raise
        self.execute(f"RELEASE SAVEPOINT {name}")


    # -- audit log (countersight.audit computes the chain; the triggers keep it append-only) --
    AUDIT_COLUMNS = ("seq", "at", "actor", "action", "subject", "details", "prev_hash", "hash")

    def lock_audit(self) -> None:
        """Inside a transaction: other appenders wait, so the head read next stays the head."""
        if self.dialect.audit_lock:
            self.execute(self.dialect.audit_lock)

    def audit_head(self) -> dict[str, Any] | None:
        """The newest entry (all columns), None for an empty log."""
        return self.record(f"SELECT {', '.join(self.AUDIT_COLUMNS)} FROM audit_log ORDER BY seq DESC LIMIT 1")

    def insert_audit_entry(self, entry: dict[str, Any]) -> None:
        self.execute(f"INSERT INTO audit_log ({', '.join(self.AUDIT_COLUMNS)}) VALUES "
                     f"({', '.join('?' for _ in self.AUDIT_COLUMNS)})",
                     [entry[c] for c in self.AUDIT_COLUMNS])

    def audit_entries(self, limit: int | None = None, *, newest_first: bool = True) -> list[dict[str, Any]]:
        """Entries with all their columns, newest first (or oldest first, to walk the chain)."""
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {', '.join(self.AUDIT_COLUMNS)} FROM audit_log ORDER BY seq {order}"
        return self.records(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())

    # -- analysts' sensitivity marks (public exports) ----------------------------
    def set_sensitivity(self, event_id: str, field: str, sensitive: bool, username: str) -> None:
        self.execute(
            "INSERT INTO sensitivity_marks (event_id, field, sensitive, username, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (event_id, field) DO UPDATE SET sensitive = excluded.sensitive, "
            "username = excluded.username, at = excluded.at",
            (event_id, field, int(sensitive), username, now()),
        )
        if field == "location":  # its incident's public place follows (the public counts group by it)
            incident = self.incident_of_mention(event_id)
            if incident is not None:
                self.store_public_places([incident])

    def sensitive_quote_spans(self, report_id: str) -> list[tuple[int, int]]:
        """(start, end) of the quotes of a report's events that an analyst marked sensitive."""
        return [(int(r["start_offset"]), int(r["end_offset"])) for r in self.records(
            "SELECT e.start_offset AS start_offset, e.end_offset AS end_offset FROM events e "
            "JOIN sensitivity_marks m ON m.event_id = e.id "
            "WHERE e.report_id = ? AND m.field = 'evidence' AND m.sensitive = 1", (report_id,))]

    def any_marked_sensitive(self, field: str) -> bool:
        """Some event has ``field`` marked sensitive (then the public counts by it cannot use the tallies)."""
        return self.scalar("SELECT 1 FROM sensitivity_marks WHERE field = ? AND sensitive = 1 LIMIT 1",
                           (field,)) is not None

    def sensitivity_marks(self, event_id: str | None = None) -> dict[str, dict[str, bool]]:
        """event id -> {field: sensitive?}; all events when no id is given."""
        sql = "SELECT event_id, field, sensitive FROM sensitivity_marks"
        rows = self.records(sql + " WHERE event_id = ?", (event_id,)) if event_id else self.records(sql)
        marks: dict[str, dict[str, bool]] = {}
        for r in rows:
            marks.setdefault(r["event_id"], {})[r["field"]] = bool(r["sensitive"])
        return marks


    # -- login attempts (the lock on a user name) ------------------------------------
    def begin_login_attempt(self, username: str, since: str, limit: int) -> str | None:
        """Count the failed attempts on ``username`` since ``since`` and, when fewer than
        ``limit``, record one more, in one transaction: the id of the new attempt, or None
        (the name is locked).

        The new attempt counts as failed until ``end_login_attempt`` says otherwise, so
        attempts made at once are each counted before any password is checked: 40 at once
        get at most ``limit`` passwords checked, not 40.
        """
        with self.transaction():
            self.dialect.lock_login(self, username)
            failures = self.scalar(
                "SELECT COUNT(*) FROM login_attempts WHERE username = ? AND ok = 0 AND at >= ?", (username, since))
            if failures >= limit:
                return None
            attempt = secrets.token_hex(16)
            self.execute("INSERT INTO login_attempts (username, at, ok, attempt) VALUES (?, ?, 0, ?)",
                         (username, now(), attempt))
        return attempt

    def end_login_attempt(self, username: str, attempt: str, ok: bool) -> None:
        """Record the outcome of an attempt ``begin_login_attempt`` counted."""
        self.execute("UPDATE login_attempts SET ok = ? WHERE username = ? AND attempt = ?", (int(ok), username, attempt))


def _grouped(rows: list[tuple], index: int, *, by_key: bool, limit: int | None) -> list[tuple[Any, int]]:
    """Tally rows summed by one column; most first (or by key, undated first), as the SQL orders them."""
    totals: dict[Any, int] = {}
    for row in rows:
        totals[row[index]] = totals.get(row[index], 0) + row[-1]
    if by_key:
        ordered = sorted(totals.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))
    else:
        ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or ""))
    return ordered[:limit] if limit else ordered


def _prefixed(columns: str, alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


def fts_query(text: str, dialect: Dialect, *, prefix: bool = True) -> str:
    """A user's words as a safe full-text query: every word must occur (with ``prefix``, the last as a prefix).
    InputError when there is no word to look for (``filters.search_words``)."""
    return dialect.match_query(search_words(text), prefix=prefix)


def row_to_event(r: Mapping[str, Any]) -> Event:
    """An event from its row, read by column name (a column added to ``events`` changes nothing here)."""
    country, admin1, place = r["country"], r["admin1"], r["place"]
    location = (Location(country, admin1, place, r["precision"] or "country", r["lat"], r["lon"])
                if (country or admin1 or place) else None)
    date = (DateSpan(r["date_start"], r["date_end"], r["date_precision"] or "unknown", r["date_text"] or "")
            if (r["date_text"] or r["date_start"]) else None)
    return Event(
        id=r["id"],
        document=r["report_id"],
        type=r["type"],
        trend=r["trend"],
        perpetrators=json.loads(r["perpetrators"]),
        targets=json.loads(r["targets"]),
        location=location,
        date=date,
        measures=[Measure.from_dict(m) for m in json.loads(r["measures"])],
        penalty=Penalty(r["penalty_kind"], r["penalty_months"]) if r["penalty_kind"] else None,
        evidence=Evidence(r["quote"], r["start_offset"], r["end_offset"]),
        confidence=r["confidence"],
        status=r["status"],
        extractor=r["extractor"],
    )
