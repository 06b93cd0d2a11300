"""The incidents tables (migrations 12 and 13), as methods of the Store (``Store`` inherits
``IncidentRows``). ``countersight.incidents`` links and summarises, and ``countersight.incidents.review``
decides; this reads and writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from countersight.errors import NotFound
from countersight.store.filters import EventFilter
from countersight.store.public import is_public, marked_sensitive

if TYPE_CHECKING:
    from countersight.incidents import Incident, ReportInfo
    from countersight.model import Event

INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "type", "country", "admin1", "place", "precision", "date_start", "date_end", "date_precision", "date_text",
    "timeline_date", "perpetrators", "targets", "people_count", "people_qualifier", "documents", "sources",
    "corroboration", "mention_count", "position", "built_at",
)

# The columns of ``reports`` a ``ReportInfo`` is made of (``_report_info``).
REPORT_INFO_COLUMNS = "id, body, outlet, published, source, near_duplicate_of"


class IncidentRows:
    """Mixed into ``Store``: uses its ``execute``, ``records``, ``scalar``, ``transaction``, ``_where``."""

    def report_infos(self, batch: int = 2000) -> Iterator[ReportInfo]:
        """What incidents need of every report, streamed (flat memory on a large archive)."""
        sql = f"SELECT {REPORT_INFO_COLUMNS} FROM reports ORDER BY id"
        for r in self.dialect.stream(self, sql, (), batch):  # type: ignore[attr-defined]
            yield _report_info(r)

    def report_infos_of(self, report_ids: Iterable[str]) -> list[ReportInfo]:
        """``report_infos`` of these reports only (unknown ids left out)."""
        ids = list(dict.fromkeys(report_ids))
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self.records(  # type: ignore[attr-defined]
                    f"SELECT {REPORT_INFO_COLUMNS} FROM reports WHERE id IN ({marks})", chunk):
                out.append(_report_info(r))
        return out

    def lock_incidents(self) -> None:
        """Inside a transaction: other writers of incidents (a rebuild, another analyst's
        decision) wait until it ends. SQLite's writers queue anyway."""
        if self.dialect.incident_lock:  # type: ignore[attr-defined]
            self.execute(self.dialect.incident_lock)  # type: ignore[attr-defined]

    def replace_incidents(self, incidents: Iterable[Incident], built_at: str,
                          decided_upto: int | None = None) -> int | None:
        """Replace every stored incident with ``incidents`` in one transaction; how many.

        With ``decided_upto`` (the newest incident decision the build applied), nothing is
        written and None is returned when an analyst decided since: the caller builds again.
        Each replaced incident id that is not built again is redirected to the new incident
        holding most of its mentions."""
        n = 0
        with self.transaction():  # type: ignore[attr-defined]
            self.lock_incidents()
            if decided_upto is not None and self.last_incident_decision() != decided_upto:
                return None
            old = {r["event_id"]: r["incident_id"] for r in self.records(  # type: ignore[attr-defined]
                "SELECT event_id, incident_id FROM incident_mentions ORDER BY incident_id, ordinal")}
            self.execute("DELETE FROM incident_mentions")  # type: ignore[attr-defined]
            self.execute("DELETE FROM incidents")  # type: ignore[attr-defined]
            new: dict[str, str] = {}
            for position, incident in enumerate(incidents):
                self._insert_incident(incident, position, built_at)
                new.update((m, incident.id) for m in incident.mentions)
                n += 1
            self.add_incident_redirects(redirects(old, new), built_at)
            self.store_public_places()  # type: ignore[attr-defined]  # (what the public counts group by)
            self.execute("INSERT INTO incident_builds (built_at, incidents) VALUES (?, ?)",  # type: ignore[attr-defined]
                         (built_at, n))
        return n

    def _insert_incident(self, incident: Incident, position: int, built_at: str) -> None:
        row = _row(incident, position, built_at)
        self.execute(f"INSERT INTO incidents ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",  # type: ignore[attr-defined]
                     list(row.values()))
        for ordinal, (event_id, report_id) in enumerate(zip(incident.mentions, incident.mention_documents)):
            self.execute(  # type: ignore[attr-defined]
                "INSERT INTO incident_mentions (event_id, incident_id, report_id, ordinal) VALUES (?, ?, ?, ?)",
                (event_id, incident.id, report_id, ordinal))

    def update_incidents(self, removed: Iterable[str], added: Iterable[tuple[Incident, int]], built_at: str) -> None:
        """Replace some incidents (``removed`` ids) with others (each with its listing position),
        redirecting each removed id that is gone to the new incident holding most of its mentions.
        Call inside the transaction of the change (after ``lock_incidents``)."""
        removed = list(dict.fromkeys(removed))
        added = list(added)
        old: dict[str, str] = {}
        for i in range(0, len(removed), 500):
            chunk = removed[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            old.update((r["event_id"], r["incident_id"]) for r in self.records(  # type: ignore[attr-defined]
                f"SELECT event_id, incident_id FROM incident_mentions WHERE incident_id IN ({marks}) "
                "ORDER BY incident_id, ordinal", chunk))
            self.execute(f"DELETE FROM incident_mentions WHERE incident_id IN ({marks})", chunk)  # type: ignore[attr-defined]
            self.execute(f"DELETE FROM incidents WHERE id IN ({marks})", chunk)  # type: ignore[attr-defined]
        new: dict[str, str] = {}
        for incident, position in added:
            # (a mention leaves the incident it was in, if that one is not replaced here)
            for m in incident.mentions:
                self.execute("DELETE FROM incident_mentions WHERE event_id = ?", (m,))  # type: ignore[attr-defined]
            self._insert_incident(incident, position, built_at)
            new.update((m, incident.id) for m in incident.mentions)
        self.add_incident_redirects(redirects(old, new), built_at)
        self.store_public_places(new.values())  # type: ignore[attr-defined]

    def incident_positions(self, incident_ids: Iterable[str]) -> dict[str, int]:
        ids = list(incident_ids)
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {r["id"]: int(r["position"]) for r in self.records(  # type: ignore[attr-defined]
            f"SELECT id, position FROM incidents WHERE id IN ({marks})", ids)}

    def last_incident_position(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(position), -1) FROM incidents"))  # type: ignore[attr-defined]

    def incident_of_mention(self, event_id: str) -> str | None:
        """The id of the incident an event belongs to, None when in none (rejected, or not linked yet)."""
        return self.scalar("SELECT incident_id FROM incident_mentions WHERE event_id = ?",  # type: ignore[attr-defined]
                           (event_id,))

    # -- redirects: where an incident id that was retired leads ----------------------------
    def add_incident_redirects(self, mapping: dict[str, str], at: str) -> None:
        """Record old id -> new id; redirects that led to a retired id now lead on to its
        successor, and an id that exists again is no longer redirected."""
        for old_id, new_id in mapping.items():
            self.execute("UPDATE incident_redirects SET new_id = ?, at = ? WHERE new_id = ?",  # type: ignore[attr-defined]
                         (new_id, at, old_id))
            self.execute(  # type: ignore[attr-defined]
                "INSERT INTO incident_redirects (old_id, new_id, at) VALUES (?, ?, ?) "
                "ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id, at = excluded.at",
                (old_id, new_id, at))
        self.execute("DELETE FROM incident_redirects WHERE old_id IN (SELECT id FROM incidents)")  # type: ignore[attr-defined]

    def incident_redirect(self, old_id: str) -> str | None:
        return self.scalar("SELECT new_id FROM incident_redirects WHERE old_id = ?", (old_id,))  # type: ignore[attr-defined]

    # -- analysts' decisions and the pins they imply ------------------------------------
    def last_incident_decision(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(id), 0) FROM incident_decisions"))  # type: ignore[attr-defined]

    def add_incident_decision(self, at: str, username: str, action: str, incidents: list[str],
                              mentions: list[str], target: str | None, groups: list[dict[str, Any]],
                              reason: str | None) -> int:
        """Append a decision; its id. Call after ``lock_incidents`` (the id is read back under it)."""
        self.execute(  # type: ignore[attr-defined]
            "INSERT INTO incident_decisions (at, username, action, incidents, mentions, target, groups, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, username, action, json.dumps(incidents), json.dumps(mentions), target,
             json.dumps(groups, ensure_ascii=False), reason))
        return self.last_incident_decision()

    def pin_mentions(self, event_ids: Iterable[str], pin: str, confirmed: bool, decision: int) -> None:
        """These mentions form one incident from now on (``confirmed``: and take no other)."""
        for event_id in event_ids:
            self.execute(  # type: ignore[attr-defined]
                "INSERT INTO incident_pins (event_id, pin, confirmed, decision) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (event_id) DO UPDATE SET pin = excluded.pin, confirmed = excluded.confirmed, "
                "decision = excluded.decision", (event_id, pin, int(confirmed), decision))

    def incident_pins(self, event_ids: Iterable[str] | None = None) -> dict[str, tuple[str, bool]]:
        """event id -> (pin, confirmed): every pinned mention, or those of ``event_ids``."""
        sql = "SELECT event_id, pin, confirmed FROM incident_pins"
        if event_ids is None:
            rows = self.records(sql)  # type: ignore[attr-defined]
        else:
            ids, rows = list(event_ids), []
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows += self.records(f"{sql} WHERE event_id IN ({', '.join('?' for _ in chunk)})", chunk)  # type: ignore[attr-defined]
        return {r["event_id"]: (r["pin"], bool(r["confirmed"])) for r in rows}

    def incident_decisions(self, event_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The decisions whose incidents held any of these mentions, oldest first."""
        ids = list(event_ids)
        found: dict[int, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self.records(  # type: ignore[attr-defined]
                    "SELECT id, at, username, action, incidents, mentions, target, groups, reason "
                    "FROM incident_decisions WHERE id IN "
                    f"(SELECT decision FROM incident_decision_mentions WHERE event_id IN ({marks}))", chunk):
                found[int(r["id"])] = {
                    "id": int(r["id"]), "at": r["at"], "user": r["username"], "action": r["action"],
                    "incidents": json.loads(r["incidents"]), "mentions": json.loads(r["mentions"]),
                    "target": r["target"], "groups": json.loads(r["groups"]), "reason": r["reason"]}
        return [found[k] for k in sorted(found)]

    def index_incident_decision(self, decision: int, event_ids: Iterable[str]) -> None:
        """Which mentions a decision concerned (what ``incident_decisions`` finds it by)."""
        for event_id in dict.fromkeys(event_ids):
            self.execute("INSERT INTO incident_decision_mentions (decision, event_id) VALUES (?, ?)",  # type: ignore[attr-defined]
                         (decision, event_id))

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
        date = "i.timeline_date"
        if is_public(f):
            # An incident told by a mention whose date is withheld sorts as undated: its neighbours
            # in the list would tell the date the page withholds.
            date = (f"CASE WHEN EXISTS (SELECT 1 FROM incident_mentions m JOIN events e ON e.id = m.event_id "
                    f"WHERE m.incident_id = i.id AND {marked_sensitive('date')}) THEN NULL ELSE i.timeline_date END")
        order = (f"CASE WHEN {date} IS NULL THEN 1 ELSE 0 END, {date} DESC, i.position, i.id"
                 if newest_first else "i.position, i.id")
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
            "(SELECT incident_id FROM incident_mentions WHERE report_id = ?) ORDER BY i.position, i.id", (report_id,))
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
        from countersight.incidents import confirmed_by_pins

        members: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
        pins: dict[str, list[tuple[str | None, bool]]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for m in self.records(  # type: ignore[attr-defined]
                    "SELECT m.incident_id, m.event_id, m.report_id, p.pin, p.confirmed FROM incident_mentions m "
                    f"LEFT JOIN incident_pins p ON p.event_id = m.event_id WHERE m.incident_id IN ({marks}) "
                    "ORDER BY m.incident_id, m.ordinal", chunk):
                members[m["incident_id"]].append((m["event_id"], m["report_id"]))
                pins[m["incident_id"]].append((m["pin"], bool(m["confirmed"])))
        return [_incident(r, members[r["id"]], confirmed_by_pins(pins[r["id"]])) for r in rows]


def redirects(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Old incident id -> the new incident holding most of its mentions (ties: the one holding
    its first-listed mention), for each old id that is not a new id too. An incident whose
    mentions all went (rejected, deleted) has none."""
    present = set(new.values())
    votes: dict[str, dict[str, int]] = {}
    for event_id, old_id in old.items():
        if old_id in present or event_id not in new:
            continue
        tally = votes.setdefault(old_id, {})
        tally[new[event_id]] = tally.get(new[event_id], 0) + 1
    # (dicts keep insertion order: the first new id counted is the first mention's)
    return {old_id: max(tally, key=lambda k: tally[k]) for old_id, tally in votes.items()}


def _report_info(r: dict[str, Any]) -> ReportInfo:
    from countersight.incidents import ReportInfo

    return ReportInfo(id=r["id"], body=r["body"], outlet=r["outlet"], published=r["published"],
                      source=json.loads(r["source"]) if r["source"] else None, near_duplicate_of=r["near_duplicate_of"])


def _cols(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in INCIDENT_COLUMNS)


def _row(incident: Incident, position: int, built_at: str) -> dict[str, Any]:
    """An incident's row as {column: value} (the columns of ``INCIDENT_COLUMNS``)."""
    loc, date, people = incident.location, incident.date, incident.people
    return {
        "id": incident.id, "type": incident.type,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "place": loc.place if loc else None, "precision": loc.precision if loc else None,
        "date_start": date.start if date else None, "date_end": date.end if date else None,
        "date_precision": date.precision if date else None, "date_text": date.text if date else None,
        "timeline_date": date.start if date and date.start else incident.published,
        "perpetrators": json.dumps(incident.perpetrators), "targets": json.dumps(incident.targets),
        "people_count": people["count"] if people else None, "people_qualifier": people["qualifier"] if people else None,
        "documents": json.dumps(incident.documents), "sources": json.dumps(incident.sources, ensure_ascii=False),
        "corroboration": incident.corroboration, "mention_count": len(incident.mentions), "position": position,
        "built_at": built_at,
    }


def _incident(r: dict[str, Any], members: list[tuple[str, str]], confirmed: bool = False) -> Incident:
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
        confirmed=confirmed,
    )
