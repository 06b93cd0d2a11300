"""Review from the pages and the API: confirm, edit, reject, add; every decision in the history."""

from __future__ import annotations

import re

from countersight import describe
from countersight.store.filters import EventFilter


def event_of(store, document: str, index: int = 0):
    return store.list_events(EventFilter(document=document), sort="document")[index]


def test_confirm_from_the_report_page_returns_to_the_event(analyst, store):
    e = event_of(store, "dnk-musan-public-trial", 0)
    r = analyst.post(f"/events/{e.id}/confirm",
                     data={"csrf_token": analyst.csrf, "next": f"/reports/dnk-musan-public-trial#ev-{e.id}"})
    assert r.status_code == 303
    assert r.headers["location"] == f"/reports/dnk-musan-public-trial?saved=confirm&done={e.id}#ev-{e.id}"
    assert store.get_event(e.id).status == "confirmed"
    # The page it returns to says what was saved.
    saved = re.search(r'<p class="flash" role="status" id="saved">(.*?)</p>', analyst.get(r.headers["location"]).text)
    assert saved.group(1) == f"Saved: {describe.heading(store.get_event(e.id))} confirmed."
    page = analyst.get(f"/events/{e.id}").text
    table = re.search(r'id="history-table">(.*?)</table>', page, re.S).group(1)
    assert "anna" in table and "confirm" in table and "status: unreviewed → confirmed" in table
    # A confirmed event does not offer Confirm again.
    assert 'id="confirm-form"' not in page and 'id="confirmed-note"' in page


def test_reject_needs_a_reason_and_is_kept(analyst, store):
    e = event_of(store, "dnk-musan-public-trial", 1)
    r = analyst.post(f"/events/{e.id}/reject", data={"csrf_token": analyst.csrf, "reason": ""})
    assert r.status_code == 400
    r = analyst.post(f"/events/{e.id}/reject", data={"csrf_token": analyst.csrf, "reason": "a caption, not the body"})
    assert r.status_code == 303
    assert store.get_event(e.id).status == "rejected"
    page = analyst.get(f"/events/{e.id}").text
    assert "a caption, not the body" in page
    # Rejected events leave the default list but stay on their report's page.
    assert f'data-event-id="{e.id}"' not in analyst.get("/events", params={"document": e.document}).text
    assert f'id="ev-{e.id}"' in analyst.get(f"/reports/{e.document}").text


def test_edit_changes_only_what_changed(analyst, store):
    e = event_of(store, "dnk-musan-public-trial", 2)
    page = analyst.get(f"/events/{e.id}").text
    form = re.search(r'<form method="post" action="/events/[^"]+/edit" id="edit-form".*?</form>', page, re.S).group(0)
    data = _form_values(form)
    # Untouched form: nothing changes.
    r = analyst.post(f"/events/{e.id}/edit", data=data)
    assert r.status_code == 303
    assert store.get_event(e.id).status == e.status
    assert store.reviews_of(e.id) == []
    # Change the perpetrators and add a quantity.
    data["perpetrators"] = ["mss", "courts"]
    data["perpetrators_other"] = "laos security"
    i = int(data["measure_rows"]) - 1
    data[f"m{i}_measure"], data[f"m{i}_value"], data[f"m{i}_previous"] = "team_size", "3", ""
    data["reason"] = "the agency is named in the next sentence"
    r = analyst.post(f"/events/{e.id}/edit", data=data)
    assert r.status_code == 303, r.text[:400]
    after = store.get_event(e.id)
    assert after.status == "edited"
    assert after.perpetrators == ["mss", "courts", "other:laos_security"]
    assert [m.to_dict() for m in after.measures][-1] == {"measure": "team_size", "value": 3, "previous": None,
                                                         "qualifier": None}
    history = store.reviews_of(e.id)
    assert {h["field"] for h in history} == {"perpetrators", "measures"}
    assert all(h["user"] == "anna" and h["reason"] == "the agency is named in the next sentence" for h in history)
    assert "perpetrators" in store.event_meta(e.id)["reviewed_fields"]
    page = analyst.get(f"/events/{e.id}").text
    assert "other:laos_security" in page and "team_size" in page


