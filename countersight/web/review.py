"""Review from the pages (analyst role, CSRF token): the review queue, and confirm, reject, edit, add;
on an incident's page, confirm (or unconfirm), split, move a mention, merge."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from countersight import describe, review
from countersight.incidents import review as incident_review
from countersight.errors import InputError, NotFound
from countersight.model import MEASURES, REVIEW_ORDERS, Event
from countersight.store.base import Store
from countersight.vocab.groups import GROUP_IDS
from countersight.web import forms, ui
from countersight.web.deps import Ctx, need, need_form, safe_next
from countersight.web.forms import AGENCY_IDS, MEASURE_ROWS_EXTRA, split_known
from countersight.web.params import bounded, query_string

router = APIRouter(include_in_schema=False)

# What the "saved" message says after each action (only these words are ever shown).
SAVED = {"confirm": "confirmed", "reject": "rejected", "edit": "saved the changes to", "add": "added"}


def _with_saved(url: str, action: str, event_id: str) -> str:
    """``url`` with ``saved=ACTION&done=EVENT``: the page it leads to says what was saved."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("saved", "done")]
    query += [("saved", action), ("done", event_id)]
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


def _back(ctx: Ctx, default: str, action: str, event_id: str) -> Response:
    return RedirectResponse(_with_saved(safe_next(ctx.field("next"), default), action, event_id), status_code=303)


def saved_message(store: Store, saved: str | None, done: str | None) -> str | None:
    """"Saved: Arrest · Hyesan, Ryanggang · 2021-03-02 confirmed." for the page after an action."""
    if saved not in SAVED or not done:
        return None
    try:
        event = store.get_event(done)
    except NotFound:  # the event is gone (or the id made up): say nothing rather than fail the page
        return None
    if saved == "edit":
        return f"Saved the changes to {describe.heading(event)}."
    return f"Saved: {describe.heading(event)} {SAVED[saved]}."


def edit_context(event: Event) -> dict[str, Any]:
    """What the edit form (templates/_edit_form.html) needs to show an event's values."""
    known_agencies, other_agencies = split_known(event.perpetrators, AGENCY_IDS)
    known_targets, other_targets = split_known(event.targets, GROUP_IDS)
    return {"data": event.to_dict(), "known_agencies": known_agencies, "other_agencies": other_agencies,
            "known_targets": known_targets, "other_targets": other_targets,
            "measure_rows": len(event.measures) + MEASURE_ROWS_EXTRA, "measures": MEASURES}


def context_of(body: str, start: int, end: int, width: int = 240) -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
    """The quote with the text around it, each part with its offset in the report (for selecting a new span)."""
    a = max(0, start - width)
    return (a, body[a:start]), (start, body[start:end]), (end, body[end:end + width])


@router.get("/review", response_class=HTMLResponse)
def review_page(
    ctx: Ctx = Depends(need("analyst")),
    order: str = Query("latest", description="latest: latest ingested reports first; uncertain: confidence nearest "
                       "one half first; confident: highest confidence first"),
    at: int = bounded(0, description="Position in the queue (0: the first)."),
    saved: str | None = None,
    done: str | None = None,
) -> Response:
    store = ctx.store
    total = store.counts()["unreviewed"]
    item = store.review_queue(order, limit=1, offset=at)
    if not item and at > 0 and total:  # past the end (the last one was just decided): the last one
        at = total - 1
        item = store.review_queue(order, limit=1, offset=at)
    here = "/review" + query_string({"order": order if order != "latest" else None, "at": at or None})
    page: dict[str, Any] = {"order": order, "at": at, "total": total, "here": here,
                            "saved": saved_message(store, saved, done),
                            "orders": list(REVIEW_ORDERS.items())}

    def link(position: int) -> str:
        return "/review" + query_string({"order": order if order != "latest" else None, "at": position or None})

    page["prev_link"] = link(at - 1) if at > 0 else None
    page["next_link"] = link(at + 1) if at + 1 < total else None
    if not item:
        return ctx.render("review.html", event=None, **page)
    event, info = item[0]
    report = store.get_report(info["report_id"])
    return ctx.render(
        "review.html", event=event, info=info, report=report, meta=store.event_meta(event.id),
        context=context_of(report.body, event.evidence.start, event.evidence.end), **edit_context(event), **page,
    )


