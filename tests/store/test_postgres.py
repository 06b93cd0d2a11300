"""What only the PostgreSQL backend does: connection errors, full-text search with
tsvector columns and GIN indexes, identity review ids. Run when COUNTERSIGHT_TEST_PG
is set (tests/conftest.py); the URL helpers need no server."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from countersight.errors import StoreError
from countersight.store import is_postgres, open_store
from countersight.store.postgres import PostgresDialect, redact

pg = pytest.mark.backends("postgresql")


def test_urls_are_told_apart_and_passwords_never_shown():
    assert is_postgres("postgresql://u@h/db") and is_postgres("postgres://h/db")
    assert not is_postgres("countersight.db") and not is_postgres(":memory:")
    assert redact("postgresql://ana:s3cret@db.example:5432/cs") == "postgresql://ana:***@db.example:5432/cs"
    assert redact("postgresql://ana@db.example/cs") == "postgresql://ana@db.example/cs"


def test_placeholders_and_percent_signs():
    d = PostgresDialect()
    assert d.sql("SELECT ? WHERE x LIKE '%a'") == "SELECT %s WHERE x LIKE '%%a'"
    assert d.match_query(["Musan", "it's", "or"]) == "'Musan' & 'it''s' & 'or':*"
    assert d.match_query([]) == ""


@pg
def test_a_missing_database_is_a_message_without_the_password(backend, db_url):
    parts = urlsplit(db_url)
    missing = urlunsplit(parts._replace(path="/no_such_countersight_db",
                                        netloc=f"{parts.username or 'postgres'}:topsecret@{parts.hostname}:{parts.port}"))
    with pytest.raises(StoreError, match="cannot connect to the database .*no_such_countersight_db") as caught:
        open_store(missing, create=False)
    assert "topsecret" not in str(caught.value) and "***" in str(caught.value)


@pg
def test_full_text_search_uses_tsvector_columns_and_gin_indexes(backend, store):
    indexes = dict(store.query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('reports', 'events')"))
    assert "USING gin (search_tsv)" in indexes["reports_search"]
    assert "USING gin (quote_tsv)" in indexes["events_search"]
    kinds = dict(store.query(
        "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
        "WHERE column_name IN ('search_tsv', 'quote_tsv')"
    ))
    assert kinds == {"reports.search_tsv": "tsvector", "events.quote_tsv": "tsvector"}
    # No FTS5 leftovers: the columns are generated; the one trigger keeps the event tallies.
    assert store.query(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('reports'::regclass, 'events'::regclass)"
    ) == [("events_tally",)]

    store.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in store.query(
        "EXPLAIN " + store.dialect.report_search(), ("'musan':*", 5)))
    assert "reports_search" in plan
    plan = "\n".join(r[0] for r in store.query(
        "EXPLAIN SELECT id FROM events e WHERE " + store.dialect.event_search("e"), ("'musan'", "'musan'")))
    assert "events_search" in plan and "reports_search" in plan


@pg
def test_snippets_come_from_ts_headline(backend, store):
    body = "Musan trial\n\nA court in Musan sentenced three smugglers to two years in a labor camp in May.\n"
    with store.transaction():
        store.execute(
            "INSERT INTO reports (id, content_hash, title, body, format, word_count, on_topic, topic_hits, "
            "extractor_version, ingested_at) VALUES ('r2', 'h', 'Musan trial', ?, 'txt', 17, 1, 1, 't', 'now')",
            (body,),
        )
    [hit] = store.search_reports("smugg")
    assert hit["id"] == "r2" and "[smugglers]" in hit["snippet"]


@pg
def test_review_ids_come_from_an_identity_column(backend, store):
    store.add_review("e-1", "ana", "confirm")
    store.add_review("e-1", "bo", "edit", "type", "arrest", "detention")
    assert [r["id"] for r in store.reviews_of("e-1")] == [1, 2]
    assert store.scalar(
        "SELECT is_identity FROM information_schema.columns WHERE table_name = 'reviews' AND column_name = 'id'"
    ) == "YES"
