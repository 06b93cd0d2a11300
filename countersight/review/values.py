"""What an analyst may store in each field of an event: the EVENTS.md values, checked before
anything is written.

The machine's values are right by construction; an analyst's come from a web form, a JSON API
body or a ``--set`` on the command line, so each value is checked for its shape (a list of
strings, an object with known keys, a finite number) before its vocabulary: a wrong shape must
become a message naming the field, never a traceback or a value that leaks into exports, counts
and filters. The allowed values are the vocabularies' own data (model.py, vocab/), never copied.

Only the fields an analyst changes are checked: a value the machine stored and nobody touched
never blocks an unrelated edit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

from countersight.errors import InputError
from countersight.model import (EVENT_DATE_PRECISIONS, EVENT_TYPES, MEASURES, OTHER_PREFIX as OTHER, PENALTY_KINDS,
                                PRECISIONS, QUALIFIERS, TRENDS)
from countersight.vocab.agencies import AGENCY_IDS
from countersight.vocab.gazetteer import load_countries, provinces
from countersight.vocab.groups import GROUP_IDS


# The keys of each EVENTS.md object; an unknown key is a typo ("name" for "measure"), refused.
OBJECT_KEYS: dict[str, tuple[str, ...]] = {
    # lat/lon are not EVENTS.md's: the model's coordinates for maps (else the gazetteer places it).
    "location": ("country", "admin1", "place", "precision", "lat", "lon"),
    "date": ("start", "end", "precision", "text"),
    "penalty": ("kind", "months"),
    "evidence": ("quote", "start", "end"),
}
MEASURE_KEYS: tuple[str, ...] = ("measure", "value", "previous", "qualifier")
# Objects whose keys an edit may give in part: the rest keep their stored values, so correcting
# a date's start keeps the date "as written" (its text). Evidence is not merged: see evidence().
PARTIAL_OBJECTS: tuple[str, ...] = ("location", "date", "penalty")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def merged(field: str, stored: Any, given: Any) -> Any:
    """The value an edit stores: a partial location, date or penalty object completed from the
    stored one; anything else (a list, a string, null: the field cleared) as given."""
    if field in PARTIAL_OBJECTS and isinstance(given, dict) and isinstance(stored, dict):
        return {**stored, **given}
    return given


def check(data: dict[str, Any], fields: Iterable[str]) -> None:
    """Check ``fields`` of the EVENTS.md object ``data`` (evidence aside: it needs the report
    text); raise one InputError naming every problem, each with its field."""
    fields = set(fields)
    problems: list[str] = []
    for field in ("type", "trend", "perpetrators", "targets", "location", "date", "measures", "penalty"):
        if field in fields:
            problems += _CHECKS[field](data.get(field))
    # EVENTS.md: "directive carries no trend": checked when either side of the rule changes.
    if fields & {"type", "trend"} and data.get("type") == "directive" and data.get("trend"):
        problems.append("trend: a directive carries no trend (EVENTS.md); set trend to null")
    if problems:
        raise InputError("; ".join(dict.fromkeys(problems)))


def _type(value: Any) -> list[str]:
    if value not in EVENT_TYPES:
        return [f"type {value!r} is not one of {', '.join(EVENT_TYPES)}"]
    return []


def _trend(value: Any) -> list[str]:
    if value is not None and value not in TRENDS:
        return [f"trend must be {', '.join(TRENDS)} or null, not {value!r}"]
    return []


def _ids(field: str, known: tuple[str, ...], what: str) -> Any:
    def checker(value: Any) -> list[str]:
        if not isinstance(value, list):
            return [f"{field} must be a list of ids, e.g. [{known[0]!r}], not {value!r}"]
        problems = []
        for item in value:
            if not isinstance(item, str):
                problems.append(f"{field}: {item!r} is not an id")
            elif item.startswith(OTHER):
                if not item[len(OTHER):].strip():
                    problems.append(f"{field}: {item!r} needs words after {OTHER} (e.g. {OTHER}laos_security)")
            elif item not in known:
                problems.append(f"{field}: {item!r} is not {what} ({', '.join(known)}) or {OTHER}<words>")
        for item in {v for v in value if isinstance(v, str) and value.count(v) > 1}:
            problems.append(f"{field}: {item!r} is given twice")
        return problems

    return checker


def _keys(field: str, value: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    unknown = [k for k in value if k not in allowed]
    if unknown:
        return [f"{field}: unknown key {', '.join(map(repr, unknown))} (the keys are {', '.join(allowed)})"]
    return []


def _location(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"location must be an object {{country, admin1, place, precision}} or null, not {value!r}"]
    problems = _keys("location", value, OBJECT_KEYS["location"])
    country, admin1, place = value.get("country"), value.get("admin1"), value.get("place")
    if not isinstance(country, str) or country not in load_countries():
        problems.append(f"location.country {country!r} is not a country code countersight knows "
                        "(ISO 3166-1 alpha-2 in upper case, e.g. KP, CN, RU)")
    if admin1 is not None:
        if not isinstance(admin1, str) or admin1 not in provinces():
            problems.append(f"location.admin1 {admin1!r} is not a North Korean province code "
                            f"({', '.join(sorted(provinces()))}) or null")
        elif country != "KP" and isinstance(country, str) and country in load_countries():
            problems.append(f"location.admin1 {admin1} is a North Korean province: it goes with country KP, "
                            f"not {country!r} (set admin1 to null for a place abroad)")
    # A place is free text, romanised as the report spells it: the gazetteer need not know it.
    if place is not None and (not isinstance(place, str) or not place.strip()):
        problems.append(f"location.place must be the place's name or null, not {place!r}")
    if value.get("precision", "country") not in PRECISIONS:
        problems.append(f"location.precision must be one of {', '.join(PRECISIONS)}, not {value.get('precision')!r}")
    for key, limit in (("lat", 90), ("lon", 180)):
        coordinate = value.get(key)
        if coordinate is not None and (isinstance(coordinate, bool) or not isinstance(coordinate, (int, float))
                                       or not math.isfinite(coordinate) or abs(coordinate) > limit):
            problems.append(f"location.{key} must be a number from -{limit} to {limit} or null, not {coordinate!r}")
    return problems


def _day(field: str, value: Any) -> tuple[dt.date | None, list[str]]:
    if value is None:
        return None, []
    try:
        if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value), []
    except ValueError:
        return None, [f"{field} {value!r} is not a real day (YYYY-MM-DD)"]


def _date(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"date must be an object {{start, end, precision, text}} or null, not {value!r}"]
    problems = _keys("date", value, OBJECT_KEYS["date"])
    start, bad_start = _day("date.start", value.get("start"))
    end, bad_end = _day("date.end", value.get("end"))
    problems += bad_start + bad_end
    if start and end and end < start:
        problems.append(f"date.end {end} is before date.start {start}")
    if (value.get("start") is None) != (value.get("end") is None):
        # EVENTS.md: an unresolved date has both null; a resolved one both set (a day: start = end).
        problems.append("date needs both start and end (the same day for a single day), or neither")
    if value.get("precision", "unknown") not in EVENT_DATE_PRECISIONS:
        problems.append(f"date.precision must be one of {', '.join(EVENT_DATE_PRECISIONS)}, "
                        f"not {value.get('precision')!r}")
    if value.get("text") is not None and not isinstance(value.get("text"), str):
        problems.append(f"date.text must be the date as written in the report, not {value.get('text')!r}")
    return problems


def _count(field: str, value: Any, *, whole: bool = False) -> list[str]:
    """A number of things (watchers, inspections, months): finite, not negative; ``whole`` for months."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return [f"{field} must be a number, not {value!r}"]
    if value < 0:
        return [f"{field} must not be negative, not {value!r}"]
    if whole and not float(value).is_integer():
        return [f"{field} must be a whole number, not {value!r}"]
    return []


