"""Backup and restore on every backend (tests/conftest.py): what comes back is what was
backed up, table by table, row by row."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from countersight import accounts, review
from countersight.errors import Conflict, InputError, StoreError
from countersight.ingest.service import ingest
from countersight.settings import load_settings
from countersight.store import backup as backups
from countersight.store import open_store
from countersight.store.backup import backup, backup_kind, restore
from countersight.store.base import Store

REPORT = (
    "Agents detain brokers in Hyesan\n\n"
    "State security agents in Hyesan, Ryanggang Province, arrested two brokers last week, a source in "
    "Ryanggang Province told Daily NK. The agents also searched the homes of defectors' families in North Korea.\n"
)
LATER = (
    "Musan trial\n\nA court in Musan, North Hamgyong Province, sentenced three smugglers to ten years in a labor "
    "camp at a public trial last week, a source told Daily NK.\n"
)


def tables(store: Store) -> list[str]:
    if store.dialect.name == "sqlite":
        rows = store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "AND name NOT LIKE '%_fts%'")
    else:
        rows = store.query("SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
    return sorted(r[0] for r in rows)


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), full-text index columns included."""
    store = open_store(url, create=False)
    try:
        return {t: sorted(store.query(f"SELECT * FROM {t}"), key=repr) for t in tables(store)}
    finally:
        store.close()


@pytest.fixture
def filled_url(db_url: str, tmp_path: Path) -> str:
    """Reports, events, facets, reviews, users, sessions: a row in every table."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hyesan.txt").write_text(REPORT, encoding="utf-8")
    store = open_store(db_url)
    try:
        ingest([folder], store, load_settings(environ={}))
        arrest = next(e for e in store.events_of_report("hyesan") if e.type == "arrest")
        review.confirm(store, arrest.id, "ana")
        accounts.add_user(store, "ana", "correct horse battery", "analyst")
        accounts.login(store, "ana", "correct horse battery")
    finally:
        store.close()
    return db_url


def test_backup_then_restore_gives_identical_data(filled_url: str, new_db_url, tmp_path: Path):
    before = contents(filled_url)
    assert all(before[t] for t in ("reports", "events", "event_perpetrators", "reviews", "users", "sessions",
                                   "report_lsh", "schema_migrations"))
    file = backup(filled_url, tmp_path / "cs.backup")
    assert file == tmp_path / "cs.backup" and file.stat().st_size > 0
    assert not (tmp_path / "cs.backup.part").exists()

    target = new_db_url(empty=True)  # nothing there yet
    assert restore(file, target) == []
    assert contents(target) == before

    s = open_store(target)
    try:  # and it works: search, review history, a new review id after the restored ones
        assert [h["id"] for h in s.search_reports("brokers")] == ["hyesan"]
        arrest = next(e for e in s.events_of_report("hyesan") if e.type == "arrest")
        assert [h["action"] for h in review.history(s, arrest.id)] == ["confirm"]
        review.reject(s, arrest.id, "ana", "wrong place")
        ids = [h["id"] for h in review.history(s, arrest.id)]
        assert ids == sorted(ids) and len(set(ids)) == 2
    finally:
        s.close()


def test_restore_replaces_what_changed_since_the_backup(filled_url: str, tmp_path: Path):
    before = contents(filled_url)
    file = backup(filled_url, tmp_path / "cs.backup")
    later = tmp_path / "later"
    later.mkdir()
    (later / "musan.txt").write_text(LATER, encoding="utf-8")
    s = open_store(filled_url)
    try:
        ingest([later], s, load_settings(environ={}))
        assert s.counts()["reports"] == 2
    finally:
        s.close()

    with pytest.raises(Conflict, match="holds 2 reports.*--force"):
        restore(file, filled_url)
    assert len(contents(filled_url)["reports"]) == 2  # refused: nothing changed

    restore(file, filled_url, force=True)
    assert contents(filled_url) == before


def test_backup_of_an_open_store_while_another_writer_is_busy(filled_url: str, tmp_path: Path):
    """Online: the backup neither waits for nor includes another connection's open transaction."""
    writer, reader = open_store(filled_url), open_store(filled_url)
    try:
        expected = contents(filled_url)
        done = threading.Event()
        with writer.transaction():
            writer.execute("DELETE FROM sessions")
            worker = threading.Thread(target=lambda: (backup(reader, tmp_path / "online.backup"), done.set()))
            worker.start()
            assert done.wait(timeout=60), "the backup waited for the writer"
        worker.join()
    finally:
        writer.close()
        reader.close()
    assert contents(filled_url)["sessions"] == []  # committed after the backup was taken
    restore(tmp_path / "online.backup", filled_url, force=True)
    assert contents(filled_url) == expected


