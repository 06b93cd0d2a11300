"""The pages: filters in the URL, sorting, paging, exports, the report page, the SVG charts and map."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from countersight.pipeline.doc import RULES_VERSION
from countersight import describe
from countersight.vocab import labels
from countersight.errors import InputError
from countersight.store.filters import EventFilter


def rows(html: str) -> list[str]:
    table = re.search(r'<table class="events" id="events-table">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<tr data-event-id="([^"]+)"', table)


def total(html: str) -> int:
    return int(re.search(r'id="events-total"><strong>([\d,]+)</strong>', html).group(1).replace(",", ""))


@pytest.mark.parametrize(("params", "path", "what"), [({}, "/incidents", "incident"),
                                                      ({"count": "mentions"}, "/events", "mention")])
def test_overview_shows_counts_chart_map_reports_and_queue(viewer, store, params, path, what):
    from countersight.web import mapview

    html = viewer.get("/", params=params).text
    counts = store.counts()
    assert f'<span class="n">{counts["events"]:,}</span> events' in html
    assert f'<span class="n">{counts["reports"]:,}</span> reports' in html
    assert f'<span class="n" id="incidents-total">{store.count_incidents():,}</span> incidents' in html
    assert f'<p class="counting" id="counting" data-counting="{what}s">Counting <strong>{what}s</strong>' in html
    timeline = re.search(r'<svg class="chart timeline" id="timeline-chart".*?</svg>', html, re.S).group(0)
    assert timeline.count("<rect class=\"bar t-") >= 12
    assert f'href="{path}?since=' in timeline and f'aria-label="{what.capitalize()}s per month by type"' in timeline
    pmap = re.search(r'<svg class="map" id="province-map".*?</svg>', html, re.S).group(0)
    assert 'id="land-KP"' in pmap and re.search(r'<path class="land c-KP" id="land-KP" d="M', pmap)
    by_province = store.incident_group_counts("admin1") if what == "incident" else store.group_counts("admin1")
    provinces = [code for code, _ in by_province if code]
    assert pmap.count('<circle class="place') == len(provinces)
    assert pmap.count('<circle class="legend-circle"') == len(mapview.legend_values(max(n for _, n in by_province if _)))
    assert f'href="{path}?province=KP-09"' in pmap
    table = re.search(r'<table class="compact" id="province-table">.*?</table>', html, re.S).group(0)
    assert [(c, int(n)) for c, n in re.findall(r'\?province=(KP-\d\d)">.*?<td class="num">(\d+)</td>', table)] == [
        (c, n) for c, n in by_province if c]
    assert f'<th class="num">{what.capitalize()}s</th>' in table
    assert 'id="latest-reports"' in html and 'id="review-queue"' in html


def test_filters_in_the_url_change_the_results(viewer, store):
    everything = viewer.get("/events").text
    arrests = viewer.get("/events", params={"type": "arrest"}).text
    assert total(arrests) == store.count_events(EventFilter(type="arrest")) < total(everything)
    f = EventFilter(type="arrest", province="KP-09", agency="mss")
    combined = viewer.get("/events", params={"type": "arrest", "province": "North Hamgyong", "agency": "mss"}).text
    assert total(combined) == store.count_events(f) > 0
    # The form shows the filters, so the view can be refined and bookmarked.
    assert '<option value="arrest" selected>' in combined
    assert '<option value="KP-09" selected>' in combined
    # Export links carry the same filters.
    assert 'href="/export?format=csv&amp;type=arrest&amp;agency=mss&amp;province=KP-09"' in combined


@pytest.mark.parametrize(("params", "expected"), [
    ({"search": "lodger"}, EventFilter(search="lodger")),
    ({"target": "defectors", "since": "2021-01-01", "until": "2022-12-31"},
     EventFilter(target="defectors", since="2021-01-01", until="2022-12-31")),
    ({"trend": "increase"}, EventFilter(trend="increase")),
    ({"measure": "watchers_per_person"}, EventFilter(measure="watchers_per_person")),
    ({"place": "hyesan"}, EventFilter(place="hyesan")),
    ({"country": "CN"}, EventFilter(country="CN")),
    ({"status": "unreviewed"}, EventFilter(status="unreviewed")),
])
def test_each_filter(viewer, store, params, expected):
    assert total(viewer.get("/events", params=params).text) == store.count_events(expected)


def test_bad_filter_is_a_400_page(viewer):
    r = viewer.get("/events", params={"since": "yesterday"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    assert viewer.get("/events", params={"type": "picnic"}).status_code == 400


def test_sorting_and_paging(viewer, store, settings):
    html = viewer.get("/events", params={"sort": "confidence", "order": "asc"}).text
    ids = rows(html)
    assert len(ids) == settings.page_size
    expected = [e.id for e in store.list_events(limit=settings.page_size, sort="confidence")]
    assert ids == expected
    page2 = viewer.get("/events", params={"sort": "confidence", "order": "asc", "page": 2}).text
    assert rows(page2) == [e.id for e in store.list_events(limit=settings.page_size, offset=settings.page_size,
                                                          sort="confidence")]
    # Sort links keep the filters.
    filtered = viewer.get("/events", params={"type": "arrest"}).text
    assert re.search(r'href="/events\?type=arrest&amp;sort=type&amp;order=desc"', filtered)
    assert 'rel="next"' in html


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_export_downloads_the_filtered_events(viewer, store, fmt):
    f = EventFilter(type="arrest", province="KP-09")
    r = viewer.get("/export", params={"format": fmt, "type": "arrest", "province": "KP-09"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="countersight-events.{fmt}"'
    expected = {e.id for e in store.list_events(f)}
    if fmt == "jsonl":
        got = {json.loads(line)["id"] for line in r.text.splitlines()}
    elif fmt == "csv":
        got = {row["id"] for row in csv.DictReader(io.StringIO(r.text))}
    else:
        got = {feature["id"] for feature in json.loads(r.text)["features"]}
    assert got == expected and got


def test_export_of_everything_streams_all_events(viewer, store):
    r = viewer.get("/export", params={"format": "jsonl"})
    assert len(r.text.splitlines()) == store.count_events()
    assert viewer.get("/export", params={"format": "xml"}).status_code == 400


def test_report_page_highlights_every_quote(viewer, store):
    rid = "dnk-musan-public-trial"
    html = viewer.get(f"/reports/{rid}").text
    report = store.get_report(rid)
    events = store.events_of_report(rid)
    for e in events:
        assert f'id="q-{e.id}"' in html, e.id  # the quote's anchor
        assert f'href="#q-{e.id}"' in html  # the event -> its quote
        assert f'href="#ev-{e.id}"' in html  # the quote -> its event
        assert f'<li id="ev-{e.id}" data-event-id="{e.id}"' in html
    assert re.search(r'<mark class="seg quote t-sentencing', html)
    assert 'class="seg furniture f-' in html
    # Every segment's data-start maps back to the stored body exactly.
    text = re.search(r'<article class="report-text" id="report-text"[^>]*>(.*?)</article>', html, re.S).group(1)
    for start, inner in re.findall(r'<(?:span|mark) class="[^"]*"[^>]*?data-start="(\d+)"[^>]*>([^<]*)</', text):
        assert report.body[int(start):int(start) + len(unescape(inner))] == unescape(inner)
    # Metadata.
    assert "North Hamgyong" in html and (report.title or rid) in html


def test_near_duplicates_are_linked_both_ways(viewer):
    html = viewer.get("/reports/krd-repost-hyesan-returnees").text
    assert 'href="/reports/dnk-hyesan-returnees-handover"' in html
    assert 'href="/reports/krd-repost-hyesan-returnees"' in viewer.get("/reports/dnk-hyesan-returnees-handover").text


def test_report_text_is_escaped_and_korean_renders(viewer):
    r = viewer.get("/reports/xss-report")
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    html = r.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>smugglers</b>" not in html
    assert "&lt;b&gt;smugglers&lt;/b&gt;" in html
    assert "보위부가 회령에서 탈북자 가족을" in html
    assert "<b>" not in viewer.get("/events", params={"document": "xss-report"}).text
    assert "<b>smugglers" not in viewer.get("/map", params={"at": "42.4411,129.746"}).text


def test_event_page_shows_fields_forms_and_history(analyst, viewer, store):
    e = store.list_events(EventFilter(document="dnk-musan-public-trial"), limit=1)[0]
    html = analyst.get(f"/events/{e.id}").text
    assert 'id="edit-form"' in html and 'id="reject-form"' in html and 'id="confirm-form"' in html
    # Perpetrators and targets as checkboxes with readable names (no Ctrl-click multi-select).
    assert '<input type="checkbox" name="perpetrators" value="mss"' in html and "> Ministry of State Security</label>" in html
    assert '<input type="checkbox" name="targets" value="defectors"' in html and "> Defectors</label>" in html
    assert '<option value="KP-09"' in html and "<select name=\"perpetrators\"" not in html and " multiple" not in html
    # The heading is the event's type, place and date, not its id.
    heading = re.search(r'<h1 id="event-heading">(.*?)</h1>', html, re.S).group(1)
    kind, rest = describe.heading(e).split(" · ", 1)
    assert " ".join(re.sub(r"<[^>]+>", "", heading).split()) == f"{kind} {rest} {e.status}"
    assert e.id not in heading
    assert 'id="history"' in html
    # Which rules and which model made it.
    extractor = re.search(r'<td id="extractor"><code>(.*?)</code>', html).group(1)
    assert extractor == e.extractor and extractor.startswith(RULES_VERSION + "+model-")
    assert 'id="edit-form"' not in viewer.get(f"/events/{e.id}").text
    assert viewer.get("/events/no-such-event").status_code == 404


def test_map_has_one_circle_per_located_place_and_lists_a_place(viewer):
    html = viewer.get("/map").text
    svg = re.search(r'<svg class="map" id="map".*?</svg>', html, re.S).group(0)
    assert re.search(r'<path class="land c-KP" id="land-KP"', svg)
    circles = re.findall(r'<circle class="place[^"]*"[^>]*data-at="([^"]+)"', svg)
    assert len(circles) == len(set(circles)) > 10
    r = viewer.get("/map", params={"at": "41.3913,128.1765"})  # Hyesan
    assert r.status_code == 200
    assert 'id="selection"' in r.text


def test_places_sharing_coordinates_stay_selectable(viewer):
    from countersight.web import mapview, queries

    # Find a circle that stands for several places (e.g. a city and its province-level name).
    import sqlite3  # noqa: F401

    html = viewer.get("/api/map").json()
    shared = [p for p in html["points"] if len(p["places"]) > 1]
    assert shared, "the samples have places that share coordinates"
    point = shared[0]
    page = viewer.get("/map", params={"at": f"{point['lat']},{point['lon']}"}).text
    for place in point["places"]:
        assert f'<h3 class="place-name">{place["name"]}' in page
    assert mapview and queries


@pytest.mark.parametrize("count", ["incidents", "mentions"])
def test_map_filters_apply(viewer, store, count):
    all_points = viewer.get("/api/map", params={"count": count}).json()
    arrests = viewer.get("/api/map", params={"type": "arrest", "count": count}).json()
    assert all_points["counting"] == arrests["counting"] == count
    assert sum(p["count"] for p in arrests["points"]) < sum(p["count"] for p in all_points["points"])
    html = viewer.get("/map", params={"type": "arrest"}).text
    assert re.search(r'href="/map\?type=arrest&amp;at=', html)


def test_trends_page_has_a_chart_per_measure_with_report_links(viewer):
    from countersight.model import MEASURES

    html = viewer.get("/trends").text
    for m in MEASURES:
        assert f'id="trend-{m}"' in html
    assert re.search(r'<a href="/reports/[^"#]+#q-[^"]+"><circle class="point"', html)
    for facet in ("agency", "target", "province"):
        assert f'id="heatmap-{facet}"' in html
    assert 'href="/incidents?agency=mss&amp;since=' in html  # what is counted: incidents, where built
    assert 'href="/events?agency=mss&amp;since=' in viewer.get("/trends", params={"count": "mentions"}).text


def test_reports_list_and_search(viewer):
    assert 'id="reports-table"' in viewer.get("/reports").text
    found = viewer.get("/reports", params={"q": "lodgers"}).text
    assert "dnk-pyongyang-lodger-checks" in found


def test_type_colours_stylesheet(viewer):
    css = viewer.get("/assets/types.css")
    assert css.headers["content-type"].startswith("text/css")
    assert ".t-arrest" in css.text and ".t-defection" in css.text


def test_counts_stop_at_the_count_limit_and_go_on_with_the_pages(settings, store):
    from countersight.web.app import create_app

    from webutil import session_client

    f = EventFilter(agency="mss")
    matches = store.count_events(f)
    assert matches > 8
    client = session_client(create_app(settings.replace(count_limit=3, page_size=2)), "viewer")
    html = client.get("/events", params={"agency": "mss"}).text
    assert 'id="events-total">more than <strong>3</strong> events' in html
    assert len(rows(html)) == 2
    assert 'href="/events?agency=mss&amp;sort=date&amp;order=desc&amp;page=2"' in html
    # page 3 counts up to 4 + 3 beyond its offset
    html = client.get("/events", params={"agency": "mss", "page": 3}).text
    assert 'id="events-total">more than <strong>7</strong> events' in html
    assert rows(html) == [e.id for e in store.list_events(f, sort="date", descending=True, limit=2, offset=4)]
    body = client.get("/api/events", params={"agency": "mss"}).json()
    assert (body["total"], body["total_exact"]) == (3, False)
    body = client.get("/api/events", params={"agency": "mss", "offset": matches - 1}).json()
    assert (body["total"], body["total_exact"]) == (matches, True)
    # counts the tallies answer stay exact whatever the limit
    html = client.get("/events", params={"type": "arrest"}).text
    assert total(html) == store.count_events(EventFilter(type="arrest")) > 3


def test_people_read_names_with_the_code_on_hover(viewer, store):
    f = EventFilter(agency="mss", document="dnk-musan-public-trial")
    e = store.list_events(f, limit=1)[0]
    html = viewer.get("/events", params={"agency": "mss", "document": "dnk-musan-public-trial"}).text
    row = re.search(rf'<tr data-event-id="{e.id}".*?</tr>', html, re.S).group(0)
    assert '<span class="code-name" title="mss">Ministry of State Security</span>' in row
    assert f'<span class="badge t-{e.type}" title="{e.type}">{labels.name("type", e.type)}</span>' in row
    trends = viewer.get("/trends").text
    agencies = re.search(r'<table class="heatmap" id="heatmap-agency">.*?</table>', trends, re.S).group(0)
    assert '<tr><th title="mss">Ministry of State Security</th>' in agencies
    targets = re.search(r'<table class="heatmap" id="heatmap-target">.*?</table>', trends, re.S).group(0)
    assert '<th title="defector_families">Defectors&#39; families</th>' in targets
    assert not re.search(r"<th[^>]*>[a-z]+_[a-z_]+</th>", agencies + targets)  # no codes as headings
    # The filter form lists readable names too.
    assert '<option value="informant_recruitment">Informant recruitment</option>' in html


# -- odd report ids and URLs, huge offsets, errors (issue 9) ----------------------------------------

# (no "%": Starlette's TestClient decodes the path twice, a real server once)
ODD_ID = "dnk/2024/05 raid?x=1#top"


@pytest.fixture
def odd_app(template_db, tmp_path):
    """A copy of the web database with a report whose id holds / ? # % and whose URL is javascript:."""
    import shutil

    from countersight.ingest.service import ingest
    from countersight.samples import reports_dir
    from countersight.settings import load_settings
    from countersight.store import open_store
    from countersight.web.app import create_app

    path = tmp_path / "odd.db"
    shutil.copy(template_db, path)
    text = (reports_dir() / "dnk-musan-public-trial.txt").read_text(encoding="utf-8").replace("Musan", "Musan town")
    (tmp_path / "odd.jsonl").write_text(
        json.dumps({"id": ODD_ID, "title": "An odd report", "text": text, "url": "javascript:alert(document.cookie)"})
        + "\n" + json.dumps({"id": "linked", "text": text.replace("Musan", "Hoeryong"),
                              "url": "https://www.dailynk.com/english/a-report/"}) + "\n")
    settings = load_settings({"db": str(path)}, environ={})
    store = open_store(str(path))
    try:
        assert ingest([tmp_path / "odd.jsonl"], store, settings).ingested == 2
        assert store.get_report(ODD_ID).url == "javascript:alert(document.cookie)"
    finally:
        store.close()
    return create_app(settings, no_auth=True)


