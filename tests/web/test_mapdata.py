"""Offline map outline: shipped GeoJSON, projection and SVG paths."""

from __future__ import annotations

import importlib.resources as resources
import math

import pytest

from countersight.web import mapdata

WEST, SOUTH, EAST, NORTH = 123.0, 37.0, 131.5, 43.5


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _ring_contains(ring: list, lon: float, lat: float) -> bool:
    """Even-odd ray casting for one ring."""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
    return inside


def _geometry_contains(geometry: dict, lon: float, lat: float) -> bool:
    for rings in _polygons(geometry):
        outer, holes = rings[0], rings[1:]
        if _ring_contains(outer, lon, lat) and not any(
            _ring_contains(h, lon, lat) for h in holes
        ):
            return True
    return False


def _features() -> dict[str, dict]:
    return {f["properties"]["iso2"]: f for f in mapdata.load_region()["features"]}


def test_geojson_is_packaged_and_loads():
    ref = resources.files("countersight.web") / "static" / "map" / "region.geojson"
    assert ref.is_file()
    assert len(ref.read_bytes()) < 300_000
    assert (resources.files("countersight.web") / "static" / "map" / "LICENSE.md").is_file()

    region = mapdata.load_region()
    assert region["type"] == "FeatureCollection"
    assert region["features"]
    assert mapdata.load_region() is region  # cached


def test_has_north_korea_and_neighbours():
    features = _features()
    assert features["KP"]["properties"] == {"iso2": "KP", "name": "North Korea"}
    # Japan has no land inside the box (nearest: Oki Islands, ~133 E 36 N),
    # so clipping leaves no JP feature; if the box grows, it may appear.
    assert {"KP", "KR", "CN", "RU"} <= set(features) <= {"KP", "KR", "CN", "RU", "JP"}
    for iso2, feature in features.items():
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon"), iso2


def test_every_coordinate_is_inside_the_box():
    count = 0
    for feature in mapdata.load_region()["features"]:
        for rings in _polygons(feature["geometry"]):
            for ring in rings:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                for lon, lat in ring:
                    assert WEST <= lon <= EAST and SOUTH <= lat <= NORTH, (lon, lat)
                    count += 1
    assert count > 100


@pytest.mark.parametrize(
    "place, lon, lat",
    [
        ("Pyongyang", 125.75, 39.02),
        ("Hyesan", 128.18, 41.40),
        ("Sinuiju", 124.40, 40.10),
    ],
)
def test_north_korea_contains_cities(place, lon, lat):
    features = _features()
    assert _geometry_contains(features["KP"]["geometry"], lon, lat), place
    for iso2 in ("KR", "CN", "RU"):
        assert not _geometry_contains(features[iso2]["geometry"], lon, lat), (place, iso2)


def test_neighbours_contain_their_own_cities():
    features = _features()
    assert _geometry_contains(features["KR"]["geometry"], 126.98, 37.57)  # Seoul
    assert _geometry_contains(features["CN"]["geometry"], 124.38, 40.13)  # Dandong
    assert not _geometry_contains(features["KP"]["geometry"], 126.98, 37.57)


@pytest.mark.parametrize("width, height", [(800, 600), (640, mapdata.height_for(640)), (1, 1)])
def test_project_maps_box_corners_to_viewport_corners(width, height):
    corners = {
        (WEST, NORTH): (0, 0),
        (EAST, NORTH): (width, 0),
        (WEST, SOUTH): (0, height),
        (EAST, SOUTH): (width, height),
    }
    for (lon, lat), expected in corners.items():
        assert mapdata.project(lon, lat, width, height) == pytest.approx(expected, abs=1e-9)
    # y grows downwards, x to the east
    x0, y0 = mapdata.project(125.0, 40.0, width, height)
    x1, y1 = mapdata.project(126.0, 41.0, width, height)
    assert x1 > x0 and y1 < y0


def test_project_aspect_correction():
    width = 800.0
    height = mapdata.height_for(width)
    x0, y0 = mapdata.project(125.0, 40.0, width, height)
    x1, _ = mapdata.project(126.0, 40.0, width, height)
    _, y1 = mapdata.project(125.0, 41.0, width, height)
    # one degree of longitude is cos(40°) of one degree of latitude
    assert (x1 - x0) / (y0 - y1) == pytest.approx(math.cos(math.radians(40.0)))


def test_project_rejects_empty_viewport():
    with pytest.raises(ValueError):
        mapdata.project(125.0, 40.0, 0, 100)


def test_svg_paths():
    paths = mapdata.svg_paths(800, 600)
    codes = [iso2 for iso2, _ in paths]
    assert "KP" in codes and {"KR", "CN", "RU"} <= set(codes)
    for iso2, d in paths:
        assert d and d.startswith("M"), iso2
        assert d.endswith("Z")
        numbers = d.replace("M", " ").replace("L", " ").replace("Z", " ").split()
        values = [float(v) for v in numbers]
        xs, ys = values[0::2], values[1::2]
        assert len(xs) == len(ys)
        assert all(-0.01 <= x <= 800.01 for x in xs)
        assert all(-0.01 <= y <= 600.01 for y in ys)
    # callers get their own list
    paths.clear()
    assert mapdata.svg_paths(800, 600)
