"""Exports of the stored events: JSON Lines (the EVENTS.md object), CSV (one column per field), GeoJSON (points).

Each exported event carries the report it came from, so that a row can be cited: an
extension of the EVENTS.md object, ``"report": {"title", "outlet", "url", "published"}``
(JSONL, GeoJSON properties) and the ``report_*`` CSV columns. ``Event.to_dict()`` stays the
EVENTS.md object (the API and the reviews use it); the citation is added here.

CSV cells that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, tab, CR first)
start with a single quote (``spreadsheet_safe``); numbers are left as they are.

A public export redacts what ``countersight.privacy`` says (quotes, date texts, places,
report titles). A quote whose redaction changed it no longer has the length of the span
its offsets give: those offsets are left out (``null``; empty in CSV), never wrong.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from typing import TYPE_CHECKING

from countersight.model import Event
from countersight.vocab import gazetteer

if TYPE_CHECKING:
    from countersight.incidents import Incident

FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson")

CSV_COLUMNS: tuple[str, ...] = (
    "id", "document", "type", "trend", "perpetrators", "targets",
    "location_country", "location_admin1", "location_place", "location_precision", "location_lat", "location_lon",
    "date_start", "date_end", "date_precision", "date_text",
    "measures", "penalty_kind", "penalty_months",
    "evidence_quote", "evidence_start", "evidence_end", "confidence", "status",
    "report_title", "report_outlet", "report_url", "report_published",
)

#: The report's fields that cite it, beside each exported event.
CITATION_FIELDS: tuple[str, ...] = ("title", "outlet", "url", "published")

#: report id -> its citation fields (``Store.report_citation``), or None when unknown
ReportLookup = Callable[[str], "dict[str, object] | None"]


@dataclass
class Exported:
    """What an export held: the events it read and the records it wrote (GeoJSON writes only
    the events that have coordinates, so the two can differ)."""

    events: int = 0
    written: int = 0

    @property
    def left_out(self) -> int:
        return self.events - self.written


class Citations:
    """The citation of each event's report, looked up once per report (exports read the
    events report by report: only the last report is remembered, so memory stays flat)."""

    def __init__(self, lookup: ReportLookup | None = None, *, public: bool = False) -> None:
        self.lookup = lookup
        self.public = public
        self._last: tuple[str, dict[str, object]] | None = None

    def __call__(self, document: str) -> dict[str, object]:
        if self._last is not None and self._last[0] == document:
            return dict(self._last[1])
        found = (self.lookup(document) if self.lookup else None) or {}
        citation = {key: found.get(key) for key in CITATION_FIELDS}
        if self.public and citation["title"]:
            from countersight.privacy import redact_text

            citation["title"] = redact_text(str(citation["title"]))
        self._last = (document, citation)
        return dict(citation)


def event_record(event: Event, cite: Citations | None = None) -> dict[str, object]:
    """The EVENTS.md object of ``event`` and its report's citation (``report``)."""
    record = event.to_dict()
    record["report"] = (cite or Citations())(event.document)
    return record


def jsonl_chunks(events: Iterable[Event], cite: Citations | None = None) -> Iterator[str]:
    for event in events:
        yield json.dumps(event_record(event, cite), ensure_ascii=False) + "\n"


# A cell that starts with one of these is a formula to a spreadsheet ("CSV injection"): a report's
# title "=HYPERLINK(...)" would become a live link, "=1+1" a computed value. Any text cell may hold
# what a report wrote (quotes, titles, ids, an analyst's words), so every one is checked.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: dict[str, object]) -> dict[str, object]:
    """``row`` with each text cell that a spreadsheet would read as a formula prefixed with a single
    quote (``'=1+1``), which spreadsheets show as the text it was. Numbers stay numbers: a negative
    longitude is no formula."""
    return {key: "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
            for key, value in row.items()}


