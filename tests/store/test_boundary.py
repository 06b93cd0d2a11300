"""The store boundary: only ``countersight/store/`` speaks SQL or reaches into a Store.

Issue 9: SQL spread over the web pages, the accounts, the audit log and re-extraction
(and the pool touching a store's private members) is how a file came to be opened
behind SQLite's back. This scan keeps the boundary from eroding again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import countersight
from countersight.store import open_store

PACKAGE = Path(countersight.__file__).resolve().parent
STORE = PACKAGE / "store"
DB_CALLS = {"execute", "executemany", "executescript", "query", "scalar", "records", "record", "cursor"}
# Statements as the store writes them (keywords in capitals), not English that starts alike.
SQL = re.compile(r"^\s*(SELECT\s.*\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                 r"REPLACE\s+INTO\s|PRAGMA\s|(CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER|VIEW)\s|"
                 r"(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b)", re.DOTALL)
DRIVERS = {"sqlite3", "psycopg", "sqlcipher3"}


def _outside_store() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if STORE not in p.parents)


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(PACKAGE.parent)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_CALLS:
            found.append(f"{where}:{node.lineno}: .{node.func.attr}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            found.append(f"{where}:{node.lineno}: SQL {node.value[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in ("store", "s", "other") or name.endswith("_store"):
                found.append(f"{where}:{node.lineno}: {name}.{node.attr}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if module.split(".")[0] in DRIVERS:
                    found.append(f"{where}:{node.lineno}: import {module}")
    return sorted(found)


def test_nothing_outside_the_store_speaks_sql_or_touches_its_private_members():
    assert len(_outside_store()) > 40  # the scan sees the package
    assert [v for path in _outside_store() for v in _violations(path)] == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path):
    bad = PACKAGE / "_boundary_probe.py"  # (a file in the package, removed at once)
    bad.write_text("import sqlite3\n"
                   "def f(store, ctx):\n"
                   "    store.execute('SELECT id FROM events')\n"
                   "    ctx.store._depth = 0\n"
                   "    return store._where(None)\n", encoding="utf-8")
    try:
        found = _violations(bad)
    finally:
        bad.unlink()
    assert found == [
        "countersight/_boundary_probe.py:1: import sqlite3",
        "countersight/_boundary_probe.py:3: .execute(...)",
        "countersight/_boundary_probe.py:3: SQL 'SELECT id FROM events'",
        "countersight/_boundary_probe.py:4: store._depth",
        "countersight/_boundary_probe.py:5: store._where",
    ]


def test_an_abandoned_transaction_is_ended_through_the_public_method(db_url: str):
    s = open_store(db_url)
    try:
        assert not s.in_transaction and s.end_abandoned_transaction() is False
        unit = s.transaction()
        unit.__enter__()  # a request that failed half-way, never leaving its ``with``
        # (an attempt counts as failed until ended: with a limit of one, a second is refused)
        assert s.begin_login_attempt("nobody", "2000", 1) is not None
        assert s.in_transaction
        assert s.end_abandoned_transaction() is True
        assert not s.in_transaction
        with s.transaction():  # the connection is usable again, and the abandoned attempt was rolled back
            assert s.begin_login_attempt("nobody", "2000", 1) is not None
        assert s.begin_login_attempt("nobody", "2000", 1) is None  # the committed attempt counts
    finally:
        s.close()


def test_update_report_changes_only_what_an_extraction_finds(db_url: str):
    s = open_store(db_url)
    try:
        with pytest.raises(ValueError, match="body"):
            s.update_report("r", {"body": "rewritten", "on_topic": 1})
    finally:
        s.close()
