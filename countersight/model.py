"""The data that flows between ingest, pipeline, store and export.

The event object mirrors the EVENTS.md contract field for field; ``to_dict``
produces exactly the export object and ``from_dict`` reads a gold or export
line back.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from countersight.vocab.agencies import AGENCIES
from countersight.vocab.gazetteer import provinces
from countersight.vocab.groups import GROUP_IDS

EVENT_TYPES: tuple[str, ...] = (
    "directive",
    "surveillance",
    "arrest",
    "interrogation",
    "sentencing",
    "repatriation",
    "intimidation",
    "collective_punishment",
    "informant_recruitment",
    "extortion",
    "border_control",
    "defection",
)
TRENDS: tuple[str, ...] = ("increase", "decrease")
PRECISIONS: tuple[str, ...] = ("district", "city", "province", "country")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "season", "year", "unknown")
# The date precisions an event may carry: EVENTS.md's, and ``week``, which the pipeline
# adds ("last week"; EVENTS.md lets the project extend its vocabularies).
EVENT_DATE_PRECISIONS: tuple[str, ...] = DATE_PRECISIONS + ("week",)
MEASURES: tuple[str, ...] = (
    "watchers_per_person",
    "inspections_per_day",
    "agents_per_case",
    "supervision_levels",
    "households_per_watch_group",
    "orders_per_week",
    "kinship_degree",
    "team_size",
)
QUALIFIERS: tuple[str, ...] = ("min", "max", "approx")
PENALTY_KINDS: tuple[str, ...] = (
    "labor_training_brigade",
    "labor_camp",
    "political_prison",
    "execution",
    "fine",
    "other",
)
STATUSES: tuple[str, ...] = ("unreviewed", "confirmed", "edited", "rejected")


@dataclass
class Location:
    country: str | None
    admin1: str | None = None
    place: str | None = None
    precision: str = "country"
    # Not part of the EVENTS.md object: coordinates from the gazetteer, for maps.
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "admin1": self.admin1,
            "place": self.place,
            "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Location | None:
        if not data:
            return None
        return cls(
            country=data.get("country"),
            admin1=data.get("admin1"),
            place=data.get("place"),
            precision=data.get("precision") or "country",
            lat=data.get("lat"),
            lon=data.get("lon"),
        )


@dataclass
class DateSpan:
    start: str | None
    end: str | None
    precision: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "precision": self.precision, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DateSpan | None:
        if not data:
            return None
        return cls(
            start=data.get("start"),
            end=data.get("end"),
            precision=data.get("precision") or "unknown",
            text=data.get("text") or "",
        )


@dataclass
class Measure:
    measure: str
    value: float
    previous: float | None = None
    qualifier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "value": _number(self.value),
            "previous": _number(self.previous),
            "qualifier": self.qualifier,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measure:
        return cls(data["measure"], data["value"], data.get("previous"), data.get("qualifier"))


@dataclass
class Penalty:
    kind: str
    months: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "months": self.months}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Penalty | None:
        if not data:
            return None
        return cls(data["kind"], data.get("months"))


@dataclass
class Evidence:
    quote: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "start": self.start, "end": self.end}


@dataclass
class Event:
    """One event mention: one sentence asserting one kind of event."""

    document: str
    type: str
    evidence: Evidence
    trend: str | None = None
    perpetrators: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: Location | None = None
    date: DateSpan | None = None
    measures: list[Measure] = field(default_factory=list)
    penalty: Penalty | None = None
    confidence: float = 0.5
    status: str = "unreviewed"
    id: str | None = None
    extractor: str | None = None  # the rules' and the model's version that made it (None: a person)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "type": self.type,
            "trend": self.trend,
            "perpetrators": list(self.perpetrators),
            "targets": list(self.targets),
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "measures": [m.to_dict() for m in self.measures],
            "penalty": self.penalty.to_dict() if self.penalty else None,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            "status": self.status,
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        ev = data.get("evidence") or {}
        return cls(
            id=data.get("id"),
            document=str(data["document"]),
            type=data["type"],
            trend=data.get("trend"),
            perpetrators=list(data.get("perpetrators") or []),
            targets=list(data.get("targets") or []),
            location=Location.from_dict(data.get("location")),
            date=DateSpan.from_dict(data.get("date")),
            measures=[Measure.from_dict(m) for m in data.get("measures") or []],
            penalty=Penalty.from_dict(data.get("penalty")),
            evidence=Evidence(ev.get("quote", ""), int(ev.get("start") or 0), int(ev.get("end") or 0)),
            confidence=float(data.get("confidence") if data.get("confidence") is not None else 1.0),
            status=data.get("status") or "unreviewed",
            extractor=data.get("extractor"),
        )


# -- checking an event object from outside (a gold line, an analyst's values) ------------------
# The closed vocabularies of EVENTS.md live as data beside the rules that find them
# (vocab.agencies, vocab.groups, the gazetteer's provinces); only "other:" opens them.
OTHER_PREFIX = "other:"
_COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2; any code, not only the gazetteer's countries
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1 character


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


def is_iso_day(value: Any) -> bool:
    """``YYYY-MM-DD`` naming a real day."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _shown(value: Any, width: int = 60) -> str:
    """A value as a message quotes it: repr (control characters escaped), cut to ``width``."""
    if isinstance(value, str) and len(value) > width:
        return repr(value[:width]) + "..."
    text = repr(value)
    return text if len(text) <= width else text[:width] + "..."


