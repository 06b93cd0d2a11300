"""The store, on every backend (tests/conftest.py): migrations, writes in one transaction,
every event filter, sorting, paging, facet counts, full-text search and near-duplicate links.
SQLite-only and PostgreSQL-only behaviour is in test_sqlite.py and test_postgres.py.

Most tests build reports and events by hand so that every figure can be asserted exactly;
one goes through ``ingest_report`` with the default pipeline and asserts only robust facts.
"""

from __future__ import annotations

import threading

import pytest

from countersight.errors import InputError, NotFound, StoreError
from countersight.ingest.dedup import content_hash
from countersight.ingest.service import ingest_report
from countersight.model import DateSpan, Event, Evidence, Location, Measure, Penalty, RawReport
from countersight.pipeline.factories import build_pipeline
from countersight.store import EventFilter, open_store
from countersight.store import migrations
from countersight.store.base import StoredReport

STAMP = "2024-01-02T03:04:05+00:00"

R1_BODY = (
    "Hyesan crackdown\n\n"
    "State security agents arrested two brokers in Hyesan on March 2. "
    "A five-member team is watching phone users across Ryanggang Province more closely. "
    "Market prices rose sharply.\n"
)
R2_BODY = (
    "Musan trial\n\n"
    "A court in Musan sentenced three smugglers to two years in a labor camp in May. "
    "Chinese police handed the women over in Dandong, a relative said.\n"
)
R3_BODY = "Border guards have relaxed their patrols along the Tumen River in North Hamgyong Province.\n"


def report_row(report_id: str, body: str, *, title: str | None = None, published: str | None = None,
               near: str | None = None, similarity: float | None = None) -> dict:
    return {
        "id": report_id,
        "content_hash": content_hash(body),
        "title": title,
        "url": f"https://example.org/{report_id}",
        "outlet": "Example News",
        "published": published,
        "body": body,
        "format": "txt",
        "source_path": f"/reports/{report_id}.txt",
        "source_line": None,
        "word_count": len(body.split()),
        "on_topic": 1,
        "topic_hits": 3,
        "furniture": "[[0, 16, \"headline\"]]",
        "source": None,
        "source_admin1": None,
        "near_duplicate_of": near,
        "similarity": similarity,
        "minhash": None,
        "extractor_version": "test",
        "ingested_at": STAMP,
    }


def evidence(body: str, sentence: str) -> Evidence:
    start = body.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


E1 = Event(
    id="e-1", document="r1", type="arrest",
    perpetrators=["mss"], targets=["brokers"],
    location=Location("KP", "KP-10", "Hyesan", "city", lat=41.4017, lon=128.1778),
    date=DateSpan("2021-03-02", "2021-03-02", "day", "March 2"),
    evidence=evidence(R1_BODY, "State security agents arrested two brokers in Hyesan on March 2."),
    confidence=0.9,
)
E2 = Event(
    id="e-2", document="r1", type="surveillance", trend="increase",
    perpetrators=["mss", "inminban"], targets=["phone_users", "border_residents"],
    location=Location("KP", "KP-10", None, "province"),
    measures=[Measure("team_size", 5)],
    evidence=evidence(R1_BODY, "A five-member team is watching phone users across Ryanggang Province more closely."),
    confidence=0.6,
)
E3 = Event(
    id="e-3", document="r2", type="sentencing",
    perpetrators=["courts", "prosecutors"], targets=["smugglers"],
    location=Location("KP", "KP-09", "Musan", "city"),
    date=DateSpan("2020-05-01", "2020-05-31", "month", "May"),
    penalty=Penalty("labor_camp", 24),
    evidence=evidence(R2_BODY, "A court in Musan sentenced three smugglers to two years in a labor camp in May."),
    confidence=0.8,
)
E4 = Event(
    id="e-4", document="r2", type="repatriation",
    perpetrators=["china_security"], targets=["defectors"],
    location=Location("CN", None, "Dandong", "city"),
    evidence=evidence(R2_BODY, "Chinese police handed the women over in Dandong, a relative said."),
    confidence=0.7, status="rejected",
)
E5 = Event(
    id="e-5", document="r3", type="border_control", trend="decrease",
    perpetrators=["kpa", "other:border_guards"], targets=["border_residents"],
    location=Location("KP", "KP-09", None, "province"),
    evidence=evidence(R3_BODY, R3_BODY.strip()),
    confidence=0.5, status="confirmed",
)
ALL = [E1, E2, E3, E4, E5]


