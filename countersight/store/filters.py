"""Event filters shared by the CLI, the exports, the web pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from countersight.errors import InputError
from countersight.model import EVENT_TYPES, STATUSES, TRENDS


@dataclass
class EventFilter:
    type: str | None = None
    agency: str | None = None
    target: str | None = None
    province: str | None = None  # ISO 3166-2 code (KP-09) or a province name
    place: str | None = None
    country: str | None = None
    since: str | None = None  # YYYY-MM-DD, on the event's timeline date
    until: str | None = None
    status: str | None = None
    trend: str | None = None
    measure: str | None = None
    search: str | None = None  # full text over quotes and report text
    document: str | None = None

    FIELDS: ClassVar[tuple[str, ...]] = ()  # the names of the fields above, set below

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    dt.date.fromisoformat(value)
                except ValueError as exc:
                    raise InputError(f"--{name} must be a date YYYY-MM-DD, got {value!r}") from exc
        if self.type and self.type not in EVENT_TYPES:
            raise InputError(f"unknown event type {self.type!r}; known: {', '.join(EVENT_TYPES)}")
        if self.status and self.status not in STATUSES:
            raise InputError(f"unknown status {self.status!r}; known: {', '.join(STATUSES)}")
        if self.trend and self.trend not in TRENDS:
            raise InputError(f"unknown trend {self.trend!r}; known: {', '.join(TRENDS)}")
        if self.province:
            self.province = _province_code(self.province)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> EventFilter:
        names = {f.name for f in fields(cls)}
        return cls(**{k: (v or None) for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


EventFilter.FIELDS = tuple(f.name for f in fields(EventFilter))


def _province_code(value: str) -> str:
    from countersight.vocab import gazetteer

    if value.upper().startswith("KP-"):
        return value.upper()
    for place in gazetteer.lookup(value):
        if place.kind == "province" and place.admin1:
            return place.admin1
    raise InputError(f"unknown province {value!r}: give an ISO code such as KP-09 or a name such as 'North Hamgyong'")
