"""Analysts' decisions on incidents: merge incidents, split mentions off one, move a mention to
another, confirm one (and take a confirmation back). Each decision is kept, like an event
review: who, when, on which incidents and mentions, what it left, and why, in an append-only
log (``incident_decisions``) and the audit chain, written in one transaction with the
incidents it changes.

A rebuild relinks every mention, so a decision is also kept as the constraint it implies,
keyed by mention (event) ids, never by incident ids (those are hashes of the mentions and
change with them): every mention of every incident a decision leaves is *pinned* to that
incident (``incident_pins``). ``countersight.incidents.apply_pins`` lays the pins over each
rebuild: merged mentions stay together, mentions split off or moved stay apart from their old
incident, and a confirmed incident keeps exactly its confirmed mentions; a mention no decision
named may still join an unconfirmed pinned incident when the linker links it there. Any
decision that changes an incident's mentions leaves it unconfirmed: confirm it again.

An incident id a decision (or a rebuild) retires leads to the incident now holding most of
its mentions (``current_id``; the web pages redirect there).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from countersight import audit
from countersight.errors import Conflict, InputError, NotFound
from countersight.incidents import Incident, confirmed_by_pins, summarise_groups
from countersight.store.base import Store, now

ACTIONS: tuple[str, ...] = ("merge", "split", "move", "confirm", "unconfirm")
MAX_REDIRECTS = 20  # a chain of retired ids longer than this is a loop


def current_id(store: Store, incident_id: str) -> str:
    """The id of the incident that holds ``incident_id`` now: itself, or the incident most of
    its mentions went to when it was changed. NotFound when it is gone (every mention rejected)."""
    seen = [incident_id]
    here = incident_id
    for _ in range(MAX_REDIRECTS):
        if store.incident_positions([here]):
            return here
        following = store.incident_redirect(here)
        if following is None or following in seen:
            break
        seen.append(following)
        here = following
    raise NotFound(f"no incident {incident_id!r}")


def _get(store: Store, incident_id: str) -> Incident:
    """A current incident; a retired id is refused, naming where its mentions are now (a
    decision on an incident the analyst did not see would be a surprise)."""
    try:
        return store.get_incident(incident_id)
    except NotFound:
        try:
            now_in = current_id(store, incident_id)
        except NotFound:
            raise NotFound(f"no incident {incident_id!r}") from None
        raise NotFound(f"no incident {incident_id!r}: it was changed since, and its mentions are now in "
                       f"incident {now_in!r}") from None


def is_confirmed(store: Store, incident: Incident) -> bool:
    """An analyst confirmed exactly these mentions as one incident."""
    pins = store.incident_pins(incident.mentions)
    return confirmed_by_pins([pins.get(m, (None, False)) for m in incident.mentions])


def _reason(reason: str | None, action: str) -> str:
    if not reason or not reason.strip():
        raise InputError(f"a {action} needs a reason: it overrides what the linker decided")
    return reason.strip()


def _decide(store: Store, user: str, action: str, reason: str | None, before: list[Incident],
            groups: list[tuple[list[str], bool, int]], *, mentions: Iterable[str] = (),
            target: str | None = None) -> list[Incident]:
    """Inside the caller's transaction (incidents locked): summarise each group (its mention ids,
    confirmed?, listing position), log the decision, pin the mentions, replace ``before`` with
    the new incidents and append to the audit log. The new incidents, in the groups' order."""
    built = summarise_groups(store, [g for g, _, _ in groups])
    kept = [(incident, confirmed, position) for incident, (_, confirmed, position) in zip(built, groups)
            if incident is not None]
    if not kept:
        raise InputError("the decision would leave no incident: its mentions are all rejected")
    at = now()
    mentions = list(mentions)
    left = [{"id": i.id, "mentions": list(i.mentions), "confirmed": c} for i, c, _ in kept]
    decision = store.add_incident_decision(at, user, action, [i.id for i in before], mentions, target, left, reason)
    for k, (incident, confirmed, _) in enumerate(kept):
        store.pin_mentions(incident.mentions, f"{decision}.{k}", confirmed, decision)
    store.index_incident_decision(decision, [m for i in before for m in i.mentions]
                                  + [m for i, _, _ in kept for m in i.mentions])
    store.update_incidents([i.id for i in before], [(i, position) for i, _, position in kept], at)
    audit.append(store, user, f"incident.{action}", before[0].id, {
        "decision": decision, "incidents": [i.id for i in before], "mentions": mentions, "target": target,
        "result": [i.id for i, _, _ in kept], "reason": reason})
    return [i for i, _, _ in kept]


