"""Versioned schema migrations: numbered SQL files per backend, applied in order, once."""

from __future__ import annotations

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


def current_version(store: Store) -> int:
    store.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return int(store.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))


def migrate(store: Store) -> list[str]:
    """Apply the pending migrations, each in its own transaction; return their names."""
    applied = []
    done = current_version(store)
    shipped = available(store.dialect.name)
    newest = max((v for v, _, _ in shipped), default=0)
    if done > newest:
        raise StoreError(
            f"the database {store.url} has schema version {done}, newer than this countersight knows "
            f"({newest}): upgrade countersight"
        )
    for version, name, sql in shipped:
        if version <= done:
            continue
        with store.transaction():
            # Another process may have applied it while we waited for the write lock.
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
    """Split a migration on semicolons that end a statement (trigger bodies stay whole)."""
    statements, current, depth = [], [], 0
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        current.append(line)
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
