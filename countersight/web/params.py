"""Query parameters shared by the pages and the API: the event filter, sorting, paging."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Query

from countersight.bounds import MAX_PAGE, MAX_ROWS
from countersight.store.base import SORTABLE
from countersight.store.filters import EventFilter

# The largest page number and row offset a request may ask for (countersight/bounds.py).
MAX_OFFSET = MAX_ROWS
__all__ = ["MAX_OFFSET", "MAX_PAGE", "bounded", "count_param", "event_filter", "query_string", "sort_key"]


def bounded(default: int | None, *, ge: int = 0, le: int = MAX_ROWS, description: str | None = None) -> Any:
    """The one way a route takes an integer query parameter: always with both bounds, the upper
    one at most ``MAX_ROWS`` (an unbounded ``/review?at=...`` overflowed the database driver: a
    500). Out of bounds is a 400 from the one validation handler, naming the parameter.
    tests/web/test_params.py checks that every route's integer parameters come through here."""
    if not ge <= le <= MAX_ROWS:
        raise ValueError(f"bounds {ge}..{le} outside 0..{MAX_ROWS}")
    return Query(default, ge=ge, le=le, description=description)


def event_filter(
    type: str | None = Query(None, description="Event type (EVENTS.md), e.g. arrest."),
    agency: str | None = Query(None, description="Perpetrator agency id: mss, msos, wpk, ..."),
    target: str | None = Query(None, description="Target group id: defectors, defector_families, ..."),
    province: str | None = Query(None, description="Province: ISO 3166-2:KP code (KP-09) or name."),
    place: str | None = Query(None, description="Place name as the report spells it (case-insensitive)."),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 country of the place."),
    since: str | None = Query(None, description="Events dated (or reported) on or after this day, YYYY-MM-DD."),
    until: str | None = Query(None, description="Events dated (or reported) on or before this day, YYYY-MM-DD."),
    status: str | None = Query(None, description="unreviewed, confirmed, edited or rejected (rejected only when asked)."),
    trend: str | None = Query(None, description="increase or decrease."),
    measure: str | None = Query(None, description="Only events carrying this quantity."),
    search: str | None = Query(None, description="Full-text search over evidence quotes and report text."),
    document: str | None = Query(None, description="Only events of this report."),
) -> EventFilter:
    return EventFilter.from_mapping({
        "type": type, "agency": agency, "target": target, "province": province, "place": place,
        "country": country, "since": since, "until": until, "status": status, "trend": trend,
        "measure": measure, "search": search, "document": document,
    })


def count_param(
    count: str | None = Query(None, description="What the figures count: incidents (one real-world act each, "
                              "however often told) or mentions (each telling). Default: incidents where they "
                              "have been built, else mentions (the response's `counting` says which)."),
) -> str | None:
    # Checked by ``counting.choose``: an unknown value is a 400 from the one error handler.
    return count or None


def sort_key(value: str | None) -> str:
    return value if value in SORTABLE else "date"


def query_string(values: dict[str, object]) -> str:
    """``?a=1&b=2`` of the non-empty values (an empty string when none)."""
    items = [(k, str(v)) for k, v in values.items() if v not in (None, "", False)]
    return ("?" + urlencode(items)) if items else ""
