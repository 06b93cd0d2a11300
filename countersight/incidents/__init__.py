"""Incidents: one real-world act with the event mentions that tell it, and how well sourced it is.

``build_incidents`` links mentions (``link.py``), then summarises each group: its type,
the most precise place and date its mentions support, perpetrators and targets, the
number of people a report states, its reports, its sources and corroboration
(``sources.py``). ``rebuild`` does it for a whole store and saves the result.

Analysts' decisions (``review.py``: merge, split, move, confirm) are kept as *pins* on
mentions and laid over the linker's result at every build (``apply_pins``): mentions with
one pin form one incident, mentions with different pins are never linked, and a confirmed
pin takes no new mention. The linker itself never sees them.

Incidents link acts, never people: an incident carries no names, and its public form
is built from the publicly redacted mentions (``public_incident``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from countersight.incidents.link import DATE_RANK, LOCATION_RANK, Mention, link, mention_of
from countersight.incidents.sources import (ReportSources, corroboration, incident_sources, report_sources,
                                            resolve_origins)
from countersight.model import DateSpan, Event, Location

CORROBORATIONS: tuple[str, ...] = ("single_source", "dependent_sources", "independent_sources")


@dataclass
class Incident:
    id: str
    type: str
    location: Location | None
    date: DateSpan | None
    perpetrators: list[str]
    targets: list[str]
    people: dict[str, Any] | None
    mentions: list[str]
    documents: list[str]
    sources: list[dict[str, Any]] = field(default_factory=list)
    corroboration: str = "single_source"
    # Not in the exported object: each mention's report (same order as ``mentions``) and
    # the first report's publication date (the incident's place on a timeline when undated).
    mention_documents: list[str] = field(default_factory=list)
    published: str | None = None
    # An analyst confirmed exactly these mentions as one act (exported: readers weigh it).
    confirmed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "perpetrators": list(self.perpetrators), "targets": list(self.targets),
            "people": dict(self.people) if self.people else None,
            "mentions": list(self.mentions), "documents": list(self.documents),
            "sources": [dict(s) for s in self.sources], "corroboration": self.corroboration,
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Incident:
        return cls(
            id=data["id"], type=data["type"], location=Location.from_dict(data.get("location")),
            date=DateSpan.from_dict(data.get("date")), perpetrators=list(data.get("perpetrators") or []),
            targets=list(data.get("targets") or []), people=data.get("people"),
            mentions=list(data.get("mentions") or []), documents=list(data.get("documents") or []),
            sources=list(data.get("sources") or []), corroboration=data.get("corroboration") or "single_source",
            confirmed=bool(data.get("confirmed", False)),
        )


def confirmed_by_pins(pins: Sequence[tuple[str | None, bool]]) -> bool:
    """Whether an incident is confirmed, from its mentions' pins (pin, confirmed) in order: an
    analyst confirmed exactly these mentions as one incident (one pin, all confirmed)."""
    return bool(pins) and all(pin is not None and confirmed for pin, confirmed in pins) \
        and len({pin for pin, _ in pins}) == 1


def incident_id(mention_ids: Iterable[str]) -> str:
    """Stable: the same mentions make the same id, whatever order they come in."""
    digest = hashlib.sha1("\n".join(sorted(mention_ids)).encode("utf-8")).hexdigest()
    return f"i-{digest[:16]}"


def summarise(events: list[Event], mentions: Mapping[str, Mention], sources: Mapping[str, ReportSources],
              published: str | None = None) -> Incident:
    """One incident from its events (in document and reading order)."""
    located = [e for e in events if e.location]
    location = min(located, key=lambda e: LOCATION_RANK.get(e.location.precision, 9)).location if located else None
    dated = [e for e in events if e.date and e.date.start]
    if dated:
        date = min(dated, key=lambda e: DATE_RANK.get(e.date.precision, 9)).date
    else:
        date = next((e.date for e in events if e.date), None)
    people = next((mentions[e.id].people for e in events if e.id in mentions and mentions[e.id].people), None)
    documents = list(dict.fromkeys(e.document for e in events))
    return Incident(
        id=incident_id(e.id or "" for e in events),
        type=events[0].type,
        location=location,
        date=date,
        perpetrators=list(dict.fromkeys(p for e in events for p in e.perpetrators)),
        targets=list(dict.fromkeys(t for e in events for t in e.targets)),
        people={"count": people[0], "qualifier": people[1]} if people else None,
        mentions=[e.id or "" for e in events],
        documents=documents,
        sources=incident_sources(documents, sources),
        corroboration=corroboration(documents, sources),
        mention_documents=[e.document for e in events],
        published=published,
    )


@dataclass
class ReportInfo:
    """What incidents need of a report."""

    id: str
    body: str
    outlet: str | None = None
    published: str | None = None
    source: Mapping[str, Any] | None = None
    near_duplicate_of: str | None = None


Pins = Mapping[str, tuple[str, bool]]  # mention id -> (pin, confirmed)


def apply_pins(groups: list[list[Mention]], pins: Pins) -> list[list[Mention]]:
    """The linker's ``groups`` with the analysts' decisions laid over them.

    Pinned mentions form their pin's incident whatever the linker did (merged mentions stay
    together; split and moved ones stay apart: two pins never join). A mention no decision
    named joins the pin that holds most of its linker group (ties: the first), unless that
    pin is confirmed: a confirmed incident keeps exactly its confirmed mentions, and the
    rest of the group forms an incident of its own."""
    if not pins:
        return groups
    frozen = {pin for pin, confirmed in pins.values() if confirmed}
    pinned: dict[str, list[Mention]] = {}
    out: list[list[Mention]] = []
    for group in groups:
        held: dict[str, int] = {}
        loose = []
        for m in group:
            if m.id in pins:
                pin = pins[m.id][0]
                pinned.setdefault(pin, []).append(m)
                held[pin] = held.get(pin, 0) + 1
            else:
                loose.append(m)
        if not loose:
            continue
        open_pins = [pin for pin in held if pin not in frozen]
        if open_pins:
            best = max(open_pins, key=lambda pin: held[pin])
            pinned[best] += loose
        else:
            out.append(loose)
    out += pinned.values()
    return [sorted(g, key=lambda m: (m.document, m.order)) for g in out]


def build_incidents(events: Iterable[Event], reports: Iterable[ReportInfo], pins: Pins | None = None) -> list[Incident]:
    """Incidents of ``events`` (rejected ones are left out), ordered by first report and position;
    ``pins``: the analysts' decisions (``apply_pins``)."""
    infos = {r.id: r for r in reports}
    sources = {r.id: report_sources(r.id, r.body, r.outlet, r.source) for r in infos.values()}
    near = {r.id: r.near_duplicate_of for r in infos.values()}
    resolve_origins(sources, near)
    kept = [e for e in events if e.status != "rejected" and e.id]
    by_id = {e.id: e for e in kept}
    mentions = {}
    for e in kept:
        info = infos.get(e.document)
        mentions[e.id] = mention_of(e, e.evidence.start, info.published if info else None)
    groups = apply_pins(link(mentions.values(), near), pins or {})
    incidents = []
    for g in groups:
        info = infos.get(g[0].document)
        incidents.append(summarise([by_id[m.id] for m in g], mentions, sources, info.published if info else None))
    incidents.sort(key=lambda i: (i.documents[0], by_id[i.mentions[0]].evidence.start, i.type, i.id))
    return incidents