def test_edit_rejects_bad_values(analyst, store):
    e = event_of(store, "dnk-musan-public-trial", 3)
    page = analyst.get(f"/events/{e.id}").text
    form = re.search(r'<form method="post" action="/events/[^"]+/edit" id="edit-form".*?</form>', page, re.S).group(0)
    data = _form_values(form)
    data["type"] = "picnic"
    assert analyst.post(f"/events/{e.id}/edit", data=data).status_code == 400
    data["type"] = e.type
    data["penalty_months"] = "three"
    data["penalty_kind"] = "labor_camp"
    assert analyst.post(f"/events/{e.id}/edit", data=data).status_code == 400
    assert store.get_event(e.id).status == e.status


def test_add_a_missed_event_from_a_text_span(analyst, viewer, store):
    report = store.get_report("xss-report")
    start = report.body.index("보위부가")
    end = report.body.index("전했다.") + len("전했다.")
    html = analyst.get("/reports/xss-report").text
    assert 'id="add-event-form"' in html and 'id="add-start"' in html
    # The evidence is chosen by selecting text; typed offsets are only the keyboard's way, folded away.
    offsets = re.search(r'<details class="offsets">.*?</details>', html, re.S).group(0)
    assert 'id="add-start"' in offsets and 'id="add-end"' in offsets
    assert 'id="add-event-form"' not in viewer.get("/reports/xss-report").text
    data = {"csrf_token": analyst.csrf, "type": "surveillance", "start": str(start), "end": str(end),
            "perpetrators": "mss", "targets": "defector_families", "loc_admin1": "KP-09", "loc_place": "Hoeryong"}
    assert viewer.post("/reports/xss-report/events", data={**data, "csrf_token": viewer.csrf}).status_code == 403
    r = analyst.post("/reports/xss-report/events", data=data)
    assert r.status_code == 303
    eid = r.headers["location"].split("#ev-")[1]
    event = store.get_event(eid)
    assert event.evidence.quote == report.body[start:end]
    assert event.status == "confirmed" and event.perpetrators == ["mss"] and event.location.admin1 == "KP-09"
    assert store.event_meta(eid)["origin"] == "analyst"
    assert store.reviews_of(eid)[0]["action"] == "add"
    page = analyst.get("/reports/xss-report").text
    assert f'id="q-{eid}"' in page
    # The same span and type twice is a conflict, offsets outside the text an error.
    assert analyst.post("/reports/xss-report/events", data=data).status_code == 409
    assert analyst.post("/reports/xss-report/events",
                        data={**data, "start": "0", "end": str(len(report.body) + 5)}).status_code == 400