def fill(store) -> None:
    """r1 (published 2021-03-10): E1, E2; r2 (2020-06-01): E3, E4 (rejected); r3 (no date): E5."""
    for row, events in (
        (report_row("r1", R1_BODY, title="Hyesan crackdown", published="2021-03-10"), [E1, E2]),
        (report_row("r2", R2_BODY, title="Musan trial", published="2020-06-01"), [E3, E4]),
        (report_row("r3", R3_BODY), [E5]),
    ):
        with store.transaction():
            store.insert_report(row, [f"0:{row['id']}"])
            store.insert_events(row["id"], events, row["published"])


@pytest.fixture
def filled(store):
    fill(store)
    return store


def ids(events) -> list[str]:
    return [e.id for e in events]


# -- opening and migrations -------------------------------------------------------------


SHIPPED = [(v, name) for v, name, _ in migrations.available("sqlite")]


def test_shipped_migrations_are_numbered_from_one_without_gaps():
    assert [v for v, _ in SHIPPED] == list(range(1, len(SHIPPED) + 1))
    assert SHIPPED[0] == (1, "0001_initial.sql")


def test_every_backend_ships_the_same_migrations():
    assert [(v, name) for v, name, _ in migrations.available("postgresql")] == SHIPPED


def test_store_is_migrated_once(store):
    rows = store.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert rows == SHIPPED
    assert migrations.migrate(store) == []
    assert store.query("SELECT version, name FROM schema_migrations ORDER BY version") == SHIPPED


def test_a_database_missing_a_table_is_refused_with_its_name(new_db_url):
    url = new_db_url()
    s = open_store(url)
    assert migrations.existing_tables(s) >= migrations.expected_tables(s.dialect.name)
    s.execute("DROP TABLE incident_redirects")
    s.close()
    with pytest.raises(StoreError, match="is damaged: table incident_redirects missing; restore a backup"):
        open_store(url, create=False)


def test_expected_tables_follow_the_migrations_up_to_a_version():
    assert "reports" in migrations.expected_tables("sqlite", upto=1)
    assert "users" not in migrations.expected_tables("sqlite", upto=1)
    assert migrations.expected_tables("sqlite") - migrations.expected_tables("postgresql") == {"events_fts", "reports_fts"}


def test_reopening_does_not_reapply(db_url):
    first = open_store(db_url)
    applied = first.query("SELECT version, name, applied_at FROM schema_migrations")
    fill(first)
    first.close()

    again = open_store(db_url, create=False)
    try:
        assert again.query("SELECT version, name, applied_at FROM schema_migrations") == applied
        assert len(applied) == len(SHIPPED)
        assert again.counts()["reports"] == 3
        assert again.get_event("e-1") == E1
    finally:
        again.close()


def test_two_processes_opening_a_new_database_at_once_migrate_it_once(new_db_url):
    url = new_db_url(empty=True)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            start.wait(timeout=10)
            open_store(url).close()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    s = open_store(url)
    try:
        assert s.query("SELECT version, name FROM schema_migrations ORDER BY version") == SHIPPED
    finally:
        s.close()


def test_migration_applied_meanwhile_by_another_process_is_skipped(store, monkeypatch):
    # Before the write lock the version looked old; inside the transaction it is current.
    real = migrations.current_version
    calls = []

    def stale_then_real(s):
        calls.append(1)
        return 0 if len(calls) == 1 else real(s)

    monkeypatch.setattr(migrations, "current_version", stale_then_real)
    assert migrations.migrate(store) == []
    assert store.query("SELECT version FROM schema_migrations ORDER BY version") == [(v,) for v, _ in SHIPPED]


