"""The map as inline SVG, drawn on the server over the shipped outline of North Korea
and its neighbours (``mapdata``): no tiles, no scripts.

Events are grouped by the coordinates of their place (the stored coordinates, else
the gazetteer's, as in the GeoJSON export). Places that share coordinates (the city
of Pyongyang and the province-level city KP-01) share one circle, and its link lists
every place there, so each stays selectable. Spellings of one place ("Onsong" and
"Onsŏng", "Seoul" and "SEOUL") are one place: its gazetteer name, its events summed.

The map labels its biggest places, has a legend of circle sizes, and has views
(``mapdata.VIEWS``: the whole map, the border region) that change only the viewBox;
circles and labels keep their size on the screen in every view.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from types import SimpleNamespace

from markupsafe import Markup

from countersight.export import coordinates
from countersight.model import Location
from countersight.vocab import gazetteer
from countersight.web import mapdata
from countersight.web.palette import MAP_CIRCLE
from countersight.web.ui import province_name

WIDTH = 600


@dataclass
class MapPoint:
    lat: float
    lon: float
    events: int = 0
    places: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f}"

    @property
    def inside(self) -> bool:
        west, south, east, north = mapdata.BBOX
        return west <= self.lon <= east and south <= self.lat <= north

    @property
    def names(self) -> str:
        return "; ".join(p["name"] for p in self.places)

    @property
    def short_name(self) -> str:
        """The map label: the biggest place's name alone ("Hyesan"), "+N" when it shares the circle."""
        first = self.places[0] if self.places else {}
        text = first.get("place") or province_name(first.get("admin1")) or first.get("country") or "?"
        return text + (f" +{len(self.places) - 1}" if len(self.places) > 1 else "")


@lru_cache(maxsize=4096)
def place_coordinates(country: str | None, admin1: str | None, place: str | None, precision: str | None,
                      lat: float | None, lon: float | None) -> tuple[float, float] | None:
    """(lon, lat) of a stored place, or None (country-level events have no point)."""
    loc = Location(country, admin1, place, precision or "country", lat, lon)
    return coordinates(SimpleNamespace(location=loc))  # type: ignore[arg-type]


def place_label(row: dict) -> str:
    bits = [row.get("place") or province_name(row.get("admin1")) or row.get("country") or "?"]
    if row.get("place") and row.get("admin1"):
        bits.append(province_name(row["admin1"]))
    if row.get("country") and row.get("country") != "KP":
        bits.append(row["country"])
    return ", ".join(bits)


def canonical_place(country: str | None, admin1: str | None, name: str | None) -> str | None:
    """The gazetteer's name of a stored place name ("Onsŏng", "ONSONG" -> "Onsong"), else None."""
    if not name:
        return None
    for place in gazetteer.lookup(name):
        if place.country == country and (admin1 is None or place.admin1 is None or place.admin1 == admin1):
            return place.name
    return None


def merge_spellings(rows: Sequence[dict]) -> list[dict]:
    """Rows of one point whose place names are spellings of one place, as one row: the gazetteer's
    name (else the commonest spelling), the events summed, every stored spelling in ``spellings``."""
    merged: dict[tuple, dict] = {}
    for row in sorted(rows, key=lambda r: -r["events"]):
        canon = canonical_place(row["country"], row["admin1"], row["place"])
        key = (row["country"], row["admin1"], gazetteer.fold(canon or row["place"]) if row["place"] else None)
        if key not in merged:
            merged[key] = {**row, "place": canon or row["place"],
                           "spellings": [row["place"]] if row["place"] else []}
            continue
        into = merged[key]
        into["events"] += row["events"]
        if row["place"] and row["place"] not in into["spellings"]:
            into["spellings"].append(row["place"])
    out = list(merged.values())
    for row in out:
        row["spellings"].sort()
        row["name"] = place_label(row)
    return out