def test_a_report_id_with_slashes_and_url_characters_opens(odd_app):
    from fastapi.testclient import TestClient

    client = TestClient(odd_app, follow_redirects=False)
    link = "/reports/dnk%2F2024%2F05%20raid%3Fx%3D1%23top"
    assert f'href="{link}"' in client.get("/reports").text
    page = client.get(link)
    assert page.status_code == 200 and "An odd report" in page.text
    assert f'action="{link}/events"' in page.text
    assert client.get("/reports/dnk/2024/05%20raid%3Fx=1%23top").status_code == 200  # slashes as they are
    data = client.get("/api" + link).json()
    assert (data["id"], data["title"]) == (ODD_ID, "An odd report")
    event = data["events"][0]
    assert f'href="{link}#q-{event["id"]}"' in client.get("/events", params={"document": ODD_ID}).text
    # adding an event to it goes back to it
    csrf = client.get("/api/me").json()["csrf_token"]
    start = data["body"].index("Musan town")
    added = client.post(link + "/events", data={"csrf_token": csrf, "type": "arrest", "start": str(start),
                                                "end": str(start + len("Musan town"))})
    location = added.headers["location"]  # back to it, saying what was saved
    assert (added.status_code, location.split("#")[0]) == (303, f"{link}?saved=add&done={location.split('#ev-')[1]}")
    api_added = client.post("/api" + link + "/events", headers={"x-csrf-token": csrf},
                            json={"fields": {"type": "interrogation", "evidence": {"start": start, "end": start + 5}}})
    assert api_added.status_code == 201, api_added.text


