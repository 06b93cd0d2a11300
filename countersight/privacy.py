"""Redaction for public exports: remove or generalise what could identify a
private person (names, surnames, ages, a victim's street or neighbourhood, a
source's identifying details); keep agencies, officials acting in office and
public figures. The rules are data in ``countersight.vocab.privacy``."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache

from countersight.model import Event, Location
from countersight.vocab import gazetteer
from countersight.vocab import privacy as rules


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # name | age | source | place


@cache
def _compiled() -> dict[str, list[re.Pattern[str]]]:
    return {
        "name": [re.compile(p) for p in rules.PERSON_PATTERNS],
        "age": [re.compile(p, re.IGNORECASE) for p in rules.AGE_PATTERNS],
        "source": [re.compile(p, re.IGNORECASE) for p in rules.SOURCE_DETAIL_PATTERNS],
    }


@cache
def _public_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in rules.PUBLIC_FIGURES)


def _starts_public_name(text: str, start: int) -> bool:
    head = text[start : start + 40].casefold()
    return any(head.startswith(name) for name in _public_names())


def _is_public_or_place(name: str, text: str, end: int) -> bool:
    folded = name.casefold()
    if folded in _public_names() or (" " in folded and any(p.startswith(folded) for p in _public_names())):
        return True  # a bare surname is never taken for a public figure
    following = text[end : end + 30].split()
    words = name.split() + following[:1]
    if any(w.strip(".,;:") in rules.INSTITUTION_WORDS for w in words):
        return True
    candidates = [name] + ([f"{name} {following[0]}"] if following else [])
    return any(gazetteer.lookup(c.strip(".,;:")) for c in candidates)


def find_private_spans(text: str) -> list[Span]:
    """Spans of ``text`` that a public export must withhold, in text order, not overlapping."""
    spans: list[Span] = []
    private_surnames: set[str] = set()
    patterns = _compiled()
    for rx in patterns["name"]:
        for m in rx.finditer(text):
            start, end = m.span("name")
            name = m.group("name")
            if _is_public_or_place(name, text, end):
                continue
            spans.append(Span(start, end, "name"))
            private_surnames.add(name.split()[0].split("-")[0])
    # a private person's surname alone, later in the text ("Chong was repatriated")
    for surname in private_surnames:
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if _starts_public_name(text, m.start()):
                continue  # "Kim Jong Un" stays even when a private Kim is named in the same text
            spans.append(Span(m.start(), m.end(), "name"))
    for kind in ("age", "source"):
        for rx in patterns[kind]:
            spans += [Span(m.start(), m.end(), kind) for m in rx.finditer(text)]
    for hit in _fine_places(text):
        spans.append(hit)
    return _merge(spans)


def _fine_places(text: str) -> list[Span]:
    """Place names below the city: those the gazetteer knows as a district or dong, and any
    other name whose form says it is one (``rules.FINE_PLACE_PATTERNS``): reports name far more
    neighbourhoods and villages than any gazetteer holds, and than events are placed at."""
    from countersight.pipeline.places import find_places

    spans = [
        Span(h.start, h.end, "place")
        for h in find_places(text)
        if h.place is not None and h.place.kind in rules.FINE_PLACE_KINDS
    ]
    for rx in _place_patterns():
        for m in rx.finditer(text):
            place, name = m.group("place"), m.groupdict().get("name")
            if is_public_place(place):
                continue  # a city or county whose name happens to have the form ("Kangdong" is no dong)
            if name and not gazetteer.lookup(place) and is_public_place(name):
                continue  # "the Hyesan district": the city's area, not a district of it
            spans.append(Span(m.start("place"), m.end("place"), "place"))
    return spans + _korean_units(text)


@cache
def _place_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in (*rules.FINE_PLACE_PATTERNS, *rules.KOREAN_FINE_PLACE_PATTERNS))


@cache
def _unit_word() -> re.Pattern[str]:
    return re.compile(rules.KOREAN_UNIT_WORD)


_HANGUL_WORD = re.compile(r"[가-힣\d]+")


def _korean_units(text: str) -> list[Span]:
    """Korean place names below the city: a dong, district or village the gazetteer knows, with a
    particle attached ("위연동에서"), and any word shaped like one (``rules.KOREAN_UNIT_WORD``)
    right after a place name ("회령시 유선동"): after a place, such a word is the next unit down."""
    unit = _unit_word()
    spans: list[Span] = []
    after_place, last_end = False, -1
    for m in _HANGUL_WORD.finditer(text):
        word = _without_particle(m.group(), unit)
        known = gazetteer.lookup(word)
        follows = after_place and text[last_end:m.start()].isspace()
        fine = (bool(known) and not is_public_place(word)) or (
            follows and not known and word not in rules.KOREAN_NOT_PLACES and unit.fullmatch(word) is not None)
        if fine:
            spans.append(Span(m.start(), m.start() + len(word), "place"))
        after_place, last_end = bool(known) or fine, m.end()
    return spans


@cache
def _particles() -> tuple[str, ...]:
    return tuple(sorted(rules.KOREAN_PARTICLES, key=len, reverse=True))  # "에서" before "에"


def _without_particle(word: str, unit: re.Pattern[str]) -> str:
    """``word`` without the particle that ends it, when what is left is a place name or shaped like one."""
    if gazetteer.lookup(word):
        return word
    for particle in _particles():
        stem = word[: -len(particle)]
        if word.endswith(particle) and stem and (gazetteer.lookup(stem) or unit.fullmatch(stem)):
            return stem
    return word


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end, out[-1].kind)
            continue
        out.append(span)
    return out


PLACEHOLDERS = {
    "name": rules.NAME_PLACEHOLDER,
    "age": rules.AGE_PLACEHOLDER,
    "source": rules.SOURCE_PLACEHOLDER,
    "place": rules.PLACE_PLACEHOLDER,
}


def redact_text(text: str) -> str:
    parts, last = [], 0
    for span in find_private_spans(text):
        parts.append(text[last : span.start])
        parts.append(PLACEHOLDERS[span.kind])
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


MASK = "\u2588"  # a full block: one per withheld character


def mask_text(text: str) -> str:
    """``text`` with every private span replaced by as many ``MASK`` characters as it has.

    The length and every offset stay as they were: evidence quotes and highlights that
    point into a report's body still line up in the masked body.
    """
    parts, last = [], 0
    for span in find_private_spans(text):
        parts.append(text[last : span.start])
        parts.append(MASK * (span.end - span.start))
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


def is_public_place(name: str) -> bool:
    """A place name fit to publish: one the gazetteer knows, and only as a city, county,
    province or region (``rules.PUBLIC_PLACE_KINDS``)."""
    places = gazetteer.lookup(name.strip())
    return bool(places) and all(p.kind in rules.PUBLIC_PLACE_KINDS for p in places)


def generalise_location(location: Location | None) -> Location | None:
    """A district or neighbourhood becomes its province: the place of a state act
    stays on the map, the victim's street does not.

    Decided by what the place is, not by the precision stored with it: an analyst may
    have given a dong the precision ``city``. A place name stays only when the gazetteer
    knows it as a city or county (or province); any other name, known or not, is withheld.
    """
    if location is None:
        return None
    if location.place is None and location.precision != "district":
        return location
    if location.place is not None and is_public_place(location.place):
        if location.precision == "district":  # the name is a city's: so is the precision
            return Location(location.country, location.admin1, location.place, "city", lat=location.lat,
                            lon=location.lon)
        return location
    province = gazetteer.provinces().get(location.admin1) if location.admin1 else None
    if province is None:
        return Location(location.country, None, None, "country")
    return Location(location.country, location.admin1, None, "province", lat=province.lat, lon=province.lon)


# Bumped whenever ``generalise_location`` or ``redact_event``'s handling of a location changes
# what a place becomes: stored public places computed otherwise are then computed again.
PLACE_RULES_VERSION = 1


@cache
def place_rules() -> str:
    """A fingerprint of what decides a public place: the gazetteer's data, the place kinds shown
    and withheld, and ``PLACE_RULES_VERSION``. Stored with each incident's public place (migration
    15): a place computed under other rules (an upgrade that withholds more) is not used."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256(f"{PLACE_RULES_VERSION}|{sorted(rules.PUBLIC_PLACE_KINDS)}|"
                            f"{sorted(rules.FINE_PLACE_KINDS)}".encode())
    data = resources.files("countersight.vocab") / "data"
    for name in ("places.tsv", "countries.tsv"):
        digest.update((data / name).read_bytes())
    return digest.hexdigest()[:16]


