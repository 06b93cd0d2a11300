"""The web pages' queries, by the names the pages use. The SQL lives in the store
(``countersight/store/pages.py``, methods of ``Store``): nothing outside ``store/``
speaks SQL or reaches into a store's private members."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from countersight.model import Event
from countersight.store.base import Store
from countersight.store.filters import EventFilter


def month_type_counts(store: Store, f: EventFilter | None = None) -> list[tuple[str | None, str, int]]:
    return store.month_type_counts(f)


def latest_reports(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    return store.latest_reports(limit)


def review_queue(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    return store.reports_awaiting_review(limit)


def place_counts(store: Store, f: EventFilter | None = None, *, public: bool = False) -> list[dict[str, Any]]:
    return store.place_counts(f, public=public)


def events_at(store: Store, f: EventFilter | None, country: str | None, admin1: str | None, place: str | None,
              limit: int = 100, *, public: bool = False, merged: Sequence[str] = (),
              spellings: Sequence[str] = ()) -> tuple[list[Event], int]:
    return store.events_at(f, country, admin1, place, limit, public=public, merged=merged, spellings=spellings)


def measure_points(store: Store, measure: str, f: EventFilter | None = None, limit: int = 300) -> tuple[list[dict], int]:
    return store.measure_points(measure, f, limit)


def facet_counts(store: Store, facet: str, f: EventFilter | None = None) -> list[tuple[str, int]]:
    return store.facet_counts(facet, f)