def test_only_http_urls_are_links(odd_app):
    from fastapi.testclient import TestClient

    client = TestClient(odd_app)
    html = client.get("/reports/dnk%2F2024%2F05%20raid%3Fx%3D1%23top").text
    row = re.search(r"<tr><th>URL</th><td>(.*?)</td></tr>", html).group(1)
    assert row == "javascript:alert(document.cookie)"  # shown as text, not a link
    linked = client.get("/reports/linked").text
    assert re.search(r"<tr><th>URL</th><td>(.*?)</td></tr>", linked).group(1) == (
        '<a href="https://www.dailynk.com/english/a-report/" rel="noopener noreferrer nofollow" class="external">'
        'https://www.dailynk.com/english/a-report/</a>')


def test_is_web_link():
    from countersight.web.ui import is_web_link

    for url in ("https://www.dailynk.com/english/x/", "http://example.org"):
        assert is_web_link(url)
    for url in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                "vbscript:x", "//evil.example/x", "/reports/x", "https:", " https://example.org", None, 5):
        assert not is_web_link(url)


HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@pytest.mark.parametrize("path", ["/api/events?offset=9223372036854775808", "/api/events?offset=99999999999999999999",
                                  "/api/reports?offset=9223372036854775808", "/events?page=9223372036854775809",
                                  "/reports?page=18446744073709551616", "/events?page=-1"])
