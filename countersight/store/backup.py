"""Backups of a live database, and restoring them.

- SQLite: SQLite's online backup API copies the database page by page into a new
  file, consistent even while others write; a restore copies a backup file back
  the same way (into a new or an existing database file). An encrypted (SQLCipher)
  database gives an encrypted backup under the same key (``sqlcipher_export``);
  restoring one needs the key (``COUNTERSIGHT_KEY``).
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists``
  (the client programs of /usr/lib/postgresql/*/bin, newest first, else from
  PATH), in a single transaction: a failed restore changes nothing.

A backup file says what it is (SQLite's and pg_dump's headers); restoring one into
the other kind of database is refused with a message. After a restore the schema
is brought up to date, so an older backup restores into a newer countersight.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path
from typing import Any

from countersight.errors import Conflict, InputError, StoreError
from countersight.store import KEY_VARIABLE, connect, is_postgres, open_store
from countersight.store.base import Store
from countersight.store.migrations import available, expected_tables

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PG_BIN_DIRS = "/usr/lib/postgresql/*/bin"


def backup(source: Store | str, path: str | Path, *, key: str | None = None) -> Path:
    """Write a backup of ``source`` (an open store, a file path or a URL) to ``path``,
    replacing the file there only once the backup is complete. ``key``: of an
    encrypted SQLite file given by path (default ``COUNTERSIGHT_KEY``)."""
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {target.parent} does not exist")
    url = source.url if isinstance(source, Store) else source
    part = target.with_name(target.name + ".part")
    try:
        if is_postgres(url):
            _pg_tool("pg_dump", url, ["--format=custom", "--file", str(part)])
        elif isinstance(source, Store):
            _sqlite_copy(source.conn, part)
        else:
            store = open_store(url, create=False, key=key)
            try:
                _sqlite_copy(store.conn, part)
            finally:
                store.close()
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return target


def restore(path: str | Path, url: str, *, force: bool = False, key: str | None = None) -> list[str]:
    """Replace the contents of the database at ``url`` with the backup at ``path``;
    return the migrations applied afterwards (for a backup older than the code).

    A database that already holds reports is replaced only with ``force``. ``key``:
    of an encrypted backup and database (default ``COUNTERSIGHT_KEY``)."""
    key = key or os.environ.get(KEY_VARIABLE) or None
    source = Path(path).expanduser()
    kind = backup_kind(source, key)
    wanted = "postgresql" if is_postgres(url) else "sqlite"
    if kind != wanted:
        raise InputError(
            f"{path} is {'a PostgreSQL dump' if kind == 'postgresql' else 'an SQLite backup'}: "
            f"restore it into {'a postgresql:// database' if kind == 'postgresql' else 'an SQLite file'}"
        )
    if url == ":memory:":
        raise InputError("restoring into :memory: would keep nothing; give a file")
    held = _reports_in(url, key)
    if held and not force:
        raise Conflict(f"the database {_label(url)} holds {held} reports and restoring replaces them all: "
                       "add --force to go ahead")
    if kind == "postgresql":
        _pg_tool("pg_restore", url, ["--clean", "--if-exists", "--no-owner", "--no-privileges",
                                     "--single-transaction", "--exit-on-error", str(source)])
    else:
        src = _open_sqlite_backup(source, key)
        try:
            encrypted = not isinstance(src, sqlite3.Connection)
            new = not Path(url).expanduser().exists()
            # A new file is encrypted as the backup is; an existing one must match it.
            store = connect(url, create=True, key=(key if encrypted else None) if new else key)
            try:
                if encrypted != (not isinstance(store.conn, sqlite3.Connection)):
                    raise InputError(
                        f"{path} is {'an encrypted' if encrypted else 'a plain'} backup and {url} "
                        f"{'a plain' if encrypted else 'an encrypted'} database: restore it into a new file "
                        "or a database like it"
                    )
                src.backup(store.conn)
            except store.dialect.error as exc:
                raise StoreError(f"cannot restore {path} into {url}: {exc}") from exc
            finally:
                store.close()
        finally:
            src.close()
    from countersight.store.migrations import migrate

    store = open_store(url, create=False, key=key)  # migrates an older backup; the WAL pragma again
    try:
        return migrate(store)
    finally:
        store.close()


def backup_kind(path: Path, key: str | None = None) -> str:
    """``sqlite`` or ``postgresql``, from the file's first bytes (an encrypted SQLite
    backup has none to tell: with ``key`` it is tried as one)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InputError(f"cannot read the backup {path}: {exc.strerror or exc}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    if key and len(head) == len(SQLITE_MAGIC) and _opens_encrypted(path, key):
        return "sqlite"
    raise InputError(f"{path} is not a countersight backup (neither an SQLite database nor a pg_dump file; "
                     f"an encrypted backup needs its key in {KEY_VARIABLE})")


def _sqlite_copy(conn: Any, part: Path) -> None:
    part.unlink(missing_ok=True)
    try:
        if isinstance(conn, sqlite3.Connection):
            dest = sqlite3.connect(str(part))
            try:
                conn.backup(dest)
            finally:
                dest.close()
        else:  # SQLCipher: an encrypted copy, under the same key (an attached database shares it)
            conn.execute("ATTACH DATABASE ? AS countersight_backup", (str(part),))
            try:
                conn.execute("SELECT sqlcipher_export('countersight_backup')")
            finally:
                conn.execute("DETACH DATABASE countersight_backup")
    except Exception as exc:  # sqlite3's or SQLCipher's error
        raise StoreError(f"backup failed: {exc}") from exc


def _opens_encrypted(path: Path, key: str) -> bool:
    try:
        conn = _sqlcipher_open(path, key)
    except Exception:  # noqa: BLE001 - no SQLCipher, a wrong key, not a database: not one
        return False
    conn.close()
    return True


def _sqlcipher_open(path: Path, key: str) -> Any:
    from countersight.store.sqlite import _sqlcipher

    conn = _sqlcipher().connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    except Exception:  # noqa: BLE001 - older SQLCipher
        pass
    conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _open_sqlite_backup(path: Path, key: str | None) -> Any:
    """A read-only connection to a backup: a countersight database, of a schema this code knows."""
    try:
        with path.open("rb") as f:
            plain = f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if plain else _sqlcipher_open(path, key or "")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] \
            if "schema_migrations" in tables else None
    except Exception as exc:  # sqlite3's or SQLCipher's error
        raise InputError(f"{path} cannot be read as an SQLite backup: {exc}") from exc
    if version is None or "reports" not in tables:
        conn.close()
        raise InputError(f"{path} is an SQLite database but not a countersight one")
    newest = max(v for v, _, _ in available("sqlite"))
    if version > newest:
        conn.close()
        raise StoreError(f"the backup {path} has schema version {version}, newer than this countersight knows "
                         f"({newest}): upgrade countersight")
    missing = expected_tables("sqlite", upto=version) - {t.lower() for t in tables}
    if missing:  # restoring it would put a broken database in place of a working one
        conn.close()
        raise InputError(f"{path} is a damaged countersight database: {'table' if len(missing) == 1 else 'tables'} "
                         f"{', '.join(sorted(missing))} missing")
    return conn