def csv_row(event: Event, cite: Citations | None = None) -> dict[str, object]:
    """One CSV row of ``event``, safe to open in a spreadsheet (``spreadsheet_safe``)."""
    loc, date, pen = event.location, event.date, event.penalty
    coords = coordinates(event)
    return spreadsheet_safe({
        "id": event.id,
        "document": event.document,
        "type": event.type,
        "trend": event.trend or "",
        "perpetrators": ";".join(event.perpetrators),
        "targets": ";".join(event.targets),
        "location_country": loc.country if loc else "",
        "location_admin1": (loc.admin1 or "") if loc else "",
        "location_place": (loc.place or "") if loc else "",
        "location_precision": loc.precision if loc else "",
        "location_lat": coords[1] if coords else "",
        "location_lon": coords[0] if coords else "",
        "date_start": (date.start or "") if date else "",
        "date_end": (date.end or "") if date else "",
        "date_precision": date.precision if date else "",
        "date_text": date.text if date else "",
        # A list of quantities does not fit one cell; JSON keeps it exact and readable.
        "measures": json.dumps([m.to_dict() for m in event.measures]) if event.measures else "",
        "penalty_kind": pen.kind if pen else "",
        "penalty_months": pen.months if pen and pen.months is not None else "",
        "evidence_quote": event.evidence.quote,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "confidence": round(event.confidence, 3),  # as in the JSON Lines object
        "status": event.status,
        **{f"report_{key}": "" if value is None else value
           for key, value in (cite or Citations())(event.document).items()},
    })


def csv_chunks(events: Iterable[Event], cite: Citations | None = None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(csv_row(event, cite))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def coordinates(event: Event) -> tuple[float, float] | None:
    """(lon, lat) of the event's place: the gazetteer's, at the precision the event has."""
    loc = event.location
    if loc is None:
        return None
    if loc.lat is not None and loc.lon is not None:
        return (loc.lon, loc.lat)
    if loc.place:
        found = [place for place in gazetteer.lookup(loc.place)
                 if place.country == loc.country and (loc.admin1 is None or place.admin1 == loc.admin1)
                 and place.lat is not None]
        # A name shared by a province and its capital ("Jilin"): the one of the event's precision.
        found.sort(key=lambda place: place.precision != loc.precision)
        if found:
            return (found[0].lon, found[0].lat)
    if loc.admin1:
        province = gazetteer.provinces().get(loc.admin1)
        if province and province.lat is not None:
            return (province.lon, province.lat)
    return None


def geojson_features(events: Iterable[Event], stats: Exported | None = None,
                     cite: Citations | None = None) -> Iterator[dict]:
    for event in events:
        coords = coordinates(event)
        if coords is None:
            continue  # events placed only at country level are not points
        if stats is not None:
            stats.written += 1
        yield {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [coords[0], coords[1]]},
            "properties": event_record(event, cite),
        }


def geojson_chunks(events: Iterable[Event], stats: Exported | None = None,
                   cite: Citations | None = None) -> Iterator[str]:
    """A FeatureCollection written feature by feature, so memory stays flat."""
    yield '{"type": "FeatureCollection", "features": [\n'
    for n, feature in enumerate(geojson_features(events, stats, cite)):
        yield (",\n" if n else "") + json.dumps(feature, ensure_ascii=False)
    yield "\n]}\n"


CHUNKERS = {"jsonl": jsonl_chunks, "csv": csv_chunks, "geojson": geojson_chunks}


def public_events(events: Iterable[Event], marks: dict[str, dict[str, bool]] | None = None) -> Iterator[Event]:
    """The events redacted for publication (``privacy.redact_event``, following the analysts'
    sensitivity ``marks``); a quote the redaction changed loses its offsets (``None``,
    ``privacy.public_event``)."""
    from countersight.privacy import public_event

    marks = marks or {}
    for event in events:
        yield public_event(event, marks.get(event.id or ""))


def iter_export(
    events: Iterable[Event], fmt: str, *, public: bool = False, marks: dict[str, dict[str, bool]] | None = None,
    reports: ReportLookup | None = None, stats: Exported | None = None,
) -> Iterator[str]:
    """The export as text chunks (for streaming responses and files alike).

    ``public`` redacts what could identify a private person (countersight.privacy),
    following the analysts' sensitivity ``marks`` (event id -> field -> sensitive?).
    ``reports`` looks up each event's report for its citation (``Store.report_citation``).
    """
    if fmt not in CHUNKERS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if public:
        events = public_events(events, marks)
    cite = Citations(reports, public=public)
    if fmt == "geojson":
        return geojson_chunks(events, stats, cite)
    return CHUNKERS[fmt](events, cite)


