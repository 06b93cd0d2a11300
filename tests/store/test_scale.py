"""The store's answers that are built for a million events, on every backend: the
running tallies (triggers + log + fold), counts that stop at a cap, and lists driven
by a facet table in date order. Each is checked against the plain SQL it replaces,
on the project's own sample reports after reviews, re-extraction and deletions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from countersight import review
from countersight.ingest.service import ingest, reextract
from countersight.store import EventFilter
from countersight.store.base import FACETS
from countersight.web import queries

SAMPLES = Path(__file__).resolve().parents[2] / "countersight" / "samples" / "reports"


@pytest.fixture
def busy(store):
    """The samples ingested, then reviewed: rejections, edits of the tallied fields, a
    confirmation, an analyst's addition, a removal by re-extraction, a deleted report."""
    ingest([SAMPLES], store)
    events = store.list_events(sort="document")
    assert len(events) > 100
    review.reject(store, events[0].id, "ana", "not an event")
    review.reject(store, events[1].id, "ana", "duplicate")
    review.confirm(store, events[2].id, "ana")
    review.edit(store, events[3].id, "ana", {"type": "arrest", "date": {"start": "2019-05-01", "end": "2019-05-01",
                                                                          "precision": "day", "text": "May 1, 2019"}})
    review.edit(store, events[4].id, "ana", {"perpetrators": ["mss", "kpa"], "targets": ["defectors"]})
    with store.transaction():  # a report removed with its events (cascade)
        store.execute("DELETE FROM reports WHERE id = ?", (events[-1].document,))
    with store.transaction():  # an unreviewed machine event the rules "no longer find"
        store.execute("DELETE FROM events WHERE id = ?", (events[10].id,))
    return store


def plain_group(store, column: str, f: EventFilter | None = None) -> list[tuple]:
    where, params = store._where(f or EventFilter())
    expr = "SUBSTR(e.timeline_date, 1, 7)" if column == "month" else f"e.{column}"
    rows = store.query(f"SELECT {expr}, COUNT(*) FROM events e{where} GROUP BY {expr}", params)
    return by_key((r[0], int(r[1])) for r in rows if r[1])


def by_key(rows) -> list[tuple]:
    return sorted(rows, key=lambda r: (r[0] is not None, r[0] or "", r[1]))


def plain_count(store, f: EventFilter) -> int:
    where, params = store._where(f)
    return int(store.scalar(f"SELECT COUNT(*) FROM events e{where}", params))


FILTERS = [
    EventFilter(),
    EventFilter(type="arrest"),
    EventFilter(status="rejected"),
    EventFilter(status="unreviewed", type="surveillance"),
    EventFilter(province="KP-10"),
    EventFilter(country="cn"),
    EventFilter(province="KP-09", type="arrest"),
]


def check_tallies(store) -> None:
    for f in FILTERS:
        assert store.count_events(f) == plain_count(store, f), f
        for column in ("type", "status", "admin1", "country"):
            assert by_key(store.group_counts(column, f)) == plain_group(store, column, f), (column, f)
        if not (f.province or f.country):
            assert by_key(store.group_counts("month", f)) == plain_group(store, "month", f), f
    counts = store.counts()
    assert counts["events"] == plain_count(store, EventFilter())
    assert counts["unreviewed"] == plain_count(store, EventFilter(status="unreviewed"))
    where, params = store._where(EventFilter())
    rows = store.query(f"SELECT SUBSTR(e.timeline_date, 1, 7), e.type, COUNT(*) FROM events e{where} "
                       "GROUP BY SUBSTR(e.timeline_date, 1, 7), e.type", params)
    assert queries.month_type_counts(store) == sorted(((r[0], r[1], int(r[2])) for r in rows),
                                                      key=lambda r: (r[0] or "", r[1]))


def test_tallies_match_the_events_before_and_after_folding(busy):
    assert busy.scalar("SELECT COUNT(*) FROM event_tally_log") > 0  # the reviews since the ingest's fold
    check_tallies(busy)
    assert busy.fold_tallies() > 0
    assert busy.scalar("SELECT COUNT(*) FROM event_tally_log") == 0
    assert busy.scalar("SELECT COUNT(*) FROM event_tally_month WHERE n <= 0") == 0
    check_tallies(busy)
    assert busy.fold_tallies() == 0


def test_tallies_follow_a_reextraction(busy):
    reextract(busy)
    check_tallies(busy)


def test_sorting_and_the_month_order_from_the_tallies(busy):
    by_type = busy.group_counts("type")
    assert by_type == sorted(by_type, key=lambda kv: (-kv[1], kv[0]))
    months = [m for m, _ in busy.group_counts("month")]
    assert months == sorted(months, key=lambda m: (m is not None, m or ""))
    assert busy.group_counts("type", limit=3) == by_type[:3]