def group_points(rows: Sequence[dict]) -> tuple[list[MapPoint], int]:
    """Rows of ``queries.place_counts`` -> map points (biggest first) and the number of events with no point."""
    points: dict[str, MapPoint] = {}
    unplaced = 0
    for row in rows:
        coords = place_coordinates(row["country"], row["admin1"], row["place"], row.get("precision"),
                                   row["lat"], row["lon"])
        if coords is None:
            unplaced += row["events"]
            continue
        lon, lat = coords
        point = MapPoint(round(lat, 4), round(lon, 4))
        point = points.setdefault(point.key, point)
        point.events += row["events"]
        point.places.append({**row, "name": place_label(row)})
    out = sorted(points.values(), key=lambda p: (-p.events, p.key))
    for p in out:
        p.places = merge_spellings(p.places)
        p.places.sort(key=lambda r: (-r["events"], r["name"]))
    return out, unplaced


def parse_at(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    try:
        lat, lon = (float(x) for x in value.split(","))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 4), round(lon, 4)


LABELS = 10  # the biggest places are named on the map; every circle has its tooltip
MIN_R, MAX_R = 3.0, 18.0


def radius(events: int, top: int) -> float:
    """A circle's radius: its area grows with its events (``top`` events: ``MAX_R``)."""
    return MIN_R + (MAX_R - MIN_R) * math.sqrt(events / max(top, 1))


def legend_values(top: int) -> list[int]:
    """The circle sizes the legend shows: 1, a round number in between, and the biggest."""
    if top <= 1:
        return [1]
    middle = [n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
              if n * 4 <= top and n > 1]
    return [1, *middle[-1:], top]


def _f(value: float) -> str:
    return f"{value:.1f}"


def render(points: Sequence[MapPoint], link: Callable[[MapPoint], str], *, width: int = WIDTH,
           selected: str | None = None, svg_id: str = "map", label: str = "Map of events",
           view: str = "all", labels: int = LABELS, noun: str = "event") -> Markup:
    """The map of ``points`` in ``view`` (``mapdata.VIEWS``), its biggest places named, and a
    legend of circle sizes; ``noun``: what a circle counts (event, incident, mention)."""
    height = mapdata.height_for(width)
    vx, vy, vw, vh = mapdata.view_box(view, width, height)
    k = vw / width  # map units per screen unit: circles, labels and legend keep their size
    out = [f'<svg class="map" id="{escape(svg_id)}" viewBox="{_f(vx)} {_f(vy)} {_f(vw)} {_f(vh)}" role="img" '
           f'aria-label="{escape(label)}" data-view="{escape(view)}">',
           f'<rect class="sea" x="{_f(vx)}" y="{_f(vy)}" width="{_f(vw)}" height="{_f(vh)}" fill="#eef4f8"/>']
    for iso2, d in mapdata.svg_paths(width, height):
        fill = "#fbfaf3" if iso2 == "KP" else "#e4e4e0"
        out.append(f'<path class="land c-{escape(iso2)}" id="land-{escape(iso2)}" d="{d}" fill="{fill}" '
                   f'fill-rule="evenodd" stroke="#8a8a80" stroke-width="{0.8 * k:.2f}"><title>{escape(iso2)}</title></path>')
    inside = [p for p in points if p.inside]
    top = max((p.events for p in inside), default=1)
    fill, stroke = MAP_CIRCLE
    placed: list[tuple[float, float, float]] = []
    for p in sorted(inside, key=lambda p: -p.events):  # big circles first, small ones stay clickable on top
        x, y = mapdata.project(p.lon, p.lat, width, height)
        r = radius(p.events, top) * k
        placed.append((x, y, r))
        klass = "place selected" if p.key == selected else "place"
        out.append(
            f'<a href="{escape(link(p), quote=True)}"><circle class="{klass}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'data-at="{p.key}" data-events="{p.events}" fill="{fill}" fill-opacity="0.55" stroke="{stroke}" '
            f'stroke-width="{k:.2f}"><title>{escape(p.names)}: {p.events:,} {noun}{"s" if p.events != 1 else ""}</title>'
            f'</circle></a>'
        )
    out.append(_labels(inside, placed, labels, width, height, k, (vx, vy, vw, vh)))
    out.append(_legend(top, k, (vx, vy, vw, vh), noun) if inside else "")
    out.append("</svg>")
    return Markup("".join(out))


