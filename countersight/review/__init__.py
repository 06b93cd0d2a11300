"""Analysts' decisions on events: confirm, edit, reject, add. Every decision is
kept (who, when, the value before and after, the reason), and the fields an
analyst touched are never overwritten by a later re-extraction.

The stored incidents follow in the same transaction (``incidents.review.refresh_mentions``):
a rejected event drops out of its incident, an edited one's incident is summarised again,
and a new event (or a rejected one confirmed again) is an incident of its own until the
next rebuild links it."""

from __future__ import annotations

from typing import Any

from countersight import audit
from countersight.errors import Conflict, InputError, NotFound
from countersight.incidents.review import refresh_mentions
from countersight.model import Event, Evidence, event_problems
from countersight.pipeline.extract import event_id
from countersight.store.base import Store

# Fields of the EVENTS.md object an analyst may change.
EDITABLE_FIELDS: tuple[str, ...] = (
    "type", "trend", "perpetrators", "targets", "location", "date", "measures", "penalty", "evidence",
)


def confirm(store: Store, eid: str, user: str, reason: str | None = None) -> Event:
    """The machine got it right: status ``confirmed``, every field now reviewed."""
    with store.transaction():
        store.lock_event(eid)  # another analyst's decision on it first, then ours on top
        event = store.get_event(eid)
        before = event.status
        event.status = "confirmed"
        store.replace_event(event, reviewed_fields=list(EDITABLE_FIELDS))
        store.add_review(eid, user, "confirm", "status", before, "confirmed", reason)
        if before == "rejected":
            refresh_mentions(store, [eid])
        audit.append(store, user, "review.confirm", eid, {"before": before, "reason": reason})
    return store.get_event(eid)


def reject(store: Store, eid: str, user: str, reason: str) -> Event:
    """Not an event (or not this one): kept, hidden from lists and exports, with the reason."""
    if not reason or not reason.strip():
        raise InputError("rejecting an event needs a reason")
    with store.transaction():
        store.lock_event(eid)
        event = store.get_event(eid)
        before = event.status
        event.status = "rejected"
        store.replace_event(event, reviewed_fields=list(EDITABLE_FIELDS))
        store.add_review(eid, user, "reject", "status", before, "rejected", reason.strip())
        refresh_mentions(store, [eid])
        audit.append(store, user, "review.reject", eid, {"before": before, "reason": reason.strip()})
    return store.get_event(eid)


def edit(store: Store, eid: str, user: str, changes: dict[str, Any], reason: str | None = None) -> Event:
    """Change fields (EVENTS.md values); each changed field gets its own history entry."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InputError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE_FIELDS)}")
    with store.transaction():
        store.lock_event(eid)
        event = store.get_event(eid)
        meta = store.event_meta(eid)
        body = store.get_report(meta["report_id"]).body
        old = event.to_dict()
        updated = Event.from_dict({**old, **{k: v for k, v in changes.items() if k != "evidence"}})
        if "evidence" in changes:
            updated.evidence = _evidence(body, changes["evidence"])
        validate(updated)
        new = updated.to_dict()
        changed = [f for f in EDITABLE_FIELDS if f in changes and new[f] != old[f]]
        if not changed:
            return event
        updated.id = eid
        updated.status = "edited"
        updated.confidence = event.confidence
        store.replace_event(updated, reviewed_fields=sorted(set(meta["reviewed_fields"]) | set(changed)))
        for f in changed:
            store.add_review(eid, user, "edit", f, old[f], new[f], reason)
        refresh_mentions(store, [eid])
        audit.append(store, user, "review.edit", eid, {"fields": changed, "reason": reason})
    return store.get_event(eid)


def add(store: Store, report_id: str, user: str, fields: dict[str, Any], reason: str | None = None) -> Event:
    """An event the machine missed, drawn from a span of the report's text."""
    if not store.report_exists(report_id):
        raise NotFound(f"no report {report_id!r}")
    body = store.get_report(report_id).body
    data = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS and k != "evidence"}
    if "type" not in data:
        raise InputError("a new event needs a type")
    event = Event.from_dict({"document": report_id, "evidence": {}, **data})
    event.evidence = _evidence(body, fields.get("evidence") or {})
    event.status = "confirmed"
    event.confidence = 1.0
    validate(event)
    event.id = event_id(event)
    with store.transaction():
        store.lock_report(report_id)
        try:
            store.get_event(event.id)
        except NotFound:
            pass
        else:
            raise Conflict(f"an event of type {event.type} on that text already exists ({event.id})")
        store.insert_event(report_id, event, origin="analyst")
        store.replace_event(event, reviewed_fields=list(EDITABLE_FIELDS))
        store.add_review(event.id, user, "add", None, None, event.to_dict(), reason)
        refresh_mentions(store, [event.id])
        audit.append(store, user, "review.add", event.id, {"report": report_id, "type": event.type, "reason": reason})
    return store.get_event(event.id)


def mark_sensitive(store: Store, eid: str, user: str, field: str, sensitive: bool, reason: str | None = None) -> None:
    """Decide what a public export shows of one field: withheld whole (sensitive)
    or published as it is (not sensitive), whatever the redaction rules say."""
    from countersight.privacy import MARKABLE_FIELDS

    if field not in MARKABLE_FIELDS:
        raise InputError(f"cannot mark {field!r}; markable: {', '.join(MARKABLE_FIELDS)}")
    with store.transaction():
        store.get_event(eid)
        before = store.sensitivity_marks(eid).get(eid, {}).get(field)
        store.set_sensitivity(eid, field, sensitive, user)
        store.add_review(eid, user, "sensitivity", field, before, sensitive, reason)
        audit.append(store, user, "review.sensitivity", eid, {"field": field, "sensitive": sensitive, "reason": reason})


def history(store: Store, eid: str) -> list[dict[str, Any]]:
    store.get_event(eid)  # NotFound for an unknown id
    return store.reviews_of(eid)


def _evidence(body: str, data: dict[str, Any]) -> Evidence:
    try:
        start, end = int(data["start"]), int(data["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("evidence needs integer start and end offsets into the report text") from exc
    if not 0 <= start < end <= len(body):
        raise InputError(f"evidence offsets {start}:{end} are outside the report text (0:{len(body)})")
    return Evidence(body[start:end], start, end)


def validate(event: Event) -> None:
    """An analyst's values against the EVENTS.md vocabularies (``model.event_problems``, the
    same check a gold file gets), and one rule of the annotation guide on top."""
    problems = event_problems(event.to_dict())
    if event.type == "directive" and event.trend:
        problems.append("a directive carries no trend (EVENTS.md)")
    if problems:
        raise InputError("; ".join(dict.fromkeys(problems)))