def _ids(data: dict[str, Any], key: str, what: str, known: tuple[str, ...], outside: str) -> list[str]:
    values = data.get(key)
    if values is None:
        return []
    if not isinstance(values, list):
        return [f"{key} must be a list of {what} ids, not {_shown(values)}"]
    problems = []
    for value in values:
        if not isinstance(value, str):
            problems.append(f"{key} must be a list of {what} ids, not a list holding {_shown(value)}")
        elif value not in known and not (value.startswith(OTHER_PREFIX) and value[len(OTHER_PREFIX):].strip()):
            problems.append(f"unknown {key[:-1]} {_shown(value)}: one of {', '.join(known)}, "
                            f"or {OTHER_PREFIX}NAME for {outside}")
    return problems


def _location(loc: Any) -> list[str]:
    if loc is None:
        return []
    if not isinstance(loc, dict):
        return [f"location must be an object or null, not {_shown(loc)}"]
    problems = []
    country, admin1 = loc.get("country"), loc.get("admin1")
    if country is not None and not (isinstance(country, str) and _COUNTRY.fullmatch(country)):
        problems.append(f"location country must be an ISO 3166-1 alpha-2 code (KP, CN, ...), not {_shown(country)}")
    if admin1 is not None:
        codes = sorted(provinces())
        if admin1 not in codes:
            problems.append(f"unknown admin1 {_shown(admin1)}: one of {', '.join(codes)}, or null")
        elif country not in (None, "KP"):
            problems.append(f"admin1 {admin1} is a North Korean province but the country is {_shown(country)}")
    if loc.get("place") is not None and not isinstance(loc.get("place"), str):
        problems.append(f"location place must be text or null, not {_shown(loc.get('place'))}")
    if loc.get("precision") is not None and loc.get("precision") not in PRECISIONS:
        problems.append(f"location precision must be one of {', '.join(PRECISIONS)}, not {_shown(loc.get('precision'))}")
    return problems


def _date(date: Any) -> list[str]:
    if date is None:
        return []
    if not isinstance(date, dict):
        return [f"date must be an object or null, not {_shown(date)}"]
    problems = []
    for key in ("start", "end"):
        if date.get(key) is not None and not is_iso_day(date.get(key)):
            problems.append(f"date {key} must be a day YYYY-MM-DD or null, not {_shown(date.get(key))}")
    start, end = date.get("start"), date.get("end")
    if is_iso_day(start) and is_iso_day(end) and end < start:
        problems.append(f"date ends ({end}) before it starts ({start})")
    if date.get("precision") is not None and date.get("precision") not in EVENT_DATE_PRECISIONS:
        problems.append(f"date precision must be one of {', '.join(DATE_PRECISIONS)}, not {_shown(date.get('precision'))}")
    if date.get("text") is not None and not isinstance(date.get("text"), str):
        problems.append(f"date text must be text, not {_shown(date.get('text'))}")
    return problems


def _measures(measures: Any) -> list[str]:
    if measures is None:
        return []
    if not isinstance(measures, list):
        return [f"measures must be a list, not {_shown(measures)}"]
    problems = []
    for m in measures:
        if not isinstance(m, dict):
            problems.append(f"each measure must be an object {{measure, value, previous, qualifier}}, not {_shown(m)}")
            continue
        if m.get("measure") is None:
            problems.append(f"a measure needs its name ('measure': one of {', '.join(MEASURES)})")
        elif m.get("measure") not in MEASURES:
            problems.append(f"unknown measure {_shown(m.get('measure'))}: one of {', '.join(MEASURES)}")
        if not _is_number(m.get("value")):
            problems.append(f"measure value must be a number, not {_shown(m.get('value'))}")
        if m.get("previous") is not None and not _is_number(m.get("previous")):
            problems.append(f"measure previous must be a number or null, not {_shown(m.get('previous'))}")
        if m.get("qualifier") is not None and m.get("qualifier") not in QUALIFIERS:
            problems.append(f"measure qualifier must be one of {', '.join(QUALIFIERS)} or null, "
                            f"not {_shown(m.get('qualifier'))}")
    return problems


def _penalty(penalty: Any) -> list[str]:
    if penalty is None:
        return []
    if not isinstance(penalty, dict):
        return [f"penalty must be an object {{kind, months}} or null, not {_shown(penalty)}"]
    problems = []
    if penalty.get("kind") not in PENALTY_KINDS:
        problems.append(f"penalty kind must be one of {', '.join(PENALTY_KINDS)}, not {_shown(penalty.get('kind'))}")
    months = penalty.get("months")
    if months is not None and not (_is_number(months) and months >= 0):
        problems.append(f"penalty months must be a number of months or null, not {_shown(months)}")
    return problems