def public_incident(incident: Incident, redacted_events: list[Event]) -> Incident:
    """The incident as a public export shows it: summarised again from its mentions as a
    public export redacts them (``countersight.privacy.redact_event``), so the place, date
    and targets are withheld exactly as they are for the events."""
    mentions = {e.id or "": mention_of(e, e.evidence.start) for e in redacted_events}
    public = summarise(redacted_events, mentions, {}) if redacted_events else incident
    # The people count was read from the unredacted quotes (a count is no name); the
    # sources and corroboration are about outlets, not persons.
    return Incident(incident.id, incident.type, public.location, public.date, public.perpetrators, public.targets,
                    incident.people, incident.mentions, incident.documents, incident.sources, incident.corroboration,
                    incident.mention_documents, incident.published, incident.confirmed)


def rebuild(store: Any, attempts: int = 5) -> int:
    """Link every stored event (rejected ones left out) into incidents, with the analysts'
    decisions laid over them, and store them, replacing the previous ones; how many incidents.

    An analyst's decision taken while the linker ran would be lost by writing its result:
    the build is then done again (the decision is among its pins the next time)."""
    from countersight.errors import Conflict
    from countersight.store.base import now

    for _ in range(attempts):
        decided = store.last_incident_decision()
        incidents = build_incidents(store.iter_events(), store.report_infos(), store.incident_pins())
        n = store.replace_incidents(incidents, now(), decided_upto=decided)
        if n is not None:
            return n
    raise Conflict("analysts kept deciding on incidents while they were rebuilt; run the rebuild again")


def summarise_groups(store: Any, groups: list[list[str]]) -> list[Incident | None]:
    """Incidents of groups of stored mention ids, summarised as ``build_incidents`` does (without
    linking): what a decision on a few incidents recomputes. Rejected and unknown mentions are
    left out; a group left empty gives None."""
    events = {e.id: e for e in store.events_by_id(list(dict.fromkeys(m for g in groups for m in g)))
              if e.status != "rejected"}
    documents = {e.document for e in events.values()}
    infos: dict[str, ReportInfo] = {}
    asked: set[str] = set()
    wanted = set(documents)
    while wanted:  # each report, and the originals its near-duplicates copy (their origin is the original's)
        asked |= wanted
        fetched = store.report_infos_of(sorted(wanted))
        infos.update((r.id, r) for r in fetched)
        wanted = {r.near_duplicate_of for r in fetched if r.near_duplicate_of} - asked
    sources = {r.id: report_sources(r.id, r.body, r.outlet, r.source) for r in infos.values()}
    resolve_origins(sources, {r.id: r.near_duplicate_of for r in infos.values()})
    out: list[Incident | None] = []
    for group in groups:
        members = sorted((events[m] for m in dict.fromkeys(group) if m in events),
                         key=lambda e: (e.document, e.evidence.start))
        if not members:
            out.append(None)
            continue
        mentions = {e.id: mention_of(e, e.evidence.start, infos[e.document].published if e.document in infos else None)
                    for e in members}
        first = infos.get(members[0].document)
        out.append(summarise(members, mentions, sources, first.published if first else None))
    return out


def public_incidents(store: Any, incidents: Iterable[Incident]) -> Iterator[Incident]:
    """``incidents`` as a public export shows them: each summarised from its mentions as
    ``export --public`` redacts them, following the analysts' sensitivity marks."""
    from countersight.privacy import redact_event

    marks = store.sensitivity_marks()
    for incident in incidents:
        events = store.events_by_id(incident.mentions)
        yield public_incident(incident, [redact_event(e, marks.get(e.id or "")) for e in events])
