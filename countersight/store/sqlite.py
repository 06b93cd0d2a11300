"""The embedded default: one SQLite file in WAL mode, with FTS5 for full-text search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from countersight.errors import StoreError
from countersight.store.base import Dialect, Store


class SQLiteDialect(Dialect):
    name = "sqlite"
    placeholder = "?"
    # Take the write lock at the start, so that two writers queue instead of
    # failing half-way with "database is locked" on lock upgrade.
    begin = "BEGIN IMMEDIATE"

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
            "JOIN reports r ON r.rowid = reports_fts.rowid WHERE reports_fts MATCH ? ORDER BY rank"
        )


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
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from exc
    store = Store(conn, SQLiteDialect(), path)
    return store