def test_api_review_needs_the_csrf_header(analyst, viewer, store):
    e = event_of(store, "dnk-nampo-sailors-watched", 0)
    url = f"/api/events/{e.id}/review"
    assert analyst.post(url, json={"action": "confirm"}).status_code == 403
    assert analyst.post(url, json={"action": "confirm"}, headers={"X-CSRF-Token": "nope"}).status_code == 403
    assert viewer.post(url, json={"action": "confirm"}, headers={"X-CSRF-Token": viewer.csrf}).status_code == 403
    token = analyst.get("/api/me").json()["csrf_token"]
    r = analyst.post(url, json={"action": "edit", "changes": {"trend": "increase"}, "reason": "stepped up"},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["event"]["trend"] == "increase" and body["event"]["status"] == "edited"
    assert body["history"][-1]["field"] == "trend" and body["history"][-1]["after"] == "increase"
    r = analyst.post(url, json={"action": "reject"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 400 and "reason" in r.json()["error"]


def _edit_form(client, event_id: str) -> dict:
    page = client.get(f"/events/{event_id}").text
    form = re.search(r'<form method="post" action="/events/[^"]+/edit" id="edit-form".*?</form>', page, re.S).group(0)
    return _form_values(form)


def _error(response) -> str:
    from html import unescape

    return unescape(re.search(r'<p class="error" id="error-message">(.*?)</p>', response.text, re.S).group(1))


def test_edit_form_refuses_invalid_values_with_the_field_named(analyst, store):
    """The audit's values were stored (303 "saved") and leaked into exports, /api/trends and /api/stats."""
    e = event_of(store, "dnk-hyesan-phone-detection-team", 0)
    data = _edit_form(analyst, e.id)
    stats = analyst.get("/api/stats", params={"count": "mentions"}).json()
    cases = [
        ({"date_start": "2021-13-45", "date_end": "2021-13-45", "date_precision": "day"},
         "date.start '2021-13-45' is not a real day (YYYY-MM-DD)"),
        ({"date_start": "2021-03-05", "date_end": "2021-03-01", "date_precision": "day"},
         "date.end 2021-03-01 is before date.start 2021-03-05"),
        ({"loc_country": "ZZ", "loc_admin1": "", "loc_place": "Atlantis"}, "location.country 'ZZ' is not a country code"),
        ({"penalty_kind": "labor_camp", "penalty_months": "-5"}, "penalty.months must not be negative, not -5"),
        ({"ev_start": "500", "ev_end": "100"}, "evidence start 500 is not before its end 100"),
    ]
    for change, message in cases:
        r = analyst.post(f"/events/{e.id}/edit", data={**data, **change})
        assert r.status_code == 400, (change, r.status_code)
        assert message in _error(r), (change, _error(r))
    assert store.get_event(e.id).to_dict() == e.to_dict() and store.reviews_of(e.id) == []
    assert analyst.get("/api/stats", params={"count": "mentions"}).json() == stats


def test_api_edit_and_add_use_the_same_checks(analyst, store):
    e = event_of(store, "dnk-hyesan-phone-detection-team", 1)
    token = analyst.get("/api/me").json()["csrf_token"]
    url = f"/api/events/{e.id}/review"
    for changes, message in [
        ({"measures": [{"name": "team_size", "value": "x"}]}, "measures[0]: unknown key 'name'"),
        ({"measures": [{"measure": "team_size", "value": "x"}]}, "measures[0].value must be a number"),
        ({"perpetrators": ["nonsense"]}, "perpetrators: 'nonsense' is not an agency id"),
        ({"evidence": {"quote": "not in text", "start": 0, "end": 5}}, "evidence.quote is not the report text at 0:5"),
    ]:
        r = analyst.post(url, json={"action": "edit", "changes": changes}, headers={"X-CSRF-Token": token})
        assert r.status_code == 400 and message in r.json()["error"], (changes, r.text)
    # A date corrected by its start and end keeps the date as written.
    r = analyst.post(url, json={"action": "edit", "changes": {"date": {"start": "2021-03-01", "end": "2021-03-01",
                                                                       "precision": "day"}}},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["event"]["date"]["text"] == (e.date.text if e.date else "")
    # Adding by a quote alone: found in the report text.
    body = store.get_report("xss-report").body
    quote = "The source said the agents have stepped up surveillance of phone users in the border area."
    r = analyst.post("/api/reports/xss-report/events", headers={"X-CSRF-Token": token},
                     json={"fields": {"type": "intimidation", "evidence": {"quote": quote}}})
    assert r.status_code == 201, r.text
    assert r.json()["event"]["evidence"] == {"quote": quote, "start": body.index(quote),
                                             "end": body.index(quote) + len(quote)}
    r = analyst.post("/api/reports/xss-report/events", headers={"X-CSRF-Token": token},
                     json={"fields": {"type": "arrest", "evidence": {"start": 0, "end": 9}, "targets": "brokers"}})
    assert r.status_code == 400 and "targets must be a list of target group ids, not 'brokers'" in r.json()["error"]


def test_a_repeated_decision_is_a_conflict(analyst, store):
    """A second confirm (a stale page, two analysts at once) is refused rather than recorded twice."""
    e = event_of(store, "dnk-hyesan-phone-detection-team", 2)
    assert analyst.post(f"/events/{e.id}/confirm", data={"csrf_token": analyst.csrf}).status_code == 303
    again = analyst.post(f"/events/{e.id}/confirm", data={"csrf_token": analyst.csrf})
    assert again.status_code == 409 and _error(again) == f"event '{e.id}' is already confirmed"
    token = analyst.get("/api/me").json()["csrf_token"]
    api = analyst.post(f"/api/events/{e.id}/review", json={"action": "confirm"}, headers={"X-CSRF-Token": token})
    assert api.status_code == 409 and "already confirmed" in api.json()["error"]
    assert [h["action"] for h in store.reviews_of(e.id)] == ["confirm"]


def _form_values(form: str) -> dict:
    """What a browser would submit for a form, untouched."""
    data: dict = {}
    for name, value in re.findall(r'<input type="(?:hidden|text|number|date)"[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form):
        data[name] = _unescape(value)
    for name, value in re.findall(r'<input type="checkbox" name="([^"]+)" value="([^"]*)" checked>', form):
        data.setdefault(name, []).append(_unescape(value))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.findall(r'<option value="([^"]*)" selected>', body)
        if 'multiple' in re.search(rf'<select name="{re.escape(name)}"[^>]*>', form).group(0):
            data[name] = selected
        else:
            data[name] = selected[0] if selected else ""
    return data


def _unescape(value: str) -> str:
    from html import unescape

    return unescape(value)


def test_a_country_the_gazetteer_cannot_place_is_shown_exported_and_counted_off_the_map(analyst, store):
    """An analyst may name any real country (fields.py); the gazetteer has no coordinates for
    Iceland, so the event is everywhere but on the map, where it counts as unplaced."""
    import csv
    import io
    import json

    from countersight.export import coordinates

    e = event_of(store, "dnk-vladivostok-worker-missing", 0)
    assert coordinates(e) is not None  # on the map before the edit
    unplaced = analyst.get("/api/map", params={"count": "mentions"}).json()["unplaced"]
    token = analyst.get("/api/me").json()["csrf_token"]
    url = f"/api/events/{e.id}/review"
    reykjavik = {"country": "IS", "admin1": None, "place": "Reykjavik", "precision": "city"}
    r = analyst.post(url, json={"action": "edit", "changes": {"location": reykjavik}}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["event"]["location"] == reykjavik
    assert "Reykjavik (IS)" in analyst.get(f"/events/{e.id}").text
    assert analyst.get("/api/map", params={"count": "mentions"}).json()["unplaced"] == unplaced + 1
    assert analyst.get("/map", params={"country": "IS"}).status_code == 200
    assert [x["id"] for x in analyst.get("/api/events", params={"country": "IS"}).json()["events"]] == [e.id]
    rows = list(csv.DictReader(io.StringIO(analyst.get("/export", params={"format": "csv", "country": "IS"}).text)))
    assert [(row["id"], row["location_country"], row["location_lat"], row["location_lon"]) for row in rows] == [
        (e.id, "IS", "", "")]
    assert analyst.get("/export", params={"format": "geojson", "country": "IS"}).json()["features"] == []
    lines = analyst.get("/export", params={"format": "jsonl", "country": "IS"}).text.splitlines()
    assert [json.loads(line)["location"] for line in lines] == [reykjavik]
    r = analyst.post(url, json={"action": "edit", "changes": {"location": {"place": None, "precision": "country"}}},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert "Iceland" in analyst.get(f"/events/{e.id}").text
    assert analyst.get("/incidents", params={"country": "IS"}).status_code == 200