def test_offsets_and_pages_beyond_64_bits_are_a_400_with_the_headers(viewer, path):
    r = viewer.get(path)
    assert r.status_code == 400
    for name in HEADERS:
        assert name in r.headers


def test_an_unexpected_error_is_a_500_with_the_headers(settings, monkeypatch):
    from fastapi.testclient import TestClient

    from countersight.store.base import Store
    from countersight.web.app import create_app

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "counts", broken)
    client = TestClient(create_app(settings, no_auth=True), raise_server_exceptions=False)
    for path, kind in (("/", "text/html"), ("/api/stats", "application/json")):
        r = client.get(path)
        assert (r.status_code, r.headers["content-type"].split(";")[0]) == (500, kind), path
        for name in HEADERS:
            assert name in r.headers, (path, name)
        assert "a bug" not in r.text


def test_the_map_zooms_into_the_border_region_and_keeps_the_view(viewer):
    whole = viewer.get("/map", params={"type": "arrest"}).text
    assert re.search(r'<svg class="map" id="map" viewBox="0.0 0.0 600.0 599.0"[^>]*data-view="all"', whole)
    assert '<a class="button" href="/map?type=arrest&amp;view=border" id="view-border">Border region</a>' in whole
    border = viewer.get("/map", params={"type": "arrest", "view": "border"})
    assert border.status_code == 200
    svg = re.search(r'<svg class="map" id="map".*?</svg>', border.text, re.S).group(0)
    assert 'data-view="border"' in svg and 'viewBox="0.0 0.0 600.0 599.0"' not in svg
    assert '<a class="button" href="/map?type=arrest" id="view-all">Whole map</a>' in border.text
    # a circle's link keeps the view
    assert re.search(r'<a href="/map\?type=arrest&amp;view=border&amp;at=[0-9.]+%2C[0-9.]+#selection"><circle', svg)
    assert 'id="size-legend"' in svg and '<text class="place-label"' in svg
    bad = viewer.get("/map", params={"view": "moon"})
    assert bad.status_code == 400 and "unknown map view &#39;moon&#39;; known: all, border" in bad.text


