"""Event filters shared by the CLI, the exports, the web pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from countersight.errors import InputError, ParamError
from countersight.model import EVENT_TYPES, MEASURES, STATUSES, TRENDS


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
    # Not a filter of its own: the public view asks (``web.public.check_filter``). A place or
    # province then matches the place as the public view shows it, not as it is stored: an
    # event whose location an analyst marked sensitive is shown at country level, so a
    # province or place filter must not find it (it would tell where it happened).
    public: bool = field(default=False, compare=False)

    FIELDS: ClassVar[tuple[str, ...]] = ()  # the names of the fields above, set below

    def __post_init__(self) -> None:
        # Every filter is checked here, for the CLI, the exports, the pages and the API alike: a
        # value that cannot match (a typo) is an error naming what is known, never "0 matches".
        for name in self.FIELDS:
            value = getattr(self, name)
            if isinstance(value, str) and not value.strip():
                setattr(self, name, None)  # an empty form field (or option) filters nothing
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    dt.date.fromisoformat(value)
                except ValueError as exc:
                    raise ParamError(name, f"must be a date YYYY-MM-DD, got {value!r}") from exc
        if self.type:
            self.type = _known("event type", self.type, EVENT_TYPES)
        if self.agency:
            self.agency = _known("agency", self.agency, _agency_ids(), others=True)
        if self.target:
            self.target = _known("target group", self.target, _group_ids(), others=True)
        if self.status and self.status not in STATUSES:
            raise InputError(f"unknown status {self.status!r}; known: {', '.join(STATUSES)}")
        if self.trend and self.trend not in TRENDS:
            raise InputError(f"unknown trend {self.trend!r}; known: {', '.join(TRENDS)}")
        if self.measure and self.measure not in MEASURES:
            raise InputError(f"unknown measure {self.measure!r}; known: {', '.join(MEASURES)}")
        if self.province:
            self.province = _province_code(self.province)
        if self.country:
            self.country = _country_code(self.country)
        if self.search:
            search_words(self.search)  # (refuses a search with nothing to look for)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> EventFilter:
        names = set(cls.FIELDS)
        return cls(**{k: (v or None) for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.FIELDS if getattr(self, name)}


EventFilter.FIELDS = tuple(f.name for f in fields(EventFilter) if f.name != "public")


def _agency_ids() -> tuple[str, ...]:
    from countersight.vocab.agencies import AGENCIES

    return tuple(a.id for a in AGENCIES)


def _group_ids() -> tuple[str, ...]:
    from countersight.vocab.groups import GROUP_IDS

    return GROUP_IDS


def _known(what: str, value: str, known: tuple[str, ...], *, others: bool = False) -> str:
    """A vocabulary id, case-insensitively; with ``others`` also an ``other:...`` value (kept as given)."""
    lowered = value.strip().lower()
    if lowered in known:
        return lowered
    if others and lowered.startswith("other:") and len(lowered) > len("other:"):
        return value.strip()
    hint = " (or other:NAME)" if others else ""
    raise InputError(f"unknown {what} {value!r}; known: {', '.join(known)}{hint}")


def search_words(text: str) -> list[str]:
    """The words of a user's full-text search: letters and digits (with inner ' and -); quotes,
    brackets and operators are not words. InputError when there is none to look for (a search
    for nothing used to answer "0 of 0")."""
    words = [w for w in "".join(c if c.isalnum() or c in "'-" else " " for c in text).split() if w.strip("'-")]
    if not words:
        raise InputError("the search is empty: give a word to look for" if not text.strip() else
                         f"the search {text!r} has no word to look for (only punctuation)")
    return words


def _province_code(value: str) -> str:
    from countersight.vocab import gazetteer

    if value.strip().upper().startswith("KP-"):
        code = value.strip().upper()
        if code in gazetteer.provinces():
            return code
        raise InputError(f"unknown province {value!r}; known codes: {', '.join(sorted(gazetteer.provinces()))}")
    for place in gazetteer.lookup(value):
        if place.kind == "province" and place.admin1:
            return place.admin1
    raise InputError(f"unknown province {value!r}: give an ISO code such as KP-09 or a name such as 'North Hamgyong'")


def _country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code (any case), or a country's name the gazetteer knows ('China')."""
    from countersight.vocab import gazetteer

    code = value.strip().upper()
    if code in gazetteer.iso_countries():
        return code
    named = gazetteer.lookup_country(value)
    if named:
        return named
    raise InputError(f"unknown country {value!r}: give an ISO 3166-1 code such as KP, CN or RU, or a name such as "
                     "'China'")
