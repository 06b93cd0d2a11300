"""Analysts' decisions on incidents (countersight.incidents.review), on every backend: merge,
split, move, confirm; each kept through rebuilds, in the history and the audit chain; a retired
id leads on; bad input gives clear errors; a rejected event leaves its incident at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from countersight import audit, review
from countersight.errors import Conflict, InputError, NotFound
from countersight.incidents import apply_pins, incident_id, rebuild
from countersight.incidents import review as ir
from countersight.incidents.link import Mention
from countersight.ingest.service import ingest
from countersight.samples import reports_dir
from countersight.settings import load_settings
from countersight.store import open_store

ORIGINAL, COPY = "dnk-hyesan-returnees-handover", "krd-repost-hyesan-returnees"


def _ingest(s, tmp_path: Path, *names: str) -> None:
    folder = tmp_path / "in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name in names:
        shutil.copy(reports_dir() / f"{name}.txt", folder)
    ingest([folder], s, load_settings(environ={}))


@pytest.fixture
def s(db_url: str, tmp_path: Path):
    store = open_store(db_url)
    _ingest(store, tmp_path, ORIGINAL, COPY)
    rebuild(store)
    yield store
    store.close()


def memberships(s) -> dict[str, list[str]]:
    return {i.id: i.mentions for i in s.list_incidents()}


def of_type(s, type_: str):
    return [i for i in s.list_incidents() if i.type == type_]


def test_merge_makes_one_incident_kept_by_rebuild_with_history_and_audit(s):
    a, b = of_type(s, "arrest")[:2]
    before = memberships(s)
    merged = ir.merge(s, [a.id, b.id], "anna", "the same handover")
    assert merged.id == incident_id(a.mentions + b.mentions)
    assert merged.mentions == sorted(a.mentions + b.mentions, key=lambda m: (s.get_event(m).document,
                                                                             s.get_event(m).evidence.start))
    expected = {k: v for k, v in before.items() if k not in (a.id, b.id)} | {merged.id: merged.mentions}
    assert memberships(s) == expected
    assert s.get_incident(merged.id).documents == [ORIGINAL, COPY]
    # The old ids lead to it; the operation is not taken on a retired id.
    assert ir.current_id(s, a.id) == ir.current_id(s, b.id) == merged.id
    with pytest.raises(NotFound, match=f"its mentions are now in incident '{merged.id}'"):
        ir.confirm(s, a.id, "anna")
    # A rebuild keeps the decision.
    assert rebuild(s) == len(expected)
    assert memberships(s) == expected
    [h] = ir.history(s, merged.id)
    assert {k: h[k] for k in ("user", "action", "incidents", "mentions", "target", "reason", "summary")} == {
        "user": "anna", "action": "merge", "incidents": [a.id, b.id], "mentions": [], "target": None,
        "reason": "the same handover", "summary": f"merged {a.id}, {b.id} into {merged.id}"}
    assert h["groups"] == [{"id": merged.id, "mentions": merged.mentions, "confirmed": False}]
    entry = audit.entries(s, limit=1)[0]
    assert (entry["actor"], entry["action"], entry["subject"]) == ("anna", "incident.merge", a.id)
    assert entry["details"]["result"] == [merged.id] and entry["details"]["reason"] == "the same handover"
    assert audit.verify(s).ok


def test_merge_refuses_bad_input(s):
    arrest = of_type(s, "arrest")[0]
    other = of_type(s, "repatriation")[0]
    with pytest.raises(InputError, match=r"cannot merge incidents of different types \(arrest, repatriation\)"):
        ir.merge(s, [arrest.id, other.id], "anna", "one act")
    with pytest.raises(InputError, match="two or more different incidents"):
        ir.merge(s, [arrest.id, arrest.id], "anna", "one act")
    with pytest.raises(InputError, match="a merge needs a reason"):
        ir.merge(s, [arrest.id, other.id], "anna", "  ")
    with pytest.raises(NotFound, match="no incident 'i-nope'"):
        ir.merge(s, [arrest.id, "i-nope"], "anna", "one act")
    assert s.last_incident_decision() == 0 and audit.verify(s).entries == len(audit.entries(s))
    forced = ir.merge(s, [arrest.id, other.id], "anna", "told as both", force=True)
    assert forced.type == "arrest" and sorted(forced.mentions) == sorted(arrest.mentions + other.mentions)


def test_split_keeps_the_parts_apart_through_rebuilds(s):
    big = max(s.list_incidents(), key=lambda i: len(i.mentions))
    off_ids = big.mentions[-2:]
    left, off = ir.split(s, big.id, off_ids, "anna", "two interrogations")
    assert off.mentions == off_ids and left.mentions == big.mentions[:-2]
    assert off.id == incident_id(off_ids) and left.id == incident_id(big.mentions[:-2])
    assert ir.current_id(s, big.id) == left.id  # most of its mentions
    rebuild(s)
    after = memberships(s)
    assert after[left.id] == left.mentions and after[off.id] == off.mentions
    [h] = ir.history(s, off.id)
    assert h["action"] == "split" and h["mentions"] == off_ids
    assert h["summary"] == f"split 2 mentions off {big.id} into {off.id}; the rest is {left.id}"
    assert ir.history(s, left.id) == [h]
    with pytest.raises(InputError, match=f"splitting off every mention of incident '{off.id}' leaves nothing"):
        ir.split(s, off.id, off.mentions, "anna", "why")
    with pytest.raises(InputError, match=f"mention '{left.mentions[0]}' is not in incident '{off.id}'"):
        ir.split(s, off.id, [left.mentions[0]], "anna", "why")
    with pytest.raises(InputError, match="needs the mentions"):
        ir.split(s, off.id, [], "anna", "why")
    assert audit.verify(s).ok


def test_move_keeps_the_mention_with_its_new_incident(s):
    a, b = of_type(s, "arrest")[:2]
    moved = a.mentions[0]
    joined = ir.move(s, moved, b.id, "anna", "it is the Hyesan arrest")
    assert joined.mentions == sorted(b.mentions + [moved], key=lambda m: (s.get_event(m).document,
                                                                          s.get_event(m).evidence.start))
    rest = [m for m in a.mentions if m != moved]
    assert memberships(s)[incident_id(rest)] == rest
    rebuild(s)
    after = memberships(s)
    assert after[joined.id] == joined.mentions and after[incident_id(rest)] == rest
    [h] = ir.history(s, joined.id)
    assert (h["action"], h["mentions"], h["target"]) == ("move", [moved], b.id)
    with pytest.raises(InputError, match="is already in incident"):
        ir.move(s, moved, joined.id, "anna", "why")
    repatriation = of_type(s, "repatriation")[0]
    with pytest.raises(InputError, match="cannot move a arrest mention into a repatriation incident"):
        ir.move(s, moved, repatriation.id, "anna", "why")
    with pytest.raises(InputError, match=f"is not in incident '{repatriation.id}'"):
        ir.move(s, moved, joined.id, "anna", "why", from_incident=repatriation.id)
    with pytest.raises(NotFound, match="no event 'e-nope'"):
        ir.move(s, "e-nope", joined.id, "anna", "why")
    assert audit.verify(s).ok


def test_confirm_and_unconfirm(s):
    incident = of_type(s, "extortion")[0]
    done = ir.confirm(s, incident.id, "anna", "checked both reports")
    assert done.id == incident.id and done.mentions == incident.mentions  # same mentions, same id
    assert ir.is_confirmed(s, done)
    with pytest.raises(Conflict, match="already confirmed"):
        ir.confirm(s, incident.id, "anna")
    rebuild(s)
    assert ir.is_confirmed(s, s.get_incident(incident.id))
    # What lists and exports say: the stored incident carries it.
    assert s.get_incident(incident.id).to_dict()["confirmed"] is True
    assert [i.confirmed for i in s.list_incidents() if i.id == incident.id] == [True]
    ir.unconfirm(s, incident.id, "bob")
    assert not ir.is_confirmed(s, s.get_incident(incident.id))
    assert s.get_incident(incident.id).confirmed is False
    with pytest.raises(Conflict, match="is not confirmed"):
        ir.unconfirm(s, incident.id, "bob")
    assert [(h["user"], h["action"], h["summary"]) for h in ir.history(s, incident.id)] == [
        ("anna", "confirm", f"confirmed {incident.id} (4 mentions)"),
        ("bob", "unconfirm", f"unconfirmed {incident.id} (4 mentions)")]
    assert [e["action"] for e in audit.entries(s, limit=2)] == ["incident.unconfirm", "incident.confirm"]
    assert audit.verify(s).ok


def test_a_confirmed_incident_takes_no_new_mention_but_a_merged_one_does(db_url: str, tmp_path: Path):
    s = open_store(db_url)
    try:
        _ingest(s, tmp_path, ORIGINAL)
        rebuild(s)
        # Without decisions, the repost's mentions join the original's incidents.
        handover = next(i for i in s.list_incidents() if i.type == "repatriation")
        told = next(i for i in s.list_incidents() if i.type == "interrogation")
        assert len(told.mentions) == 4
        ir.confirm(s, handover.id, "anna")
        ir.split(s, told.id, told.mentions[:1], "anna", "an earlier questioning")
        _ingest(s, tmp_path, COPY)
        rebuild(s)
        incidents = s.list_incidents()
        confirmed = s.get_incident(handover.id)
        assert confirmed.mentions == handover.mentions and confirmed.documents == [ORIGINAL]
        relayed = [i for i in incidents if i.type == "repatriation" and i.documents == [COPY]]
        assert len(relayed) == 1  # the repost's mentions of the act form an incident of their own
        # An unconfirmed pinned incident still takes the mentions the linker links to it (to the
        # part holding most of their linker group); the split stays apart.
        asked = [i for i in incidents if i.type == "interrogation"]
        assert [i.mentions for i in asked if ORIGINAL in i.documents and len(i.mentions) == 1] == [told.mentions[:1]]
        grown = next(i for i in asked if set(told.mentions[1:]) <= set(i.mentions))
        assert grown.documents == [ORIGINAL, COPY] and len(grown.mentions) == 3 + 4
        assert len(asked) == 2
    finally:
        s.close()


def test_a_rejected_event_leaves_its_incident_at_once(s):
    incident = of_type(s, "extortion")[0]
    gone = incident.mentions[0]
    review.reject(s, gone, "anna", "not a bribe")
    assert s.incident_of_mention(gone) is None
    rest = incident.mentions[1:]
    assert memberships(s)[incident_id(rest)] == rest
    assert ir.current_id(s, incident.id) == incident_id(rest)
    rebuild(s)
    assert s.incident_of_mention(gone) is None
    # Confirmed again: an incident of its own until a rebuild links it.
    review.confirm(s, gone, "anna")
    assert memberships(s)[incident_id([gone])] == [gone]
    # A one-mention incident whose mention is rejected is gone: no redirect.
    single = next(i for i in s.list_incidents() if len(i.mentions) == 1 and i.id != incident_id([gone]))
    review.reject(s, single.mentions[0], "anna", "caption")
    with pytest.raises(NotFound, match=f"no incident '{single.id}'"):
        ir.current_id(s, single.id)
    assert audit.verify(s).ok


def test_an_edit_to_another_type_takes_the_event_out_of_its_incident(s):
    incident = of_type(s, "extortion")[0]
    moved = incident.mentions[0]
    review.edit(s, moved, "anna", {"type": "intimidation"}, "a threat, not a bribe demand")
    rest = incident.mentions[1:]
    assert memberships(s)[incident_id(rest)] == rest
    alone = s.get_incident(incident_id([moved]))
    assert alone.type == "intimidation" and alone.mentions == [moved]
    assert all(len({s.get_event(m).type for m in i.mentions}) == 1 for i in s.list_incidents())
    assert audit.verify(s).ok


def test_a_rebuild_that_raced_a_decision_writes_nothing(s):
    decided = s.last_incident_decision()
    incident = of_type(s, "extortion")[0]
    ir.confirm(s, incident.id, "anna")
    assert s.replace_incidents([], "2026-01-01T00:00:00+00:00", decided_upto=decided) is None
    assert s.count_incidents() > 0


def test_the_decision_log_is_append_only(s):
    from countersight.incidents import review as ir2

    ir2.confirm(s, of_type(s, "extortion")[0].id, "anna")
    with pytest.raises(s.dialect.error, match="append-only"):
        with s.transaction():
            s.execute("UPDATE incident_decisions SET username = 'mallory'")
    with pytest.raises(s.dialect.error, match="append-only"):
        with s.transaction():
            s.execute("DELETE FROM incident_decisions")


def _m(mid: str, document: str = "r", order: int = 0) -> Mention:
    return Mention(mid, document, "arrest", order, None, None, None, None, None, None, "unknown", frozenset(), None,
                   None, frozenset())


def test_apply_pins_lays_the_decisions_over_the_linker():
    a, b, c, d, e, f = (_m(x, order=i) for i, x in enumerate("abcdef"))
    ids = lambda groups: sorted(sorted(m.id for m in g) for g in groups)  # noqa: E731
    linked = [[a, b, c], [d, e], [f]]
    assert ids(apply_pins(linked, {})) == [["a", "b", "c"], ["d", "e"], ["f"]]
    # merged across linker groups; split apart inside one; a loose mention joins its pin.
    pins = {"a": ("1.0", False), "d": ("1.0", False), "b": ("2.0", False)}
    assert ids(apply_pins(linked, pins)) == [["a", "c", "d", "e"], ["b"], ["f"]]
    # The loose mention joins the pin holding most of its group; a confirmed pin takes none.
    pins = {"a": ("1.0", False), "b": ("2.0", False), "c": ("2.0", False)}
    assert ids(apply_pins([[a, b, c, d]], pins)) == [["a"], ["b", "c", "d"]]
    pins = {"a": ("1.0", True), "b": ("1.0", True)}
    assert ids(apply_pins([[a, b, c, d]], pins)) == [["a", "b"], ["c", "d"]]
