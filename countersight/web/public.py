"""The public read-only mode (``countersight serve --public``): what a visitor may see.

Every request is the built-in viewer ``public``; nothing can be written. Everything shown
passes through here first: event quotes and date texts are redacted with placeholders
(``privacy.redact_event``, following the analysts' sensitivity marks), report titles too;
a report's body is masked character for character (``privacy.mask_text``) so that the
evidence offsets into it stay valid; a place the gazetteer does not know as a city or county
(a district, a dong, any unknown name), whatever its stored precision, is generalised to its
province, on pages and in the map's aggregations alike. Full-text search and a place filter
on any other name are refused, whatever is stored: a visitor cannot probe for what is withheld.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from countersight import privacy
from countersight.accounts import User
from countersight.errors import InputError
from countersight.model import Event, Location
from countersight.store.filters import EventFilter
from countersight.vocab import gazetteer
from countersight.vocab import privacy as rules

PUBLIC_USER = User("public", "viewer")
LABEL = "Public view (redacted)"
READ_METHODS = frozenset({"GET", "HEAD"})


def events(store, items: Iterable[Event], marks: dict[str, dict[str, bool]] | None = None) -> list[Event]:
    """``items`` fit for publication (``marks``: every event's, loaded when not given), as the
    public export has them: a quote the redaction changed has no offsets (``privacy.public_event``)."""
    items = list(items)
    if marks is None:
        marks = store.sensitivity_marks() if items else {}
    return [privacy.public_event(e, marks.get(e.id or "")) for e in items]


def report_events(store, items: Iterable[Event]) -> list[Event]:
    """The events of a report shown with its masked text (``report``): redacted, with their
    offsets, which point into that text (the masked quote), so the highlights line up."""
    items = list(items)
    marks = store.sensitivity_marks() if items else {}
    return [privacy.redact_event(e, marks.get(e.id or "")) for e in items]


def event(store, item: Event) -> Event:
    return privacy.public_event(item, store.sensitivity_marks(item.id).get(item.id or ""))


def incidents(store, items: Iterable[Any]) -> list[Any]:
    """``items`` (incidents) as ``export --incidents --public`` shows them: each summarised again
    from its mentions as redacted here (``countersight.incidents.public_incidents``)."""
    from countersight.incidents import public_incidents

    items = list(items)
    return list(public_incidents(store, items)) if items else []


def title(text: str | None) -> str | None:
    return privacy.redact_text(text) if text else text


def titles(rows: Iterable[dict[str, Any]], key: str = "title") -> list[dict[str, Any]]:
    return [{**r, key: title(r.get(key))} for r in rows]


def report(stored: Any, store=None) -> Any:
    """A copy of a stored report with its title redacted, its body masked (same length,
    same offsets) and its inside source's quote taken from the masked body. With ``store``,
    the quotes of events an analyst marked sensitive are masked whole too."""
    body = privacy.mask_text(stored.body or "")
    if store is not None:
        for start, end in store.sensitive_quote_spans(stored.id):
            start, end = max(0, int(start)), min(len(body), int(end))
            if start < end:
                body = body[:start] + privacy.MASK * (end - start) + body[end:]
    source = dict(stored.source) if stored.source else None
    if source:
        start, end = source.get("start"), source.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(body):
            source["quote"] = body[start:end]
        elif source.get("quote"):
            source["quote"] = privacy.redact_text(str(source["quote"]))
        if source.get("place"):
            source["place"] = _public_place_name(str(source["place"]))
    return dataclasses.replace(stored, title=title(stored.title), body=body, source=source)


def _public_place_name(name: str) -> str | None:
    return name if privacy.is_public_place(name) else None


def is_fine_place(name: str) -> bool:
    """A district or dong (a victim's street or neighbourhood), withheld in public."""
    return any(p.kind in rules.FINE_PLACE_KINDS for p in gazetteer.lookup(name.strip()))


def check_filter(f: EventFilter, store=None) -> None:
    """Refuse what would let a visitor probe for withheld text (400), and mark ``f`` public:
    its place and province then match the places as the public view shows them.

    A place filter is answered only for names the public view shows (cities, counties,
    provinces): refusing a name because it is stored would tell which are (``store`` is
    no longer consulted).
    """
    if f.search:
        raise InputError("full-text search is not available in the public view: it could find withheld "
                         "names; filter by type, agency, target, province, place or date instead")
    if f.place and not privacy.is_public_place(f.place):
        raise InputError(f"the public view filters places only by the name of a city, county or province, not "
                         f"{f.place!r}: places below the city are withheld; filter by its province instead")
    f.public = True  # a place or province then matches the place as shown, not as stored


def place_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``queries.place_counts(public=True)`` generalised as ``redact_event`` does each event's
    location (a location marked sensitive has no point; one marked not sensitive stays), then merged."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        mark = row.get("mark")
        loc = Location(row["country"], row["admin1"], row["place"], row.get("precision") or "country",
                       row["lat"], row["lon"])
        if mark == 1:
            loc = Location(loc.country, None, None, "country")
        elif mark != 0:
            loc = privacy.generalise_location(loc) or loc
        key = (loc.country, loc.admin1, loc.place)
        if key in merged:
            merged[key]["events"] += row["events"]
            continue
        merged[key] = {"country": loc.country, "admin1": loc.admin1, "place": loc.place,
                       "precision": loc.precision, "lat": loc.lat, "lon": loc.lon, "events": row["events"]}
    return list(merged.values())


def generalised_places(rows: Iterable[dict[str, Any]], country: str | None, admin1: str | None) -> list[str]:
    """The stored place names that ``place_rows`` merges into the province ``admin1`` (for listing
    that circle's events: ``queries.events_at``). Never shown: they are what is withheld."""
    names = set()
    for row in rows:
        if row["place"] is None or row.get("mark") in (0, 1):
            continue
        loc = privacy.generalise_location(Location(row["country"], row["admin1"], row["place"],
                                                   row.get("precision") or "country", row["lat"], row["lon"]))
        if loc is not None and loc.place is None and (loc.country, loc.admin1) == (country, admin1):
            names.add(row["place"])
    return sorted(names)
