"""Incident review from the incident page and the API: confirm, split, move, merge (analysts only,
CSRF, never in public mode), the history on the page, retired ids redirecting, errors through
the one handler."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from countersight import audit
from countersight.incidents import incident_id
from countersight.web.app import create_app

ORIGINAL, COPY = "dnk-hyesan-returnees-handover", "krd-repost-hyesan-returnees"


def _relayed(store, type_: str):
    return [i for i in store.list_incidents() if i.type == type_ and i.documents == [ORIGINAL, COPY]]


def _flash(html: str) -> str | None:
    m = re.search(r'<p class="flash" role="status" id="saved">(.*?)</p>', html)
    return unescape(m.group(1)) if m else None


def test_the_page_offers_the_decisions_to_analysts_only(analyst, viewer, store):
    incident = _relayed(store, "interrogation")[0]
    page = analyst.get(f"/incidents/{incident.id}").text
    for form in ("confirm", "split", "move", "merge"):
        assert f'action="/incidents/{incident.id}/{form}" id="incident-{form}-form"' in page
    assert f'name="csrf_token" value="{analyst.csrf}"' in page
    assert re.findall(r'name="mention" value="([^"]+)"', page) == incident.mentions  # the split's checkboxes
    assert "No decisions yet" in page
    seen = viewer.get(f"/incidents/{incident.id}").text
    assert 'method="post"' not in seen.split('id="incident-quotes"')[1] and 'id="incident-history"' in seen


def test_confirm_split_move_merge_from_the_page(analyst, viewer, store):
    told = _relayed(store, "interrogation")[0]
    token = {"csrf_token": analyst.csrf}
    # Split two mentions off.
    off = told.mentions[-2:]
    r = analyst.post(f"/incidents/{told.id}/split", data={**token, "mention": off, "reason": "two acts"})
    rest = incident_id(told.mentions[:-2])
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{rest}?saved=split#incident-review"
    page = analyst.get(r.headers["location"]).text
    assert _flash(page) == "Saved: the chosen mentions are an incident of their own (see the history)."
    assert re.findall(r'<li class="mention[^"]*" data-event-id="([^"]+)"', page) == told.mentions[:-2]
    history = page.split('id="incident-history-table"')[1].split("</table>")[0]
    assert f"split 2 mentions off {told.id} into {incident_id(off)}; the rest is {rest}" in history
    assert "anna" in history and "two acts" in history
    # The old id redirects to the incident holding most of its mentions.
    r = viewer.get(f"/incidents/{told.id}")
    assert r.status_code == 307 and r.headers["location"] == f"/incidents/{rest}"
    r = viewer.get(f"/api/incidents/{told.id}")
    assert r.status_code == 307 and r.headers["location"] == f"/api/incidents/{rest}"
    # Move one back.
    r = analyst.post(f"/incidents/{incident_id(off)}/move",
                     data={**token, "mention": off[0], "to": rest, "reason": "the same questioning"})
    joined = incident_id(told.mentions[:-2] + off[:1])
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{joined}?saved=move#incident-review"
    # Confirm it.
    r = analyst.post(f"/incidents/{joined}/confirm", data={**token, "reason": "read both reports"})
    assert r.headers["location"] == f"/incidents/{joined}?saved=confirm#incident-review"
    page = analyst.get(f"/incidents/{joined}").text
    assert 'id="incident-confirmed-note"' in page and 'id="incident-confirm-form"' not in page
    assert 'id="incident-status">confirmed by an analyst<' in page
    # Merge two arrests.
    a, b = [i for i in store.list_incidents() if i.type == "arrest"][:2]
    r = analyst.post(f"/incidents/{a.id}/merge", data={**token, "with": b.id, "reason": "one handover"})
    merged = incident_id(a.mentions + b.mentions)
    assert r.headers["location"] == f"/incidents/{merged}?saved=merge#incident-review"
    detail = viewer.get(f"/api/incidents/{merged}").json()
    assert sorted(detail["incident"]["mentions"]) == sorted(a.mentions + b.mentions)
    assert detail["confirmed"] is False and [h["action"] for h in detail["history"]] == ["merge"]
    assert viewer.get(f"/api/incidents/{joined}").json()["confirmed"] is True
    assert audit.verify(store).ok


def test_bad_input_is_an_error_page_with_its_status(analyst, store):
    arrest = next(i for i in store.list_incidents() if i.type == "arrest")
    other = next(i for i in store.list_incidents() if i.type == "surveillance")
    token = {"csrf_token": analyst.csrf}
    r = analyst.post(f"/incidents/{arrest.id}/merge", data={**token, "with": other.id, "reason": "x"})
    assert r.status_code == 400 and "cannot merge incidents of different types" in unescape(r.text)
    r = analyst.post(f"/incidents/{arrest.id}/split", data={**token, "mention": arrest.mentions, "reason": "x"})
    assert r.status_code == 400 and "leaves nothing behind" in unescape(r.text)
    r = analyst.post(f"/incidents/{arrest.id}/merge", data={**token, "with": "i-nope", "reason": "x"})
    assert r.status_code == 404 and "no incident 'i-nope'" in unescape(r.text)
    r = analyst.post(f"/incidents/{arrest.id}/move", data={**token, "mention": other.mentions[0], "to": arrest.id,
                                                           "reason": "x"})
    assert r.status_code == 400 and f"is not in incident '{arrest.id}'" in unescape(r.text)
    assert analyst.post(f"/incidents/{arrest.id}/confirm", data={}).status_code == 403  # no CSRF token


def test_the_api_reviews_with_the_csrf_header(analyst, viewer, store):
    incident = next(i for i in store.list_incidents() if i.type == "extortion")
    url = f"/api/incidents/{incident.id}/review"
    assert analyst.post(url, json={"action": "confirm"}, headers={"X-CSRF-Token": "nope"}).status_code == 403
    assert viewer.post(url, json={"action": "confirm"}, headers={"X-CSRF-Token": viewer.csrf}).status_code == 403
    r = analyst.post(url, json={"action": "confirm", "reason": "checked"}, headers={"X-CSRF-Token": analyst.csrf})
    assert r.status_code == 200
    body = r.json()
    assert [i["id"] for i in body["incidents"]] == [incident.id]
    assert [(h["action"], h["user"], h["reason"]) for h in body["history"]] == [("confirm", "anna", "checked")]
    r = analyst.post(url, json={"action": "confirm"}, headers={"X-CSRF-Token": analyst.csrf})
    assert r.status_code == 409 and r.json() == {"error": f"incident '{incident.id}' is already confirmed"}
    r = analyst.post(url, json={"action": "move", "mentions": [incident.mentions[0]]},
                     headers={"X-CSRF-Token": analyst.csrf})
    assert r.status_code == 400 and "a move needs one mention" in r.json()["error"]
    r = analyst.post(url, json={"action": "split", "mentions": incident.mentions[:1]},
                     headers={"X-CSRF-Token": analyst.csrf})
    assert r.status_code == 400 and r.json() == {"error": "a split needs a reason: it overrides what the linker decided"}
    r = analyst.post(url, json={"action": "split", "mentions": incident.mentions[:1], "reason": "two bribes"},
                     headers={"X-CSRF-Token": analyst.csrf})
    assert r.status_code == 200
    assert [i["mentions"] for i in r.json()["incidents"]] == [incident.mentions[1:], incident.mentions[:1]]


@pytest.fixture(scope="module")
def pub(settings) -> TestClient:
    return TestClient(create_app(settings, public=True), follow_redirects=False)


def test_public_mode_refuses_decisions_and_shows_no_history(pub, store):
    incident = store.list_incidents()[0]
    for form in ("confirm", "unconfirm", "split", "move", "merge"):
        assert pub.post(f"/incidents/{incident.id}/{form}", data={"reason": "x"}).status_code == 403
    r = pub.post(f"/api/incidents/{incident.id}/review", json={"action": "confirm"}, headers={"x-csrf-token": ""})
    assert r.status_code == 403
    page = pub.get(f"/incidents/{incident.id}").text
    assert 'method="post"' not in page and 'id="incident-history"' not in page
    assert pub.get(f"/api/incidents/{incident.id}").json()["history"] == []
