"""Versioned schema migrations: numbered SQL files per backend, applied in order, once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
import re
from importlib import resources

from countersight.errors import StoreError
from countersight.store.base import Store, now


def available(dialect: str) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped for a backend."""
    folder = resources.files("countersight.store") / "migrations" / dialect
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            out.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


_CREATE = re.compile(r"\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_DROP = re.compile(r"\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_RENAME = re.compile(r"\bALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)", re.IGNORECASE)


@lru_cache(maxsize=None)
def expected_tables(dialect: str, upto: int | None = None) -> frozenset[str]:
    """The tables the shipped migrations (up to version ``upto``) leave in a database (read and
    parsed once: the shipped migrations do not change while the program runs)."""
    tables: set[str] = set()
    for version, _, sql in available(dialect):
        if upto is not None and version > upto:
            break
        for statement in split_statements(sql):
            tables |= {m.group(1).lower() for m in _CREATE.finditer(statement)}
            tables -= {m.group(1).lower() for m in _DROP.finditer(statement)}
            for old, new in _RENAME.findall(statement):
                tables.discard(old.lower())
                tables.add(new.lower())
    return frozenset(tables)


def existing_tables(store: Store) -> set[str]:
    if store.dialect.name == "sqlite":
        rows = store.records("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = store.records("SELECT table_name AS name FROM information_schema.tables "
                             "WHERE table_schema = current_schema()")
    return {str(r["name"]).lower() for r in rows}


def check_schema(store: Store) -> None:
    """Refuse a database a table was taken from (by hand, or a damaged copy): every command
    would otherwise fail half-way with the database's own error."""
    missing = expected_tables(store.dialect.name) - existing_tables(store)
    if missing:
        raise StoreError(f"the database {store.label} is damaged: {'table' if len(missing) == 1 else 'tables'} "
                         f"{', '.join(sorted(missing))} missing; restore a backup (`countersight db restore`)")


def current_version(store: Store) -> int:
    with schema_lock(store):
        store.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        return int(store.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))


@contextmanager
def schema_lock(store: Store) -> Iterator[None]:
    """Where writers do not queue by themselves (PostgreSQL), schema changes take a
    lock until their transaction ends; two processes opening a new database at once
    then apply each migration once."""
    lock = store.dialect.schema_lock
    if lock is None:
        yield
        return
    with store.transaction():
        store.execute(lock)
        yield


def migrate(store: Store) -> list[str]:
    """Apply the pending migrations, each in its own transaction; return their names."""
    applied = []
    done = current_version(store)
    shipped = available(store.dialect.name)
    newest = max((v for v, _, _ in shipped), default=0)
    if done > newest:
        raise StoreError(
            f"the database {store.label} has schema version {done}, newer than this countersight knows "
            f"({newest}): upgrade countersight"
        )
    for version, name, sql in shipped:
        if version <= done:
            continue
        with store.transaction():
            # Another process may have applied it while we waited for the write lock
            # (current_version takes the schema lock where there is one).
            if current_version(store) >= version:
                continue
            for statement in split_statements(sql):
                store.conn.execute(statement)
            store.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (version, name, now())
            )
        applied.append(name)
    return applied


def split_statements(sql: str) -> list[str]:
    """Split a migration on semicolons that end a statement: trigger bodies
    (SQLite's BEGIN ... END;) and dollar-quoted function bodies (PostgreSQL's
    $$ ... $$) stay whole."""
    statements, current, depth, quoted = [], [], 0, False
    for line in sql.splitlines():
        stripped = line.strip()
        if not quoted and (not stripped or stripped.startswith("--")):
            continue
        current.append(line)
        if len(_DOLLAR.findall(line)) % 2:
            quoted = not quoted
        if quoted:
            continue
        upper = stripped.upper()
        if upper.endswith("BEGIN"):
            depth += 1
        if upper.startswith("END;") or upper == "END":
            depth -= 1
        if stripped.endswith(";") and depth == 0:
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


_DOLLAR = re.compile(r"\$[A-Za-z_]*\$")
