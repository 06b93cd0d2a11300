"""What only the SQLite backend does: pragmas, WAL, file paths, its error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from countersight.errors import StoreError
from countersight.store import open_store


def test_memory_store_pragmas():
    s = open_store(":memory:")
    try:
        assert s.scalar("PRAGMA journal_mode") == "memory"
        assert s.scalar("PRAGMA foreign_keys") == 1
        assert s.dialect.begin == "BEGIN IMMEDIATE"
    finally:
        s.close()


def test_file_store_uses_wal(tmp_path: Path):
    path = str(tmp_path / "cs.db")
    first = open_store(path)
    assert first.scalar("PRAGMA journal_mode") == "wal"
    first.close()
    again = open_store(path, create=False)
    try:
        assert again.scalar("PRAGMA journal_mode") == "wal"
        assert again.scalar("PRAGMA busy_timeout") == 30000
    finally:
        again.close()


def test_open_store_errors(tmp_path: Path):
    with pytest.raises(StoreError, match="no database at"):
        open_store(str(tmp_path / "missing.db"), create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "folder.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite database, just some text " * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(str(junk))


def test_home_relative_path_is_expanded(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    s = open_store("~/home.db")
    s.close()
    assert (tmp_path / "home.db").is_file()
    assert not Path("~").exists()
    open_store("~/home.db", create=False).close()  # found where it was created
