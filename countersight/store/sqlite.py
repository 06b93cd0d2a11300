"""The embedded default: one SQLite file in WAL mode, with FTS5 for full-text search."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from countersight.errors import StoreError
from countersight.store.base import Dialect, Store


class SQLiteDialect(Dialect):
    name = "sqlite"
    placeholder = "?"
    # Take the write lock at the start, so that two writers queue instead of
    # failing half-way with "database is locked" on lock upgrade. One writer at a
    # time: a check made inside a transaction stays true until it commits, so no
    # schema or report lock is needed besides.
    begin = "BEGIN IMMEDIATE"
    no_limit = -1
    error = sqlite3.DatabaseError
    integrity_error = sqlite3.IntegrityError

    def event_search(self, alias: str) -> str:
        # A quote matches, or the text of the report it came from does.
        return (
            f"({alias}.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) "
            f"OR {alias}.report_id IN (SELECT r.id FROM reports r JOIN reports_fts f ON f.rowid = r.rowid "
            f"WHERE reports_fts MATCH ?))"
        )

    def report_search(self) -> str:
        return (
            "SELECT r.id, r.title, snippet(reports_fts, 1, '[', ']', ' … ', 16) FROM reports_fts "
            "JOIN reports r ON r.rowid = reports_fts.rowid WHERE reports_fts MATCH ? ORDER BY rank LIMIT ?"
        )

    def match_query(self, words: list[str]) -> str:
        # FTS5: each word a quoted string (operators become plain words), the last a prefix.
        if not words:
            return '""'
        quoted = ['"' + w.replace('"', "") + '"' for w in words]
        quoted[-1] += "*"
        return " ".join(quoted)

    def unique_violation(self, exc: BaseException) -> str | None:
        # "UNIQUE constraint failed: reports.content_hash" (PRIMARY KEYs say the same)
        message = str(exc)
        prefix = "UNIQUE constraint failed: "
        if message.startswith(prefix):
            return message[len(prefix):].split(",")[0].strip()
        return None


def connect_sqlite(path: str) -> Store:
    """Open (creating if needed) an SQLite store; ``:memory:`` for tests."""
    target = path
    if path != ":memory:":
        # Open the path that was checked: sqlite3 itself does not expand "~".
        target = str(Path(path).expanduser())
        parent = Path(target).resolve().parent
        if not parent.exists():
            raise StoreError(f"cannot create the database {path}: folder {parent} does not exist")
    try:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            _set_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from exc
    store = Store(conn, SQLiteDialect(), path)
    return store



def _set_wal(conn: sqlite3.Connection, patience: float = 30.0) -> None:
    """Switch to WAL. The switch needs the database to itself and SQLite does not wait
    for it (no busy handler): when another process opens the same new file at the
    same moment, try again for a while instead of failing with "database is locked"."""
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
