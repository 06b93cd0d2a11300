"""What each field of an EVENTS.md event may hold: the one check of an event object that comes
from outside the pipeline, whether a line of a gold or export file or an analyst's edit (CLI
``--set``, web form, JSON API).

The allowed values are the vocabularies' own data (model.py's constants, vocab/), never copied;
only ``other:`` opens the agency and target lists. Each value is checked for its shape (a list of
strings, an object, a finite number) before its vocabulary, so that a wrong shape becomes a message
and never a traceback or a value that leaks into exports, counts and filters. A message names the
field (``location.country``, ``measures[1].value``), quotes the bad value (repr, cut) and says what
is allowed.

Who wrote the value sets how strict the check is: see :class:`FieldPolicy`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from countersight.model import (EVENT_DATE_PRECISIONS, EVENT_TYPES, MEASURES, OTHER_PREFIX, PENALTY_KINDS, PRECISIONS,
                                QUALIFIERS, STATUSES, TRENDS, Evidence)
from countersight.vocab.agencies import AGENCY_IDS
from countersight.vocab.gazetteer import iso_countries, provinces
from countersight.vocab.groups import GROUP_IDS


@dataclass(frozen=True)
class FieldPolicy:
    """The rules one kind of writer is held to beyond those every value meets.

    Every writer gets EVENTS.md's vocabularies and shapes, real days, counts that are not negative,
    and a country that is an officially assigned ISO 3166-1 alpha-2 code (``gazetteer.iso_countries``:
    any real country, not only those the gazetteer can place, which then are simply not on the map).
    Each flag below, when set, refuses one thing more.
    """

    #: An object (location, date, measure, penalty, evidence) holds only the keys EVENTS.md gives it
    #: (and the map's lat/lon): an unknown key is a typo ("lng", "years") whose value would be dropped.
    closed_objects: bool
    #: An id stands at most once in perpetrators or targets.
    distinct_ids: bool
    #: A date gives both start and end (the same day for a single day), or neither.
    paired_dates: bool
    #: Penalty months are whole, as the store keeps them.
    whole_months: bool
    #: A location names its country (a place without one is neither filtered nor counted by country).
    country_required: bool
    #: A directive carries no trend (EVENTS.md's conventions).
    directive_without_trend: bool


#: A line of a gold or export file, held to EVENTS.md and no more: the page lets the project add
#: fields and says a gold file written against it must stay scoreable. Keys this version does not
#: know are ignored (``Event.from_dict``), scoring takes ids as sets and a date by its start, a gold
#: event is never stored, and a slip of the annotators' conventions (a directive's trend) is scored
#: as the error it is rather than blocking the file.
ANNOTATION = FieldPolicy(closed_objects=False, distinct_ids=False, paired_dates=False, whole_months=False,
                         country_required=False, directive_without_trend=False)

#: An analyst's values, which are stored, counted and filtered as given: every flag is set.
EDIT = FieldPolicy(closed_objects=True, distinct_ids=True, paired_dates=True, whole_months=True,
                   country_required=True, directive_without_trend=True)

# The keys of each EVENTS.md object.
OBJECT_KEYS: dict[str, tuple[str, ...]] = {
    # lat/lon are not EVENTS.md's: the model's coordinates for maps (else the gazetteer places it).
    "location": ("country", "admin1", "place", "precision", "lat", "lon"),
    "date": ("start", "end", "precision", "text"),
    "penalty": ("kind", "months"),
    "evidence": ("quote", "start", "end"),
}
MEASURE_KEYS: tuple[str, ...] = ("measure", "value", "previous", "qualifier")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def shown(value: Any, width: int = 60) -> str:
    """A value as a message quotes it: repr (control characters escaped), cut to ``width``."""
    if isinstance(value, str) and len(value) > width:
        return repr(value[:width]) + "..."
    text = repr(value)
    return text if len(text) <= width else text[:width] + "..."


def is_iso_day(value: Any) -> bool:
    """``YYYY-MM-DD`` naming a real day."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1 character


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


