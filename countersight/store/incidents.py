"""The incidents tables (migration 12), as methods of the Store (``Store`` inherits
``IncidentRows``). ``countersight.incidents`` links and summarises; this reads and writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from countersight.errors import NotFound
from countersight.store.filters import EventFilter

if TYPE_CHECKING:
    from countersight.incidents import Incident, ReportInfo
    from countersight.model import Event

INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "type", "country", "admin1", "place", "precision", "date_start", "date_end", "date_precision", "date_text",
    "timeline_date", "perpetrators", "targets", "people_count", "people_qualifier", "documents", "sources",
    "corroboration", "mention_count", "position", "built_at",
)


class IncidentRows:
    """Mixed into ``Store``: uses its ``execute``, ``records``, ``scalar``, ``transaction``, ``_where``."""

    def report_infos(self, batch: int = 2000) -> Iterator[ReportInfo]:
        """What incidents need of every report, streamed (flat memory on a large archive)."""
        from countersight.incidents import ReportInfo

        sql = "SELECT id, body, outlet, published, source, near_duplicate_of FROM reports ORDER BY id"
        for r in self.dialect.stream(self, sql, (), batch):  # type: ignore[attr-defined]
            yield ReportInfo(id=r[0], body=r[1], outlet=r[2], published=r[3],
                             source=json.loads(r[4]) if r[4] else None, near_duplicate_of=r[5])

    def replace_incidents(self, incidents: Iterable[Incident], built_at: str) -> int:
        """Replace every stored incident with ``incidents`` in one transaction; how many."""
        n = 0
        with self.transaction():  # type: ignore[attr-defined]
            if self.dialect.incident_lock:  # type: ignore[attr-defined]
                self.execute(self.dialect.incident_lock)  # type: ignore[attr-defined]
            self.execute("DELETE FROM incident_mentions")  # type: ignore[attr-defined]
            self.execute("DELETE FROM incidents")  # type: ignore[attr-defined]
            marks = ", ".join("?" for _ in INCIDENT_COLUMNS)
            insert = f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({marks})"
            for position, incident in enumerate(incidents):
                self.execute(insert, _row(incident, position, built_at))  # type: ignore[attr-defined]
                for ordinal, (event_id, report_id) in enumerate(zip(incident.mentions, incident.mention_documents)):
                    self.execute(  # type: ignore[attr-defined]
                        "INSERT INTO incident_mentions (event_id, incident_id, report_id, ordinal) VALUES (?, ?, ?, ?)",
                        (event_id, incident.id, report_id, ordinal))
                n += 1
        return n

    def _incident_where(self, f: EventFilter | None) -> tuple[str, list[Any]]:
        """Incidents with at least one mention that matches the events filter."""
        if f is None or not any(getattr(f, name) for name in EventFilter.FIELDS):
            return "", []
        where, params = self._where(f)  # type: ignore[attr-defined]
        return (" WHERE i.id IN (SELECT m.incident_id FROM incident_mentions m JOIN events e ON e.id = m.event_id"
                f"{where})"), params

    def list_incidents(self, f: EventFilter | None = None, *, limit: int | None = None,
                       offset: int = 0, newest_first: bool = False) -> list[Incident]:
        """Matching incidents in listing order (by first report and position), or ``newest_first``:
        by the incident's date (else its first report's publication date), latest first, undated last."""
        where, params = self._incident_where(f)
        order = ("CASE WHEN i.timeline_date IS NULL THEN 1 ELSE 0 END, i.timeline_date DESC, i.position"
                 if newest_first else "i.position")
        sql = f"SELECT {_cols('i')} FROM incidents i{where} ORDER BY {order}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, self.dialect.no_limit if limit is None else limit, offset]  # type: ignore[attr-defined]
        return self._with_mentions(self.records(sql, params))  # type: ignore[attr-defined]

    def iter_incidents(self, f: EventFilter | None = None, batch: int = 1000) -> Iterator[Incident]:
        """Matching incidents in listing order, a batch at a time."""
        offset = 0
        while True:
            page = self.list_incidents(f, limit=batch, offset=offset)
            yield from page
            if len(page) < batch:
                return
            offset += batch

    def count_incidents(self, f: EventFilter | None = None) -> int:
        where, params = self._incident_where(f)
        return int(self.scalar(f"SELECT COUNT(*) FROM incidents i{where}", params))  # type: ignore[attr-defined]

    def get_incident(self, incident_id: str) -> Incident:
        rows = self.records(f"SELECT {_cols('i')} FROM incidents i WHERE i.id = ?",  # type: ignore[attr-defined]
                            (incident_id,))
        if not rows:
            raise NotFound(f"no incident {incident_id!r}")
        return self._with_mentions(rows)[0]

    def incidents_of_report(self, report_id: str) -> list[Incident]:
        """The incidents that a report's events belong to, in listing order."""
        rows = self.records(  # type: ignore[attr-defined]
            f"SELECT {_cols('i')} FROM incidents i WHERE i.id IN "
            "(SELECT incident_id FROM incident_mentions WHERE report_id = ?) ORDER BY i.position", (report_id,))
        return self._with_mentions(rows)

    def events_by_id(self, event_ids: list[str]) -> list[Event]:
        """The stored events of these ids, in the order given (unknown ids left out)."""
        from countersight.store.base import EVENT_COLUMNS, row_to_event

        found: dict[str, Event] = {}
        for i in range(0, len(event_ids), 500):
            chunk = event_ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self.records(f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ({marks})", chunk):  # type: ignore[attr-defined]
                found[r["id"]] = row_to_event(r)
        return [found[e] for e in event_ids if e in found]

    def _with_mentions(self, rows: list[dict[str, Any]]) -> list[Incident]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        members: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for m in self.records(  # type: ignore[attr-defined]
                    f"SELECT incident_id, event_id, report_id FROM incident_mentions WHERE incident_id IN ({marks}) "
                    "ORDER BY incident_id, ordinal", chunk):
                members[m["incident_id"]].append((m["event_id"], m["report_id"]))
        return [_incident(r, members[r["id"]]) for r in rows]


def _cols(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in INCIDENT_COLUMNS)


def _row(incident: Incident, position: int, built_at: str) -> list[Any]:
    loc, date, people = incident.location, incident.date, incident.people
    return [
        incident.id, incident.type,
        loc.country if loc else None, loc.admin1 if loc else None, loc.place if loc else None,
        loc.precision if loc else None,
        date.start if date else None, date.end if date else None, date.precision if date else None,
        date.text if date else None, (date.start if date and date.start else incident.published),
        json.dumps(incident.perpetrators), json.dumps(incident.targets),
        people["count"] if people else None, people["qualifier"] if people else None,
        json.dumps(incident.documents), json.dumps(incident.sources, ensure_ascii=False), incident.corroboration,
        len(incident.mentions), position, built_at,
    ]


def _incident(r: dict[str, Any], members: list[tuple[str, str]]) -> Incident:
    from countersight.incidents import Incident
    from countersight.model import DateSpan, Location

    location = (Location(r["country"], r["admin1"], r["place"], r["precision"] or "country")
                if (r["country"] or r["admin1"] or r["place"]) else None)
    date = (DateSpan(r["date_start"], r["date_end"], r["date_precision"] or "unknown", r["date_text"] or "")
            if (r["date_start"] or r["date_text"]) else None)
    people = {"count": r["people_count"], "qualifier": r["people_qualifier"]} if r["people_count"] is not None else None
    return Incident(
        id=r["id"], type=r["type"], location=location, date=date, perpetrators=json.loads(r["perpetrators"]),
        targets=json.loads(r["targets"]), people=people, mentions=[e for e, _ in members],
        documents=json.loads(r["documents"]), sources=json.loads(r["sources"]), corroboration=r["corroboration"],
        mention_documents=[d for _, d in members], published=r["timeline_date"] if not r["date_start"] else None,
    )