def test_a_place_filter_matches_every_spelling_of_the_place(store):
    from countersight.store import EventFilter

    onsong = store.list_events(EventFilter(place="Onsong"), limit=None)
    assert onsong and store.list_events(EventFilter(place="ONSŎNG"), limit=None) == onsong
    assert {e.location.place for e in onsong} == {"Onsong", "Onsŏng"}


def test_the_heatmaps_totals_are_the_counts_the_overview_and_summary_give(viewer, store):
    html = viewer.get("/trends", params={"count": "mentions"}).text

    def totals(facet: str) -> list[tuple[str, int, int]]:
        table = re.search(rf'<table class="heatmap" id="heatmap-{facet}">.*?</table>', html, re.S).group(0)
        return [(value, int(undated or 0), int(total)) for value, undated, total in re.findall(
            r'<tr><th title="([^"]+)">.*?<td class="num undated">(\d*)</td><td class="num"><a href="[^"]+">(\d+)</a>',
            table, re.S)]

    by_agency = totals("agency")
    assert [(v, t) for v, _, t in by_agency] == sorted(store.facet_counts("agency"), key=lambda kv: (-kv[1], kv[0]))
    assert [(v, t) for v, _, t in totals("target")] == sorted(store.facet_counts("target"), key=lambda kv: (-kv[1], kv[0]))
    assert [(v, t) for v, _, t in totals("province")] == sorted(
        ((code, n) for code, n in store.group_counts("admin1") if code), key=lambda kv: (-kv[1], kv[0]))
    assert any(u for _, u, _ in by_agency)  # the samples have undated events: counted in "no date"
    undated = sum(n for month, _, n in store.month_type_counts() if not month)
    assert f"{undated:,} of the mentions have no date" in html
    assert "counts in each of their rows" in html


