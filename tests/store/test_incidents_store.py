"""Incidents in the store (migration 12): replaced whole, read back by column name, filtered like events."""

from __future__ import annotations

import pytest

from countersight.errors import NotFound
from countersight.incidents import rebuild
from countersight.model import DateSpan, Event, Evidence, Location
from countersight.store.filters import EventFilter

QUOTE = "State security agents arrested three brokers at the Hyesan market for arranging phone calls"


def _report(store, rid: str, outlet: str | None, near: str | None = None) -> None:
    store.insert_report({"id": rid, "content_hash": rid, "title": rid, "outlet": outlet, "published": "2021-03-20",
                         "body": f"A source told {outlet or 'nobody'}.", "format": "txt", "word_count": 4,
                         "on_topic": 1, "topic_hits": 3, "near_duplicate_of": near, "extractor_version": "t",
                         "ingested_at": "2021-03-20T00:00:00+00:00"}, [])


def _event(eid: str, doc: str, type_: str, quote: str, start: int, place: str = "Hyesan") -> Event:
    return Event(id=eid, document=doc, type=type_, evidence=Evidence(quote, start, start + len(quote)),
                 perpetrators=["mss"], targets=["brokers"], location=Location("KP", "KP-10", place, "city"),
                 date=DateSpan("2021-03-12", "2021-03-12", "day", "March 12"))


@pytest.fixture
def filled(store):
    with store.transaction():
        _report(store, "dnk", "Daily NK")
        _report(store, "copy", "Korea Rights Digest", near="dnk")
        store.insert_events("dnk", [_event("a1", "dnk", "arrest", QUOTE, 0),
                                    _event("a2", "dnk", "sentencing", "They were fined.", 100)], "2021-03-20")
        store.insert_events("copy", [_event("b1", "copy", "arrest", QUOTE, 0)], "2021-03-20")
    return store


def test_rebuild_stores_incidents_and_reads_them_back(filled):
    assert rebuild(filled) == 2
    arrest, fine = filled.list_incidents()
    assert arrest.to_dict() == {
        "id": arrest.id, "type": "arrest",
        "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city"},
        "date": {"start": "2021-03-12", "end": "2021-03-12", "precision": "day", "text": "March 12"},
        "perpetrators": ["mss"], "targets": ["brokers"], "people": {"count": 3, "qualifier": None},
        "mentions": ["b1", "a1"], "documents": ["copy", "dnk"],
        "sources": [{"source": "Daily NK", "documents": ["copy", "dnk"], "outlets": ["Korea Rights Digest", "Daily NK"]}],
        "corroboration": "dependent_sources", "confirmed": False,
    }
    assert (fine.type, fine.mentions, fine.corroboration) == ("sentencing", ["a2"], "single_source")
    assert filled.get_incident(arrest.id).to_dict() == arrest.to_dict()
    assert [i.id for i in filled.incidents_of_report("copy")] == [arrest.id]
    assert [i.id for i in filled.incidents_of_report("dnk")] == [arrest.id, fine.id]
    with pytest.raises(NotFound):
        filled.get_incident("i-nothing")


def test_incidents_filtered_by_their_mentions(filled):
    rebuild(filled)
    assert filled.count_incidents() == 2
    assert [i.type for i in filled.list_incidents(EventFilter(type="sentencing"))] == ["sentencing"]
    assert [i.type for i in filled.list_incidents(EventFilter(document="copy"))] == ["arrest"]
    assert filled.count_incidents(EventFilter(province="KP-09")) == 0
    assert [i.type for i in filled.iter_incidents(batch=1)] == ["arrest", "sentencing"]
    assert len(filled.list_incidents(limit=1, offset=1)) == 1


def test_a_rebuild_replaces_the_previous_incidents(filled):
    rebuild(filled)
    with filled.transaction():
        filled.delete_event("a2")
    assert rebuild(filled) == 1
    assert [i.mentions for i in filled.list_incidents()] == [["b1", "a1"]]
    assert filled.events_by_id(["b1", "nope", "a1"])[0].id == "b1"
