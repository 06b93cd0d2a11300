"""Query parameters shared by the pages and the API: the event filter, sorting, paging."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Query

from countersight.store.base import SORTABLE
from countersight.store.filters import EventFilter

# The largest page number and row offset a request may ask for: far beyond any archive, and
# small enough that offset + count_limit (or page x page_size) stays a 64-bit integer for
# the database (beyond 2**63 the driver raises, which was a 500).
MAX_PAGE = 10**9
MAX_OFFSET = 10**15


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
