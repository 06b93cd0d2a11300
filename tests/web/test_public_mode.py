"""The public read-only mode (``serve --public``): no log-in, no writes, and nothing shown that
could identify a private person: pages, JSON API and downloads alike."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from countersight import privacy
from countersight.errors import InputError
from countersight.export import FORMATS
from countersight.web.app import create_app
from countersight.web.public import is_fine_place

PRIVATE_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@pytest.fixture(scope="module")
def public_app(settings):
    return create_app(settings, public=True)


@pytest.fixture(scope="module")
def pub(public_app) -> TestClient:
    return TestClient(public_app, follow_redirects=False)


@pytest.fixture(scope="module")
def reports(settings):
    from countersight.store import open_store

    store = open_store(settings.db)
    try:
        ids = [r["id"] for r in store.list_reports(limit=10_000)]
        return {rid: store.get_report(rid) for rid in ids}
    finally:
        store.close()


@pytest.fixture(scope="module")
def withheld(reports) -> dict[str, set[str]]:
    """report id -> what the redaction withholds from it: full names, age phrases, districts and dongs."""
    out: dict[str, set[str]] = {}
    for rid, report in reports.items():
        for text in (report.body, report.title or ""):
            for span in privacy.find_private_spans(text):
                s = text[span.start:span.end]
                if span.kind == "name" and not re.search(r"[\s-]", s):
                    continue  # a bare surname ("Kim") is no test string: the same word is often a public figure's
                if span.kind == "source":
                    continue  # a phrase; its words may each be harmless
                out.setdefault(rid, set()).add(s)
    return out


def _all_withheld(withheld) -> set[str]:
    return set().union(*withheld.values())


def _leaks(text: str, strings: set[str]) -> list[str]:
    text = unescape(text)
    return sorted(s for s in strings if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))


def test_the_samples_have_something_to_withhold(withheld, viewer):
    everything = _all_withheld(withheld)
    for expected in ("in her 40s", "Wiyon-dong", "Kangan-dong", "Choi Min-jae", "Kim Ji-won"):
        assert expected in everything
    # ... and the private app shows it
    html = viewer.get("/reports/dnk-hyesan-phone-detection-team").text
    assert "in her 40s" in html and "Wiyon-dong" in html


PAGES = ["/", "/events", "/events?page=2", "/events?sort=province&order=asc", "/reports", "/reports?page=2",
         "/map", "/trends", "/events?type=arrest", "/events?place=Hyesan", "/api/me", "/api/events?limit=1000",
         "/api/reports?limit=1000", "/api/stats", "/api/trends?points=5000", "/api/map", "/openapi.json",
         "/static/app.css", "/assets/types.css", "/incidents", "/incidents?page=2", "/incidents?type=arrest",
         "/api/incidents?limit=1000"]


@pytest.mark.parametrize("path", PAGES)
def test_every_read_answers_without_login_and_leaks_nothing(pub, path, withheld):
    r = pub.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    for name in PRIVATE_HEADERS:
        assert name in r.headers
    assert _leaks(r.text, _all_withheld(withheld)) == []


def test_each_report_event_and_its_json_leak_nothing_and_show_the_public_header(pub, viewer, reports, withheld):
    everything = _all_withheld(withheld)
    seen_private = 0
    for rid in reports:
        for path in (f"/reports/{rid}", f"/api/reports/{rid}"):
            r = pub.get(path)
            assert r.status_code == 200, path
            assert _leaks(r.text, everything) == [], path
        private = viewer.get(f"/reports/{rid}").text
        seen_private += len(_leaks(private, withheld.get(rid, set())))
        page = pub.get(f"/reports/{rid}").text
        assert "Public view (redacted)" in page and "Log in" not in page
        assert 'method="post"' not in page and "add-event-form" not in page
        for eid in re.findall(r'<li id="ev-([^"]+)"', page) if rid in withheld else []:
            event_page = pub.get(f"/events/{eid}")
            assert event_page.status_code == 200
            assert _leaks(event_page.text, everything) == [], eid
            assert 'method="post"' not in event_page.text and 'id="history"' not in event_page.text
            detail = pub.get(f"/api/events/{eid}").json()
            assert detail["history"] == []
            assert _leaks(json.dumps(detail, ensure_ascii=False), everything) == []
    assert seen_private >= 5  # the same pages of the private app do show them


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_redacted(pub, viewer, fmt, withheld):
    everything = _all_withheld(withheld)
    private = viewer.get("/export", params={"format": fmt}).text
    assert _leaks(private, everything)  # the full export has them...
    public = pub.get("/export", params={"format": fmt})
    assert public.status_code == 200 and public.text.strip()
    assert _leaks(public.text, everything) == []  # ...the public server's never
    # public=0 does not get round it
    assert _leaks(pub.get("/export", params={"format": fmt, "public": "0"}).text, everything) == []


# Place names below the city by their form, independently of the redaction under test (the
# ``withheld`` fixture asks the redaction itself what it withholds).
SUB_CITY = re.compile(r"[A-Z][\w'’]*(?:-dong|-tong|-ri|-rodongjagu|-guyok|-ban)\b|\b[A-Z]\w+ (?:[Ww]orkers['’] )?[Dd]istrict\b")
AUDITED = {"Ryusang-dong", "Songchon-dong", "Kusong-dong", "Munak-dong", "Yuson-dong"}


def test_no_place_below_the_city_on_any_public_page_or_download(pub, viewer, reports):
    """Neighbourhoods no event was placed at (the audit's five among them) are named in quotes,
    report texts and titles: the private app shows them, the public one nowhere."""
    private, public = [], []
    for rid in reports:
        private.append(unescape(viewer.get(f"/reports/{rid}").text))
        for path in (f"/reports/{rid}", f"/api/reports/{rid}"):
            public.append(unescape(pub.get(path).text))
    for fmt in FORMATS:
        private.append(viewer.get("/export", params={"format": fmt}).text)
        public.append(pub.get("/export", params={"format": fmt}).text)
        public.append(viewer.get("/export", params={"format": fmt, "public": "1"}).text)  # an analyst's public download
    public += [pub.get(path).text for path in ("/api/events?limit=1000", "/api/reports?limit=1000", "/events")]
    assert AUDITED <= set(SUB_CITY.findall("\n".join(private)))
    assert SUB_CITY.findall("\n".join(public)) == []


def test_a_redacted_quote_has_no_offsets_on_its_page_as_in_the_public_export(pub, viewer, store):
    exported = {e["id"]: e["evidence"] for e in map(json.loads, pub.get("/export", params={"format": "jsonl"}).text
                                                    .splitlines())}
    redacted = [i for i, ev in exported.items() if ev["start"] is None]
    kept = [i for i, ev in exported.items() if ev["start"] is not None]
    assert len(redacted) >= 5 and kept
    for eid in redacted[:8]:
        stored = store.get_event(eid).evidence
        page = pub.get(f"/events/{eid}").text
        assert "Characters" not in page and f"{stored.start}–{stored.end}" not in page, eid
        assert "data-start" not in page and "Redacted for publication" in page, eid
        assert pub.get(f"/api/events/{eid}").json()["event"]["evidence"] | {"quote": ""} == \
            {"quote": "", "start": None, "end": None}, eid
        listed = pub.get("/api/events", params={"document": store.event_meta(eid)["report_id"], "limit": 1000})
        assert next(e for e in listed.json()["events"] if e["id"] == eid)["evidence"]["start"] is None
        # the analysts' page still gives them
        assert f"Characters {stored.start}–{stored.end}" in viewer.get(f"/events/{eid}").text
    # a quote the redaction left as it was keeps them, everywhere
    eid = kept[0]
    assert f"Characters {exported[eid]['start']}–{exported[eid]['end']}" in pub.get(f"/events/{eid}").text
    assert pub.get(f"/api/events/{eid}").json()["event"]["evidence"]["start"] == exported[eid]["start"]


def test_placeholders_in_the_api_and_masks_on_the_page(pub):
    events = pub.get("/api/events", params={"limit": 1000}).json()["events"]
    assert any("[age withheld]" in e["evidence"]["quote"] for e in events)
    page = pub.get("/reports/dnk-hyesan-phone-detection-team").text
    assert privacy.MASK * len("in her 40s") in page


def test_agencies_and_public_figures_stay(pub):
    lodger = pub.get("/reports/dnk-pyongyang-lodger-checks").text
    assert "Kim Jong Un" in lodger
    everything = pub.get("/export", params={"format": "jsonl"}).text
    assert "Ministry of State Security" in everything or "mss" in everything
    wire = pub.get("/api/reports/wire-nis-briefing-diplomats").json()["body"]
    assert "Kim Jong Un" in wire and "National Intelligence Service" in wire


def _segments(html: str) -> list[tuple[int, str, bool]]:
    article = re.search(r'<article class="report-text" id="report-text"[^>]*>(.*?)</article>', html, re.S).group(1)
    return [(int(start), unescape(text), tag == "mark")
            for tag, start, text in re.findall(r'<(mark|span) class="[^"]*"[^>]*? data-start="(\d+)"[^>]*>(.*?)</\1>',
                                               article, re.S)]


def test_report_highlights_line_up_with_the_masked_body(pub, reports, withheld):
    checked = 0
    for rid in withheld:
        report = reports[rid]
        masked = privacy.mask_text(report.body)
        assert len(masked) == len(report.body)
        segs = _segments(pub.get(f"/reports/{rid}").text)
        assert "".join(text for _, text, _ in segs) == masked
        for start, text, is_quote in segs:
            assert masked[start:start + len(text)] == text
            checked += is_quote
        data = pub.get(f"/api/reports/{rid}").json()
        assert data["body"] == masked
        for e in data["events"]:  # the offsets still point into the (masked) body
            assert 0 <= e["evidence"]["start"] < e["evidence"]["end"] <= len(masked)
    assert checked > 0


def test_map_points_have_no_district_names(pub, viewer, withheld):
    private = viewer.get("/api/map").json()
    assert any(is_fine_place(p["place"] or "") for point in private["points"] for p in point["places"])
    data = pub.get("/api/map").json()
    places = [p for point in data["points"] for p in point["places"]]
    assert places and not any(is_fine_place(p["place"] or "") for p in places)
    assert not _leaks(json.dumps(data, ensure_ascii=False), _all_withheld(withheld))
    # every incident still counted: merged, not dropped
    assert data["counting"] == private["counting"] == "incidents"
    assert (sum(p["count"] for p in data["points"]) + data["unplaced"]
            == sum(p["count"] for p in private["points"]) + private["unplaced"])
    # and so is every event, counting mentions
    private = viewer.get("/api/map", params={"count": "mentions"}).json()
    data = pub.get("/api/map", params={"count": "mentions"}).json()
    assert not any(is_fine_place(p["place"] or "") for point in data["points"] for p in point["places"])
    assert (sum(p["count"] for p in data["points"]) + data["unplaced"]
            == sum(p["count"] for p in private["points"]) + private["unplaced"])
    # a merged province's circle lists the district's events too, redacted
    hyesan_events = pub.get("/api/events", params={"document": "dnk-hyesan-phone-detection-team"}).json()["events"]
    assert any(e["location"] and e["location"]["precision"] == "province" and e["location"]["admin1"] == "KP-10"
               for e in hyesan_events)
    ryanggang = next(p for p in data["points"] if any(r["admin1"] == "KP-10" and r["place"] is None for r in p["places"]))
    html = pub.get("/map", params={"at": f"{ryanggang['lat']:.4f},{ryanggang['lon']:.4f}"}).text
    assert 'id="selection"' in html and not _leaks(html, _all_withheld(withheld))
    assert any(f'data-event-id="{e["id"]}"' in html for e in hyesan_events)


@pytest.mark.parametrize("path", ["/events?search=Choi", "/api/events?search=Choi", "/map?search=Choi",
                                  "/trends?search=Choi", "/api/stats?search=Choi", "/export?search=Choi",
                                  "/reports?q=Choi", "/events?place=Wiyon-dong", "/api/events?place=Kangan-dong",
                                  "/api/map?place=Moranbong"])
def test_search_and_withheld_places_are_refused(pub, path):
    r = pub.get(path)
    assert r.status_code == 400
    assert "public view" in r.text


def test_the_filter_form_has_no_search_box(pub):
    html = pub.get("/events").text
    assert 'name="search"' not in html and "No free-text search in the public view" in html
    assert 'id="report-search"' not in pub.get("/reports").text


@pytest.mark.parametrize(("method", "path", "status"), [
    ("post", "/login", 403), ("get", "/login", 403), ("post", "/logout", 403),
    ("get", "/admin/users", 404), ("get", "/admin/settings", 404), ("post", "/admin/users", 404),
    ("post", "/events/x/confirm", 403), ("post", "/events/x/reject", 403), ("post", "/events/x/edit", 403),
    ("post", "/reports/x/events", 403), ("post", "/api/events/x/review", 403), ("post", "/api/reports/x/events", 403),
    ("put", "/events", 403), ("delete", "/api/events/x", 403),
])
def test_writes_logins_and_admin_are_refused(pub, method, path, status):
    r = pub.request(method, path)
    assert r.status_code == status
    for name in PRIVATE_HEADERS:
        assert name in r.headers


def test_a_real_event_cannot_be_reviewed(pub, store):
    event = store.list_events(limit=1)[0]
    before = store.get_event(event.id).status
    r = pub.post(f"/api/events/{event.id}/review", json={"action": "reject", "reason": "x"},
                 headers={"x-csrf-token": ""})
    assert r.status_code == 403 and store.get_event(event.id).status == before


@pytest.mark.parametrize("path", ["/api/reports/nope", "/reports/nope", "/api/events/nope", "/events/nope",
                                  "/incidents/nope", "/api/incidents/nope"])
def test_not_found_does_not_tell_the_database_path(pub, viewer, db_path, path):
    r = pub.get(path)
    assert r.status_code == 404
    assert str(db_path) not in r.text and db_path.name not in r.text and "/tmp" not in r.text
    assert "nope" in unescape(r.text)  # still says what was not found
    if path == "/api/reports/nope":
        assert r.json() == {"error": "no report 'nope'"}
        # the analysts' own view still names the database they asked
        assert viewer.get(path).json() == {"error": f"no report 'nope' in {db_path}"}


def test_a_server_error_does_not_tell_the_database_path(settings, db_path, monkeypatch):
    from countersight.errors import StoreError
    from countersight.store.base import Store

    def broken(self, *args, **kwargs):
        raise StoreError(f"cannot open the database {db_path}: disk I/O error")

    monkeypatch.setattr(Store, "counts", broken)
    client = TestClient(create_app(settings, public=True), raise_server_exceptions=False)
    for path in ("/", "/api/stats"):
        r = client.get(path)
        assert r.status_code == 500 and "internal error" in r.text, path
        assert str(db_path) not in r.text and "disk I/O" not in r.text, path


def test_api_me_is_the_public_viewer(pub):
    assert pub.get("/api/me").json() == {"user": "public", "role": "viewer", "csrf_token": ""}


def test_sensitivity_marks_are_honoured(public_app, settings):
    from countersight.store import open_store

    store = open_store(settings.db)
    try:
        event = next(e for e in store.list_events(limit=1000) if e.location and e.location.place
                     and e.location.precision == "city")
        store.set_sensitivity(event.id, "evidence", True, "anna")
        store.set_sensitivity(event.id, "location", True, "anna")
    finally:
        store.close()
    client = TestClient(public_app)
    data = client.get(f"/api/events/{event.id}").json()["event"]
    assert data["evidence"]["quote"] == "[quote withheld]"
    assert data["location"]["place"] is None and data["location"]["admin1"] is None
    page = client.get(f"/events/{event.id}").text
    assert event.evidence.quote not in unescape(page) or not event.evidence.quote
    # a withheld quote has no offsets, on the page as in the API and the public export
    assert "Characters" not in page and "data-start" not in page
    assert (data["evidence"]["start"], data["evidence"]["end"]) == (None, None)
    exported = [json.loads(line) for line in client.get("/export", params={"format": "jsonl"}).text.splitlines()]
    assert next(e for e in exported if e["id"] == event.id)["evidence"] | {"quote": ""} == \
        {"quote": "", "start": None, "end": None}


def test_public_and_no_auth_exclude_each_other(settings):
    with pytest.raises(InputError, match="exclude each other"):
        create_app(settings, public=True, no_auth=True)


def test_public_may_listen_on_any_host(db_path):
    from countersight.settings import load_settings

    app = create_app(load_settings({"db": str(db_path), "host": "0.0.0.0"}, environ={}), public=True)
    assert TestClient(app, base_url="http://example.org").get("/").status_code == 200


def test_cli_refuses_public_with_no_auth(db_path):
    from click.testing import CliRunner

    from countersight.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path), "--public", "--no-auth"])
    assert result.exit_code != 0 and "exclude each other" in result.output


def test_mask_text_keeps_length_and_offsets():
    text = "Kim Chol-su, a woman in her 40s in Hyesan’s Wiyon-dong, said Kim Jong Un ordered it. Kim was arrested."
    masked = privacy.mask_text(text)
    assert len(masked) == len(text)
    for hidden in ("Kim Chol-su", "in her 40s", "Wiyon-dong"):
        start = text.index(hidden)
        assert masked[start:start + len(hidden)] == privacy.MASK * len(hidden)
    assert "Kim Jong Un" in masked and "Hyesan" in masked  # the public figure stays beside the private Kim
    assert "Kim was" not in masked


# -- a neighbourhood an analyst entered with the precision "city" ----------------------------------

# place -> the precision the analyst gave it
EDITED_PLACES = {"Wiyon-dong": "city",  # a dong the gazetteer knows
                 "Yonbong 2-ban": "city",  # a name it does not know
                 "Pongchon 5-ban": "district"}  # another, stored as what it is


@pytest.fixture
def edited(template_db, tmp_path):
    """A copy of the web database where an analyst moved three Hyesan events to neighbourhoods,
    two with the precision "city": (settings, {place: event id}, report id)."""
    import shutil

    from countersight import review
    from countersight.settings import load_settings
    from countersight.store import open_store

    path = tmp_path / "edited.db"
    shutil.copy(template_db, path)
    store = open_store(str(path))
    try:
        events = [e for e in store.list_events(limit=10_000) if e.location and e.location.place == "Hyesan"][:3]
        assert len(events) == 3
        ids = {}
        for event, (place, precision) in zip(events, EDITED_PLACES.items()):
            location = {"country": "KP", "admin1": "KP-10", "place": place, "precision": precision,
                        "lat": 41.4017, "lon": 128.1778}
            review.edit(store, event.id, "ana", {"location": location}, "the source named the dong")
            ids[place] = event.id
        report_id = store.event_meta(events[0].id)["report_id"]
    finally:
        store.close()
    return load_settings({"db": str(path)}, environ={}), ids, report_id


def test_a_neighbourhood_with_precision_city_is_withheld_everywhere(edited):
    settings, ids, report_id = edited
    pub = TestClient(create_app(settings, public=True), follow_redirects=False)

    def leaks(text: str) -> list[str]:
        return _leaks(text, set(EDITED_PLACES))

    private = TestClient(create_app(settings, no_auth=True), base_url="http://127.0.0.1")
    assert leaks(private.get(f"/api/events/{ids['Wiyon-dong']}").text) == ["Wiyon-dong"]  # stored as edited
    for place, eid in ids.items():
        location = pub.get(f"/api/events/{eid}").json()["event"]["location"]
        assert {k: location[k] for k in ("country", "admin1", "place", "precision")} == {
            "country": "KP", "admin1": "KP-10", "place": None, "precision": "province"}
        assert leaks(pub.get(f"/events/{eid}").text) == []
    for path in (f"/reports/{report_id}", f"/api/reports/{report_id}", f"/api/events?document={report_id}",
                 "/events?province=KP-10", "/api/events?limit=1000", "/api/map", "/map", "/"):
        r = pub.get(path)
        assert (r.status_code, leaks(r.text)) == (200, []), path
    for fmt in FORMATS:
        r = pub.get("/export", params={"format": fmt})
        assert (r.status_code, leaks(r.text)) == (200, []), fmt
    # the events are still on the map, in Ryanggang's circle, listed when it is chosen
    data = pub.get("/api/map").json()
    ryanggang = next(p for p in data["points"] if any(r["admin1"] == "KP-10" and r["place"] is None for r in p["places"]))
    html = pub.get("/map", params={"at": f"{ryanggang['lat']:.4f},{ryanggang['lon']:.4f}"}).text
    assert leaks(html) == [] and all(f'data-event-id="{eid}"' in html for eid in ids.values())


def test_a_neighbourhood_with_precision_city_is_withheld_from_public_cli_exports(edited):
    from click.testing import CliRunner

    from countersight.cli import cli

    settings, _, _ = edited
    for fmt in FORMATS:
        private = CliRunner().invoke(cli, ["export", "--db", settings.db, "--format", fmt])
        public = CliRunner().invoke(cli, ["export", "--db", settings.db, "--format", fmt, "--public"])
        assert (private.exit_code, public.exit_code) == (0, 0)
        assert _leaks(private.output, set(EDITED_PLACES)) == sorted(EDITED_PLACES)
        assert _leaks(public.output, set(EDITED_PLACES)) == [], fmt


def test_the_place_filter_does_not_tell_which_names_are_stored(edited):
    settings, _, _ = edited
    pub = TestClient(create_app(settings, public=True), follow_redirects=False)
    answers = {}
    # stored (dong, unknown with "city", unknown with "district"), then not stored
    for place in ("Wiyon-dong", "Yonbong 2-ban", "Pongchon 5-ban", "Sokhung 3-ban", "Nowhere"):
        r = pub.get("/api/events", params={"place": place})
        answers[place] = (r.status_code, r.json()["error"].replace(repr(place), "NAME"))
    assert set(answers.values()) == {(400, "the public view filters places only by the name of a city, county or "
                                           "province, not NAME: places below the city are withheld; filter by its "
                                           "province instead")}
    for place in ("Hyesan", "Hoeryong"):  # cities: stored or not, the filter answers
        assert pub.get("/api/events", params={"place": place}).status_code == 200