def _evidence(evidence: Any) -> list[str]:
    if not isinstance(evidence, dict):
        what = "missing" if evidence is None else _shown(evidence)
        return [f"evidence must be an object {{quote, start, end}}, not {what}"]
    quote, start, end = evidence.get("quote"), evidence.get("start"), evidence.get("end")
    problems = []
    if not isinstance(quote, str) or not quote:
        problems.append(f"evidence quote must be the quoted text, not {_shown(quote)}")
    for key, value in (("start", start), ("end", end)):
        if not _is_int(value):
            problems.append(f"evidence {key} must be a character offset (a whole number), not {_shown(value)}")
    if problems:
        return problems
    if start < 0:
        problems.append(f"evidence start {start} is negative")
    elif end <= start:
        problems.append(f"evidence offsets {start}:{end} are reversed or empty")
    elif end - start != len(quote):
        # The quote is the slice body[start:end] (EVENTS.md): its length is known without the text.
        problems.append(f"evidence offsets {start}:{end} span {end - start} characters but the quote has {len(quote)}")
    return problems


def event_problems(data: Any) -> list[str]:
    """What keeps ``data`` (one parsed JSON object: a gold line, an export line, an
    analyst's values) from being an EVENTS.md event mention, as short phrases; [] when
    nothing does. Shapes, the closed vocabularies, days and offsets are checked; whether
    the offsets point at the quote in the report's text needs the text
    (:func:`evidence_problems`). Fields may be absent: ``from_dict`` reads them as empty."""
    if not isinstance(data, dict):
        return [f"an event must be a JSON object, not {_shown(data)}"]
    problems = []
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        problems.append(f"document must be the report's id, not {_shown(document)}")
    if data.get("type") not in EVENT_TYPES:
        problems.append(f"type {_shown(data.get('type'))} is not one of {', '.join(EVENT_TYPES)}")
    if data.get("trend") is not None and data.get("trend") not in TRENDS:
        problems.append(f"trend must be one of {', '.join(TRENDS)} or null, not {_shown(data.get('trend'))}")
    problems += _ids(data, "perpetrators", "agency", tuple(a.id for a in AGENCIES), "an actor outside the list")
    problems += _ids(data, "targets", "target group", GROUP_IDS, "a group outside the list")
    problems += _location(data.get("location"))
    problems += _date(data.get("date"))
    problems += _measures(data.get("measures"))
    problems += _penalty(data.get("penalty"))
    problems += _evidence(data.get("evidence"))
    confidence = data.get("confidence")
    if confidence is not None and not (_is_number(confidence) and 0 <= confidence <= 1):
        problems.append(f"confidence must be a number from 0 to 1, not {_shown(confidence)}")
    if data.get("status") is not None and data.get("status") not in STATUSES:
        problems.append(f"status must be one of {', '.join(STATUSES)}, not {_shown(data.get('status'))}")
    return problems


def evidence_problems(evidence: Evidence, text: str) -> list[str]:
    """Whether ``evidence`` (offsets already checked by :func:`event_problems`) points at its
    quote in ``text``, the report's stored body."""
    if evidence.end > len(text):
        return [f"evidence offsets {evidence.start}:{evidence.end} fall outside the report's text "
                f"({len(text)} characters)"]
    found = text[evidence.start : evidence.end]
    if found != evidence.quote:
        at = next((i for i, (a, b) in enumerate(zip(evidence.quote, found, strict=False)) if a != b),
                  min(len(evidence.quote), len(found)))
        return [f"evidence quote is not the report's text at {evidence.start}:{evidence.end}: from its "
                f"character {at} the quote reads {_shown(evidence.quote[at:], 30)}, the text "
                f"{_shown(found[at:], 30)}"]
    return []


@dataclass
class RawReport:
    """A report as a reader produced it, before any analysis.

    ``body`` is the text that is stored and that evidence offsets point into;
    readers never alter it after this point.
    """

    document: str
    body: str
    source_path: str
    format: str  # "txt", "html", "jsonl"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    line: int | None = None  # line number within a JSONL file


@dataclass
class IngestProblem:
    """A file (or JSONL line) that could not be read, with a message for the user."""

    source_path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source_path}:{self.line}" if self.line is not None else self.source_path
        return f"{where}: {self.message}"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return value


# The orders of the review queue, with what each puts first. Measured (tools/review_value.py,
# docs/quality.md): the most confident events first teach the role and place models most
# per review (mostly confirmations, with their roles corrected); the most uncertain first
# settle the types the model doubts, which moves mention F1 little.
REVIEW_ORDERS: dict[str, str] = {
    "latest": "latest reports first",
    "uncertain": "most uncertain first",
    "confident": "most confident first",
}
