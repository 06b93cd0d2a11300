"""A small archive for the counting tests: one arrest in Hyesan told three times across two
reports (twice in a Daily NK report, once in a relay of it), and one execution in Hoeryong
told once. Two incidents, four mentions."""

from __future__ import annotations

from countersight.incidents import rebuild
from countersight.model import DateSpan, Event, Evidence, Location

ARREST = "State security agents arrested three brokers at the Hyesan market on March 12 for arranging phone calls"
AGAIN = "The three brokers were arrested for arranging phone calls to South Korea, the source said"
EXECUTION = "A man was publicly executed in Hoeryong in May for distributing South Korean films"
MARCH_12 = DateSpan("2021-03-12", "2021-03-12", "day", "March 12")
IN_MAY = DateSpan("2020-05-01", "2020-05-31", "month", "in May")


def _report(store, rid: str, outlet: str, body: str, near: str | None = None) -> None:
    store.insert_report({"id": rid, "content_hash": rid, "title": rid, "outlet": outlet, "published": "2021-03-20",
                         "body": body, "format": "txt", "word_count": len(body.split()), "on_topic": 1,
                         "topic_hits": 3, "near_duplicate_of": near, "extractor_version": "t",
                         "ingested_at": "2021-03-20T00:00:00+00:00"}, [])


def _event(eid: str, doc: str, type_: str, quote: str, start: int, place: str, admin1: str,
           date: DateSpan | None, perpetrators: list[str], targets: list[str]) -> Event:
    return Event(id=eid, document=doc, type=type_, evidence=Evidence(quote, start, start + len(quote)),
                 perpetrators=perpetrators, targets=targets, location=Location("KP", admin1, place, "city"), date=date)


def fill(store, *, build: bool = True) -> None:
    """The archive; with ``build`` its incidents linked (as the CLI does after an ingest)."""
    gap = " " * 10
    with store.transaction():
        _report(store, "dnk", "Daily NK", ARREST + gap + AGAIN)
        _report(store, "copy", "Korea Rights Digest", ARREST, near="dnk")
        _report(store, "rfa", "Radio Free Asia", EXECUTION)
        store.insert_events("dnk", [
            _event("a1", "dnk", "arrest", ARREST, 0, "Hyesan", "KP-10", MARCH_12, ["mss", "authorities"], ["brokers"]),
            _event("a2", "dnk", "arrest", AGAIN, len(ARREST) + len(gap), "Hyesan", "KP-10", None,
                   ["mss", "authorities"], ["brokers"])], "2021-03-20")
        store.insert_events("copy", [
            _event("b1", "copy", "arrest", ARREST, 0, "Hyesan", "KP-10", MARCH_12, ["mss", "authorities"],
                   ["brokers"])], "2021-03-20")
        store.insert_events("rfa", [
            _event("c1", "rfa", "sentencing", EXECUTION, 0, "Hoeryong", "KP-09", IN_MAY, ["msos"], ["residents"])],
            "2021-03-20")
    if build:
        assert rebuild(store) == 2
        assert sorted(len(i.mentions) for i in store.list_incidents()) == [1, 3]
