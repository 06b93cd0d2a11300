"""Server-side rendering pieces: report segments, charts, the map."""

from __future__ import annotations

import re

from countersight.model import Event, Evidence
from countersight.vocab import labels
from countersight.web import charts, mapdata, mapview, segments, ui


def ev(eid: str, etype: str, start: int, end: int, body: str, status: str = "unreviewed") -> Event:
    return Event(document="d", type=etype, evidence=Evidence(body[start:end], start, end), id=eid, status=status)


def test_overlapping_quotes_become_non_overlapping_segments():
    body = "Head line\nAgents arrested and sentenced him. Then more."
    s = body.index("Agents")
    e = body.index(" Then")
    a = ev("a", "arrest", s, e, body)
    b = ev("b", "sentencing", s + 7, e, body)
    segs = segments.segments(body, [a, b], [[0, 9, "headline"]])
    assert "".join(x.text for x in segs) == body
    assert [x.start for x in segs] == sorted(x.start for x in segs)
    covered = {(x.start, x.end): [y.id for y in x.events] for x in segs}
    assert covered[(s, s + 7)] == ["a"]
    assert covered[(s + 7, e)] == ["a", "b"]
    assert segs[0].furniture == "headline"
    html = str(segments.render(segs))
    assert 'id="q-a"' in html and 'id="q-b"' in html
    assert 'data-event-ids="a b"' in html and "multi" in html
    assert html.count('href="#ev-a"') == 1 and html.count('href="#ev-b"') == 1


def test_segments_escape_text():
    body = "<script>alert(1)</script> & <b>x</b>"
    html = str(segments.render(segments.segments(body, [ev("a", "arrest", 27, len(body), body)])))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_timeline_switches_to_years_for_long_spans():
    rows = [("2001-01", "arrest", 2), ("2020-06", "defection", 5)]
    svg = str(charts.timeline(rows, link=lambda p: f"/events?p={p}"))
    assert svg.count("<rect") == 2 and ">2001<" in svg and "/events?p=2020" in svg
    short = str(charts.timeline([("2020-01", "arrest", 1), ("2020-03", "arrest", 4)]))
    assert short.count("<rect") == 2
    assert "No dated events" in str(charts.timeline([]))


def test_scatter_points_link_and_escape():
    points = [{"date": "2020-01-05", "value": 3, "type": "surveillance", "r": "<x>"},
              {"date": "2021-01-05", "value": 4, "type": "surveillance", "r": "b"}]
    svg = str(charts.scatter(points, href=lambda p: f"/reports/{p['r']}", title=lambda p: p["r"]))
    assert svg.count("<circle") == 2 and "<x>" not in svg and "&lt;x&gt;" in svg
    assert svg.count('<a href="/reports/') == 2


def test_heat_classes():
    assert charts.heat_class(0, 10) == "h0"
    assert charts.heat_class(10, 10) == "h8"
    assert charts.heat_class(1, 1000) in {"h1", "h2"}


def test_map_groups_places_sharing_coordinates():
    rows = [{"country": "KP", "admin1": "KP-01", "place": "Pyongyang", "lat": None, "lon": None, "events": 3},
            {"country": "KP", "admin1": "KP-01", "place": None, "lat": None, "lon": None, "events": 2},
            {"country": "KP", "admin1": None, "place": None, "lat": None, "lon": None, "events": 7}]
    points, unplaced = mapview.group_points(rows)
    assert unplaced == 7
    assert len(points) == 1 and points[0].events == 5 and len(points[0].places) == 2
    svg = str(mapview.render(points, lambda p: f"/map?at={p.key}"))
    assert len(re.findall('<circle class="place', svg)) == 1 and 'id="land-KP"' in svg
    assert re.findall(r'<text class="legend-value"[^>]*>([^<]+)</text>', svg) == ["1 event", "5 events"]
    assert re.findall(r'<text class="place-label"[^>]*>([^<]+)</text>', svg) == ["Pyongyang +1"]
    assert mapview.parse_at(points[0].key) == (points[0].lat, points[0].lon)
    assert mapview.parse_at("x,y") is None and mapview.parse_at("100,0") is None


def test_a_passage_of_several_types_carries_every_types_colour():
    body = "Agents arrested, interrogated and sentenced him."
    events = [ev("a", "arrest", 0, len(body), body), ev("b", "interrogation", 0, len(body), body),
              ev("c", "sentencing", 0, len(body), body), ev("d", "extortion", 0, len(body), body)]
    html = str(segments.render(segments.segments(body, events)))
    mark = re.search(r'<mark class="([^"]+)"[^>]*title="([^"]+)"', html)
    assert mark.group(1) == "seg quote t-arrest multi u1-interrogation u2-sentencing u3-extortion"
    assert mark.group(2) == "Arrest, Extortion, Interrogation, Sentencing"
    css = ui.type_css()
    for depth, etype in ((1, "interrogation"), (2, "sentencing"), (3, "extortion")):
        assert f"mark.u{depth}-{etype} {{" in css and ui.TYPE_COLOURS[etype] in css