def test_the_heatmaps_count_incidents_by_default_as_the_overview_and_summary_do(viewer, store):
    html = viewer.get("/trends").text
    assert '<p class="counting" id="counting" data-counting="incidents">' in html

    def totals(facet: str) -> list[tuple[str, int]]:
        table = re.search(rf'<table class="heatmap" id="heatmap-{facet}">.*?</table>', html, re.S).group(0)
        return [(value, int(total)) for value, total in re.findall(
            r'<tr><th title="([^"]+)">.*?<td class="num"><a href="[^"]+">(\d+)</a>', table, re.S)]

    for facet, column in (("agency", "agency"), ("target", "target"), ("province", "admin1")):
        expected = [(v, n) for v, n in store.incident_group_counts(column) if v]
        assert totals(facet) == sorted(expected, key=lambda kv: (-kv[1], kv[0])), facet
    undated = sum(n for month, _, n in store.incident_month_type_counts() if not month)
    assert f"{undated:,} of the incidents have no date" in html


@pytest.mark.parametrize("params", [{}, {"agency": "mss"}, {"province": "KP-09"}, {"search": "arrested"}])
def test_undated_events_come_last_newest_first_and_oldest_first(viewer, store, params):
    def when(e: dict) -> str | None:  # the timeline's date: the event's own, else its report's publication
        return (e["date"] or {}).get("start") or store.report_citation(e["document"])["published"]

    for order in ("desc", "asc"):
        items = viewer.get("/api/events", params={**params, "sort": "date", "order": order, "limit": 1000}).json()["events"]
        dated = [when(e) is not None for e in items]
        assert True in dated and False in dated
        assert dated == sorted(dated, reverse=True)  # every dated event before every undated one
        dates = [when(e) for e in items if when(e)]
        assert dates == sorted(dates, reverse=order == "desc")


