"""The incident pages and API: an incident with every quote that tells it, across reports; the
incidents named on event and report pages; the public view redacts them as
``export --incidents --public`` does."""

from __future__ import annotations

import re
from html import unescape

from markupsafe import escape

import pytest
from fastapi.testclient import TestClient

from countersight.incidents import public_incidents
from countersight.web.app import create_app
from countersight.web.public import events as public_events


@pytest.fixture(scope="module")
def multi(store_m):
    """The incidents told in more than one report (the samples' repost of a Daily NK report)."""
    found = [i for i in store_m.list_incidents() if len(i.documents) > 1]
    assert found, "the samples have an incident told in two reports"
    return found


@pytest.fixture(scope="module")
def store_m(settings):
    from countersight.store import open_store

    store = open_store(settings.db)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pub(settings) -> TestClient:
    return TestClient(create_app(settings, public=True), follow_redirects=False)


def _mentions(html: str) -> list[str]:
    return re.findall(r'<li class="mention[^"]*" data-event-id="([^"]+)"', html)


def test_the_fixture_built_the_incidents(store_m):
    assert store_m.count_incidents() > 0
    assert store_m.count_incidents() == len(store_m.list_incidents())


def test_the_incident_page_lists_every_quote_of_every_mention_across_reports(viewer, store_m, multi):
    for incident in multi:
        r = viewer.get(f"/incidents/{incident.id}")
        assert r.status_code == 200
        html = r.text
        events = store_m.events_by_id(incident.mentions)
        # every mention, grouped under its report in the incident's order of reports
        by_report = [e.id for d in incident.documents for e in events if e.document == d]
        assert _mentions(html) == by_report
        assert sorted(by_report) == sorted(incident.mentions)
        told = re.findall(r'<article class="told" data-report-id="([^"]+)"', html)
        assert told == incident.documents
        for e in events:
            assert escape(e.evidence.quote) in html, e.id
            assert f'<a href="/events/{e.id}" class="event-link">' in html
            assert f'<a href="/reports/{e.document}#q-{e.id}" class="quote-link">' in html
        for d in incident.documents:
            assert f'<a href="/reports/{d}" class="report-link">' in html
        assert f'<code id="incident-id">{incident.id}</code>' in html
        assert 'id="incident-corroboration" title="dependent_sources"' in html
        sources = html.split('id="incident-sources"')[1].split("</section>")[0]
        for s in incident.sources:
            assert f"<strong>{escape(s['source'])}</strong>" in sources
            for d in s["documents"]:
                assert f'href="/reports/{d}"' in sources


def test_the_incident_page_names_codes_readably(viewer, store_m):
    incident = next(i for i in store_m.list_incidents() if i.perpetrators and i.location and i.location.admin1)
    html = viewer.get(f"/incidents/{incident.id}").text
    from countersight import describe
    from countersight.vocab import labels

    fields = html.split('id="incident-fields"')[1].split("</table>")[0]
    assert escape(labels.name("type", incident.type)) in fields
    for code in incident.perpetrators:
        assert f'<span class="code-name" title="{code}">{escape(labels.name("agency", code))}</span>' in fields
    assert escape(describe.place(incident.location)) in fields
    assert f"<title>{escape(describe.heading(incident))} · countersight</title>" in html


