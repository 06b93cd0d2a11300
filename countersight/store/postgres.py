"""PostgreSQL, for several analysts and ingest jobs at once: psycopg 3, full-text
search with PostgreSQL's own tsvector columns and GIN indexes.

The connection is in autocommit mode, so that the ``Store``'s explicit
``BEGIN`` / ``COMMIT`` delimit every transaction (READ COMMITTED). Writers do
not queue as they do on SQLite; what must not race is made safe by constraints
(a report's content hash and id are UNIQUE: a clash is caught and handled by the
ingest service) and by advisory locks (schema changes, one report's events).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from countersight.errors import StoreError
from countersight.store.base import Dialect, Store, named_rows

try:  # the optional extra: pip install 'countersight[postgres]'
    import psycopg
    import psycopg.errors
except ImportError:  # pragma: no cover - the extra is installed wherever PostgreSQL is used
    psycopg = None  # type: ignore[assignment]

# The text search configuration the migrations create: 'simple' (no stemming, no
# stop words: names and Korean words stay as they are) with accents removed, like
# SQLite's unicode61 tokenizer with remove_diacritics.
TS_CONFIG = "countersight"
HEADLINE = 'StartSel="[", StopSel="]", MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "'
# Advisory lock keys: one class id for countersight, then what is locked.
_LOCK_CLASS = 0x0C5
_SCHEMA_LOCK = 1
_AUDIT_LOCK = 3
# Constraint names (PostgreSQL's defaults) -> the column they guard.
_CONSTRAINTS = {
    "reports_pkey": "reports.id",
    "reports_content_hash_key": "reports.content_hash",
    "events_pkey": "events.id",
    "users_pkey": "users.username",
    "sessions_pkey": "sessions.token_hash",
    "report_lsh_pkey": "report_lsh.lsh_key",
    "event_perpetrators_pkey": "event_perpetrators.agency",
    "event_targets_pkey": "event_targets.target_group",
    "schema_migrations_pkey": "schema_migrations.version",
}
_cursors = count(1)


class PostgresDialect(Dialect):
    name = "postgresql"
    placeholder = "%s"
    begin = "BEGIN"
    no_limit = None  # LIMIT NULL: no limit
    schema_lock = f"SELECT pg_advisory_xact_lock({_LOCK_CLASS}, {_SCHEMA_LOCK})"
    # Appending to the hash-chained audit log reads the last entry: one writer at a time.
    audit_lock = f"SELECT pg_advisory_xact_lock({_LOCK_CLASS}, {_AUDIT_LOCK})"
    incident_lock = "LOCK TABLE incidents IN EXCLUSIVE MODE"
    # Blocks the triggers' inserts into the log while it is folded (never waits itself).
    tally_lock = "LOCK TABLE event_tally_log IN SHARE ROW EXCLUSIVE MODE NOWAIT"

    def __init__(self) -> None:
        if psycopg is not None:
            self.error = psycopg.Error
            self.integrity_error = psycopg.errors.IntegrityError

    def sql(self, statement: str) -> str:
        # psycopg reads "%" as the start of a placeholder: a literal one is "%%".
        return statement.replace("%", "%%").replace("?", "%s")

    def event_search(self, alias: str, common: bool = False) -> str:
        # The report's text (or title) matches, or a quote that is not the report's own
        # text does (a partial index). Rare: two index lookups in a union (an OR would scan
        # every event). Common: the events in the order asked for, each report checked
        # against the hashed set of matching reports, so a page needs no sort of all matches.
        def quotes(a: str) -> str:
            return f"{a}.quote_in_text = 0 AND {a}.quote_tsv @@ to_tsquery('{TS_CONFIG}', ?)"

        if common:
            return (f"(EXISTS (SELECT 1 FROM reports r WHERE r.id = {alias}.report_id "
                    f"AND r.search_tsv @@ to_tsquery('{TS_CONFIG}', ?)) OR ({quotes(alias)}))")
        return (
            f"{alias}.id IN (SELECT m.id FROM events m JOIN reports r ON r.id = m.report_id "
            f"WHERE r.search_tsv @@ to_tsquery('{TS_CONFIG}', ?) "
            f"UNION SELECT q.id FROM events q WHERE {quotes('q')})"
        )

    def reports_matching(self) -> str:
        return f"SELECT COUNT(*) FROM (SELECT 1 FROM reports WHERE search_tsv @@ to_tsquery('{TS_CONFIG}', ?) LIMIT ?) m"

    def quotes_matching(self) -> str:
        return f"SELECT 1 FROM events WHERE quote_in_text = 0 AND quote_tsv @@ to_tsquery('{TS_CONFIG}', ?) LIMIT 1"

    def events_of_matching_reports(self) -> tuple[str, str]:
        return "reports r CROSS JOIN events e", f"r.search_tsv @@ to_tsquery('{TS_CONFIG}', ?) AND e.report_id = r.id"

    def report_search(self, on_topic_only: bool = False) -> str:
        # Rank and cut first, then build snippets for the rows shown only.
        topic = " AND r.on_topic = 1" if on_topic_only else ""
        return (
            f"SELECT id, title, ts_headline('{TS_CONFIG}', body, q, '{HEADLINE}') AS snippet FROM ("
            f"SELECT r.id, r.title, r.body, q, ts_rank(r.search_tsv, q) AS rank "
            f"FROM reports r, to_tsquery('{TS_CONFIG}', ?) AS q WHERE r.search_tsv @@ q{topic} "
            f"ORDER BY rank DESC, r.id LIMIT ?) AS hits ORDER BY rank DESC, id"
        )

    def report_search_count(self, on_topic_only: bool = False) -> str:
        topic = " AND r.on_topic = 1" if on_topic_only else ""
        return f"SELECT COUNT(*) FROM reports r WHERE r.search_tsv @@ to_tsquery('{TS_CONFIG}', ?){topic}"

    def match_query(self, words: list[str], prefix: bool = True) -> str:
        # to_tsquery: each word a quoted lexeme (operators become plain words), all
        # required (&); with ``prefix`` the last one a prefix (:*). An empty query matches nothing.
        quoted = ["'" + w.replace("\\", "").replace("'", "''") + "'" for w in words]
        if quoted and prefix:
            quoted[-1] += ":*"
        return " & ".join(quoted)

    def unique_violation(self, exc: BaseException) -> str | None:
        if psycopg is None or not isinstance(exc, psycopg.errors.UniqueViolation):
            return None
        name = exc.diag.constraint_name or ""
        return _CONSTRAINTS.get(name, f"{exc.diag.table_name}.{name}")

    def lock_report(self, store: Store, report_id: str) -> None:
        # hashtext() gives an int4 key: two reports may share a lock (and wait), never miss one.
        store.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"countersight report {report_id}",))

    def lock_login(self, store: Store, username: str) -> None:
        # READ COMMITTED: without it two attempts could both count four failures and both go on.
        store.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"countersight login {username}",))

    def stream(self, store: Store, statement: str, params: tuple | list, batch: int) -> Iterator[dict[str, Any]]:
        # A server-side cursor: the client holds one batch at a time. WITH HOLD lets it
        # live outside a transaction (the connection is in autocommit mode).
        with store.conn.cursor(name=f"countersight_{next(_cursors)}", withhold=True) as cursor:
            cursor.itersize = batch
            cursor.execute(self.sql(statement), params)
            yield from named_rows(cursor, batch)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def require_psycopg() -> Any:
    if psycopg is None:
        raise StoreError("PostgreSQL needs psycopg: pip install 'countersight[postgres]'")
    return psycopg


def connect_postgres(url: str) -> Store:
    """Connect to an existing PostgreSQL database given as a postgresql:// URL."""
    driver = require_psycopg()
    label = redact(url)
    try:
        conn = driver.connect(url, autocommit=True, connect_timeout=10, application_name="countersight")
    except driver.Error as exc:
        raise StoreError(f"cannot connect to the database {label}: {first_line(exc)}") from exc
    # Our queries are short: compiling them (JIT) took longer than running them
    # (200 ms of 1.9 s on a search over a million events).
    conn.execute("SET jit = off")
    return Store(conn, PostgresDialect(), url, label)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    # libpq prefixes its messages with where it tried: keep what went wrong.
    text = re.sub(r'^connection to server at "[^"]*" \([^)]*\), port \d+ failed: ', "", text)
    return text.splitlines()[0] if text else type(exc).__name__