def test_database_newer_than_the_code_is_refused(db_url):
    s = open_store(db_url)
    s.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 'x')")
    s.close()
    with pytest.raises(StoreError, match="schema version 99"):
        open_store(db_url)


# -- reports ------------------------------------------------------------------------------


def test_get_report_returns_the_stored_row(filled):
    assert filled.get_report("r1") == StoredReport(
        id="r1", title="Hyesan crackdown", url="https://example.org/r1", outlet="Example News",
        published="2021-03-10", body=R1_BODY, format="txt", source_path="/reports/r1.txt",
        word_count=len(R1_BODY.split()), on_topic=True, furniture=[[0, 16, "headline"]], source=None,
        source_admin1=None, near_duplicate_of=None, similarity=None, ingested_at=STAMP,
    )
    assert filled.report_exists("r3") and not filled.report_exists("r4")
    assert filled.report_id_for_hash(content_hash(R2_BODY)) == "r2"


def test_not_found_errors(filled):
    with pytest.raises(NotFound, match="no report 'nope'"):
        filled.get_report("nope")
    with pytest.raises(NotFound, match="no event 'e-404'"):
        filled.get_event("e-404")


def test_list_reports_counts_events(filled):
    assert [(r["id"], r["events"]) for r in filled.list_reports()] == [("r1", 2), ("r2", 2), ("r3", 1)]
    assert [r["id"] for r in filled.list_reports(limit=1, offset=1)] == ["r2"]


def test_search_reports(filled):
    hits = filled.search_reports("smugglers")
    assert [h["id"] for h in hits] == ["r2"]
    assert "[smugglers]" in hits[0]["snippet"]
    assert hits[0]["title"] == "Musan trial"
    # every word must occur; the last one is a prefix
    assert [h["id"] for h in filled.search_reports("Hyesan brok")] == ["r1"]
    assert filled.search_reports("Hyesan smugglers") == []
    assert {h["id"] for h in filled.search_reports("hamgyong")} == {"r3"}
    assert [h["id"] for h in filled.search_reports("crackdown", limit=1)] == ["r1"]


def test_search_reports_whole_words_counted_and_on_topic(filled):
    # Whole words unless prefixes are asked for; a count without the limit; all with limit None.
    assert filled.search_reports("Hyesan brok", prefix=False) == []
    assert [h["id"] for h in filled.search_reports("Hyesan brokers", prefix=False)] == ["r1"]
    assert filled.count_search_reports("brok") == 1 and filled.count_search_reports("brok", prefix=False) == 0
    assert sorted(h["id"] for h in filled.search_reports("in", limit=None, prefix=False)) == ["r1", "r2", "r3"]
    assert filled.count_search_reports("in", prefix=False) == 3
    filled.execute("UPDATE reports SET on_topic = 0 WHERE id = 'r3'")
    assert sorted(h["id"] for h in filled.search_reports("in", prefix=False, on_topic_only=True)) == ["r1", "r2"]
    assert filled.count_search_reports("in", prefix=False, on_topic_only=True) == 2


@pytest.mark.parametrize(
    "query", ['"foo" OR (', "NEAR(", "*", "-", "'", '"', "AND", "a:b", "^Hyesan", "(((", "Hyesan)", ""]
)
def test_search_with_operators_never_raises(filled, query):
    # Never a database error: operators are words; a query without any word ("*", "(((")
    # is the user's mistake, said so (the empty one is no filter at all in an EventFilter).
    if not any(c.isalnum() for c in query):
        with pytest.raises(InputError, match="^the search"):
            filled.search_reports(query)
        if query.strip():
            with pytest.raises(InputError, match="^the search"):
                EventFilter(search=query)
        return
    assert isinstance(filled.search_reports(query), list)
    assert isinstance(filled.list_events(EventFilter(search=query)), list)


def test_search_operators_are_taken_as_words(filled):
    assert [h["id"] for h in filled.search_reports('"Musan" OR (')] == []  # "or" is a word that must occur
    assert [h["id"] for h in filled.search_reports('"Musan" (court')] == ["r2"]