@router.post("/events/{event_id}/confirm")
def confirm(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    review.confirm(ctx.store, event_id, ctx.user.username, ctx.field("reason") or None)
    return _back(ctx, f"/events/{event_id}", "confirm", event_id)


@router.post("/events/{event_id}/reject")
def reject(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    review.reject(ctx.store, event_id, ctx.user.username, ctx.field("reason"))
    return _back(ctx, f"/events/{event_id}", "reject", event_id)


@router.post("/events/{event_id}/edit")
def edit(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    event = ctx.store.get_event(event_id)
    review.edit(ctx.store, event_id, ctx.user.username, forms.edit_changes(ctx, event), ctx.field("reason") or None)
    return _back(ctx, f"/events/{event_id}", "edit", event_id)


@router.post("/reports/{report_id:path}/events")
def add(report_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    event = review.add(ctx.store, report_id, ctx.user.username, forms.add_fields(ctx), ctx.field("reason") or None)
    return RedirectResponse(_with_saved(f"/reports/{ui.path_part(report_id)}", "add", event.id or "") + f"#ev-{event.id}",
                            status_code=303)


# What the incident page says after each decision (only these words are ever shown).
INCIDENT_SAVED = {
    "confirm": "Saved: this incident is confirmed.",
    "unconfirm": "Saved: this incident is no longer confirmed.",
    "merge": "Saved: the incidents are merged into this one.",
    "split": "Saved: the chosen mentions are an incident of their own (see the history).",
    "move": "Saved: the mention moved into this incident.",
}


def incident_saved_message(saved: str | None) -> str | None:
    return INCIDENT_SAVED.get(saved or "")


def _to_incident(incident_id: str, action: str) -> Response:
    return RedirectResponse(f"/incidents/{incident_id}?saved={action}#incident-review", status_code=303)


@router.post("/incidents/{incident_id}/confirm")
def incident_confirm(incident_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    done = incident_review.confirm(ctx.store, incident_id, ctx.user.username, ctx.field("reason") or None)
    return _to_incident(done.id, "confirm")


@router.post("/incidents/{incident_id}/unconfirm")
def incident_unconfirm(incident_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    done = incident_review.unconfirm(ctx.store, incident_id, ctx.user.username, ctx.field("reason") or None)
    return _to_incident(done.id, "unconfirm")


@router.post("/incidents/{incident_id}/split")
def incident_split(incident_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    left, _ = incident_review.split(ctx.store, incident_id, ctx.fields("mention"), ctx.user.username,
                                    ctx.field("reason"))
    return _to_incident(left.id, "split")


@router.post("/incidents/{incident_id}/move")
def incident_move(incident_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    mention, to = ctx.field("mention"), ctx.field("to")
    if not mention or not to:
        raise InputError("choose the mention to move and give the id of the incident it belongs to")
    joined = incident_review.move(ctx.store, mention, to, ctx.user.username, ctx.field("reason"),
                                  force=bool(ctx.field("force")), from_incident=incident_id)
    return _to_incident(joined.id, "move")


@router.post("/incidents/{incident_id}/merge")
def incident_merge(incident_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    others = [i for i in ctx.field("with").replace(",", " ").split() if i]
    if not others:
        raise InputError("give the id of the incident to merge this one with")
    merged = incident_review.merge(ctx.store, [incident_id, *others], ctx.user.username, ctx.field("reason"),
                                   force=bool(ctx.field("force")))
    return _to_incident(merged.id, "merge")
