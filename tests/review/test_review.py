import re

import pytest

from countersight import review
from countersight.errors import Conflict, InputError
from countersight.ingest.service import ingest, reextract

BODY = (
    "Agents detain brokers in Hyesan\n\n"
    "State security agents in Hyesan, Ryanggang Province, arrested two brokers last week, a source in "
    "Ryanggang Province told Daily NK. The agents also searched the homes of defectors' families in North Korea.\n"
)


@pytest.fixture()
def store(store, tmp_path):
    """The backend's fresh store (tests/conftest.py) with one report ingested."""
    (tmp_path / "hyesan.txt").write_text(BODY, encoding="utf-8")
    ingest([tmp_path], store)
    return store


def first(store, etype):
    return next(e for e in store.events_of_report("hyesan") if e.type == etype)


def test_confirm_reject_edit_keep_history(store):
    arrest = first(store, "arrest")
    confirmed = review.confirm(store, arrest.id, "ana")
    assert confirmed.status == "confirmed"

    edited = review.edit(store, arrest.id, "ana", {"targets": ["brokers", "smugglers"], "trend": None}, reason="two roles")
    assert (edited.status, edited.targets) == ("edited", ["brokers", "smugglers"])

    history = review.history(store, arrest.id)
    assert [(h["user"], h["action"], h["field"], h["before"], h["after"]) for h in history] == [
        ("ana", "confirm", "status", "unreviewed", "confirmed"),
        ("ana", "edit", "targets", ["brokers"], ["brokers", "smugglers"]),
    ]
    assert history[1]["reason"] == "two roles"

    with pytest.raises(InputError, match="needs a reason"):
        review.reject(store, arrest.id, "ana", " ")
    rejected = review.reject(store, arrest.id, "ana", "duplicate of another report")
    assert rejected.status == "rejected"
    assert arrest.id not in [e.id for e in store.list_events()]


def test_edit_validates_vocabulary(store):
    arrest = first(store, "arrest")
    with pytest.raises(InputError, match="type 'raid' is not one of"):
        review.edit(store, arrest.id, "ana", {"type": "raid"})
    with pytest.raises(InputError, match="cannot edit status"):
        review.edit(store, arrest.id, "ana", {"status": "confirmed"})
    # Agencies outside the list are other:NAME (review/values.py).
    with pytest.raises(InputError, match="perpetrators: 'cia' is not an agency id .* or other:<words>"):
        review.edit(store, arrest.id, "ana", {"perpetrators": ["cia"]})
    with pytest.raises(InputError, match="location.admin1 'KP-99' is not a North Korean province code"):
        review.edit(store, arrest.id, "ana", {"location": {"country": "KP", "admin1": "KP-99", "precision": "province"}})
    assert review.edit(store, arrest.id, "ana", {"perpetrators": ["other:laos_security"]}).perpetrators == [
        "other:laos_security"]


def test_add_missed_event_from_a_text_span(store):
    start = BODY.index("The agents also searched")
    end = BODY.index("North Korea.") + len("North Korea.")
    added = review.add(store, "hyesan", "ana", {"type": "intimidation", "perpetrators": ["mss"],
                                               "targets": ["defector_families"],
                                               "evidence": {"start": start, "end": end}})
    assert added.evidence.quote == BODY[start:end]
    assert (added.status, added.document) == ("confirmed", "hyesan")
    assert review.history(store, added.id)[0]["action"] == "add"
    with pytest.raises(Conflict):
        review.add(store, "hyesan", "ana", {"type": "intimidation", "evidence": {"start": start, "end": end}})
    with pytest.raises(InputError, match="outside the report text"):
        review.add(store, "hyesan", "ana", {"type": "arrest", "evidence": {"start": 5, "end": 10**6}})


def test_reextraction_never_overwrites_reviewed_fields(store):
    arrest = first(store, "arrest")
    review.edit(store, arrest.id, "ana", {"perpetrators": ["msos"]})
    start = BODY.index("The agents")
    added = review.add(store, "hyesan", "ana", {"type": "extortion", "evidence": {"start": start, "end": start + 20}})
    store.execute("UPDATE events SET targets = '[]' WHERE id = ?", (arrest.id,))  # an unreviewed field drifts

    summary = reextract(store)
    after = store.get_event(arrest.id)
    assert after.perpetrators == ["msos"]          # reviewed: kept
    assert after.status == "edited"
    assert store.get_event(added.id).type == "extortion"  # analyst's event: kept
    assert summary.reports == 1 and summary.kept_reviewed == 2


def test_edit_refuses_invalid_values_and_stores_nothing(store):
    arrest = first(store, "arrest")
    before = store.get_event(arrest.id).to_dict()
    bad = [
        ({"perpetrators": ["nonsense"]}, "perpetrators: 'nonsense' is not an agency id"),
        ({"date": {"start": "2021-13-01", "end": "2021-13-01"}}, "date.start '2021-13-01' is not a real day"),
        ({"date": {"start": "2021-03-05", "end": "2021-03-01", "precision": "day"}}, "date.end 2021-03-01 is before"),
        ({"location": {"country": "ZZ", "admin1": None, "place": "Atlantis"}}, "location.country 'ZZ'"),
        ({"penalty": {"kind": "labor_camp", "months": -5}}, "penalty.months must not be negative"),
        # These two were tracebacks (KeyError 'measure', ValueError) before the check.
        ({"measures": [{"name": "team_size", "value": "x"}]}, "measures[0]: unknown key 'name'"),
        ({"measures": [{"measure": "team_size", "value": "x"}]}, "measures[0].value must be a number"),
        ({"perpetrators": "mss"}, "perpetrators must be a list"),
        ({"location": "KP"}, "location must be an object"),
    ]
    for changes, message in bad:
        with pytest.raises(InputError) as caught:
            review.edit(store, arrest.id, "ana", changes)
        assert message in str(caught.value), (changes, str(caught.value))
    assert store.get_event(arrest.id).to_dict() == before
    assert review.history(store, arrest.id) == []


