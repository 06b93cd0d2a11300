"""Gazetteer: North Korean provinces, cities, counties, districts and dongs,
foreign places and countries, with every spelling reports use for them.

The data live in ``vocab/data/places.tsv`` and ``vocab/data/countries.tsv``
(see ``vocab/data/PLACES_LICENSE.md`` for provenance).  Both files are read
once, lazily, with the standard library only.

Spellings are compared after :func:`fold`: case-folded, diacritics stripped
(``Hoeryŏng`` -> ``hoeryong``), typographic apostrophes and dashes unified and
whitespace collapsed.  A spelling may name several places (``Pyongyang`` is
both the province-level city KP-01 and the city; ``Kangwon`` is a North and a
South Korean province); :func:`lookup` returns all of them and the caller
decides.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

PLACES_HEADER = ("name", "kind", "country", "admin1", "lat", "lon", "korean", "variants", "note")
COUNTRIES_HEADER = ("iso2", "name", "variants", "demonyms")
ISO3166_HEADER = ("iso2", "name")

KINDS = ("province", "city", "county", "district", "dong", "region")

_PRECISION = {
    "province": "province",
    "region": "province",
    "city": "city",
    "county": "city",
    "district": "district",
    "dong": "district",
}

# Apostrophe look-alikes -> ASCII apostrophe; dash look-alikes -> hyphen.
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032\u00b4`"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TRANSLATE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _DASHES}


@dataclass(frozen=True)
class Place:
    name: str  # canonical romanisation, e.g. "Hoeryong"
    kind: str  # province|city|county|district|dong|region
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None  # ISO 3166-2:KP code for places in North Korea, else None
    lat: float | None
    lon: float | None
    korean: str | None
    variants: tuple[str, ...]  # every spelling, incl. name and korean
    note: str = ""

    @property
    def precision(self) -> str:
        """Location precision (EVENTS.md): province, city or district."""
        return _PRECISION[self.kind]


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    variants: tuple[str, ...]  # every spelling, incl. name
    demonyms: tuple[str, ...]  # adjectives/nationalities; never place names


def fold(text: str) -> str:
    """Key for comparing spellings: casefold, strip diacritics, unify
    apostrophes (’ ‘ ʼ -> ') and dashes (– — -> -), collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())


def _rows(filename: str, header: tuple[str, ...]) -> list[list[str]]:
    text = resources.files("countersight.vocab").joinpath("data", filename).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    seen_header = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not seen_header:
            if tuple(cells) != header:
                raise ValueError(f"{filename}:{lineno}: header {cells!r}, expected {list(header)!r}")
            seen_header = True
            continue
        if len(cells) != len(header):
            raise ValueError(f"{filename}:{lineno}: {len(cells)} columns, expected {len(header)}")
        rows.append(cells)
    if not seen_header:
        raise ValueError(f"{filename}: no header line")
    return rows


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


@cache
def load_places() -> tuple[Place, ...]:
    """Every row of places.tsv, in file order."""
    places = []
    for name, kind, country, admin1, lat, lon, korean, variants, note in _rows("places.tsv", PLACES_HEADER):
        if kind not in KINDS:
            raise ValueError(f"places.tsv: {name!r} has unknown kind {kind!r}")
        places.append(
            Place(
                name=name,
                kind=kind,
                country=country,
                admin1=admin1 or None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                korean=korean or None,
                variants=_unique([name, korean, *_split(variants)]),
                note=note,
            )
        )
    return tuple(places)


@cache
def load_countries() -> dict[str, Country]:
    """iso2 -> Country."""
    out: dict[str, Country] = {}
    for iso2, name, variants, demonyms in _rows("countries.tsv", COUNTRIES_HEADER):
        out[iso2] = Country(iso2, name, _unique([name, *_split(variants)]), _unique(_split(demonyms)))
    return out


@cache
def iso_countries() -> dict[str, str]:
    """Every officially assigned ISO 3166-1 alpha-2 code -> its English short name (``iso3166.tsv``):
    the codes a country filter accepts, beyond the countries reports name (``load_countries``)."""
    return {iso2: name for iso2, name in _rows("iso3166.tsv", ISO3166_HEADER)}


@cache
def provinces() -> dict[str, Place]:
    """ISO 3166-2:KP code -> the province-level row."""
    return {p.admin1: p for p in load_places() if p.kind == "province" and p.admin1}


@cache
def spelling_index() -> dict[str, tuple[Place, ...]]:
    """Folded spelling -> every place with that spelling (file order)."""
    index: dict[str, list[Place]] = {}
    for place in load_places():
        for spelling in place.variants:
            bucket = index.setdefault(fold(spelling), [])
            if place not in bucket:
                bucket.append(place)
    return {key: tuple(value) for key, value in index.items()}


@cache
def country_spelling_index() -> dict[str, str]:
    """Folded country spelling -> ISO 3166-1 alpha-2 (demonyms excluded)."""
    index: dict[str, str] = {}
    for country in load_countries().values():
        for spelling in country.variants:
            key = fold(spelling)
            if index.setdefault(key, country.iso2) != country.iso2:
                raise ValueError(f"countries.tsv: {spelling!r} names both {index[key]} and {country.iso2}")
    return index


def lookup(text: str) -> tuple[Place, ...]:
    """All places spelled ``text`` (after :func:`fold`); empty tuple if none."""
    return spelling_index().get(fold(text), ())


def spellings(text: str) -> tuple[str, ...]:
    """``text`` and every spelling of the places it spells, lower-cased, sorted: the variants
    of one place ("Onsong", "Onsŏng", "ONSONG") that a filter on a place name matches."""
    found = {text.strip().lower()}
    for place in lookup(text):
        found.update(v.lower() for v in (place.name, *place.variants) if v)
    return tuple(sorted(found))


def lookup_country(text: str) -> str | None:
    """ISO alpha-2 of the country spelled ``text``, or None."""
    return country_spelling_index().get(fold(text))