def test_search_ignores_accents_and_keeps_korean_words(store):
    body = "Sinŭiju crackdown\n\n보위부 요원들이 밤에 왔다. Agents searched homes in Sinŭiju and Hoeryŏng.\n"
    with store.transaction():
        store.insert_report(report_row("r-kr", body, title="Sinŭiju crackdown"), [])
    assert [h["id"] for h in store.search_reports("Sinuiju")] == ["r-kr"]
    assert [h["id"] for h in store.search_reports("hoeryong")] == ["r-kr"]
    assert [h["id"] for h in store.search_reports("보위부")] == ["r-kr"]
    assert [h["id"] for h in store.search_reports("밤에 요원")] == ["r-kr"]  # the last word as a prefix
    assert store.search_reports("요원 밤") == []  # the other words whole
    assert store.search_reports("Pyongyang") == []


def test_titles_are_searched_and_rank_first(store):
    with store.transaction():
        store.insert_report(report_row("in-body", "A story.\n\nThe market in Musan was closed.\n", title="Markets"), [])
        store.insert_report(report_row("in-title", "A story.\n\nNothing else here.\n", title="Musan notes"), [])
    assert {h["id"] for h in store.search_reports("musan")} == {"in-body", "in-title"}
    assert [h["id"] for h in store.search_reports("notes")] == ["in-title"]


def test_unique_violations_are_named(store):
    fill(store)
    for row, expected in (
        (report_row("r9", R1_BODY), "reports.content_hash"),
        (report_row("r1", "Some other text entirely.\n"), "reports.id"),
    ):
        with pytest.raises(store.dialect.integrity_error) as caught:
            with store.transaction():
                store.insert_report(row, [])
        assert store.unique_violation(caught.value) == expected
    assert store.unique_violation(ValueError("UNIQUE constraint failed: reports.id")) is None
    assert store.counts()["reports"] == 3


def test_near_duplicates_are_listed_both_ways(filled):
    body = R1_BODY.replace("sharply", "fast")
    with filled.transaction():
        filled.insert_report(report_row("r1-copy", body, near="r1", similarity=0.82), [])
    assert filled.near_duplicates("r1") == [("r1-copy", 0.82, "republished")]
    assert filled.near_duplicates("r1-copy") == [("r1", 0.82, "original")]
    assert filled.near_duplicates("r2") == []
    assert filled.counts()["near_duplicates"] == 1


# -- transactions ----------------------------------------------------------------------------


def test_transaction_rollback_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError, match="boom"):
        with store.transaction():
            store.insert_report(report_row("r1", R1_BODY, published="2021-03-10"), ["0:r1", "1:r1"])
            store.insert_events("r1", [E1, E2], "2021-03-10")
            raise RuntimeError("boom")
    assert not store.report_exists("r1")
    for table in ("reports", "report_lsh", "events", "event_perpetrators", "event_targets", "event_measures"):
        assert store.scalar(f"SELECT COUNT(*) FROM {table}") == 0, table
    assert store.search_reports("Hyesan") == []
    assert store.list_events(EventFilter(search="brokers")) == []
    # the connection is usable again
    fill(store)
    assert store.count_events() == 4


def test_nested_transaction_failure_rolls_back_the_outer_one(store):
    with pytest.raises(ValueError):
        with store.transaction():
            store.insert_report(report_row("r1", R1_BODY), [])
            with store.transaction():
                store.insert_events("r1", [E1], None)
                raise ValueError("inner")
    assert store.counts()["reports"] == 0
    assert store.count_events() == 0


def test_failed_commit_is_rolled_back(store, monkeypatch):
    def locked() -> None:
        raise store.dialect.error("database is locked")

    monkeypatch.setattr(store, "_commit", locked)
    with pytest.raises(store.dialect.error, match="locked"):
        with store.transaction():
            store.insert_report(report_row("r1", R1_BODY), [])
    monkeypatch.undo()
    assert not store.report_exists("r1")
    fill(store)  # a new transaction can begin
    assert store.counts()["reports"] == 3