def export_events(
    events: Iterable[Event], fmt: str, out: TextIO, *, public: bool = False,
    marks: dict[str, dict[str, bool]] | None = None, reports: ReportLookup | None = None,
) -> Exported:
    """Write ``events`` to ``out`` in ``fmt``; say how many were read and how many written."""
    stats = Exported()
    for chunk in iter_export(_Counter(events, stats), fmt, public=public, marks=marks, reports=reports, stats=stats):
        out.write(chunk)
    if fmt != "geojson":
        stats.written = stats.events
    return stats


class _Counter:
    def __init__(self, events: Iterable[Event], stats: Exported) -> None:
        self.events = events
        self.stats = stats

    def __iter__(self) -> Iterator[Event]:
        for event in self.events:
            self.stats.events += 1
            yield event


def export_to_string(events: Iterable[Event], fmt: str, *, public: bool = False,
                     reports: ReportLookup | None = None) -> str:
    buffer = io.StringIO()
    export_events(events, fmt, buffer, public=public, reports=reports)
    return buffer.getvalue()


# -- incidents ------------------------------------------------------------------------
INCIDENT_CSV_COLUMNS: tuple[str, ...] = (
    "id", "type", "location_country", "location_admin1", "location_place", "location_precision",
    "location_lat", "location_lon", "date_start", "date_end", "date_precision", "date_text",
    "perpetrators", "targets", "people_count", "people_qualifier", "mentions", "documents", "sources",
    "corroboration", "confirmed",
)


def incident_csv_row(incident: Incident) -> dict[str, object]:
    """One CSV row of ``incident``, safe to open in a spreadsheet (``spreadsheet_safe``)."""
    loc, date, people = incident.location, incident.date, incident.people
    coords = coordinates(incident)  # type: ignore[arg-type]  # (reads only .location)
    return spreadsheet_safe({
        "id": incident.id, "type": incident.type,
        "location_country": (loc.country or "") if loc else "",
        "location_admin1": (loc.admin1 or "") if loc else "",
        "location_place": (loc.place or "") if loc else "",
        "location_precision": loc.precision if loc else "",
        "location_lat": coords[1] if coords else "", "location_lon": coords[0] if coords else "",
        "date_start": (date.start or "") if date else "", "date_end": (date.end or "") if date else "",
        "date_precision": date.precision if date else "", "date_text": date.text if date else "",
        "perpetrators": ";".join(incident.perpetrators), "targets": ";".join(incident.targets),
        "people_count": people["count"] if people else "", "people_qualifier": (people["qualifier"] or "") if people else "",
        "mentions": ";".join(incident.mentions), "documents": ";".join(incident.documents),
        # One cell per incident: the sources' names (the full entries are in JSON Lines and GeoJSON).
        "sources": ";".join(s["source"] for s in incident.sources),
        "corroboration": incident.corroboration,
        "confirmed": "yes" if incident.confirmed else "no",
    })


def export_incidents(incidents: Iterable[Incident], fmt: str, out: TextIO) -> Exported:
    """Write incidents to ``out``: JSON Lines (one object a line), CSV, or GeoJSON points
    (incidents without coordinates left out, as for events)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    stats = Exported()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=INCIDENT_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
    elif fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [\n')
    for incident in incidents:
        stats.events += 1
        if fmt == "jsonl":
            out.write(json.dumps(incident.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow(incident_csv_row(incident))
        else:
            coords = coordinates(incident)  # type: ignore[arg-type]
            if coords is None:
                continue
            feature = {"type": "Feature", "id": incident.id,
                       "geometry": {"type": "Point", "coordinates": [coords[0], coords[1]]},
                       "properties": incident.to_dict()}
            out.write((",\n" if stats.written else "") + json.dumps(feature, ensure_ascii=False))
        stats.written += 1
    if fmt == "geojson":
        out.write("\n]}\n")
    return stats