def test_backups_say_what_they_are(filled_url: str, tmp_path: Path, backend: str):
    file = backup(filled_url, tmp_path / "cs.backup")
    assert backup_kind(file) == backend
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup at all\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a countersight backup"):
        restore(junk, filled_url, force=True)
    with pytest.raises(InputError, match="cannot read the backup"):
        restore(tmp_path / "missing.backup", filled_url)
    with pytest.raises(InputError, match="folder .* does not exist"):
        backup(filled_url, tmp_path / "no" / "such" / "file")


def test_a_backup_is_restored_only_into_its_own_kind_of_database(filled_url: str, backend: str, tmp_path: Path):
    file = backup(filled_url, tmp_path / "cs.backup")
    other = "postgresql://nobody@127.0.0.1:1/none" if backend == "sqlite" else str(tmp_path / "x.db")
    with pytest.raises(InputError, match="restore it into"):
        restore(file, other)


# -- SQLite only -----------------------------------------------------------------------------------


def test_sqlite_backup_of_an_in_memory_store(tmp_path: Path):
    """Only SQLite's backup API can copy a database that lives in memory."""
    store = open_store(":memory:")
    try:
        store.execute("INSERT INTO users (username, password_hash, role, created_at) VALUES ('a', 'h', 'viewer', 'x')")
        file = backup(store, tmp_path / "mem.backup")
    finally:
        store.close()
    conn = sqlite3.connect(file)
    try:
        assert conn.execute("SELECT username FROM users").fetchall() == [("a",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    restore(file, str(tmp_path / "restored.db"))
    assert contents(str(tmp_path / "restored.db"))["users"] == [("a", "h", "viewer", "x", 0)]


def test_sqlite_restore_refuses_other_databases_and_newer_schemas(tmp_path: Path):
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="not a countersight one"):
        restore(foreign, str(tmp_path / "target.db"))

    newer = tmp_path / "newer.db"
    s = open_store(str(newer))
    s.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 'x')")
    s.close()
    file = tmp_path / "newer.backup"
    conn = sqlite3.connect(newer)
    dest = sqlite3.connect(file)
    conn.backup(dest)
    conn.close()
    dest.close()
    with pytest.raises(StoreError, match="schema version 99"):
        restore(file, str(tmp_path / "target.db"))
    with pytest.raises(InputError, match="memory"):
        restore(file, ":memory:")


def test_sqlite_restore_refuses_a_damaged_backup_and_keeps_the_database(tmp_path: Path):
    damaged = tmp_path / "damaged.db"
    s = open_store(str(damaged))
    s.execute("DROP TABLE incidents")
    s.close()
    target = tmp_path / "target.db"
    good = open_store(str(target))
    good.close()
    before = target.read_bytes()
    with pytest.raises(InputError, match="damaged.db is a damaged countersight database: table incidents missing"):
        restore(damaged, str(target), force=True)
    assert target.read_bytes() == before


def test_missing_postgres_programs_are_a_message(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(backups, "PG_BIN_DIRS", str(tmp_path / "nowhere" / "*" / "bin"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match="pg_dump not found.*apt-get install postgresql-client"):
        backups.pg_program("pg_dump")


def test_newest_postgres_programs_first(monkeypatch, tmp_path: Path):
    for version in ("9.6", "15", "13"):
        folder = tmp_path / "postgresql" / version / "bin"
        folder.mkdir(parents=True)
        program = folder / "pg_dump"
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    monkeypatch.setattr(backups, "PG_BIN_DIRS", str(tmp_path / "postgresql" / "*" / "bin"))
    assert backups.pg_program("pg_dump") == str(tmp_path / "postgresql" / "15" / "bin" / "pg_dump")


def test_an_encrypted_database_gives_an_encrypted_backup(tmp_path: Path, monkeypatch):
    NAME = "ana-plaintext-marker-7f3c"  # noqa: N806
    from countersight.store import create_encrypted
    from countersight.store.sqlite import is_encrypted

    key = "correct horse battery 'staple'"
    path = str(tmp_path / "enc.db")
    store = create_encrypted(path, key)
    try:
        ingest([tmp_path / "nothing"], store, load_settings(environ={}))
        # A name long enough that random ciphertext never holds it by chance ("ana", three
        # bytes, turned up in about one backup in a hundred).
        store.execute("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, 'h', 'viewer', 'x')",
                      (NAME,))
        file = backup(store, tmp_path / "enc.backup")
    finally:
        store.close()
    assert is_encrypted(str(file)) and NAME.encode() not in file.read_bytes()

    monkeypatch.delenv("COUNTERSIGHT_KEY", raising=False)
    with pytest.raises(InputError, match="needs its key in COUNTERSIGHT_KEY"):
        restore(file, str(tmp_path / "plain-target.db"))
    target = str(tmp_path / "restored.db")
    restore(file, target, key=key)
    assert is_encrypted(target)
    s = open_store(target, key=key)
    try:
        assert s.query("SELECT username FROM users") == [(NAME,)]
    finally:
        s.close()
    plain = str(tmp_path / "plain.db")
    open_store(plain).close()
    with pytest.raises(InputError, match="encrypted backup and .* a plain database"):
        restore(file, plain, key=key)