def test_duplicate_event_id_fails_the_whole_report(store):
    with pytest.raises(store.dialect.integrity_error) as caught:
        with store.transaction():
            store.insert_report(report_row("r1", R1_BODY), [])
            store.insert_events("r1", [E1, E1], None)
    assert store.unique_violation(caught.value) == "events.id"
    assert store.counts() == {"reports": 0, "on_topic": 0, "off_topic": 0, "near_duplicates": 0,
                              "events": 0, "unreviewed": 0}


# -- events: reading back, filters, sorting, paging --------------------------------------


def test_events_round_trip_whole(filled):
    for event in ALL:
        assert filled.get_event(event.id) == event
    assert filled.events_of_report("r2") == [E3, E4]  # rejected ones included, with their status
    assert filled.events_of_report("r3") == [E5]
    assert filled.events_of_report("nope") == []


def test_timeline_date_is_the_event_date_or_the_publication_date(filled):
    rows = dict(filled.query("SELECT id, timeline_date FROM events"))
    assert rows == {"e-1": "2021-03-02", "e-2": "2021-03-10", "e-3": "2020-05-01", "e-4": "2020-06-01", "e-5": None}


def test_default_listing_hides_rejected_and_sorts_by_date_nulls_last(filled):
    assert filled.list_events() == [E3, E1, E2, E5]
    assert ids(filled.list_events(descending=True)) == ["e-2", "e-1", "e-3", "e-5"]
    assert filled.count_events() == 4


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("confidence", False, ["e-5", "e-2", "e-3", "e-1"]),
        ("confidence", True, ["e-1", "e-3", "e-2", "e-5"]),
        ("type", False, ["e-1", "e-5", "e-3", "e-2"]),
        ("province", False, ["e-3", "e-5", "e-1", "e-2"]),
        ("document", True, ["e-5", "e-3", "e-1", "e-2"]),
        ("status", False, ["e-5", "e-1", "e-2", "e-3"]),  # ties: by document, then offset
        ("no-such-column", False, ["e-3", "e-1", "e-2", "e-5"]),  # falls back to date
    ],
)
def test_sorting(filled, sort, descending, expected):
    assert ids(filled.list_events(sort=sort, descending=descending)) == expected


def test_paging(filled):
    assert ids(filled.list_events(limit=2)) == ["e-3", "e-1"]
    assert ids(filled.list_events(limit=2, offset=2)) == ["e-2", "e-5"]
    assert ids(filled.list_events(limit=2, offset=4)) == []
    assert ids(filled.list_events(offset=3)) == ["e-5"]  # an offset without a limit still skips


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"type": "arrest"}, ["e-1"]),
        ({"type": "repatriation"}, []),
        ({"agency": "mss"}, ["e-1", "e-2"]),
        ({"agency": "inminban"}, ["e-2"]),
        ({"agency": "other:border_guards"}, ["e-5"]),
        ({"target": "border_residents"}, ["e-2", "e-5"]),
        ({"target": "smugglers"}, ["e-3"]),
        ({"province": "KP-10"}, ["e-1", "e-2"]),
        ({"province": "kp-09"}, ["e-3", "e-5"]),
        ({"province": "North Hamgyong"}, ["e-3", "e-5"]),
        ({"province": "Ryanggang"}, ["e-1", "e-2"]),
        ({"place": "hyesan"}, ["e-1"]),
        ({"place": "Musan"}, ["e-3"]),
        ({"country": "kp"}, ["e-3", "e-1", "e-2", "e-5"]),
        ({"country": "CN"}, []),
        ({"country": "CN", "status": "rejected"}, ["e-4"]),
        ({"since": "2021-01-01"}, ["e-1", "e-2"]),
        ({"until": "2020-12-31"}, ["e-3"]),
        ({"since": "2020-05-01", "until": "2021-03-02"}, ["e-3", "e-1"]),
        ({"since": "2020-06-01", "until": "2020-06-01", "status": "rejected"}, ["e-4"]),
        ({"status": "rejected"}, ["e-4"]),
        ({"status": "confirmed"}, ["e-5"]),
        ({"status": "unreviewed"}, ["e-3", "e-1", "e-2"]),
        ({"trend": "increase"}, ["e-2"]),
        ({"trend": "decrease"}, ["e-5"]),
        ({"measure": "team_size"}, ["e-2"]),
        ({"measure": "kinship_degree"}, []),
        ({"document": "r2"}, ["e-3"]),
        ({"document": "r2", "status": "rejected"}, ["e-4"]),
        ({"search": "Tumen"}, ["e-5"]),
        ({"search": "prices"}, ["e-1", "e-2"]),  # report text outside any quote
        ({"search": "smuggl"}, ["e-3"]),  # prefix; the rejected e-4 of the same report stays hidden
        ({"search": "Dandong", "status": "rejected"}, ["e-4"]),
        ({"search": "nothing-like-this"}, []),
        ({"agency": "mss", "type": "surveillance", "province": "KP-10", "trend": "increase"}, ["e-2"]),
        ({"agency": "mss", "target": "smugglers"}, []),
    ],
)
def test_every_filter(filled, kwargs, expected):
    f = EventFilter(**kwargs)
    assert ids(filled.list_events(f)) == expected
    assert filled.count_events(f) == len(expected)
    assert ids(filled.iter_events(f)) == sorted(expected, key=lambda i: [e.id for e in ALL].index(i))


