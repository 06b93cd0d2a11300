"""Storage: ``open_store(url)`` gives a migrated ``Store`` for an SQLite path or a PostgreSQL URL."""

from __future__ import annotations

import sqlite3

from countersight.errors import CountersightError, StoreError
from countersight.store.base import Store
from countersight.store.filters import EventFilter
from countersight.store.migrations import migrate

__all__ = ["EventFilter", "Store", "open_store"]


def open_store(url: str, *, create: bool = True) -> Store:
    """Open the database at ``url`` and bring its schema up to date."""
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL support is not available in this version; use an SQLite file path")
    from countersight.store.sqlite import connect_sqlite

    if not create and url != ":memory:":
        from pathlib import Path

        if not Path(url).exists():
            raise StoreError(f"no database at {url}: run `countersight ingest` (or `countersight demo`) first")
    store = connect_sqlite(url)
    try:
        migrate(store)
    except CountersightError:
        store.close()
        raise
    except sqlite3.DatabaseError as exc:  # locked, read-only, corrupt: a message, not a traceback
        store.close()
        raise StoreError(f"cannot prepare the database {url}: {exc}") from exc
    return store