def unknown_keys(field: str, value: Mapping[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """The keys of ``value`` outside ``allowed``, as one message naming ``field``."""
    unknown = [k for k in value if k not in allowed]
    if unknown:
        return [f"{field}: unknown key {', '.join(map(shown, unknown))} (the keys are {', '.join(allowed)})"]
    return []


def offset_problems(field: str, value: Any) -> list[str]:
    """An evidence offset must be a whole number (1e30 is not: it names no character)."""
    if not _is_int(value):
        return [f"{field} must be a whole number (a character offset into the report text), not {shown(value)}"]
    return []


def _type(value: Any, policy: FieldPolicy) -> list[str]:
    if value not in EVENT_TYPES:
        return [f"type {shown(value)} is not one of {', '.join(EVENT_TYPES)}"]
    return []


def _trend(value: Any, policy: FieldPolicy) -> list[str]:
    if value is not None and value not in TRENDS:
        return [f"trend must be one of {', '.join(TRENDS)} or null, not {shown(value)}"]
    return []


def _ids(field: str, known: tuple[str, ...], *, noun: str, article: str, outside: str,
         example: str) -> Callable[[Any, FieldPolicy], list[str]]:
    def check(value: Any, policy: FieldPolicy) -> list[str]:
        if value is None:  # read as the empty list
            return []
        if not isinstance(value, list):
            return [f"{field} must be a list of {noun} ids, not {shown(value)}"]
        problems = []
        for item in value:
            if not isinstance(item, str):
                problems.append(f"{field} must be a list of {noun} ids, not a list holding {shown(item)}")
            elif item.startswith(OTHER_PREFIX):
                if not item[len(OTHER_PREFIX):].strip():
                    problems.append(f"{field}: {shown(item)} needs words after {OTHER_PREFIX} "
                                    f"(e.g. {OTHER_PREFIX}{example})")
            elif item not in known:
                problems.append(f"{field}: {shown(item)} is not {article} {noun} id ({', '.join(known)}), "
                                f"or {OTHER_PREFIX}<words> for {outside} outside the list")
        if policy.distinct_ids:
            for item in dict.fromkeys(v for v in value if isinstance(v, str) and value.count(v) > 1):
                problems.append(f"{field}: {shown(item)} is given twice")
        return problems

    return check


def _closed(field: str, value: Mapping[str, Any], policy: FieldPolicy, keys: tuple[str, ...]) -> list[str]:
    return unknown_keys(field, value, keys) if policy.closed_objects else []


def _location(value: Any, policy: FieldPolicy) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"location must be an object {{country, admin1, place, precision}} or null, not {shown(value)}"]
    problems = _closed("location", value, policy, OBJECT_KEYS["location"])
    country, admin1, place = value.get("country"), value.get("admin1"), value.get("place")
    known_country = isinstance(country, str) and country in iso_countries()
    if country is None and policy.country_required:
        problems.append("location.country is missing: the country's ISO 3166-1 alpha-2 code (KP, CN, RU, ...)")
    elif country is not None and not known_country:
        problems.append(f"location.country {shown(country)} is not a country code "
                        "(ISO 3166-1 alpha-2, upper case: KP, CN, RU, ...)")
    if admin1 is not None:
        if not isinstance(admin1, str) or admin1 not in provinces():
            problems.append(f"location.admin1 {shown(admin1)} is not a North Korean province code "
                            f"({', '.join(sorted(provinces()))}) or null")
        elif known_country and country != "KP":
            problems.append(f"location.admin1 {admin1} is a North Korean province: it goes with country KP, "
                            f"not {shown(country)} (set admin1 to null for a place abroad)")
    # A place is free text, romanised as the report spells it: the gazetteer need not know it.
    if place is not None and (not isinstance(place, str) or not place.strip()):
        problems.append(f"location.place must be the place's name or null, not {shown(place)}")
    if value.get("precision") is not None and value["precision"] not in PRECISIONS:
        problems.append(f"location.precision must be one of {', '.join(PRECISIONS)}, not {shown(value['precision'])}")
    for key, limit in (("lat", 90), ("lon", 180)):
        coordinate = value.get(key)
        if coordinate is not None and not (_is_number(coordinate) and abs(coordinate) <= limit):
            problems.append(f"location.{key} must be a number from -{limit} to {limit} or null, not {shown(coordinate)}")
    return problems


def _day(field: str, value: Any) -> list[str]:
    if value is not None and not is_iso_day(value):
        return [f"{field} {shown(value)} is not a real day (YYYY-MM-DD)"]
    return []


def _date(value: Any, policy: FieldPolicy) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"date must be an object {{start, end, precision, text}} or null, not {shown(value)}"]
    problems = _closed("date", value, policy, OBJECT_KEYS["date"])
    start, end = value.get("start"), value.get("end")
    problems += _day("date.start", start) + _day("date.end", end)
    if is_iso_day(start) and is_iso_day(end) and end < start:
        problems.append(f"date.end {end} is before date.start {start}")
    if policy.paired_dates and (start is None) != (end is None):
        # EVENTS.md: an unresolved date has both null; a resolved one both set (a day: start = end).
        problems.append("date needs both start and end (the same day for a single day), or neither")
    if value.get("precision") is not None and value["precision"] not in EVENT_DATE_PRECISIONS:
        problems.append(f"date.precision must be one of {', '.join(EVENT_DATE_PRECISIONS)}, "
                        f"not {shown(value['precision'])}")
    if value.get("text") is not None and not isinstance(value["text"], str):
        problems.append(f"date.text must be the date as written in the report, not {shown(value['text'])}")
    return problems


def _count(field: str, value: Any, *, whole: bool = False) -> list[str]:
    """A number of things (watchers, inspections, months): finite and not negative, for every
    quantity of EVENTS.md counts something (eyes, checks, agents, households, degrees)."""
    if not _is_number(value):
        return [f"{field} must be a number, not {shown(value)}"]
    if value < 0:
        return [f"{field} must not be negative, not {shown(value)}"]
    if whole and not float(value).is_integer():
        return [f"{field} must be a whole number, not {shown(value)}"]
    return []


