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
    # The same check as a gold line's (model.event_problems): agencies outside the list are other:NAME.
    with pytest.raises(InputError, match="unknown perpetrator 'cia': one of mss, .* or other:NAME"):
        review.edit(store, arrest.id, "ana", {"perpetrators": ["cia"]})
    with pytest.raises(InputError, match="unknown admin1 'KP-99'"):
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