def _measures(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"measures must be a list of {{measure, value, previous, qualifier}} objects, not {value!r}"]
    problems = []
    for i, m in enumerate(value):
        at = f"measures[{i}]"
        if not isinstance(m, dict):
            problems.append(f"{at} must be an object {{measure, value, previous, qualifier}}, not {m!r}")
            continue
        problems += _keys(at, m, MEASURE_KEYS)
        if "measure" not in m:
            problems.append(f"{at}.measure is missing: the quantity's name, one of {', '.join(MEASURES)}")
        elif m["measure"] not in MEASURES:
            problems.append(f"{at}.measure {m['measure']!r} is not one of {', '.join(MEASURES)}")
        # Every quantity of EVENTS.md counts something (eyes, checks, agents, households, degrees): >= 0.
        if "value" not in m:
            problems.append(f"{at}.value is missing: a number")
        else:
            problems += _count(f"{at}.value", m["value"])
        if m.get("previous") is not None:
            problems += _count(f"{at}.previous", m["previous"])
        if m.get("qualifier") is not None and m["qualifier"] not in QUALIFIERS:
            problems.append(f"{at}.qualifier must be {', '.join(QUALIFIERS)} or null, not {m['qualifier']!r}")
    return problems


def _penalty(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"penalty must be an object {{kind, months}} or null, not {value!r}"]
    problems = _keys("penalty", value, OBJECT_KEYS["penalty"])
    if value.get("kind") not in PENALTY_KINDS:
        problems.append(f"penalty kind must be one of {', '.join(PENALTY_KINDS)}, not {value.get('kind')!r}")
    if value.get("months") is not None:
        problems += _count("penalty.months", value["months"], whole=True)
    return problems