def test_a_count_limit_below_the_page_size_still_links_the_next_page(settings, store):
    from countersight.web.app import create_app

    from webutil import session_client

    f = EventFilter(agency="mss")
    assert store.count_events(f) > 4
    client = session_client(create_app(settings.replace(count_limit=1, page_size=2)), "viewer")
    html = client.get("/events", params={"agency": "mss"}).text
    assert len(rows(html)) == 2
    assert 'href="/events?agency=mss&amp;sort=date&amp;order=desc&amp;page=2"' in html
    html = client.get("/events", params={"agency": "mss", "page": 2}).text
    assert rows(html) == [e.id for e in store.list_events(f, sort="date", descending=True, limit=2, offset=2)]


@pytest.mark.parametrize("changes", [{"page_size": 0}, {"page_size": -1}, {"count_limit": 0}, {"page_size": 1001}])
def test_the_app_only_gets_settings_within_their_ranges(settings, changes):
    # (a page size of 0 was a ZeroDivisionError on every list page; -1 lifted the API's row cap)
    with pytest.raises(InputError, match="must be an integer from"):
        settings.replace(**changes)


def test_csv_downloads_hold_no_formula(tmp_path):
    """A report whose title and first words are formulas: the web's CSV downloads (the analysts'
    and the public one) write them as text (tests/export/test_export.py: the same for the CLI)."""
    from fastapi.testclient import TestClient

    from countersight.ingest.service import ingest
    from countersight.settings import load_settings
    from countersight.store import open_store
    from countersight.web.app import create_app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        'title: =HYPERLINK("http://evil.example","click")\n\n=1+1 North Korean MSS agents arrested three '
        "smugglers in Hoeryong last week, a source told Daily NK.\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    store = open_store(db)
    try:
        ingest([folder], store)
    finally:
        store.close()
    settings = load_settings({"db": db}, environ={})
    for app, params in ((create_app(settings, no_auth=True), {"format": "csv"}),
                        (create_app(settings, no_auth=True), {"format": "csv", "public": "1"}),
                        (create_app(settings, public=True), {"format": "csv"})):
        text = TestClient(app).get("/export", params=params).text
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows, params
        assert rows[0]["report_title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")", params
        assert rows[0]["evidence_quote"].startswith("'=1+1 "), params
        assert not any(cell[:1] in "=+@\t\r" and cell for row in csv.reader(io.StringIO(text)) for cell in row)