def merge(store: Store, incident_ids: list[str], user: str, reason: str | None, *, force: bool = False) -> Incident:
    """One incident of all the mentions of ``incident_ids`` (two or more). Incidents of different
    types are refused unless ``force``: an incident is one act, and an arrest and the sentence
    that followed it are two."""
    ids = list(dict.fromkeys(incident_ids))
    if len(ids) < 2:
        raise InputError("a merge needs two or more different incidents")
    reason = _reason(reason, "merge")
    with store.transaction():
        store.lock_incidents()
        incidents = [_get(store, i) for i in ids]
        types = list(dict.fromkeys(i.type for i in incidents))
        if len(types) > 1 and not force:
            raise InputError(f"cannot merge incidents of different types ({', '.join(types)}): an incident is one "
                             "act; force the merge only if the reports tell one act under two types")
        positions = store.incident_positions(ids)
        mentions = [m for i in incidents for m in i.mentions]
        [merged] = _decide(store, user, "merge", reason, incidents, [(mentions, False, min(positions.values()))])
    return merged


def split(store: Store, incident_id: str, mention_ids: list[str], user: str, reason: str | None) -> tuple[Incident, Incident]:
    """Take ``mention_ids`` out of an incident into an incident of their own; (what is left,
    the new incident). The two are never linked again by a rebuild."""
    wanted = list(dict.fromkeys(mention_ids))
    if not wanted:
        raise InputError("a split needs the mentions to take out of the incident")
    reason = _reason(reason, "split")
    with store.transaction():
        store.lock_incidents()
        incident = _get(store, incident_id)
        outside = [m for m in wanted if m not in incident.mentions]
        if outside:
            raise InputError(f"mention {outside[0]!r} is not in incident {incident.id!r}")
        rest = [m for m in incident.mentions if m not in wanted]
        if not rest:
            raise InputError(f"splitting off every mention of incident {incident.id!r} leaves nothing behind: "
                             "leave at least one")
        position = store.incident_positions([incident.id])[incident.id]
        left, off = _decide(store, user, "split", reason, [incident], [(rest, False, position), (wanted, False, position)],
                            mentions=wanted)
    return left, off


def move(store: Store, mention_id: str, to_incident_id: str, user: str, reason: str | None, *,
         force: bool = False, from_incident: str | None = None) -> Incident:
    """Move one mention from its incident to another; the incident it joined. A mention of
    another type is refused unless ``force``. ``from_incident``: the incident the analyst saw
    the mention in (refused when it is no longer there)."""
    reason = _reason(reason, "move")
    with store.transaction():
        store.lock_incidents()
        event = store.get_event(mention_id)  # NotFound for an unknown event
        source_id = store.incident_of_mention(mention_id)
        if source_id is None:
            why = "it is rejected" if event.status == "rejected" else "the incidents were not rebuilt since it was added"
            raise InputError(f"mention {mention_id!r} is in no incident ({why})")
        if from_incident is not None and from_incident != source_id:
            raise InputError(f"mention {mention_id!r} is not in incident {from_incident!r}")
        target = _get(store, to_incident_id)
        if source_id == target.id:
            raise InputError(f"mention {mention_id!r} is already in incident {target.id!r}")
        if event.type != target.type and not force:
            raise InputError(f"cannot move a {event.type} mention into a {target.type} incident: an incident is one "
                             "act; force the move only if the reports tell one act under two types")
        source = store.get_incident(source_id)
        positions = store.incident_positions([source.id, target.id])
        rest = [m for m in source.mentions if m != mention_id]
        groups = [(target.mentions + [mention_id], False, positions[target.id])]
        if rest:
            groups.append((rest, False, positions[source.id]))
        joined = _decide(store, user, "move", reason, [source, target], groups, mentions=[mention_id],
                         target=target.id)[0]
    return joined