def test_search_over_quotes(store):
    # An analyst's quote can carry words the report body does not (e.g. a corrected spelling).
    fill(store)
    edited = Event(id="e-6", document="r3", type="arrest", evidence=Evidence("Bowibu detained a courier", 0, 10))
    with store.transaction():
        store.insert_events("r3", [edited], None)
    assert ids(store.list_events(EventFilter(search="bowibu"))) == ["e-6"]
    assert store.search_reports("bowibu") == []


def test_iter_events_in_export_order_and_batches(filled):
    assert ids(filled.iter_events(batch=1)) == ["e-1", "e-2", "e-3", "e-5"]
    assert ids(filled.iter_events(EventFilter(status="rejected"), batch=2)) == ["e-4"]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("type", [("arrest", 1), ("border_control", 1), ("sentencing", 1), ("surveillance", 1)]),
        ("admin1", [("KP-09", 2), ("KP-10", 2)]),
        ("status", [("unreviewed", 3), ("confirmed", 1)]),
        ("agency", [("mss", 2), ("courts", 1), ("inminban", 1), ("kpa", 1), ("other:border_guards", 1),
                    ("prosecutors", 1)]),
        ("target", [("border_residents", 2), ("brokers", 1), ("phone_users", 1), ("smugglers", 1)]),
        ("month", [(None, 1), ("2020-05", 1), ("2021-03", 2)]),
        ("country", [("KP", 4)]),
        ("trend", [(None, 2), ("decrease", 1), ("increase", 1)]),
        ("precision", [("city", 2), ("province", 2)]),
    ],
)
def test_group_counts(filled, column, expected):
    assert filled.group_counts(column) == expected


def test_group_counts_with_filter_and_limit(filled):
    assert filled.group_counts("type", EventFilter(province="KP-10")) == [("arrest", 1), ("surveillance", 1)]
    assert filled.group_counts("country", EventFilter(status="rejected")) == [("CN", 1)]
    assert filled.group_counts("agency", limit=1) == [("mss", 2)]
    with pytest.raises(ValueError, match="cannot group"):
        filled.group_counts("quote")


