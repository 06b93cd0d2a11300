"""The overview, trends and map count incidents or mentions (``count=``) and say which, in HTML
and in the API: one act told three times across two reports is 1 incident, 3 mentions. Filters
apply; the public view counts places as it shows them."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from countersight.settings import load_settings
from countersight.store import open_store
from countersight.web.app import create_app
from told_thrice import fill


@pytest.fixture(scope="module")
def archive(backend, pg_or_file):
    return pg_or_file


def _told_thrice(backend, request, tmp_path_factory, name: str) -> str:
    """A new database of the module's backend holding the told-thrice archive; its URL."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.create()
        request.addfinalizer(lambda: server.drop(url))
    else:
        url = str(tmp_path_factory.mktemp(name) / f"{name}.db")
    store = open_store(url)
    try:
        fill(store)
    finally:
        store.close()
    return url


@pytest.fixture(scope="module")
def pg_or_file(backend, request, tmp_path_factory):
    """The told-thrice archive in a database of the module's backend (filled once)."""
    url = _told_thrice(backend, request, tmp_path_factory, "counts")
    store = open_store(url)
    try:
        store.set_sensitivity("c1", "location", True, "analyst")  # the sentencing's place withheld in public
    finally:
        store.close()
    return url


@pytest.fixture(scope="module")
def local(archive):
    return TestClient(create_app(load_settings({"db": archive}, environ={}), no_auth=True), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def pub(archive):
    return TestClient(create_app(load_settings({"db": archive}, environ={}), public=True), follow_redirects=False)


def _counting(html: str) -> str:
    return re.search(r'<p class="counting" id="counting" data-counting="(\w+)">', html).group(1)


def _province_table(html: str) -> list[tuple[str, int]]:
    table = re.search(r'<table class="compact" id="province-table">.*?</table>', html, re.S).group(0)
    return [(c, int(n)) for c, n in re.findall(r'\?province=(KP-\d\d)">.*?<td class="num">(\d+)</td>', table, re.S)]


@pytest.mark.parametrize(("count", "arrests", "noun"), [(None, 1, "incident"), ("incidents", 1, "incident"),
                                                        ("mentions", 3, "mention")])
def test_the_overview_counts_one_act_once_or_each_telling(local, count, arrests, noun):
    html = local.get("/", params={"count": count} if count else {}).text
    assert _counting(html) == noun + "s"
    assert _province_table(html) == sorted([("KP-10", arrests), ("KP-09", 1)], key=lambda kv: (-kv[1], kv[0]))
    assert f'<th class="num">{noun.capitalize()}s</th>' in html
    legend = re.search(r'<ul class="legend" id="type-legend">.*?</ul>', html, re.S).group(0)
    assert f'title="{arrests} {noun}{"s" if arrests > 1 else ""}">{arrests}</span>' in legend
    assert f"2021-03: {arrests} Arrest (of {arrests} {noun}s)" in html  # the timeline's tooltip
    assert '<span class="n" id="incidents-total">2</span> incidents' in html
    assert '<span class="n">4</span> events' in html
    people = "People: 3 people concerned, as stated in 1 of 2 incidents; 1 incident states no number."
    assert (people in html) == (noun == "incident")
    other = "mentions" if noun == "incident" else "incidents"
    assert f'<a href="/?count={other}" id="count-{other}">{other}</a>' in html


@pytest.mark.parametrize(("count", "arrests", "noun"), [(None, 1, "incident"), ("mentions", 3, "mention")])
def test_trends_and_map_count_the_same(local, count, arrests, noun):
    params = {"count": count} if count else {}
    html = local.get("/trends", params=params).text
    assert _counting(html) == noun + "s"
    table = re.search(r'<table class="heatmap" id="heatmap-province">.*?</table>', html, re.S).group(0)
    assert f'title="Ryanggang (KP-10), 2021-03: {arrests}">{arrests}</a>' in table
    assert f"{noun.capitalize()}s per province per month" in html
    page = local.get("/map", params=params).text
    assert _counting(page) == noun + "s"
    assert f'<p class="muted" id="map-total">{arrests + 1} {noun}s;' in page
    assert re.search(rf'<title>Hyesan, Ryanggang: {arrests} {noun}{"s" if arrests > 1 else ""}</title>', page)
    assert f'{noun.capitalize()}s at a place</text>' in page


def test_the_api_says_what_it_counts(local):
    stats = local.get("/api/stats").json()
    assert stats["counting"] == "incidents" and stats["counting_note"] is None
    assert stats["by_type"] == [{"key": "arrest", "count": 1}, {"key": "sentencing", "count": 1}]
    assert stats["by_agency"] == [{"key": "authorities", "count": 1}, {"key": "msos", "count": 1},
                                  {"key": "mss", "count": 1}]
    assert stats["by_month"] == [{"key": "2020-05", "count": 1}, {"key": "2021-03", "count": 1}]
    assert stats["by_corroboration"] == [{"key": "dependent_sources", "count": 1}, {"key": "single_source", "count": 1}]
    assert stats["people"] == {"stated": 1, "unstated": 1, "people": 3, "approx": 0, "min": 0, "max": 0}
    assert stats["counts"]["events"] == 4 and stats["counts"]["incidents"] == 2
    mentions = local.get("/api/stats", params={"count": "mentions"}).json()
    assert mentions["counting"] == "mentions" and mentions["people"] is None
    assert mentions["by_type"] == [{"key": "arrest", "count": 3}, {"key": "sentencing", "count": 1}]
    assert mentions["by_status"] == [{"key": "unreviewed", "count": 4}] and mentions["by_corroboration"] == []
    trends = local.get("/api/trends", params={"period": "year"}).json()
    assert trends["counting"] == "incidents"
    assert trends["province"] == [{"key": "KP-09", "period": "2020", "count": 1},
                                  {"key": "KP-10", "period": "2021", "count": 1}]
    assert local.get("/api/trends", params={"period": "year", "count": "mentions"}).json()["province"][1] == {
        "key": "KP-10", "period": "2021", "count": 3}
    m = local.get("/api/map").json()
    assert m["counting"] == "incidents" and m["unplaced"] == 0
    assert sorted((p["places"][0]["place"], p["count"]) for p in m["points"]) == [("Hoeryong", 1), ("Hyesan", 1)]
    m = local.get("/api/map", params={"count": "mentions"}).json()
    assert sorted((p["places"][0]["place"], p["count"]) for p in m["points"]) == [("Hoeryong", 1), ("Hyesan", 3)]


def test_filters_apply_to_the_incidents_counted(local):
    # the relay's one mention selects the whole incident, counted once
    assert local.get("/api/stats", params={"document": "copy"}).json()["by_type"] == [{"key": "arrest", "count": 1}]
    assert local.get("/api/stats", params={"province": "KP-09"}).json()["by_province"] == [
        {"key": "KP-09", "count": 1}]
    m = local.get("/api/map", params={"type": "arrest"}).json()
    assert [(p["places"][0]["place"], p["count"]) for p in m["points"]] == [("Hyesan", 1)]
    html = local.get("/trends", params={"type": "arrest", "count": "mentions"}).text
    assert '<input type="hidden" name="count" value="mentions">' in html  # the filter form keeps the count


def test_an_unknown_count_is_a_400(local):
    for path in ("/", "/trends", "/map", "/api/stats", "/api/trends", "/api/map"):
        r = local.get(path, params={"count": "events"})
        assert r.status_code == 400 and "unknown count 'events'" in unescape(r.text), path


def test_the_public_view_counts_a_withheld_place_at_country_level(pub, local):
    # privately the sentencing is in Hoeryong (KP-09); its place is marked sensitive
    assert [e["id"] for e in local.get("/api/events", params={"province": "KP-09"}).json()["events"]] == ["c1"]
    for count in ("incidents", "mentions"):
        assert pub.get("/api/events", params={"province": "KP-09", "count": count}).json()["events"] == []
        assert pub.get("/api/events", params={"place": "Hoeryong"}).json()["events"] == []
        stats = pub.get("/api/stats", params={"count": count}).json()
        assert [c["key"] for c in stats["by_province"]] == ["KP-10", None] if count == "mentions" else [None, "KP-10"]
        assert pub.get("/api/stats", params={"province": "KP-09", "count": count}).json()["by_type"] == []
        m = pub.get("/api/map", params={"count": count}).json()
        assert [p["places"][0]["place"] for p in m["points"]] == ["Hyesan"] and m["unplaced"] == 1
        html = pub.get("/", params={"count": count}).text
        assert [c for c, _ in _province_table(html)] == ["KP-10"] and "Hoeryong" not in html
        trends = pub.get("/trends", params={"count": count}).text
        assert "KP-09" not in re.search(r'<table class="heatmap" id="heatmap-province">.*?</table>', trends, re.S).group(0)
    assert pub.get("/api/incidents", params={"province": "KP-09"}).json()["total"] == 0


@pytest.fixture(scope="module")
def marked(backend, request, tmp_path_factory):
    """The told-thrice archive with the sentencing's date (May 2020) and targets (residents) withheld,
    and the targets of one of the arrest's three mentions: public and local views of it."""
    url = _told_thrice(backend, request, tmp_path_factory, "marked")
    store = open_store(url)
    try:
        store.set_sensitivity("c1", "date", True, "analyst")
        store.set_sensitivity("c1", "targets", True, "analyst")
        store.set_sensitivity("a1", "targets", True, "analyst")
    finally:
        store.close()
    settings = load_settings({"db": url}, environ={})
    return (TestClient(create_app(settings, public=True), follow_redirects=False),
            TestClient(create_app(settings, no_auth=True), base_url="http://127.0.0.1"))


@pytest.mark.parametrize(("count", "arrests"), [("incidents", 1), ("mentions", 3)])
def test_the_public_view_counts_a_withheld_date_as_undated_and_no_withheld_target(marked, count, arrests):
    pub, local = marked
    stats = pub.get("/api/stats", params={"count": count}).json()
    assert stats["by_month"] == [{"key": "2021-03", "count": arrests}, {"key": None, "count": 1}]
    brokers = 1 if count == "incidents" else 2  # (a1's targets withheld: its incident keeps b1's and a2's)
    assert stats["by_target"] == [{"key": "brokers", "count": brokers}]
    assert pub.get("/api/stats", params={"count": count, "until": "2020-12-31"}).json()["by_type"] == []
    assert pub.get("/api/stats", params={"count": count, "target": "residents"}).json()["by_type"] == []
    assert pub.get("/api/events", params={"until": "2020-12-31"}).json()["events"] == []
    assert pub.get("/api/events", params={"target": "residents"}).json()["events"] == []
    assert pub.get("/api/incidents", params={"until": "2020-12-31"}).json()["total"] == 0
    assert pub.get("/api/map", params={"count": count, "until": "2020-12-31"}).json() == {
        "counting": count, "counting_note": None, "points": [], "unplaced": 0}
    trends = pub.get("/api/trends", params={"count": count, "period": "year"}).json()
    assert trends["agency"] == [{"key": "authorities", "period": "2021", "count": arrests},
                                {"key": "mss", "period": "2021", "count": arrests}]
    assert trends["target"] == [{"key": "brokers", "period": "2021", "count": brokers}]
    assert trends["province"] == [{"key": "KP-10", "period": "2021", "count": arrests}]
    html = pub.get("/trends", params={"count": count}).text
    assert "2020-05" not in html
    assert "residents" not in re.search(r'<table class="heatmap" id="heatmap-target">.*?</table>', html, re.S).group(0)
    assert "2020-05" not in pub.get("/", params={"count": count}).text
    # not in public: all as stored
    stats = local.get("/api/stats", params={"count": count}).json()
    assert stats["by_month"] == [{"key": "2020-05", "count": 1}, {"key": "2021-03", "count": arrests}]
    assert stats["by_target"] == [{"key": "brokers", "count": arrests}, {"key": "residents", "count": 1}]
    assert local.get("/api/stats", params={"count": count, "until": "2020-12-31"}).json()["by_type"] == [
        {"key": "sentencing", "count": 1}]
    assert "2020-05" in local.get("/", params={"count": count}).text


def test_a_public_export_leaves_out_what_a_withheld_date_or_target_would_match(marked):
    pub, local = marked
    for params in ({"until": "2020-12-31"}, {"target": "residents"}):
        assert pub.get("/export", params={"format": "jsonl", **params}).text == ""
        # an analyst's public export selects by what it publishes too; the full export by what is stored
        assert local.get("/export", params={"format": "jsonl", "public": "1", **params}).text == ""
        assert [json.loads(line)["id"] for line in
                local.get("/export", params={"format": "jsonl", **params}).text.splitlines()] == ["c1"]
