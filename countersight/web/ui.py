"""What the pages show, defined once: a colour per event type, labels, vocabularies as choices."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote, urlsplit

from countersight import describe
from countersight.describe import province_name  # noqa: F401 - the templates and the map read it from here
from countersight.model import EVENT_TYPES, MEASURES, PENALTY_KINDS, PRECISIONS, STATUSES, TRENDS, DATE_PRECISIONS

# One colour per event type (the highlight of its quotes, its chart bars, its badge), and
# the colour of text on it: defined in countersight.web.palette, tested for colour-blind readers.
from countersight.web.palette import TEXT_COLOURS, TYPE_COLOURS

assert set(TYPE_COLOURS) == set(EVENT_TYPES)

STATUS_LABELS = {"unreviewed": "unreviewed", "confirmed": "confirmed", "edited": "edited", "rejected": "rejected"}
FILTER_FIELDS: tuple[str, ...] = (
    "type", "agency", "target", "province", "place", "country", "since", "until", "status", "trend", "measure", "search",
)
# The filter form's label of each field (templates/_macros.html): an error about a parameter
# names it so on a page ("From (since) must be a date ..."), as the analyst saw it.
FILTER_LABELS: dict[str, str] = {
    "type": "Type", "agency": "Agency", "target": "Target", "province": "Province", "place": "Place",
    "country": "Country", "since": "From", "until": "To", "status": "Status", "trend": "Trend",
    "measure": "Measure", "search": "Search",
}


CORROBORATION_LABELS = {
    "single_source": "single source (one report)",
    "dependent_sources": "dependent sources (several reports, one origin)",
    "independent_sources": "independent sources (two or more origins)",
}


def corroboration(value: str | None) -> str:
    return CORROBORATION_LABELS.get(value or "", label(value))


def people(value: dict | None) -> str:
    """An incident's stated number of people: "about 500 people", "at least 3 people"."""
    if not value or value.get("count") is None:
        return ""
    n = value["count"]
    lead = {"approx": "about ", "min": "at least ", "max": "at most "}.get(value.get("qualifier") or "", "")
    return f"{lead}{n} {'person' if n == 1 and not lead else 'people'}"


def label(value: str | None) -> str:
    return (value or "").replace("_", " ")


def heading_rest(event) -> str:
    """An event's heading after its type (the badge shows the type): "Hyesan, Ryanggang · 2021-03-02"."""
    return describe.heading(event).split(" · ", 1)[1]


def type_css() -> str:
    """The stylesheet of the type colours (served as /assets/types.css)."""
    lines = ["/* generated from countersight.web.palette */"]
    for etype, colour in TYPE_COLOURS.items():
        ink = TEXT_COLOURS[etype]
        lines.append(f".t-{etype} {{ background-color: {colour}; color: {ink}; }}")
        lines.append(f"svg .t-{etype}, .legend .t-{etype} {{ fill: {colour}; }}")
        lines.append(f".quote.t-{etype}, .report-text mark.quote.t-{etype} {{ background-color: {colour}; color: {ink}; }}")
        lines.append(f".badge.t-{etype} {{ background-color: {colour}; color: {ink}; }}")
        # A quote shared with events of other types (segments.render): up to three more colours.
        lines.append(f"mark.u1-{etype} {{ background-image: linear-gradient(to bottom, transparent 55%, {colour} 55%); }}")
        lines.append(f"mark.u2-{etype} {{ box-shadow: inset 0 3px 0 {colour}; }}")
        lines.append(f"mark.u3-{etype} {{ border-bottom: 3px solid {colour}; }}")
    return "\n".join(lines) + "\n"


@cache
def choices() -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for every select of the filter and review forms."""
    from countersight.vocab import gazetteer
    from countersight.vocab.agencies import AGENCIES
    from countersight.vocab import labels
    from countersight.vocab.groups import GROUP_IDS

    provinces = sorted(gazetteer.provinces().items())
    return {
        "type": [(t, labels.name("type", t)) for t in EVENT_TYPES],
        "agency": [(a.id, labels.name("agency", a.id)) for a in AGENCIES],
        "target": [(g, labels.name("target", g)) for g in GROUP_IDS],
        "province": [(code, f"{place.name} ({code})") for code, place in provinces],
        "status": [(s, s) for s in STATUSES],
        "trend": [(t, labels.name("trend", t)) for t in TRENDS],
        "measure": [(m, labels.name("measure", m)) for m in MEASURES],
        "precision": [(p, p) for p in PRECISIONS],
        "date_precision": [(p, p) for p in DATE_PRECISIONS],
        "penalty": [(p, labels.name("penalty", p)) for p in PENALTY_KINDS],
    }



def path_part(value: object) -> str:
    """An id as one segment of a URL path: a report id may hold ``/``, ``?``, ``#`` or ``%``
    (the report routes take the rest of the path, decoded)."""
    return quote(str(value), safe="")


def is_web_link(url: object) -> bool:
    """A report's URL is made a link only when it is http(s): ``javascript:``, ``data:``,
    ``file:`` and the like come from the report, not from a web page, and are shown as text."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()