# Fields an analyst may mark sensitive (withheld whole) or not sensitive (published as is).
MARKABLE_FIELDS: tuple[str, ...] = ("evidence", "location", "date", "targets")


def redact_event(event: Event, marks: dict[str, bool] | None = None) -> Event:
    """A copy of ``event`` fit for publication.

    ``marks`` are an analyst's decisions for this event (field -> sensitive?): they
    override the rules both ways.
    """
    marks = marks or {}
    public = copy.deepcopy(event)
    if marks.get("evidence") is True:
        public.evidence.quote = rules.QUOTE_PLACEHOLDER
    elif marks.get("evidence") is not False:
        public.evidence.quote = redact_text(event.evidence.quote)
    if marks.get("location") is True:
        public.location = _country_only(event.location)
    elif marks.get("location") is not False:
        public.location = generalise_location(event.location)
    if public.date is not None:
        if marks.get("date") is True:
            public.date = None
        elif marks.get("date") is not False:
            public.date.text = redact_text(public.date.text)
    if marks.get("targets") is True:
        public.targets = []
    return public


def public_event(event: Event, marks: dict[str, bool] | None = None) -> Event:
    """``redact_event``, and a quote the redaction changed loses its offsets (``None``): they give
    the span of the stored quote, which the published one no longer is. What shows an event by
    itself uses this (exports, the public event page and API); a report's public page keeps the
    offsets of ``redact_event``, which point into its text masked in place (``mask_text``)."""
    public = redact_event(event, marks)
    if public.evidence.quote != event.evidence.quote:
        public.evidence.start = public.evidence.end = None  # type: ignore[assignment]
    return public


def _country_only(location: Location | None) -> Location | None:
    return None if location is None else Location(location.country, None, None, "country")
