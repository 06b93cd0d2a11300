"""The JSON API: filters as on the pages, EVENTS.md objects, OpenAPI without CDN docs."""

from __future__ import annotations

from countersight.pipeline.doc import RULES_VERSION
from countersight.store.filters import EventFilter


def test_api_events_filters_and_pages(viewer, store):
    r = viewer.get("/api/events", params={"type": "arrest", "province": "KP-09", "limit": 3, "offset": 1})
    body = r.json()
    f = EventFilter(type="arrest", province="KP-09")
    assert body["total"] == store.count_events(f)
    assert body["limit"] == 3 and body["offset"] == 1
    assert [e["id"] for e in body["events"]] == [e.id for e in store.list_events(f, limit=3, offset=1, descending=True)]
    first = body["events"][0]
    assert set(first) == {"id", "document", "type", "trend", "perpetrators", "targets", "location", "date", "measures",
                          "penalty", "evidence", "confidence", "status", "extractor"}
    assert first["extractor"].startswith(RULES_VERSION + "+model-")
    assert first == store.get_event(first["id"]).to_dict()


def test_api_measures_keep_integers(viewer):
    events = viewer.get("/api/events", params={"measure": "watchers_per_person"}).json()["events"]
    assert events and all(isinstance(m["value"], int) for e in events for m in e["measures"] if m["value"] == int(m["value"]))


def test_api_bad_filter_is_400_json(viewer):
    r = viewer.get("/api/events", params={"until": "soon"})
    assert r.status_code == 400 and "until" in r.json()["error"]
    assert viewer.get("/api/events", params={"limit": 0}).status_code == 400


def test_api_event_and_report(viewer, store):
    e = store.list_events(limit=1)[0]
    body = viewer.get(f"/api/events/{e.id}").json()
    assert body["event"]["id"] == e.id and "history" in body and body["origin"] == "machine"
    report = viewer.get(f"/api/reports/{e.document}").json()
    assert report["body"][e.evidence.start:e.evidence.end] == e.evidence.quote
    assert {x["id"] for x in report["events"]} >= {e.id}
    assert "furniture" in report and "near_duplicates" in report
    dup = viewer.get("/api/reports/krd-repost-hyesan-returnees").json()
    assert dup["near_duplicates"][0]["id"] == "dnk-hyesan-returnees-handover"
    missing = viewer.get("/api/reports/nope")
    # the analysts' view names the database asked (the public view does not: tests/web/test_public_mode.py)
    assert missing.status_code == 404 and missing.json() == {"error": "no report 'nope' in " + store.label}


def test_api_stats_trends_map(viewer, store):
    stats = viewer.get("/api/stats", params={"count": "mentions"}).json()
    assert stats["counting"] == "mentions" and stats["counting_note"] is None and stats["people"] is None
    assert stats["counts"]["events"] == store.counts()["events"]
    assert stats["counts"]["incidents"] == store.count_incidents()
    assert {c["key"] for c in stats["by_type"]} <= set(__import__("countersight.model").model.EVENT_TYPES)
    assert sum(c["count"] for c in stats["by_month"]) == store.count_events()
    incidents = viewer.get("/api/stats").json()  # the default, where incidents were built
    assert incidents["counting"] == "incidents" and incidents["by_status"] == []
    assert sum(c["count"] for c in incidents["by_month"]) == store.count_incidents()
    assert sum(c["count"] for c in incidents["by_corroboration"]) == store.count_incidents()
    assert incidents["people"]["stated"] + incidents["people"]["unstated"] == store.count_incidents()
    trends = viewer.get("/api/trends").json()
    inspections = next(s for s in trends["measures"] if s["measure"] == "inspections_per_day")
    assert inspections["total"] >= 1 and inspections["points"][0]["report_id"]
    assert [p["date"] for p in inspections["points"]] == sorted(p["date"] for p in inspections["points"])
    assert trends["agency"] and trends["province"]
    m = viewer.get("/api/map", params={"province": "KP-10"}).json()
    assert m["points"] and all(p["places"] for p in m["points"])


def test_openapi_documents_the_api_without_cdn_docs(viewer, anon):
    # Signed-in users only, like every route but the login page (docs/security.md).
    refused = anon.get("/openapi.json")
    assert (refused.status_code, refused.json()) == (401, {"error": "please log in"})
    spec = viewer.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/reports/{report_id}", "/api/stats", "/api/trends",
                 "/api/map"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "agency", "target", "province", "place", "since", "until", "status", "trend", "search",
            "limit", "offset"} <= params
    assert "EventOut" in spec["components"]["schemas"]
    assert not any(p.startswith(("/events", "/reports", "/login")) for p in spec["paths"])  # pages stay out
    assert viewer.get("/docs").status_code == 404
    assert viewer.get("/redoc").status_code == 404


def test_public_export_is_redacted(viewer):
    private = viewer.get("/export?format=jsonl").text
    public = viewer.get("/export?format=jsonl&public=1").text
    assert len(private.splitlines()) == len(public.splitlines())
    assert "withheld]" in public and "withheld]" not in private
