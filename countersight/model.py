"""The data that flows between ingest, pipeline, store and export.

The event object mirrors the EVENTS.md contract field for field; ``to_dict``
produces exactly the export object and ``from_dict`` reads a gold or export
line back (``countersight.fields`` says first whether the line may be read).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
# The agency and target lists are closed (vocab.agencies, vocab.groups); only this prefix opens
# them, for an actor or a group outside them ("other:laos_security").
OTHER_PREFIX = "other:"


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
