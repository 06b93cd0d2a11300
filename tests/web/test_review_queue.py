"""The review queue (/review): one event at a time, in either order, with a saved message after each action."""

from __future__ import annotations

import re
from html import unescape

from countersight import describe


def _shown(html: str) -> str:
    return re.search(r'<section id="review-queue" class="review-queue" data-event-id="([^"]+)"', html).group(1)


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_only_analysts_review(viewer, anon):
    assert viewer.get("/review").status_code == 403
    assert anon.get("/review").status_code == 303
    assert 'href="/review"' not in viewer.get("/").text


def test_the_queue_shows_one_event_with_its_quote_in_context(analyst, store):
    first, info = store.review_queue("latest", limit=1)[0]
    html = analyst.get("/review").text
    assert 'href="/review" aria-current="page">Review</a>' in html
    assert _shown(html) == first.id
    total = store.counts()["unreviewed"]
    assert _text(re.search(r'id="queue-position">(.*?)</p>', html, re.S).group(1)) == \
        f"Event 1 of {total:,} waiting for review · confidence {first.confidence:.2f}"
    kind, rest = describe.heading(first).split(" · ", 1)
    assert _text(re.search(r'<h2 id="event-heading">(.*?)</h2>', html, re.S).group(1)) == f"{kind} {rest}"
    quote = re.search(r'<mark class="quote t-[a-z_]+" data-start="(\d+)">(.*?)</mark>', html, re.S)
    assert (int(quote.group(1)), unescape(quote.group(2))) == (first.evidence.start, first.evidence.quote)
    assert info["title"] and unescape(info["title"]) in unescape(html)
    # Keys are shown; the first event has no "previous".
    assert 'id="queue-next"' in html and 'id="queue-prev"' not in html and 'id="queue-keys"' in html


def test_most_uncertain_first(analyst, store):
    lowest = store.review_queue("uncertain", limit=2)
    html = analyst.get("/review", params={"order": "uncertain"}).text
    assert _shown(html) == lowest[0][0].id
    assert '<option value="uncertain" selected>' in html
    assert _shown(analyst.get("/review", params={"order": "uncertain", "at": 1}).text) == lowest[1][0].id
    assert analyst.get("/review", params={"order": "random"}).status_code == 400


def test_confirm_reject_and_edit_move_on_with_a_saved_message(analyst, store):
    (a, _), (b, _), (c, _), (d, _) = store.review_queue("uncertain", limit=4)
    here = "/review?order=uncertain"
    r = analyst.post(f"/events/{a.id}/confirm", data={"csrf_token": analyst.csrf, "next": here})
    assert r.status_code == 303 and r.headers["location"] == f"{here}&saved=confirm&done={a.id}"
    html = analyst.get(r.headers["location"]).text
    assert _text(re.search(r'id="saved">(.*?)</p>', html).group(1)) == f"Saved: {describe.heading(a)} confirmed."
    assert _shown(html) == b.id  # the confirmed one left the queue: the next one is here
    r = analyst.post(f"/events/{b.id}/reject", data={"csrf_token": analyst.csrf, "next": here, "reason": "a rumour"})
    html = analyst.get(r.headers["location"]).text
    assert _text(re.search(r'id="saved">(.*?)</p>', html).group(1)) == f"Saved: {describe.heading(b)} rejected."
    assert _shown(html) == c.id
    # The edit form in the queue: checkboxes, the evidence as a span (no offsets to type).
    form = re.search(r'<form method="post" action="/events/[^"]+/edit" id="edit-form".*?</form>', html, re.S).group(0)
    assert f'<input type="hidden" name="next" value="{here}">' in form.replace("&amp;", "&")
    assert '<input type="hidden" name="ev_start" id="ev-start"' in form and 'type="number" name="ev_start"' not in form
    data = {"csrf_token": analyst.csrf, "next": here, "type": c.type, "loc_country": "KP", "loc_admin1": "KP-09",
            "loc_place": "Nammun-dong", "loc_precision": "district", "ev_start": str(c.evidence.start),
            "ev_end": str(c.evidence.end), "measure_rows": "0",
            "perpetrators": c.perpetrators, "targets": c.targets}
    if c.date:
        data.update({"date_start": c.date.start or "", "date_end": c.date.end or "",
                     "date_precision": c.date.precision or "", "date_text": c.date.text or ""})
    if c.trend:
        data["trend"] = c.trend
    if c.penalty:
        data.update({"penalty_kind": c.penalty.kind, "penalty_months": str(c.penalty.months or "")})
    for i, m in enumerate(c.measures):
        data.update({f"m{i}_measure": m.measure, f"m{i}_value": str(m.value)})
    data["measure_rows"] = str(len(c.measures))
    r = analyst.post(f"/events/{c.id}/edit", data=data)
    assert r.status_code == 303, r.text[:300]
    html = analyst.get(r.headers["location"]).text
    edited = store.get_event(c.id)
    assert _text(re.search(r'id="saved">(.*?)</p>', html).group(1)) == \
        f"Saved the changes to {describe.heading(edited)}."
    assert _shown(html) == d.id
    # The history reads as words.
    page = analyst.get(f"/events/{c.id}").text
    table = re.search(r'id="history-table">(.*?)</table>', page, re.S).group(1)
    before = describe.place(c.location)
    assert f"place: {before} → Nammun-dong, North Hamgyong" in unescape(table)


def test_the_end_of_the_queue(analyst, store):
    total = store.counts()["unreviewed"]
    html = analyst.get("/review", params={"at": total + 5}).text  # past the end: the last one
    assert 'id="queue-next"' not in html and f"Event {total:,} of {total:,}" in html


def test_the_queue_in_the_api(analyst, viewer, store):
    assert viewer.get("/api/review").status_code == 403
    body = analyst.get("/api/review", params={"order": "uncertain", "limit": 3, "offset": 1}).json()
    expected = store.review_queue("uncertain", limit=3, offset=1)
    assert body == {"total": store.counts()["unreviewed"], "order": "uncertain", "limit": 3, "offset": 1,
                    "items": [{"event": e.to_dict(), "confidence": e.confidence,
                               "report": {"id": i["report_id"], "title": i["title"], "outlet": i["outlet"],
                                          "published": i["published"]}} for e, i in expected]}
    assert analyst.get("/api/review", params={"order": "random"}).status_code == 400
