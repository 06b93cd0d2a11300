"""What an analyst may store in each field of an event: the EVENTS.md values, checked before
anything is written.

The machine's values are right by construction; an analyst's come from a web form, a JSON API
body or a ``--set`` on the command line and are checked by ``countersight.fields`` under its
``EDIT`` policy, the strictest: they are stored, counted and filtered as given. Here is what an
edit adds to that check: which fields it checks, how a partial object is completed, and how
evidence is found in the report's text.

Only the fields an analyst changes are checked: a value the machine stored and nobody touched
never blocks an unrelated edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from countersight.errors import InputError
from countersight.fields import EDIT, OBJECT_KEYS, field_problems, offset_problems, shown, unknown_keys

# Objects whose keys an edit may give in part: the rest keep their stored values, so correcting
# a date's start keeps the date "as written" (its text). Evidence is not merged: see evidence().
PARTIAL_OBJECTS: tuple[str, ...] = ("location", "date", "penalty")


def merged(field: str, stored: Any, given: Any) -> Any:
    """The value an edit stores: a partial location, date or penalty object completed from the
    stored one; anything else (a list, a string, null: the field cleared) as given."""
    if field in PARTIAL_OBJECTS and isinstance(given, dict) and isinstance(stored, dict):
        return {**stored, **given}
    return given


def check(data: dict[str, Any], fields: Iterable[str]) -> None:
    """Check ``fields`` of the EVENTS.md object ``data`` (evidence aside: it needs the report
    text); raise one InputError naming every problem, each with its field."""
    problems = field_problems(data, fields, EDIT)
    if problems:
        raise InputError("; ".join(dict.fromkeys(problems)))


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
    problems = unknown_keys("evidence", given, OBJECT_KEYS["evidence"])
    if problems:
        raise InputError(problems[0])
    quote = given.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise InputError(f"evidence.quote must be text from the report, not {shown(quote)}")
    has_start, has_end = given.get("start") is not None, given.get("end") is not None
    if not has_start and not has_end:
        if quote is None:
            raise InputError("evidence needs start and end offsets into the report text, or a quote")
        return _find(body, quote)
    if has_start != has_end:
        raise InputError("evidence needs both start and end offsets (or only a quote, to find it in the text)")
    start, end = given["start"], given["end"]
    problems = offset_problems("evidence.start", start) + offset_problems("evidence.end", end)
    if problems:
        raise InputError(problems[0])
    if start >= end:
        raise InputError(f"evidence start {start} is not before its end {end}: the span must hold some text")
    if start < 0 or end > len(body):
        raise InputError(f"evidence offsets {start}:{end} are outside the report text (0:{len(body)})")
    if quote is not None and body[start:end] != quote:
        raise InputError(f"evidence.quote is not the report text at {start}:{end} (which reads "
                         f"{shown(body[start:end])}); give offsets alone, the quote alone, or both matching")
    return body[start:end], start, end


def _find(body: str, quote: str) -> tuple[str, int, int]:
    at: list[int] = []
    i = body.find(quote)
    while i >= 0 and len(at) < 100:  # enough to say how many and where
        at.append(i)
        i = body.find(quote, i + 1)
    if not at:
        raise InputError(f"evidence.quote {shown(quote)} is not in the report text (it must be copied exactly)")
    if len(at) > 1:
        where = ", ".join(str(a) for a in at[:5]) + (", ..." if len(at) > 5 else "")
        times = f"{len(at)}{' or more' if len(at) == 100 else ''}"
        raise InputError(f"evidence.quote occurs {times} times in the report text (at {where}); "
                         "give its start and end offsets")
    return quote, at[0], at[0] + len(quote)

