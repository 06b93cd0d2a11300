"""Storage: ``open_store(url)`` gives a migrated ``Store`` for an SQLite path or a PostgreSQL URL."""

from __future__ import annotations

from countersight.errors import CountersightError, StoreError
from countersight.store.base import Store
from countersight.store.filters import EventFilter
from countersight.store.migrations import migrate

__all__ = ["EventFilter", "Store", "connect", "is_postgres", "open_store"]


def open_store(url: str, *, create: bool = True) -> Store:
    """Open the database at ``url`` and bring its schema up to date.

    ``url`` is an SQLite file path (``:memory:`` for a throwaway one) or a
    ``postgresql://`` URL of an existing database. ``create=False`` refuses an
    SQLite file that does not exist yet (a PostgreSQL database is never created).
    """
    store = connect(url, create=create)
    try:
        migrate(store)
    except CountersightError:
        store.close()
        raise
    except store.dialect.error as exc:  # locked, read-only, corrupt, no rights: a message, not a traceback
        store.close()
        raise StoreError(f"cannot prepare the database {store.label}: {_first_line(exc)}") from exc
    return store


def connect(url: str, *, create: bool = True) -> Store:
    """The store at ``url`` as it is, schema not migrated (``open_store`` does that)."""
    if is_postgres(url):
        from countersight.store.postgres import connect_postgres

        return connect_postgres(url)
    from countersight.store.sqlite import connect_sqlite

    if not create and url != ":memory:":
        from pathlib import Path

        if not Path(url).expanduser().exists():
            raise StoreError(f"no database at {url}: run `countersight ingest` (or `countersight demo`) first")
    return connect_sqlite(url)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
