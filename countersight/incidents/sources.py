"""Who a report's information comes from: its own outlet and the outlets it cites.

A report that passes on another outlet's reporting ("citing Radio Free Asia",
"according to a report by Daily NK", "This article first appeared on Daily NK")
depends on that outlet: its *origin* is the cited outlet, not itself. A near-duplicate
(the same text re-published) has the origin of the report it copies. Two reports
with the same origin are one source, however many outlets carried them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from countersight.vocab import incidents as vocab

# A relay named in the report's first characters makes the whole report a relay; further
# down it is background ("Daily NK reported last year ...") and only listed as cited.
LEAD_CHARS = 600
# A citation this close after another continues its chain.
CHAIN_CHARS = 80
# These say the whole page is a copy, wherever they stand (usually at the end).
WHOLE_PAGE = re.compile("|".join(vocab.WHOLE_PAGE_PATTERNS), re.IGNORECASE)


@dataclass
class ReportSources:
    """A report's outlet, the outlets it cites, and its origin (the original source)."""

    document: str
    outlet: str | None
    cites: list[str] = field(default_factory=list)
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "outlet": self.outlet, "cites": list(self.cites), "origin": self.origin}


@cache
def _aliases() -> tuple[re.Pattern[str], dict[str, str]]:
    spellings = {s.casefold(): name for name, forms in vocab.OUTLETS.items() for s in (name, *forms)}
    alternation = "|".join(sorted((re.escape(s) for s in spellings), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE), spellings


@cache
def _patterns(kind: str) -> list[re.Pattern[str]]:
    outlets = "|".join(sorted((re.escape(s) for forms in vocab.OUTLETS.values() for s in forms), key=len, reverse=True))
    group = rf"(?P<outlet>{outlets})(?![\w])"
    source = vocab.RELAY_PATTERNS if kind == "relay" else vocab.OWN_PATTERNS
    # (case-insensitive: "According to a report by ..." opens sentences; the outlets'
    # short spellings are whole words, so "ap" inside a word never matches)
    return [re.compile(p.replace("{outlet}", group), re.IGNORECASE) for p in source]


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of an outlet as a report spells it (unknown names kept as given)."""
    if not name:
        return None
    name = " ".join(name.replace("\u2019", "'").split())
    rx, spellings = _aliases()
    bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    if m := rx.fullmatch(name) or rx.fullmatch(bare):
        return spellings[m.group(0).casefold()]
    return name


def _found(kind: str, text: str) -> list[tuple[int, str]]:
    hits = []
    for rx in _patterns(kind):
        for m in rx.finditer(text):
            hits.append((m.start(), canonical_outlet(m.group("outlet")) or ""))
    return sorted(hits)


def report_sources(document: str, body: str, outlet: str | None = None,
                   source: Mapping[str, Any] | None = None) -> ReportSources:
    """The sources of one report (without its near-duplicate link: see ``resolve_origins``)."""
    relayed_by_metadata: list[tuple[int, str]] = []
    if outlet and (named := _found("relay", outlet)):
        # "The Daily Beast, citing Yonhap": the outlet is the part before the citation.
        relayed_by_metadata = [(0, name) for _, name in named]
        outlet = outlet[: min(m.start() for rx in _patterns("relay") if (m := rx.search(outlet)))].rstrip(" ,;")
    own = canonical_outlet(outlet)
    if own is None:
        told = _found("own", body)
        own = told[0][1] if told else canonical_outlet((source or {}).get("outlet"))
    cites: list[str] = []
    relay_origin, relay_at = None, -1
    for position, name in relayed_by_metadata + _found("relay", body):
        if name == own:
            continue
        if name not in cites:
            cites.append(name)
        if relay_origin is None and (position < LEAD_CHARS or WHOLE_PAGE.search(body, max(0, position - 40),
                                                                                 position + 60)):
            relay_origin, relay_at = name, position
        elif relay_origin is not None and position - relay_at <= CHAIN_CHARS:
            # "Yonhap reported, citing Radio Free Asia": the outlet cited last is the original.
            relay_origin, relay_at = name, position
    origin = relay_origin or own or f"unattributed report {document}"
    return ReportSources(document, own, cites, origin)


def resolve_origins(sources: Mapping[str, ReportSources], near_duplicate_of: Mapping[str, str | None]) -> None:
    """A near-duplicate takes the origin of the report it re-publishes (followed to the first)."""
    for document, rs in sources.items():
        seen, current = {document}, near_duplicate_of.get(document)
        while current and current in sources and current not in seen:
            seen.add(current)
            rs.origin = sources[current].origin
            current = near_duplicate_of.get(current)


def corroboration(documents: Iterable[str], sources: Mapping[str, ReportSources]) -> str:
    """``single_source`` (one report), ``dependent_sources`` (several reports, one origin) or
    ``independent_sources`` (two or more origins)."""
    documents = list(dict.fromkeys(documents))
    if len(documents) <= 1:
        return "single_source"
    origins = {sources[d].origin if d in sources else d for d in documents}
    return "independent_sources" if len(origins) > 1 else "dependent_sources"


def incident_sources(documents: Iterable[str], sources: Mapping[str, ReportSources]) -> list[dict[str, Any]]:
    """The incident's sources: one entry per origin, with the reports and outlets that carry it."""
    by_origin: dict[str, dict[str, Any]] = {}
    for d in dict.fromkeys(documents):
        rs = sources.get(d) or ReportSources(d, None, [], f"unattributed report {d}")
        entry = by_origin.setdefault(rs.origin, {"source": rs.origin, "documents": [], "outlets": []})
        entry["documents"].append(d)
        if rs.outlet and rs.outlet not in entry["outlets"]:
            entry["outlets"].append(rs.outlet)
    return list(by_origin.values())
