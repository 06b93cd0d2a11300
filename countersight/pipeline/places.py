"""Find the places a sentence names, with the gazetteer.

Candidates are runs of capitalised words (and Hangul words); the longest run of
words that the gazetteer knows wins ("North Hamgyong Province" before
"North Hamgyong"). Countries come from the country list. A place name inside a
longer capitalised name that the gazetteer does not know ("Sino-North Korean")
does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from countersight.vocab import gazetteer
from countersight.vocab.places import KOREAS_PREPOSITIONS, NORTH_SOUTH_NAMES, PLACE_SUFFIXES

_WORD = r"(?:[A-ZŎŬ][\w'’ŏŭŎŬ.]*(?:-(?:[A-Za-zŏŭ][\w'’ŏŭ]*))*|[가-힣]+)"
_RUN = re.compile(rf"(?<![\w-]){_WORD}(?:[ ]{_WORD})*")
_SUFFIXES = re.compile(r"\s+(?:" + "|".join(PLACE_SUFFIXES) + r")$", re.IGNORECASE)
# "the South" / "the North" as the two Koreas.
_KOREAS = re.compile(
    r"\b(?:" + "|".join(KOREAS_PREPOSITIONS) + r") the (South|North)\b"
    r"(?!" + "|".join(f" {name}" for name in NORTH_SOUTH_NAMES) + r")"
)


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    surface: str
    country: str
    place: gazetteer.Place | None  # None for a country


@cache
def _indexes() -> tuple[dict, dict]:
    return gazetteer.spelling_index(), gazetteer.country_spelling_index()


@cache
def _longest() -> int:
    """The most words a place's surface can have: its longest spelling and longest suffix.
    Longer spans are never tried, so a long run of capitalised words costs linear time,
    not cubic (a page of "Hyesan Hyesan ..." took half a minute)."""
    places, countries = _indexes()
    return max(len(k.split()) for k in (*places, *countries)) + max(len(s.split()) for s in PLACE_SUFFIXES)


def find_places(text: str) -> list[PlaceHit]:
    places, countries = _indexes()
    longest = _longest()
    hits: list[PlaceHit] = []
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group(0)))
        i = 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + longest), i, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[j - 1].end()
                surface = text[start:end].rstrip(".,'’")
                end = start + len(surface)
                key = gazetteer.fold(surface)
                if key in places:
                    found = _best(places[key], start, end, surface)
                elif key in countries:
                    found = PlaceHit(start, end, surface, countries[key], None)
                else:
                    short = _SUFFIXES.sub("", surface)
                    if short != surface and gazetteer.fold(short) in places:
                        found = _best(places[gazetteer.fold(short)], start, end, surface)
                if found:
                    hits.append(found)
                    i = j
                    break
            else:
                i += 1
    for m in _KOREAS.finditer(text):
        hits.append(PlaceHit(m.start(1) - 4, m.end(1), m.group(0)[m.start(1) - m.start() - 4 :], "KR" if m.group(1) == "South" else "KP", None))
    return sorted(hits, key=lambda h: h.start)


def _best(candidates: tuple[gazetteer.Place, ...], start: int, end: int, surface: str) -> PlaceHit:
    """Prefer North Korean places, then the broader kind (a province over its namesake city)
    only when the surface says "Province"."""
    says_province = surface.lower().endswith("province") or surface.endswith("도")
    ranked = sorted(
        candidates,
        key=lambda p: (
            p.country != "KP",
            (p.kind != "province") if says_province else (p.kind == "province"),
        ),
    )
    place = ranked[0]
    return PlaceHit(start, end, surface, place.country, place)


def place_label(hit: PlaceHit) -> str:
    """The place as the report spells it, without "Province"/"City"/"County"."""
    return _SUFFIXES.sub("", hit.surface)
