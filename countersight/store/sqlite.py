"""The embedded default: one SQLite file in WAL mode, with FTS5 for full-text search."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
import weakref
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

    def event_search(self, alias: str, common: bool = False) -> str:
        # The report's text (or title) matches, or a quote that is not the report's own
        # text does (a small index). For a rare search, the matching reports' events are
        # collected through their index; for a common one, the events are read in the
        # order asked for and each is checked against the set of matching reports (its
        # rowid looked up): the page is found after a few rows instead of after all.
        quotes = f"{alias}.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
        if common:
            return (f"((SELECT r.rowid FROM reports r WHERE r.id = {alias}.report_id) IN "
                    f"(SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?) OR {quotes})")
        return (f"({alias}.report_id IN (SELECT r.id FROM reports_fts f JOIN reports r ON r.rowid = f.rowid "
                f"WHERE reports_fts MATCH ?) OR {quotes})")

    def reports_matching(self) -> str:
        return "SELECT COUNT(*) FROM (SELECT 1 FROM reports_fts WHERE reports_fts MATCH ? LIMIT ?) m"

    def quotes_matching(self) -> str:
        return "SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT 1"

    def events_of_matching_reports(self) -> tuple[str, str]:
        # Matching reports as they come from the index, each joined to its events: no set
        # of all matches is built, so a count that stops early costs what it counted.
        return ("reports_fts g JOIN reports r ON r.rowid = g.rowid CROSS JOIN events e",
                "reports_fts MATCH ? AND e.report_id = r.id")

    def report_search(self, on_topic_only: bool = False) -> str:
        topic = " AND r.on_topic = 1" if on_topic_only else ""
        return (
            "SELECT r.id AS id, r.title AS title, snippet(reports_fts, 1, '[', ']', ' … ', 16) AS snippet FROM reports_fts "
            f"JOIN reports r ON r.rowid = reports_fts.rowid WHERE reports_fts MATCH ?{topic} ORDER BY rank LIMIT ?"
        )

    def report_search_count(self, on_topic_only: bool = False) -> str:
        topic = " AND r.on_topic = 1" if on_topic_only else ""
        return ("SELECT COUNT(*) FROM reports_fts JOIN reports r ON r.rowid = reports_fts.rowid "
                f"WHERE reports_fts MATCH ?{topic}")

    def match_query(self, words: list[str], prefix: bool = True) -> str:
        # FTS5: each word a quoted string (operators become plain words); with ``prefix`` the last a prefix.
        if not words:
            return '""'
        quoted = ['"' + w.replace('"', "") + '"' for w in words]
        if prefix:
            quoted[-1] += "*"
        return " ".join(quoted)

    def unique_violation(self, exc: BaseException) -> str | None:
        # "UNIQUE constraint failed: reports.content_hash" (PRIMARY KEYs say the same)
        message = str(exc)
        prefix = "UNIQUE constraint failed: "
        if message.startswith(prefix):
            return message[len(prefix):].split(",")[0].strip()
        return None


SQLITE_HEADER = b"SQLite format 3\x00"

# SQLite's locks are POSIX locks, and closing *any* descriptor of a file drops all of
# this process's locks on it ("How To Corrupt An SQLite Database File", 2.2). Reading a
# file's header to tell whether it is encrypted would therefore, once this process holds
# a connection to it (the server's pool opens one per busy request), let another process
# that closes the database believe it is the last user: it checkpoints and deletes the
# WAL the server still writes to, and the server's commits are lost. So the header is
# read only while no connection of this process holds the file; after that, the answer
# given before the first connection is reused. Files by (device, inode): locks belong
# to the file, whatever path or link it was opened by.
_files_lock = threading.Lock()
_open_files: dict[tuple[int, int], list] = {}  # (device, inode) -> [encrypted, connections]


def _identity(target: Path) -> tuple[int, int] | None:
    try:
        st = target.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _decide_encrypted(target: Path) -> bool:
    """Call with ``_files_lock`` held (a connection being opened then waits)."""
    try:
        st = target.stat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        return False
    known = _open_files.get((st.st_dev, st.st_ino))
    if known is not None:
        return known[0]
    # No connection of this process holds the file: closing this descriptor drops no lock.
    with target.open("rb") as handle:
        return handle.read(16) != SQLITE_HEADER


def is_encrypted(path: str) -> bool:
    """An existing, non-empty file that does not start with SQLite's header: SQLCipher's.

    Never opens the file while a connection of this process holds it (see above)."""
    if path == ":memory:":
        return False
    with _files_lock:
        return _decide_encrypted(Path(path).expanduser())


def _register(target: Path, encrypted: bool) -> tuple[int, int] | None:
    """Call with ``_files_lock`` held, once the connection has opened the file (SQLite
    creates it then, and takes no lock before the first statement)."""
    ident = _identity(target)
    if ident is not None:
        entry = _open_files.setdefault(ident, [encrypted, 0])
        entry[1] += 1
    return ident


def _unregister(ident: tuple[int, int] | None) -> None:
    if ident is None:
        return
    with _files_lock:
        entry = _open_files.get(ident)
        if entry is not None:
            entry[1] -= 1
            if entry[1] <= 0:
                del _open_files[ident]


def connect_sqlite(path: str, *, key: str | None = None) -> Store:
    """Open (creating if needed) an SQLite store; ``:memory:`` for tests.

    With ``key`` the file is (or becomes) an SQLCipher database, encrypted at rest;
    an encrypted file without its key, or with a wrong one, is a clear error.
    """
    target = path
    if path != ":memory:":
        # Open the path that was checked: sqlite3 itself does not expand "~".
        target = str(Path(path).expanduser())
        parent = Path(target).resolve().parent
        if not parent.exists():
            raise StoreError(f"cannot create the database {path}: folder {parent} does not exist")
    ident = None
    with _files_lock:
        # Decided and registered under one lock: no other thread reads the header
        # between this decision and the moment this connection counts as holding the file.
        encrypted = key is not None or (path != ":memory:" and _decide_encrypted(Path(target)))
        if encrypted and not key:
            raise StoreError(
                f"cannot open the database {path}: file is not a database (if it is an encrypted "
                "countersight database, give its key in COUNTERSIGHT_KEY)"
            )
        driver = _sqlcipher() if encrypted else sqlite3
        try:
            conn = driver.connect(target, isolation_level=None, check_same_thread=False, timeout=30)
        except driver.DatabaseError as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc
        if path != ":memory:":
            ident = _register(Path(target), encrypted)
    try:
        if encrypted:
            try:  # SQLCipher logs a wrong key to stderr itself; the StoreError below says it once
                conn.execute("PRAGMA cipher_log_level = NONE")
            except driver.DatabaseError:
                pass
            conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except driver.DatabaseError as exc:
                raise StoreError(f"cannot open {path}: wrong key (COUNTERSIGHT_KEY), or not a countersight database") from exc
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            _set_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException as exc:
        conn.close()
        _unregister(ident)
        if isinstance(exc, driver.DatabaseError):
            raise StoreError(f"cannot open the database {path}: {exc}") from exc
        raise
    dialect = SQLiteDialect()
    if encrypted:
        dialect.error = driver.DatabaseError
        dialect.integrity_error = driver.IntegrityError
    store = Store(conn, dialect, path)
    # Closed or collected, the store no longer holds the file.
    store.on_close(weakref.finalize(store, _unregister, ident))
    return store


def _sqlcipher():
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - the extra is part of the test install
        raise StoreError("encrypted databases need SQLCipher: pip install 'countersight[encryption]'") from exc
    return dbapi2



def _set_wal(conn, patience: float = 30.0) -> None:
    """Switch to WAL. The switch needs the database to itself and SQLite does not wait
    for it (no busy handler): when another process opens the same new file at the
    same moment, try again for a while instead of failing with "database is locked"."""
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except Exception as exc:  # sqlite3's or SQLCipher's OperationalError
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