_CHECKS = {
    "type": _type,
    "trend": _trend,
    "perpetrators": _ids("perpetrators", AGENCY_IDS, "an agency id"),
    "targets": _ids("targets", GROUP_IDS, "a target group id"),
    "location": _location,
    "date": _date,
    "measures": _measures,
    "penalty": _penalty,
}


def evidence(body: str, given: Any) -> tuple[str, int, int]:
    """The quote and offsets of an analyst's evidence, which must be the report's own text:

    - ``{start, end}``: the text between those offsets;
    - ``{quote}``: where the quote occurs in the report, when it occurs exactly once;
    - ``{quote, start, end}``: the offsets, provided the text there is exactly the quote
      (a quote that differs is refused rather than silently replaced by the text).
    """
    if not isinstance(given, dict) or not given:
        raise InputError("evidence must be an object {quote, start, end}: the report text between start and end, "
                         "or a quote found in it")
    problems = _keys("evidence", given, OBJECT_KEYS["evidence"])
    if problems:
        raise InputError(problems[0])
    quote = given.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise InputError(f"evidence.quote must be text from the report, not {quote!r}")
    has_start, has_end = given.get("start") is not None, given.get("end") is not None
    if not has_start and not has_end:
        if quote is None:
            raise InputError("evidence needs start and end offsets into the report text, or a quote")
        return _find(body, quote)
    if has_start != has_end:
        raise InputError("evidence needs both start and end offsets (or only a quote, to find it in the text)")
    start, end = given["start"], given["end"]
    for name, offset in (("start", start), ("end", end)):
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise InputError(f"evidence.{name} must be a whole number (an offset into the report text), not {offset!r}")
    if start >= end:
        raise InputError(f"evidence start {start} is not before its end {end}: the span must hold some text")
    if start < 0 or end > len(body):
        raise InputError(f"evidence offsets {start}:{end} are outside the report text (0:{len(body)})")
    if quote is not None and body[start:end] != quote:
        raise InputError(f"evidence.quote is not the report text at {start}:{end} (which reads "
                         f"{_short(body[start:end])}); give offsets alone, the quote alone, or both matching")
    return body[start:end], start, end


def _find(body: str, quote: str) -> tuple[str, int, int]:
    at: list[int] = []
    i = body.find(quote)
    while i >= 0 and len(at) < 100:  # enough to say how many and where
        at.append(i)
        i = body.find(quote, i + 1)
    if not at:
        raise InputError(f"evidence.quote {_short(quote)} is not in the report text (it must be copied exactly)")
    if len(at) > 1:
        shown = ", ".join(str(a) for a in at[:5]) + (", ..." if len(at) > 5 else "")
        times = f"{len(at)}{' or more' if len(at) == 100 else ''}"
        raise InputError(f"evidence.quote occurs {times} times in the report text (at {shown}); "
                         "give its start and end offsets")
    return quote, at[0], at[0] + len(quote)


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[:width - 1] + "\u2026")
