"""Encryption at rest: SQLCipher databases, keys from the environment only."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight.cli import cli
from countersight.errors import StoreError
from countersight.ingest.service import ingest
from countersight.samples import reports_dir
from countersight.store import create_encrypted, open_store
from countersight.store.sqlite import is_encrypted

KEY = "correct horse battery 'staple'"


def test_encrypted_file_holds_no_plaintext(tmp_path: Path):
    path = str(tmp_path / "enc.db")
    store = create_encrypted(path, KEY)
    summary = ingest([reports_dir()], store)
    store.close()
    assert summary.events > 0 and is_encrypted(path)
    for name in ("enc.db", "enc.db-wal"):
        data = (tmp_path / name).read_bytes() if (tmp_path / name).exists() else b""
        for phrase in (b"SQLite format 3", b"Ministry of State Security", b"Hyesan", b"reports_fts"):
            assert phrase not in data
    reopened = open_store(path, key=KEY)
    assert reopened.counts()["events"] == summary.events
    reopened.close()


def test_missing_and_wrong_keys_are_clear_errors(tmp_path: Path):
    path = str(tmp_path / "enc.db")
    create_encrypted(path, KEY).close()
    with pytest.raises(StoreError, match="COUNTERSIGHT_KEY"):
        open_store(path)
    with pytest.raises(StoreError, match="wrong key"):
        open_store(path, key="not the key")
    with pytest.raises(StoreError, match="exists already"):
        create_encrypted(path, KEY)


def test_cli_init_encrypted_then_every_command_uses_the_environment_key(tmp_path: Path, monkeypatch):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    monkeypatch.setenv("COUNTERSIGHT_KEY", KEY)
    assert runner.invoke(cli, ["init", "--encrypted", "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["ingest", str(reports_dir()), "--db", db, "-q"]).exit_code == 0
    listed = runner.invoke(cli, ["events", "--db", db, "--type", "arrest", "--json"])
    assert listed.exit_code == 0 and '"type": "arrest"' in listed.output
    monkeypatch.setenv("COUNTERSIGHT_KEY", "wrong")
    wrong = runner.invoke(cli, ["events", "--db", db])
    assert wrong.exit_code == 4 and "wrong key" in wrong.stderr and "Traceback" not in wrong.output
    monkeypatch.delenv("COUNTERSIGHT_KEY")
    missing = runner.invoke(cli, ["events", "--db", db])
    assert missing.exit_code == 4 and "COUNTERSIGHT_KEY" in missing.stderr


def test_a_plain_database_stays_plain_when_a_key_is_set(tmp_path: Path, monkeypatch):
    path = str(tmp_path / "plain.db")
    open_store(path).close()
    monkeypatch.setenv("COUNTERSIGHT_KEY", KEY)
    store = open_store(path)
    store.close()
    assert not is_encrypted(path)