def confirm(store: Store, incident_id: str, user: str, reason: str | None = None) -> Incident:
    """These mentions are one act, and all of it: a rebuild keeps the incident exactly as it is."""
    return _set_confirmed(store, incident_id, user, reason, True)


def unconfirm(store: Store, incident_id: str, user: str, reason: str | None = None) -> Incident:
    """Take a confirmation back: the mentions stay together, and new ones may join again."""
    return _set_confirmed(store, incident_id, user, reason, False)


def _set_confirmed(store: Store, incident_id: str, user: str, reason: str | None, confirmed: bool) -> Incident:
    action = "confirm" if confirmed else "unconfirm"
    reason = reason.strip() if reason and reason.strip() else None
    with store.transaction():
        store.lock_incidents()
        incident = _get(store, incident_id)
        if is_confirmed(store, incident) == confirmed:
            raise Conflict(f"incident {incident.id!r} is {'already' if confirmed else 'not'} confirmed")
        position = store.incident_positions([incident.id])[incident.id]
        [done] = _decide(store, user, action, reason, [incident], [(incident.mentions, confirmed, position)])
    return done


def history(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """Every decision on the incident's mentions, oldest first, each with a ``summary`` line."""
    incident = _get(store, incident_id)
    return [{**d, "summary": summary(d)} for d in store.incident_decisions(incident.mentions)]


def summary(decision: dict[str, Any]) -> str:
    """One line saying what a decision did."""
    action, before, left = decision["action"], decision["incidents"], decision["groups"]
    if action == "merge":
        return f"merged {', '.join(before)} into {left[0]['id']}"
    if action == "split":
        n = len(decision["mentions"])
        return (f"split {n} mention{'s' if n != 1 else ''} off {before[0]} into {left[-1]['id']}; "
                f"the rest is {left[0]['id']}")
    if action == "move":
        return f"moved mention {decision['mentions'][0]} from {before[0]} to {decision['target']} (now {left[0]['id']})"
    n = len(left[0]["mentions"])
    return f"{action}ed {before[0]} ({n} mention{'s' if n != 1 else ''})"


def refresh_mentions(store: Store, event_ids: Iterable[str]) -> None:
    """After an event review, inside its transaction: the incidents of these events summarised
    again from their mentions (a rejected event drops out, an incident left without mentions
    goes), and an event in no incident (an analyst's new one, a rejected one confirmed again,
    one whose type an edit changed) an incident of its own, until the next rebuild links it."""
    store.lock_incidents()
    at = now()
    for event_id in dict.fromkeys(event_ids):
        held_by = store.incident_of_mention(event_id)
        if held_by is None:
            if store.get_event(event_id).status == "rejected":
                continue
            [alone] = summarise_groups(store, [[event_id]])
            if alone is not None:
                store.update_incidents([], [(alone, store.last_incident_position() + 1)], at)
            continue
        incident = store.get_incident(held_by)
        position = store.incident_positions([held_by])[held_by]
        event = store.get_event(event_id)
        if (event.status != "rejected" and event.type != incident.type and len(incident.mentions) > 1
                and event_id not in store.incident_pins([event_id])):
            # An edit changed the act's type: it is another act now (one incident is one act),
            # alone until the next rebuild links it. A mention an analyst pinned stays: a
            # decision (a forced merge or move) may have put it there knowingly.
            rest = [m for m in incident.mentions if m != event_id]
            left, alone = summarise_groups(store, [rest, [event_id]])
            added = [(i, position) for i in (left,) if i is not None]
            if alone is not None:
                added.append((alone, store.last_incident_position() + 1))
            store.update_incidents([held_by], added, at)
            continue
        [again] = summarise_groups(store, [incident.mentions])
        store.update_incidents([held_by], [(again, position)] if again is not None else [], at)
