"""Storage: ``open_store(url)`` gives a migrated ``Store`` for an SQLite path or a PostgreSQL URL."""

from __future__ import annotations

import os
from pathlib import Path

from countersight.errors import CountersightError, StoreError
from countersight.store.base import Store
from countersight.store.filters import EventFilter
from countersight.store.migrations import check_schema, migrate

__all__ = ["EventFilter", "Store", "connect", "is_postgres", "open_store", "create_encrypted", "upgrade"]

# The key of an encrypted database comes from the environment (or a prompt at the
# CLI's edge), never from a file in the repository or a command-line argument.
KEY_VARIABLE = "COUNTERSIGHT_KEY"


def create_encrypted(path: str, key: str) -> Store:
    """A new SQLCipher database at ``path``, migrated; refuses an existing file."""
    if not key:
        raise StoreError(f"an encrypted database needs a key ({KEY_VARIABLE})")
    if Path(path).expanduser().exists():
        raise StoreError(f"{path} exists already: `init --encrypted` only creates new databases")
    from countersight.store.sqlite import connect_sqlite

    store = connect_sqlite(path, key=key)
    migrate(store)
    return store


def open_store(url: str, *, create: bool = True, key: str | None = None) -> Store:
    """Open the database at ``url`` and bring its schema up to date.

    ``url`` is an SQLite file path (``:memory:`` for a throwaway one) or a
    ``postgresql://`` URL of an existing database. ``create=False`` refuses an
    SQLite file that does not exist yet (a PostgreSQL database is never created).
    """
    store = connect(url, create=create, key=key)
    try:
        upgrade(store)
    except CountersightError:
        store.close()
        raise
    return store


def upgrade(store: Store) -> list[str]:
    """Apply the pending migrations and check that every table is there; the names applied."""
    try:
        applied = migrate(store)
    except store.dialect.error as exc:  # locked, read-only, corrupt, no rights: a message, not a traceback
        raise StoreError(f"cannot prepare the database {store.label}: {_first_line(exc)}") from exc
    check_schema(store)
    return applied


def connect(url: str, *, create: bool = True, key: str | None = None) -> Store:
    """The store at ``url`` as it is, schema not migrated (``open_store`` does that)."""
    if is_postgres(url):
        from countersight.store.postgres import connect_postgres

        return connect_postgres(url)
    from countersight.store.sqlite import connect_sqlite

    if not create and url != ":memory:":
        if not Path(url).expanduser().exists():
            raise StoreError(f"no database at {url}: create it with `countersight init`, `countersight demo` or "
                             "`countersight ingest`")
    if key is None:
        key = os.environ.get(KEY_VARIABLE) or None
    from countersight.store.sqlite import is_encrypted

    if key is not None and url != ":memory:" and Path(url).expanduser().is_file() and not is_encrypted(url) \
            and Path(url).expanduser().stat().st_size > 0:
        key = None  # a plain database stays plain; COUNTERSIGHT_KEY only opens encrypted ones
    return connect_sqlite(url, key=key)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
