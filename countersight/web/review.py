"""Review actions from the pages (analyst role, CSRF token): confirm, reject, edit, add."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse, Response

from countersight import review
from countersight.web import forms, ui
from countersight.web.deps import Ctx, need_form, safe_next

router = APIRouter(include_in_schema=False)


def _back(ctx: Ctx, default: str) -> Response:
    return RedirectResponse(safe_next(ctx.field("next"), default), status_code=303)


@router.post("/events/{event_id}/confirm")
def confirm(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    review.confirm(ctx.store, event_id, ctx.user.username, ctx.field("reason") or None)
    return _back(ctx, f"/events/{event_id}")


@router.post("/events/{event_id}/reject")
def reject(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    review.reject(ctx.store, event_id, ctx.user.username, ctx.field("reason"))
    return _back(ctx, f"/events/{event_id}")


@router.post("/events/{event_id}/edit")
def edit(event_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    event = ctx.store.get_event(event_id)
    review.edit(ctx.store, event_id, ctx.user.username, forms.edit_changes(ctx, event), ctx.field("reason") or None)
    return _back(ctx, f"/events/{event_id}")


@router.post("/reports/{report_id:path}/events")
def add(report_id: str, ctx: Ctx = Depends(need_form("analyst"))) -> Response:
    event = review.add(ctx.store, report_id, ctx.user.username, forms.add_fields(ctx), ctx.field("reason") or None)
    return RedirectResponse(f"/reports/{ui.path_part(report_id)}#ev-{event.id}", status_code=303)