def _labels(inside: Sequence[MapPoint], placed: list[tuple[float, float, float]], count: int, width: int,
            height: float, k: float, box: tuple[float, float, float, float]) -> str:
    """Names of the biggest places in view, beside their circles; a label that would cover
    another is left out (the circle's tooltip and the table still name it)."""
    vx, vy, vw, vh = box
    size = 11 * k
    taken: list[tuple[float, float, float, float]] = []
    out = ['<g class="labels">']
    shown = 0
    for p, (x, y, r) in zip(sorted(inside, key=lambda p: -p.events), placed, strict=True):
        if shown >= count:
            break
        if not (vx <= x <= vx + vw and vy <= y <= vy + vh):
            continue
        text = p.short_name
        w = 0.6 * size * len(text)
        anchor, tx = ("start", x + r + 2 * k) if x + r + w < vx + vw else ("end", x - r - 2 * k)
        left = tx if anchor == "start" else tx - w
        rect = (left, y - size, left + w, y + size * 0.5)
        if any(not (rect[2] < a or rect[0] > c or rect[3] < b or rect[1] > d) for a, b, c, d in taken):
            continue
        taken.append(rect)
        shown += 1
        out.append(f'<text class="place-label" x="{tx:.1f}" y="{y + size * 0.35:.1f}" text-anchor="{anchor}" '
                   f'font-size="{size:.1f}" stroke="#fff" stroke-width="{3 * k:.2f}" paint-order="stroke" '
                   f'fill="#222">{escape(text)}</text>')
    out.append("</g>")
    return "".join(out)


def _legend(top: int, k: float, box: tuple[float, float, float, float], noun: str = "event") -> str:
    """Reference circles in the lower right corner: how many events (``noun``) a circle's size stands for."""
    vx, vy, vw, vh = box
    values = legend_values(top)
    size = 10 * k
    pad = 6 * k
    rows = [(n, radius(n, top) * k) for n in values]
    inner_w = 2 * MAX_R * k + 4 * k + 0.6 * size * max(len(f"{n:,} {noun}s") for n in values)
    h = sum(2 * r + 3 * k for _, r in rows) + size + 2 * pad
    w = max(inner_w, 0.6 * size * 14) + 2 * pad
    x0, y0 = vx + vw - w - 4 * k, vy + vh - h - 4 * k
    fill, stroke = MAP_CIRCLE
    out = [f'<g class="legend size-legend" id="size-legend"><rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" '
           f'height="{h:.1f}" fill="#ffffff" fill-opacity="0.85" stroke="#8a8a80" stroke-width="{0.5 * k:.2f}"/>',
           f'<text x="{x0 + pad:.1f}" y="{y0 + pad + size * 0.8:.1f}" font-size="{size:.1f}" fill="#222">'
           f'{noun.capitalize()}s at a place</text>']
    cy = y0 + pad + size + 2 * k
    cx = x0 + pad + MAX_R * k
    for n, r in rows:
        cy += r
        out.append(f'<circle class="legend-circle" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}" '
                   f'fill-opacity="0.55" stroke="{stroke}" stroke-width="{k:.2f}"/>')
        out.append(f'<text class="legend-value" x="{cx + MAX_R * k + 4 * k:.1f}" y="{cy + size * 0.35:.1f}" '
                   f'font-size="{size:.1f}" fill="#222">{n:,} {noun}{"s" if n != 1 else ""}</text>')
        cy += r + 3 * k
    out.append("</g>")
    return "".join(out)