def _measures(value: Any, policy: FieldPolicy) -> list[str]:
    if value is None:  # read as the empty list
        return []
    if not isinstance(value, list):
        return [f"measures must be a list of {{measure, value, previous, qualifier}} objects, not {shown(value)}"]
    problems = []
    for i, m in enumerate(value):
        at = f"measures[{i}]"
        if not isinstance(m, dict):
            problems.append(f"{at} must be an object {{measure, value, previous, qualifier}}, not {shown(m)}")
            continue
        problems += _closed(at, m, policy, MEASURE_KEYS)
        if m.get("measure") is None:
            problems.append(f"{at}.measure is missing: the quantity's name, one of {', '.join(MEASURES)}")
        elif m["measure"] not in MEASURES:
            problems.append(f"{at}.measure {shown(m['measure'])} is not one of {', '.join(MEASURES)}")
        if m.get("value") is None:
            problems.append(f"{at}.value is missing: a number")
        else:
            problems += _count(f"{at}.value", m["value"])
        if m.get("previous") is not None:
            problems += _count(f"{at}.previous", m["previous"])
        if m.get("qualifier") is not None and m["qualifier"] not in QUALIFIERS:
            problems.append(f"{at}.qualifier must be one of {', '.join(QUALIFIERS)} or null, not {shown(m['qualifier'])}")
    return problems


def _penalty(value: Any, policy: FieldPolicy) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"penalty must be an object {{kind, months}} or null, not {shown(value)}"]
    problems = _closed("penalty", value, policy, OBJECT_KEYS["penalty"])
    if value.get("kind") not in PENALTY_KINDS:
        problems.append(f"penalty kind must be one of {', '.join(PENALTY_KINDS)}, not {shown(value.get('kind'))}")
    if value.get("months") is not None:
        problems += _count("penalty.months", value["months"], whole=policy.whole_months)
    return problems


_CHECKS: dict[str, Callable[[Any, FieldPolicy], list[str]]] = {
    "type": _type,
    "trend": _trend,
    "perpetrators": _ids("perpetrators", AGENCY_IDS, noun="agency", article="an", outside="an actor",
                         example="laos_security"),
    "targets": _ids("targets", GROUP_IDS, noun="target group", article="a", outside="a group", example="relatives"),
    "location": _location,
    "date": _date,
    "measures": _measures,
    "penalty": _penalty,
}


def field_problems(data: Mapping[str, Any], fields: Iterable[str], policy: FieldPolicy) -> list[str]:
    """What is wrong with ``fields`` of the EVENTS.md object ``data`` under ``policy``, as short
    phrases each naming its field; [] when nothing is. Evidence is not among
    them: it points into the report's text."""
    names = set(fields)
    problems = [p for field, check in _CHECKS.items() if field in names for p in check(data.get(field), policy)]
    # Checked when either side of the rule is among the fields, so that changing one cannot break it.
    if (policy.directive_without_trend and names & {"type", "trend"}
            and data.get("type") == "directive" and data.get("trend")):
        problems.append("trend: a directive carries no trend (EVENTS.md); set trend to null")
    return problems


def _evidence(evidence: Any, policy: FieldPolicy) -> list[str]:
    if not isinstance(evidence, dict):
        what = "missing" if evidence is None else shown(evidence)
        return [f"evidence must be an object {{quote, start, end}}, not {what}"]
    quote, start, end = evidence.get("quote"), evidence.get("start"), evidence.get("end")
    problems = _closed("evidence", evidence, policy, OBJECT_KEYS["evidence"])
    if not isinstance(quote, str) or not quote:
        problems.append(f"evidence quote must be the quoted text, not {shown(quote)}")
    problems += offset_problems("evidence.start", start) + offset_problems("evidence.end", end)
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
    """What keeps ``data`` (one parsed JSON object: a line of a gold or export file) from being
    an EVENTS.md event mention under the :data:`ANNOTATION` policy, as short phrases; [] when
    nothing does. Whether the offsets point at the quote in the report's text needs the text
    (:func:`evidence_problems`). Fields may be absent: ``Event.from_dict`` reads them as empty."""
    if not isinstance(data, dict):
        return [f"an event must be a JSON object, not {shown(data)}"]
    problems = []
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        problems.append(f"document must be the report's id, not {shown(document)}")
    problems += field_problems(data, _CHECKS, ANNOTATION)
    problems += _evidence(data.get("evidence"), ANNOTATION)
    confidence = data.get("confidence")
    if confidence is not None and not (_is_number(confidence) and 0 <= confidence <= 1):
        problems.append(f"confidence must be a number from 0 to 1, not {shown(confidence)}")
    if data.get("status") is not None and data.get("status") not in STATUSES:
        problems.append(f"status must be one of {', '.join(STATUSES)}, not {shown(data.get('status'))}")
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
                f"character {at} the quote reads {shown(evidence.quote[at:], 30)}, the text "
                f"{shown(found[at:], 30)}"]
    return []
