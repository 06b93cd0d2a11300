"""What a count counts: incidents (one real-world act each) or mentions (each time a report
tells one), for the overview, the trends, the map, their API and ``countersight summary``.

The default is incidents wherever they have been built: an act told in three sentences and
relayed by two outlets is one incident but five mentions, and an analyst asking "how many
arrests in Hyesan" means acts. A database whose incidents were never built counts mentions,
and says so (``Counting.note``), rather than showing zeros. Asking for mentions always works.

Every count goes through the functions here, so that a page, the API and the CLI count the
same things the same way; the SQL is the store's (``IncidentCounts``, ``PageQueries``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from countersight.errors import InputError
from countersight.store.filters import EventFilter

COUNTINGS: tuple[str, ...] = ("incidents", "mentions")
NOT_BUILT = ("the incidents of this database have not been built (`countersight incidents --rebuild` "
             "links them), so these figures count mentions")


@dataclass(frozen=True)
class Counting:
    what: str                 # "incidents" or "mentions": what the figures count
    note: str | None = None   # why they count what they do, when it is not what was asked for
    unlinked: int = 0         # counting incidents: mentions in no incident yet (added since the build)

    @property
    def incidents(self) -> bool:
        return self.what == "incidents"

    @property
    def noun(self) -> str:
        """"incident" or "mention"."""
        return self.what[:-1]

    def of(self, n: int) -> str:
        """"1 incident", "17 mentions"."""
        return f"{n:,} {self.noun if n == 1 else self.what}"


def choose(store: Any, asked: str | None = None, *, check_unlinked: bool = False) -> Counting:
    """What to count: ``asked`` ("incidents", "mentions"), or by default incidents where built.

    Incidents asked for (or by default) where none were built count mentions, with a note.
    ``check_unlinked``: also count the mentions in no incident (one more query)."""
    if asked is not None and asked not in COUNTINGS:
        raise InputError(f"unknown count {asked!r}; known: {', '.join(COUNTINGS)}")
    if asked == "mentions":
        return Counting("mentions")
    if store.incidents_built_at() is None:
        return Counting("mentions", NOT_BUILT)
    unlinked = store.mentions_outside_incidents() if check_unlinked else 0
    return Counting("incidents", None, unlinked)


def _as_published(f: EventFilter | None, public: bool) -> EventFilter | None:
    """``f`` marked public when the public view asks: the store then counts, and filters, what it
    shows (a withheld place, date or target is not counted by, nor matched)."""
    return replace(f or EventFilter(), public=True) if public and not (f and f.public) else f


def group_counts(store: Any, counting: Counting, column: str, f: EventFilter | None = None,
                 limit: int | None = None, *, public: bool = False) -> list[tuple[Any, int]]:
    """(value, count) by type, admin1, country, agency, target or month; most first (months in
    order, undated first). ``public``: a province, month or target as the public view shows it."""
    f = _as_published(f, public)
    if counting.incidents:
        return store.incident_group_counts(column, f, limit, public=public)
    if public and column == "admin1":
        rows = store.public_province_counts(f)
        return rows[:limit] if limit else rows
    return store.group_counts(column, f, limit)


def month_type_counts(store: Any, counting: Counting, f: EventFilter | None = None, *,
                      public: bool = False) -> list[tuple[str | None, str, int]]:
    """(YYYY-MM or None, type, count): the timeline and the counts by type. ``public``: by the
    date the public view shows (a withheld date counts as undated)."""
    f = _as_published(f, public)
    return store.incident_month_type_counts(f) if counting.incidents else store.month_type_counts(f)


def facet_period_counts(store: Any, counting: Counting, facet: str, f: EventFilter | None = None, period: int = 7,
                        *, undated: bool = False, public: bool = False) -> list[tuple[str, str | None, int]]:
    """(value, period, count) for agency, target or province (``period`` 7: months, 4: years);
    ``public``: each as the public view shows it."""
    f = _as_published(f, public)
    if counting.incidents:
        return store.incident_facet_period_counts(facet, f, period, undated=undated, public=public)
    return store.facet_period_counts(facet, f, period, undated=undated, public=public)


def place_counts(store: Any, counting: Counting, f: EventFilter | None = None, *,
                 public: bool = False) -> list[dict[str, Any]]:
    """Rows for ``mapview.group_points``, the count in ``events``. Mentions in public: with their
    marks, for ``web.public.place_rows`` to generalise; incidents in public: generalised already."""
    f = _as_published(f, public)
    if counting.incidents:
        return store.incident_place_counts(f, public=public)
    return store.place_counts(f, public=public)


def people(store: Any, f: EventFilter | None = None) -> dict[str, Any]:
    """People the matching incidents concern, as reports state them (``IncidentCounts.incident_people``)."""
    return store.incident_people(f)


def people_line(p: dict[str, Any]) -> str:
    """The people figure in words, with what it rests on: "520 people concerned, as stated in
    4 of 9 incidents (of those counts 2 approximate); 5 incidents state no number"."""
    if not p["stated"]:
        return f"no incident states how many people it concerns ({p['unstated']:,} incidents)"
    firm = [f"{p[k]:,} {word}" for k, word in (("approx", "approximate"), ("min", "a minimum"), ("max", "a maximum"))
            if p[k]]
    text = (f"{p['people']:,} people concerned, as stated in {p['stated']:,} of "
            f"{p['stated'] + p['unstated']:,} incidents")
    if firm:
        text += f" (of those counts {', '.join(firm)})"
    if p["unstated"]:
        text += f"; {p['unstated']:,} " + ("incident states" if p["unstated"] == 1 else "incidents state") + " no number"
    return text