def test_fold_is_skipped_inside_a_transaction(busy):
    with busy.transaction():
        assert busy.fold_tallies() == 0
    assert busy.fold_tallies() > 0


def test_facet_tables_carry_the_events_status_and_date(busy):
    for table, _ in FACETS.values():
        stale = busy.scalar(
            f"SELECT COUNT(*) FROM {table} d JOIN events e ON e.id = d.event_id "
            "WHERE d.status <> e.status OR COALESCE(d.timeline_date, '') <> COALESCE(e.timeline_date, '')"
        )
        assert stale == 0, table
    assert busy.scalar("SELECT COUNT(*) FROM event_perpetrators WHERE status = 'edited'") >= 1


@pytest.mark.parametrize("f", [
    EventFilter(agency="mss"),
    EventFilter(agency="mss", type="arrest"),
    EventFilter(target="defectors", status="edited"),
    EventFilter(target="defector_families", since="2015-01-01"),
    EventFilter(measure="inspections_per_day"),
    EventFilter(agency="msos", target="smugglers"),
    EventFilter(agency="mss", status="rejected"),
], ids=repr)
def test_facet_driven_lists_and_counts_equal_the_plain_filter(busy, f):
    where, params = busy._where(f)
    expected = [r[0] for r in busy.query(
        f"SELECT e.id FROM events e{where} ORDER BY e.timeline_date DESC NULLS LAST, e.report_id, e.start_offset, e.type",
        params)]
    assert [e.id for e in busy.list_events(f, sort="date", descending=True)] == expected
    assert [e.id for e in busy.list_events(f, sort="date", descending=True, limit=3, offset=1)] == expected[1:4]
    assert busy.count_events(f) == len(expected)


def test_counts_stop_at_the_cap(busy):
    f = EventFilter(agency="mss")
    total = busy.count_events(f)
    assert total > 5
    assert busy.count_events(f, cap=5) == 6  # "more than 5"
    assert busy.count_events(f, cap=total) == total
    assert busy.count_events(f, cap=total + 10) == total
    assert busy.count_upto(f, -5) == (1, False)  # a negative cap counts as 0, never as "no limit"
    # filters the tallies answer are exact whatever the cap
    assert busy.count_events(EventFilter(type="arrest"), cap=1) == plain_count(busy, EventFilter(type="arrest"))


def test_review_queue_and_latest_reports(busy):
    queue = queries.review_queue(busy, 5)
    assert 0 < len(queue) <= 5
    for row in queue:
        assert row["unreviewed"] == plain_count(busy, EventFilter(document=row["id"], status="unreviewed")) > 0
    ingested = [busy.get_report(r["id"]).ingested_at for r in queue]
    assert ingested == sorted(ingested, reverse=True)
    latest = queries.latest_reports(busy, 50)
    dated = [r["published"] for r in latest if r["published"]]
    assert dated == sorted(dated, reverse=True)
    assert all(r["published"] for r in latest[:len(dated)])  # undated ones only after the dated


@pytest.mark.parametrize("words", ["arrested", "security agents", "hyesan", "famil", "no-such-word-here"])
def test_common_and_rare_search_plans_find_the_same_events(busy, words, monkeypatch):
    f = EventFilter(search=words)
    rare = [e.id for e in busy.list_events(f, sort="date", descending=True)]
    rare_count = busy.count_events(f)
    monkeypatch.setattr(busy.dialect, "common_search_above", 0)  # every search "common"
    assert [e.id for e in busy.list_events(f, sort="date", descending=True)] == rare
    assert busy.count_events(f) == rare_count == len(rare)
    assert [e.id for e in busy.list_events(f, sort="date", descending=True, limit=5, offset=2)] == rare[2:7]
    # a count that stops streams the matching reports' events
    assert busy.count_upto(f, 10_000) == (len(rare), True)
    assert busy.count_upto(f, 2) == ((3, False) if len(rare) > 2 else (len(rare), True))
    arrests = EventFilter(search=words, type="arrest")
    assert busy.count_upto(arrests, 10_000) == (busy.count_events(arrests), True)


def test_only_quotes_that_are_not_the_reports_text_are_indexed_apart(busy):
    assert busy.scalar("SELECT COUNT(*) FROM events WHERE quote_in_text = 0") == 0  # the machine quotes the text
    event = busy.list_events(sort="document", limit=1)[0]
    corrected = event.__class__(**{**event.__dict__, "id": "e-corrected",
                                   "evidence": event.evidence.__class__("Bowibu seized a courier", 0, 10)})
    with busy.transaction():
        busy.insert_events(event.document, [corrected], None)
    assert busy.scalar("SELECT quote_in_text FROM events WHERE id = 'e-corrected'") == 0
    assert [e.id for e in busy.list_events(EventFilter(search="bowibu seized"))] == ["e-corrected"]
