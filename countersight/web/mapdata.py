"""Offline map outline of North Korea and its neighbours, as data and SVG.

The outline ships with the package in ``static/map/region.geojson`` (see
``static/map/LICENSE.md`` for its source and licence). Nothing here touches
the network.

The map box is lon 123.0–131.5, lat 37.0–43.5. :func:`project` is an
equirectangular projection of that box onto an SVG viewport (x to the right,
y downwards) whose corners are the box corners. Longitudes are shrunk by
cos(40°) so that, in a viewport of :data:`ASPECT` height-to-width ratio (see
:func:`height_for`), a degree of longitude and a degree of latitude keep their
true ground proportions at the map's middle latitude. The box is almost
square after that correction (``ASPECT`` ≈ 0.998).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

WEST, SOUTH, EAST, NORTH = 123.0, 37.0, 131.5, 43.5
BBOX: tuple[float, float, float, float] = (WEST, SOUTH, EAST, NORTH)

_COS_REF = math.cos(math.radians(40.0))
_PROJ_WIDTH = (EAST - WEST) * _COS_REF  # box width in "corrected degrees"
_PROJ_HEIGHT = NORTH - SOUTH

#: Height / width of a viewport in which the map is not distorted.
ASPECT: float = _PROJ_HEIGHT / _PROJ_WIDTH

#: The map's views: name -> (title, (west, south, east, north)). "border" is the border with
#: China where most reports are set: Ryanggang and North Hamgyong, from Hyesan on the Yalu
#: down the Tumen to Rason.
VIEWS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "all": ("Whole map", BBOX),
    "border": ("Border region", (127.4, 40.7, 130.9, 43.1)),
}


def view_box(view: str, width: float, height: float) -> tuple[float, float, float, float]:
    """(x, y, w, h) of the SVG viewBox that shows ``view`` (its box widened or heightened to
    the viewport's proportions, so the map is never distorted)."""
    west, south, east, north = VIEWS[view][1]
    x0, y0 = project(west, north, width, height)
    x1, y1 = project(east, south, width, height)
    w, h = x1 - x0, y1 - y0
    ratio = height / width
    if h / w < ratio:  # too wide: add height around the middle
        y0, h = y0 - (w * ratio - h) / 2, w * ratio
    else:
        x0, w = x0 - (h / ratio - w) / 2, h / ratio
    return (x0, y0, w, h)

_RESOURCE = ("static", "map", "region.geojson")


def height_for(width: float) -> float:
    """Viewport height that keeps the map undistorted for ``width``."""
    return width * ASPECT


@lru_cache(maxsize=1)
def load_region() -> dict:
    """Return the region outline as a GeoJSON FeatureCollection (cached).

    The same dict is returned on every call; treat it as read-only.
    """
    ref = resources.files(__package__).joinpath(*_RESOURCE)
    return json.loads(ref.read_text(encoding="utf-8"))


def project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Map (lon, lat) to SVG (x, y) in a ``width`` × ``height`` viewport.

    (WEST, NORTH) maps to (0, 0) and (EAST, SOUTH) to (width, height); points
    outside the box map outside the viewport.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    x = (lon - WEST) * _COS_REF / _PROJ_WIDTH * width
    y = (NORTH - lat) / _PROJ_HEIGHT * height
    return (x, y)


def _polygons(geometry: dict | None) -> list:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ring_path(ring: list, width: float, height: float) -> str:
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    parts = []
    for i, (lon, lat) in enumerate(points):
        x, y = project(lon, lat, width, height)
        parts.append(f"{'M' if i == 0 else 'L'}{_fmt(x)} {_fmt(y)}")
    return "".join(parts) + "Z"


@lru_cache(maxsize=16)
def _svg_paths(width: float, height: float) -> tuple[tuple[str, str], ...]:
    out = []
    for feature in load_region().get("features", []):
        iso2 = (feature.get("properties") or {}).get("iso2", "")
        rings = [
            _ring_path(ring, width, height)
            for polygon in _polygons(feature.get("geometry"))
            for ring in polygon
            if len(ring) >= 3
        ]
        if rings:
            out.append((iso2, "".join(rings)))
    return tuple(out)


def svg_paths(width: float, height: float) -> list[tuple[str, str]]:
    """Return ``(iso2, d)`` per feature for inline SVG ``<path d=...>``.

    Each polygon ring becomes one closed subpath (``M…L…Z``); holes are
    further subpaths, so draw with ``fill-rule="evenodd"``. Coordinates are
    in the ``width`` × ``height`` viewport of :func:`project`.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    return list(_svg_paths(float(width), float(height)))