def _reports_in(url: str, key: str | None = None) -> int:
    """How many reports the database holds now (0 when it has no schema or no file yet)."""
    if not is_postgres(url) and not Path(url).expanduser().exists():
        return 0
    store = connect(url, create=False, key=key)
    try:
        return int(store.scalar("SELECT COUNT(*) FROM reports") or 0)
    except store.dialect.error:
        return 0
    finally:
        store.close()


# -- PostgreSQL's client programs -------------------------------------------------------------


def pg_program(name: str) -> str:
    """The newest ``name`` (pg_dump, pg_restore) of the PostgreSQL installations, else PATH's."""

    def version(folder: str) -> tuple[int, ...]:
        m = re.search(r"/(\d+)(?:\.(\d+))?/bin$", folder)
        return tuple(int(x) for x in m.groups() if x) if m else (0,)

    for folder in sorted(glob(PG_BIN_DIRS), key=version, reverse=True):
        candidate = os.path.join(folder, name)
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    if found is None:
        raise StoreError(f"{name} not found (neither in {PG_BIN_DIRS} nor on PATH): install PostgreSQL's client "
                         "programs (Debian: apt-get install postgresql-client)")
    return found


def _pg_tool(name: str, url: str, args: list[str]) -> None:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password is not None:  # never on the command line, where ps shows it
        env["PGPASSWORD"] = str(password)
    command = [pg_program(name), *args, "--dbname", make_conninfo(**params)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error:" in line.lower()]
        detail = (errors or lines or [f"exit status {done.returncode}"])[0]
        raise StoreError(f"{name} failed on {_label(url)}: {detail}")


def _label(url: str) -> str:
    if is_postgres(url):
        from countersight.store.postgres import redact

        return redact(url)
    return url