def test_counts(filled):
    assert filled.counts() == {"reports": 3, "on_topic": 3, "off_topic": 0, "near_duplicates": 0,
                               "events": 4, "unreviewed": 3}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # (the library names a parameter plainly; the CLI says --since, a web page "From (since)")
        ({"since": "2020-13-01"}, "^since must be a date YYYY-MM-DD, got '2020-13-01'$"),
        ({"until": "yesterday"}, "^until must be a date"),
        ({"type": "riot"}, "unknown event type"),
        ({"status": "done"}, "unknown status"),
        ({"trend": "up"}, "unknown trend"),
        ({"province": "Atlantis"}, "unknown province"),
        ({"province": "KP-99"}, "unknown province 'KP-99'; known codes: KP-01, "),
        ({"country": "XX"}, "unknown country 'XX': give an ISO 3166-1 code"),
        ({"country": "ZZZ"}, "unknown country 'ZZZ'"),
        ({"measure": "bogus"}, "unknown measure 'bogus'; known: "),
        ({"search": "!!"}, "the search '!!' has no word to look for"),
    ],
)
def test_bad_filters_are_input_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        EventFilter(**kwargs)


def test_filters_are_normalised():
    f = EventFilter(country="cn", province="kp-09", search="  ", place="", measure="team_size")
    assert (f.country, f.province, f.search, f.place, f.measure) == ("CN", "KP-09", None, None, "team_size")
    assert EventFilter(country="China").country == "CN"
    assert EventFilter(country="NZ").country == "NZ"  # any assigned ISO code, not only the gazetteer's countries


def test_a_search_for_nothing_is_an_error(filled):
    for text in ("", "   ", "!!"):
        with pytest.raises(InputError, match="the search"):
            filled.search_reports(text)
        with pytest.raises(InputError, match="the search"):
            filled.count_search_reports(text)


# -- through the default pipeline -------------------------------------------------------------


def test_ingest_report_stores_a_report_and_its_events(store):
    body = (
        "Brokers arrested in Hyesan\n\n"
        "State security agents arrested two brokers in Hyesan. "
        "North Korea's Ministry of State Security has been tightening its watch on the border, "
        "a source in Ryanggang Province told Daily NK.\n"
    )
    outcome = ingest_report(RawReport("hyesan-brokers", body, "hyesan-brokers.txt", "txt"), store, build_pipeline())
    assert outcome.status == "ingested" and outcome.report_id == "hyesan-brokers"
    report = store.get_report("hyesan-brokers")
    assert report.body == body and report.on_topic
    events = store.events_of_report("hyesan-brokers")
    assert events and ids(events) == ids(outcome.doc.events)
    assert all(e.evidence.quote == body[e.evidence.start:e.evidence.end] for e in events)
    assert any(
        e.type == "arrest" and "mss" in e.perpetrators and e.location and e.location.place == "Hyesan"
        for e in events
    )
    # the same text again is a duplicate, whatever its name
    again = ingest_report(RawReport("other-name", body, "other-name.txt", "txt"), store, build_pipeline())
    assert (again.status, again.report_id) == ("duplicate", "hyesan-brokers")
    assert store.counts()["reports"] == 1


# -- the review queue -------------------------------------------------------------------


def test_review_queue_latest_first_and_most_uncertain_first(filled):
    latest = filled.review_queue()  # same ingest time: the later id first, then text order
    assert [(e.id, info) for e, info in latest] == [
        ("e-3", {"report_id": "r2", "title": "Musan trial", "outlet": "Example News", "published": "2020-06-01"}),
        ("e-1", {"report_id": "r1", "title": "Hyesan crackdown", "outlet": "Example News", "published": "2021-03-10"}),
        ("e-2", {"report_id": "r1", "title": "Hyesan crackdown", "outlet": "Example News", "published": "2021-03-10"}),
    ]
    assert [e.id for e, _ in filled.review_queue("uncertain")] == ["e-2", "e-3", "e-1"]
    assert [e.id for e, _ in filled.review_queue("uncertain", limit=1, offset=1)] == ["e-3"]
    assert [e.id for e, _ in filled.review_queue("confident")] == ["e-1", "e-3", "e-2"]
    assert [e.id for e, _ in filled.review_queue("latest", limit=None, offset=2)] == ["e-2"]
    with pytest.raises(InputError, match="known: latest, uncertain, confident"):
        filled.review_queue("random")
