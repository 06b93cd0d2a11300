"""The map as inline SVG, drawn on the server over the shipped outline of North Korea
and its neighbours (``mapdata``): no tiles, no scripts.

Events are grouped by the coordinates of their place (the stored coordinates, else
the gazetteer's, as in the GeoJSON export). Places that share coordinates (the city
of Pyongyang and the province-level city KP-01) share one circle, and its link lists
every place there, so each stays selectable.
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
from countersight.web import mapdata
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


def render(points: Sequence[MapPoint], link: Callable[[MapPoint], str], *, width: int = WIDTH,
           selected: str | None = None, svg_id: str = "map", label: str = "Map of events") -> Markup:
    height = mapdata.height_for(width)
    out = [f'<svg class="map" id="{escape(svg_id)}" viewBox="0 0 {width} {height:.0f}" role="img" '
           f'aria-label="{escape(label)}">',
           f'<rect class="sea" x="0" y="0" width="{width}" height="{height:.0f}" fill="#eef4f8"/>']
    for iso2, d in mapdata.svg_paths(width, height):
        fill = "#fbfaf3" if iso2 == "KP" else "#e4e4e0"
        out.append(f'<path class="land c-{escape(iso2)}" id="land-{escape(iso2)}" d="{d}" fill="{fill}" '
                   f'fill-rule="evenodd" stroke="#8a8a80" stroke-width="0.8"><title>{escape(iso2)}</title></path>')
    inside = [p for p in points if p.inside]
    top = max((p.events for p in inside), default=1)
    for p in sorted(inside, key=lambda p: -p.events):  # big circles first, small ones stay clickable on top
        x, y = mapdata.project(p.lon, p.lat, width, height)
        r = 3 + 15 * math.sqrt(p.events / top)
        klass = "place selected" if p.key == selected else "place"
        out.append(
            f'<a href="{escape(link(p), quote=True)}"><circle class="{klass}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'data-at="{p.key}" data-events="{p.events}" fill="#c0392b" fill-opacity="0.55" stroke="#7b241c" '
            f'stroke-width="1"><title>{escape(p.names)}: {p.events} event{"s" if p.events != 1 else ""}</title>'
            f'</circle></a>'
        )
    out.append("</svg>")
    return Markup("".join(out))