def test_the_report_page_has_a_legend_of_its_types_and_explains_the_back_links(viewer):
    html = viewer.get("/reports/dnk-musan-public-trial").text
    legend = re.search(r'<div class="legend-block" id="type-legend">(.*?)</div>', html, re.S).group(1)
    shown = re.findall(r'<span class="swatch t-([a-z_]+)"></span>([^<]+)</li>', legend)
    marked = set(re.findall(r'<mark class="seg quote t-([a-z_]+)', html))
    assert {t for t, _ in shown} >= marked and all(name == labels.name("type", t) for t, name in shown)
    assert "↩</span> at the end of a quote leads back to its event" in legend


def test_spellings_of_one_place_are_one_place_on_the_map():
    rows = [{"country": "KP", "admin1": "KP-09", "place": "Onsong", "lat": None, "lon": None, "events": 3},
            {"country": "KP", "admin1": "KP-09", "place": "Onsŏng", "lat": None, "lon": None, "events": 2},
            {"country": "KR", "admin1": None, "place": "SEOUL", "lat": None, "lon": None, "events": 1},
            {"country": "KR", "admin1": None, "place": "Seoul", "lat": None, "lon": None, "events": 4}]
    points, unplaced = mapview.group_points(rows)
    assert unplaced == 0
    assert [(p.events, p.places) for p in points] == [
        (5, [{"country": "KR", "admin1": None, "place": "Seoul", "lat": None, "lon": None, "events": 5,
              "spellings": ["SEOUL", "Seoul"], "name": "Seoul, KR"}]),
        (5, [{"country": "KP", "admin1": "KP-09", "place": "Onsong", "lat": None, "lon": None, "events": 5,
              "spellings": ["Onsong", "Onsŏng"], "name": "Onsong, North Hamgyong"}]),
    ]


def test_legend_sizes_are_one_a_round_number_and_the_biggest():
    assert mapview.legend_values(1) == [1]
    assert mapview.legend_values(3) == [1, 3]
    assert mapview.legend_values(9) == [1, 2, 9]
    assert mapview.legend_values(47) == [1, 10, 47]
    assert mapview.legend_values(4000) == [1, 1000, 4000]
    assert mapview.radius(47, 47) == mapview.MAX_R and mapview.radius(0, 47) == mapview.MIN_R


def test_the_border_view_zooms_in_and_keeps_circles_and_labels_their_size_on_screen():
    rows = [{"country": "KP", "admin1": "KP-10", "place": "Hyesan", "lat": None, "lon": None, "events": 4},
            {"country": "KP", "admin1": "KP-09", "place": "Onsong", "lat": None, "lon": None, "events": 1}]
    points, _ = mapview.group_points(rows)
    whole = str(mapview.render(points, lambda p: "#"))
    border = str(mapview.render(points, lambda p: "#", view="border"))
    box = [float(v) for v in re.search(r'viewBox="([^"]+)"', border).group(1).split()]
    assert re.search(r'viewBox="0.0 0.0 600.0 599.0"', whole)
    scale = box[2] / 600
    assert 0.3 < scale < 0.6 and abs(box[3] / box[2] - 599 / 600) < 0.01  # zoomed, not distorted
    big = lambda svg: float(re.search(r'<circle class="place"[^>]*r="([^"]+)"', svg).group(1))  # noqa: E731
    assert big(whole) == mapview.MAX_R and abs(big(border) - mapview.MAX_R * scale) < 0.06
    # both places lie inside the border view, and both are named
    for p in points:
        x, y = mapdata.project(p.lon, p.lat, 600, mapdata.height_for(600))
        assert box[0] < x < box[0] + box[2] and box[1] < y < box[1] + box[3]
    assert re.findall(r'<text class="place-label"[^>]*>([^<]+)</text>', border) == ["Hyesan", "Onsong"]
    assert 'data-view="border"' in border and 'id="size-legend"' in border


def test_value_axes_are_scaled_to_the_data_in_round_steps():
    assert charts.axis(1) == (1, [0, 1])
    assert charts.axis(3) == (3, [0, 1, 2, 3])
    assert charts.axis(7) == (8, [0, 2, 4, 6, 8])
    assert charts.axis(23) == (25, [0, 5, 10, 15, 20, 25])
    assert charts.axis(101) == (150, [0, 50, 100, 150])
    assert charts.axis(2.5, integer=False) == (2.5, [0, 0.5, 1, 1.5, 2, 2.5])
    assert charts.axis(0.3, integer=False) == (0.3, [0, 0.1, 0.2, 0.3])
    assert charts.axis(0) == (1, [0, 1])


def test_the_timeline_ticks_are_whole_numbers_up_to_just_above_the_highest_bar():
    rows = [("2021-01", "arrest", 4), ("2021-01", "surveillance", 3), ("2021-03", "arrest", 2)]
    svg = str(charts.timeline(rows))
    assert re.findall(r'<text class="tick" x="40"[^>]*>([^<]+)</text>', svg) == ["0", "2", "4", "6", "8"]
    heights = [float(h) for h in re.findall(r'<rect class="bar t-[a-z_]+"[^>]*height="([0-9.]+)"', svg)]
    plot_h = 240 - 22 - 8
    assert abs(sum(heights[:2]) - plot_h * 7 / 8) < 0.2  # the highest bar: 7 of 8
