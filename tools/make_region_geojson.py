#!/usr/bin/env python3
"""Build ``countersight/web/static/map/region.geojson`` from world-atlas.

This is a one-off *build tool*; it is not imported or run by countersight at
run time. It reads a world-atlas TopoJSON file (``countries-10m.json`` or
``countries-50m.json`` from the npm package ``world-atlas@2``), converts the
outlines of North Korea and its neighbours to GeoJSON, clips them to the map
box and writes a small, rounded GeoJSON FeatureCollection.

Usage::

    mkdir -p /tmp/atlas && cd /tmp/atlas && npm install world-atlas@2
    python tools/make_region_geojson.py \\
        /tmp/atlas/node_modules/world-atlas/countries-10m.json \\
        countersight/web/static/map/region.geojson

Only the Python standard library is used. TopoJSON decoding follows the
TopoJSON specification: quantized, delta-encoded arcs are accumulated and then
mapped through the topology ``transform``; a negative arc index ``~i`` means
arc ``i`` reversed. Clipping uses Sutherland–Hodgman against the rectangle,
applied to every ring independently (outer rings and holes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Map box: lon 123.0–131.5, lat 37.0–43.5 (must match countersight/web/mapdata.py).
WEST, SOUTH, EAST, NORTH = 123.0, 37.0, 131.5, 43.5

# ISO 3166-1 numeric id (as used by world-atlas) -> (alpha-2, display name).
# North Korea first so it is drawn (and found) first.
COUNTRIES: list[tuple[str, str, str]] = [
    ("408", "KP", "North Korea"),
    ("410", "KR", "South Korea"),
    ("156", "CN", "China"),
    ("643", "RU", "Russia"),
    ("392", "JP", "Japan"),
]

Point = tuple[float, float]
Ring = list[Point]


# --------------------------------------------------------------------------
# TopoJSON -> GeoJSON
# --------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Return every arc as absolute (lon, lat) coordinates."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            points: list[Point] = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def stitch_ring(indices: list[int], arcs: list[list[Point]]) -> Ring:
    """Join arcs (``~i`` = arc ``i`` reversed) into one closed ring."""
    ring: Ring = []
    for index in indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their junction point; keep it once.
        ring.extend(arc[1:] if ring else arc)
    return ring


def geometry_polygons(geometry: dict, arcs: list[list[Point]]) -> list[list[Ring]]:
    """Return the geometry as a list of polygons (each: outer ring + holes)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[stitch_ring(r, arcs) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[stitch_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


# --------------------------------------------------------------------------
# Clipping (Sutherland–Hodgman against an axis-aligned rectangle)
# --------------------------------------------------------------------------


def _clip_edge(ring: Ring, inside, intersect) -> Ring:
    out: Ring = []
    if not ring:
        return out
    prev = ring[-1]
    prev_in = inside(prev)
    for cur in ring:
        cur_in = inside(cur)
        if cur_in:
            if not prev_in:
                out.append(intersect(prev, cur))
            out.append(cur)
        elif prev_in:
            out.append(intersect(prev, cur))
        prev, prev_in = cur, cur_in
    return out


def _x_cut(x: float):
    def intersect(a: Point, b: Point) -> Point:
        t = (x - a[0]) / (b[0] - a[0])
        return (x, a[1] + t * (b[1] - a[1]))

    return intersect


def _y_cut(y: float):
    def intersect(a: Point, b: Point) -> Point:
        t = (y - a[1]) / (b[1] - a[1])
        return (a[0] + t * (b[0] - a[0]), y)

    return intersect


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Clip one ring to ``box`` = (west, south, east, north); open ring out."""
    west, south, east, north = box
    pts = list(ring)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    pts = _clip_edge(pts, lambda p: p[0] >= west, _x_cut(west))
    pts = _clip_edge(pts, lambda p: p[0] <= east, _x_cut(east))
    pts = _clip_edge(pts, lambda p: p[1] >= south, _y_cut(south))
    pts = _clip_edge(pts, lambda p: p[1] <= north, _y_cut(north))
    return pts


def ring_area(ring: Ring) -> float:
    """Signed shoelace area (open or closed ring)."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def finish_ring(ring: Ring, decimals: int) -> list[list[float]] | None:
    """Round, drop repeated points, close; None if the ring degenerates."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3 or abs(ring_area([tuple(p) for p in out])) < 10 ** (-2 * decimals):
        return None
    out.append(list(out[0]))
    return out


def clip_polygons(
    polygons: list[list[Ring]], box: tuple[float, float, float, float], decimals: int
) -> list[list[list[list[float]]]]:
    result = []
    for rings in polygons:
        if not rings:
            continue
        outer = finish_ring(clip_ring(rings[0], box), decimals)
        if outer is None:
            continue
        holes = [finish_ring(clip_ring(h, box), decimals) for h in rings[1:]]
        result.append([outer] + [h for h in holes if h is not None])
    return result


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def build(topology: dict, decimals: int = 4) -> dict:
    arcs = decode_arcs(topology)
    by_id = {
        str(g.get("id")): g for g in topology["objects"]["countries"]["geometries"]
    }
    box = (WEST, SOUTH, EAST, NORTH)
    features = []
    for numeric, iso2, name in COUNTRIES:
        geometry = by_id.get(numeric)
        if geometry is None:
            raise SystemExit(f"country id {numeric} ({name}) not found in topology")
        polygons = clip_polygons(geometry_polygons(geometry, arcs), box, decimals)
        if not polygons:
            print(f"warning: {name} ({iso2}) has no area inside the box", file=sys.stderr)
            continue
        if len(polygons) == 1:
            geom = {"type": "Polygon", "coordinates": polygons[0]}
        else:
            geom = {"type": "MultiPolygon", "coordinates": polygons}
        features.append(
            {
                "type": "Feature",
                "id": numeric,
                "properties": {"iso2": iso2, "name": name},
                "geometry": geom,
            }
        )
    return {
        "type": "FeatureCollection",
        "bbox": [WEST, SOUTH, EAST, NORTH],
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-10m.json or -50m.json")
    parser.add_argument(
        "output",
        type=Path,
        nargs="?",
        default=Path("countersight/web/static/map/region.geojson"),
    )
    parser.add_argument("--decimals", type=int, default=4, help="coordinate rounding (default 4)")
    args = parser.parse_args(argv)

    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    collection = build(topology, args.decimals)
    # One feature per line: compact, yet diff-friendly.
    lines = [json.dumps(f, separators=(",", ":")) for f in collection["features"]]
    text = (
        '{"type":"FeatureCollection","bbox":'
        + json.dumps(collection["bbox"], separators=(",", ":"))
        + ',"features":[\n'
        + ",\n".join(lines)
        + "\n]}\n"
    )
    json.loads(text)  # sanity check
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    n_points = sum(
        len(ring)
        for f in collection["features"]
        for poly in (
            [f["geometry"]["coordinates"]]
            if f["geometry"]["type"] == "Polygon"
            else f["geometry"]["coordinates"]
        )
        for ring in poly
    )
    print(
        f"wrote {args.output} ({len(text.encode())} bytes, "
        f"{len(collection['features'])} features, {n_points} points)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