def test_a_date_edited_in_part_keeps_what_was_not_touched(store):
    arrest = first(store, "arrest")
    stored = arrest.date.to_dict()
    assert stored["text"]  # "last week", as written
    edited = review.edit(store, arrest.id, "ana", {"date": {"start": "2021-03-01", "end": "2021-03-07"}})
    assert edited.date.to_dict() == {**stored, "start": "2021-03-01", "end": "2021-03-07"}
    [entry] = review.history(store, arrest.id)
    assert entry["field"] == "date" and entry["after"]["text"] == stored["text"]
    # null clears the field (and a key set to null clears that key).
    assert review.edit(store, arrest.id, "ana", {"date": {"text": None}}).date.text == ""
    assert review.edit(store, arrest.id, "ana", {"date": None}).date is None


def test_an_edit_keeps_the_map_coordinates_of_an_untouched_location(store):
    arrest = first(store, "arrest")
    assert arrest.location.lat is not None
    after = review.edit(store, arrest.id, "ana", {"trend": "increase"})
    assert (after.location.lat, after.location.lon) == (arrest.location.lat, arrest.location.lon)
    moved = review.edit(store, arrest.id, "ana", {"location": {"place": "Wiyon-dong", "precision": "district",
                                                               "lat": 41.4, "lon": 128.2}})
    assert (moved.location.place, moved.location.lat, moved.location.lon) == ("Wiyon-dong", 41.4, 128.2)


def test_an_untouched_stored_value_does_not_block_an_edit(store):
    arrest = first(store, "arrest")
    store.execute("UPDATE events SET targets = '[\"legacy_group\"]' WHERE id = ?", (arrest.id,))
    assert review.edit(store, arrest.id, "ana", {"trend": "increase"}).trend == "increase"


def test_evidence_edit_must_match_the_report_text(store):
    arrest = first(store, "arrest")
    with pytest.raises(InputError, match=r"evidence.quote is not the report text at 0:5 \(which reads 'Agent'\)"):
        review.edit(store, arrest.id, "ana", {"evidence": {"quote": "not in text", "start": 0, "end": 5}})
    with pytest.raises(InputError, match="evidence start 500 is not before its end 100"):
        review.edit(store, arrest.id, "ana", {"evidence": {"start": 500, "end": 100}})
    assert store.get_event(arrest.id).evidence == arrest.evidence
    clause = "arrested two brokers last week"
    moved = review.edit(store, arrest.id, "ana", {"evidence": {"quote": clause}})
    assert (moved.evidence.quote, moved.evidence.start) == (clause, BODY.index(clause))


def test_a_decision_taken_twice_is_refused(store):
    arrest = first(store, "arrest")
    review.confirm(store, arrest.id, "ana")
    with pytest.raises(Conflict, match="already confirmed"):
        review.confirm(store, arrest.id, "bo")
    review.reject(store, arrest.id, "ana", "a duplicate")
    with pytest.raises(Conflict, match="already rejected"):
        review.reject(store, arrest.id, "ana", "still a duplicate")
    review.mark_sensitive(store, arrest.id, "ana", "location", True)
    with pytest.raises(Conflict, match="already marked sensitive"):
        review.mark_sensitive(store, arrest.id, "ana", "location", True)
    review.mark_sensitive(store, arrest.id, "ana", "location", False)  # a change of mind is a decision
    assert [(h["action"], h["after"]) for h in review.history(store, arrest.id)] == [
        ("confirm", "confirmed"), ("reject", "rejected"), ("sensitivity", True), ("sensitivity", False)]


def test_add_by_quote_and_with_checked_values(store):
    quote = "The agents also searched the homes of defectors' families in North Korea."
    added = review.add(store, "hyesan", "ana", {"type": "intimidation", "evidence": {"quote": quote},
                                               "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan",
                                                            "precision": "city"}})
    assert (added.evidence.start, added.evidence.end) == (BODY.index(quote), BODY.index(quote) + len(quote))
    for fields, message in [
        ({"type": "arrest", "evidence": {"quote": "not in the text"}}, "is not in the report text"),
        ({"type": "arrest", "evidence": {"start": 5, "end": 10}, "targets": ["nobody"]}, "targets: 'nobody'"),
        ({"type": "arrest"}, "needs its evidence"),
        ({"evidence": {"start": 5, "end": 10}}, "needs a type"),
        ({"type": "arrest", "evidence": {"start": 5, "end": 10}, "status": "edited"}, "a new event has no status"),
    ]:
        with pytest.raises(InputError, match=re.escape(message)):
            review.add(store, "hyesan", "ana", fields)