def test_an_unknown_incident_is_404_through_the_one_handler(viewer):
    page = viewer.get("/incidents/i-nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no incident &#39;i-nope&#39;" in page.text or "no incident 'i-nope'" in unescape(page.text)
    api = viewer.get("/api/incidents/i-nope")
    assert api.status_code == 404 and api.json() == {"error": "no incident 'i-nope'"}


def test_reading_needs_the_viewer_role(anon, viewer, multi):
    path = f"/incidents/{multi[0].id}"
    assert anon.get(path).status_code == 303
    assert anon.get("/api" + path).status_code == 401
    assert viewer.get(path).status_code == 200 and viewer.get("/api" + path).status_code == 200


def test_the_list_is_newest_first_paged_and_filtered(viewer, store_m, settings):
    size = int(settings.page_size)
    newest = store_m.list_incidents(newest_first=True)
    html = viewer.get("/incidents").text
    shown = re.findall(r'<tr data-incident-id="([^"]+)"', html)
    assert shown == [i.id for i in newest[:size]]
    total = store_m.count_incidents()
    assert f"<strong>{total:,}</strong> incidents" in html
    if total > size:
        second = re.findall(r'<tr data-incident-id="([^"]+)"', viewer.get("/incidents?page=2").text)
        assert second == [i.id for i in newest[size:2 * size]]
    dates = [i.date.start if i.date and i.date.start else i.published for i in newest]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and dates[:len(known)] == known  # undated last
    arrests = viewer.get("/incidents", params={"type": "arrest"}).text
    ids = re.findall(r'<tr data-incident-id="([^"]+)"', arrests)
    assert ids and all(store_m.get_incident(i).type == "arrest" for i in ids)
    assert 'id="filter-form"' in arrests and 'action="/incidents"' in arrests
    hyesan = re.findall(r'<tr data-incident-id="([^"]+)"', viewer.get("/incidents?province=KP-10").text)
    from countersight.store.filters import EventFilter

    expected = store_m.list_incidents(EventFilter.from_mapping({"province": "KP-10"}), newest_first=True)
    assert hyesan == [i.id for i in expected[:size]] and hyesan


def test_the_navigation_has_incidents(viewer):
    html = viewer.get("/incidents").text
    assert '<a href="/incidents" aria-current="page">Incidents</a>' in html
    assert '<a href="/incidents" >Incidents</a>' in viewer.get("/events").text


def test_event_and_report_pages_name_their_incidents(viewer, store_m, multi):
    incident = multi[0]
    for eid in incident.mentions:
        html = viewer.get(f"/events/{eid}").text
        cell = html.split('id="event-incidents"')[1].split("</td>")[0]
        assert re.findall(r'href="/incidents/([^"]+)"', cell) == [incident.id]
    for d in incident.documents:
        html = viewer.get(f"/reports/{d}").text
        cell = html.split('id="report-incidents"')[1].split("</td>")[0]
        assert re.findall(r'href="/incidents/([^"]+)"', cell) == [i.id for i in store_m.incidents_of_report(d)]
        for eid in (m for m, doc in zip(incident.mentions, incident.mention_documents) if doc == d):
            item = html.split(f'<li id="ev-{eid}"')[1].split("</li>")[0]
            assert f'<a href="/incidents/{incident.id}" class="incident-link">incident (2 reports)</a>' in item


def test_the_api_lists_and_shows_incidents_as_exported(viewer, store_m, multi, settings):
    data = viewer.get("/api/incidents", params={"limit": 1000}).json()
    assert data["total"] == store_m.count_incidents() and data["offset"] == 0 and data["limit"] == 1000
    assert data["incidents"] == [i.to_dict() for i in store_m.list_incidents(newest_first=True)]
    page = viewer.get("/api/incidents", params={"type": "arrest", "limit": 3, "offset": 1}).json()
    from countersight.store.filters import EventFilter

    f = EventFilter.from_mapping({"type": "arrest"})
    assert page["total"] == store_m.count_incidents(f)
    assert page["incidents"] == [i.to_dict() for i in store_m.list_incidents(f, limit=3, offset=1, newest_first=True)]
    incident = multi[0]
    detail = viewer.get(f"/api/incidents/{incident.id}").json()
    assert detail["incident"] == incident.to_dict()
    assert detail["events"] == [e.to_dict() for e in store_m.events_by_id(incident.mentions)]
    assert [r["id"] for r in detail["reports"]] == incident.documents
    for r in detail["reports"]:
        cited = store_m.report_citation(r["id"])
        assert r == {"id": r["id"], **cited}
    spec = viewer.get("/openapi.json").json()
    assert "/api/incidents" in spec["paths"] and "/api/incidents/{incident_id}" in spec["paths"]


def test_public_mode_redacts_incidents_as_the_public_export(pub, store_m, multi):
    listed = pub.get("/api/incidents", params={"limit": 1000}).json()
    everything = store_m.list_incidents(newest_first=True)
    assert listed["incidents"] == [i.to_dict() for i in public_incidents(store_m, everything)]
    incident = multi[0]
    detail = pub.get(f"/api/incidents/{incident.id}").json()
    assert detail["incident"] == next(public_incidents(store_m, [incident])).to_dict()
    redacted = public_events(store_m, store_m.events_by_id(incident.mentions))
    assert detail["events"] == [e.to_dict() for e in redacted]
    html = pub.get(f"/incidents/{incident.id}").text
    assert "Public view (redacted)" in html and 'method="post"' not in html
    for e in redacted:
        assert escape(e.evidence.quote) in html


def test_public_mode_withholds_on_incident_pages_what_it_withholds_elsewhere(pub, viewer, store_m):
    """An incident whose place is a district: the private page names it, the public one does not."""
    from countersight.web.public import is_fine_place

    fine = [i for i in store_m.list_incidents() if i.location and i.location.place and is_fine_place(i.location.place)]
    assert fine, "the samples have an incident placed in a district or dong"
    for incident in fine:
        place = incident.location.place
        assert escape(place) in viewer.get(f"/incidents/{incident.id}").text.split('id="incident-fields"')[1]
        public = pub.get(f"/incidents/{incident.id}").text
        assert place not in public.split('id="incident-fields"')[1].split("</table>")[0]
        assert place not in pub.get("/api/incidents", params={"limit": 1000}).text
        assert pub.get(f"/api/incidents/{incident.id}").json()["incident"]["location"]["place"] != place


def test_public_mode_refuses_search_on_incidents(pub):
    for path in ("/incidents?search=Choi", "/api/incidents?search=Choi", "/incidents?place=Wiyon-dong"):
        r = pub.get(path)
        assert r.status_code == 400, path
