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
from countersight.model import Event, Evidence
from countersight.pipeline.extract import event_id
from countersight.review import values
from countersight.store.base import Store

# Fields of the EVENTS.md object an analyst may change.
EDITABLE_FIELDS: tuple[str, ...] = (
    "type", "trend", "perpetrators", "targets", "location", "date", "measures", "penalty", "evidence",
)


def confirm(store: Store, eid: str, user: str, reason: str | None = None) -> Event:
    """The machine got it right: status ``confirmed``, every field now reviewed.

    Confirming a confirmed event is refused (Conflict), as confirming a confirmed incident is:
    a second identical decision would only add a "confirmed -> confirmed" line to the history."""
    return _decide(store, eid, user, "confirm", "confirmed", reason)


def reject(store: Store, eid: str, user: str, reason: str) -> Event:
    """Not an event (or not this one): kept, hidden from lists and exports, with the reason.
    Rejecting a rejected event is refused (Conflict), like confirming a confirmed one."""
    if not reason or not reason.strip():
        raise InputError("rejecting an event needs a reason")
    return _decide(store, eid, user, "reject", "rejected", reason.strip())


def _decide(store: Store, eid: str, user: str, action: str, status: str, reason: str | None) -> Event:
    with store.transaction():
        store.lock_event(eid)  # another analyst's decision on it first, then ours on top
        event = store.get_event(eid)
        before = event.status
        if before == status:
            raise Conflict(f"event {eid!r} is already {status}")
        event.status = status
        store.replace_event(event, reviewed_fields=list(EDITABLE_FIELDS))
        store.add_review(eid, user, action, "status", before, status, reason)
        # A rejected event leaves its incident; one rejected before comes back as an incident of its own.
        if status == "rejected" or before == "rejected":
            refresh_mentions(store, [eid])
        audit.append(store, user, f"review.{action}", eid, {"before": before, "reason": reason})
    return store.get_event(eid)


def edit(store: Store, eid: str, user: str, changes: dict[str, Any], reason: str | None = None) -> Event:
    """Change fields (EVENTS.md values); each changed field gets its own history entry.

    A location, date or penalty given in part keeps the stored values of the keys it leaves
    out (a date corrected by its start keeps its text as written); null clears a field. The
    changed values are checked against the vocabularies (``values.check``), the evidence
    against the report text (``values.evidence``), before anything is written."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InputError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE_FIELDS)}")
    with store.transaction():
        store.lock_event(eid)
        event = store.get_event(eid)
        meta = store.event_meta(eid)
        old = event.to_dict()
        given = {f: values.merged(f, old[f], v) for f, v in changes.items() if f != "evidence"}
        # Only what differs is checked and taken: a stored value nobody touched never blocks an edit.
        touched = {f: v for f, v in given.items() if v != old[f]}
        values.check({**old, **touched}, touched)
        updated = Event.from_dict({**old, **touched})
        if "location" not in touched:
            # to_dict leaves out the map coordinates: an edit of another field must not drop them.
            updated.location = event.location
        if "evidence" in changes:
            body = store.get_report(meta["report_id"]).body
            updated.evidence = Evidence(*values.evidence(body, changes["evidence"]))
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
    """An event the machine missed, drawn from the report's text: ``fields`` are EVENTS.md
    values, ``type`` and ``evidence`` required (offsets, a quote found in the text, or both:
    ``values.evidence``), the rest optional; checked as an edit's are."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InputError(f"a new event has no {', '.join(sorted(unknown))}; its fields: {', '.join(EDITABLE_FIELDS)}")
    if not store.report_exists(report_id):
        raise NotFound(f"no report {report_id!r}")
    body = store.get_report(report_id).body
    data = {k: v for k, v in fields.items() if k != "evidence"}
    if data.get("type") is None:
        raise InputError("a new event needs a type")
    if not fields.get("evidence"):
        raise InputError("a new event needs its evidence: start and end offsets into the report text, or a quote")
    values.check(data, data)
    event = Event.from_dict({"document": report_id, "evidence": {}, **data})
    event.evidence = Evidence(*values.evidence(body, fields["evidence"]))
    event.status = "confirmed"
    event.confidence = 1.0
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
        if before is not None and before == bool(sensitive):  # the same mark again: refused, as a repeated confirm is
            raise Conflict(f"the {field} of event {eid!r} is already marked {'' if sensitive else 'not '}sensitive")
        store.set_sensitivity(eid, field, sensitive, user)
        store.add_review(eid, user, "sensitivity", field, before, sensitive, reason)
        audit.append(store, user, "review.sensitivity", eid, {"field": field, "sensitive": sensitive, "reason": reason})


def history(store: Store, eid: str) -> list[dict[str, Any]]:
    store.get_event(eid)  # NotFound for an unknown id
    return store.reviews_of(eid)
