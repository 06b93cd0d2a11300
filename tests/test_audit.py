import sqlite3

import pytest

from countersight import accounts, audit, review
from countersight.ingest.service import ingest
from countersight.store import open_store

BODY = ("State security agents in Hyesan, North Korea, arrested two brokers last week, a source in "
        "Ryanggang Province told Daily NK. The agents also searched homes in Hyesan, North Korea.\n")


@pytest.fixture()
def store(tmp_path):
    (tmp_path / "r.txt").write_text(BODY, encoding="utf-8")
    s = open_store(str(tmp_path / "a.db"))
    ingest([tmp_path / "r.txt"], s)
    yield s
    s.close()


def test_changes_are_chained_and_verify(store):
    accounts.add_user(store, "ana", "correct horse battery", "analyst", actor="admin")
    event = store.events_of_report("r")[0]
    review.confirm(store, event.id, "ana")
    review.edit(store, event.id, "ana", {"trend": "increase"} if event.type in ("surveillance", "border_control") else {"targets": ["smugglers"]})
    actions = [e["action"] for e in reversed(audit.entries(store))]
    assert actions[-3:] == ["user.add", "review.confirm", "review.edit"]
    result = audit.verify(store)
    assert result.ok and result.entries == len(actions) and len(result.head) == 64


def test_the_database_refuses_to_change_the_log(store):
    accounts.add_user(store, "ana", "correct horse battery", "analyst")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.execute("UPDATE audit_log SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.execute("DELETE FROM audit_log")


def test_verify_detects_an_edited_or_deleted_entry(store):
    for name in ("ana", "bo", "cy"):
        accounts.add_user(store, name, "correct horse battery", "viewer")
    n = audit.verify(store).entries
    # someone with raw access drops the guard and edits an entry
    store.execute("DROP TRIGGER audit_log_no_update")
    store.execute("DROP TRIGGER audit_log_no_delete")
    store.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (n - 1,))
    edited = audit.verify(store)
    assert not edited.ok and f"entry {n - 1} was altered" in edited.problems
    store.execute("DELETE FROM audit_log WHERE seq = ?", (n - 2,))
    deleted = audit.verify(store)
    assert any("missing" in p for p in deleted.problems)


def test_ingest_writes_one_entry_per_stored_report(store):
    entries = audit.entries(store)
    assert [(e["action"], e["subject"]) for e in entries] == [("ingest", "r")]
    assert entries[0]["details"]["events"] == len(store.events_of_report("r"))


# -- on both backends: the log only grows at its head; a recorded head catches a rewrite --------


def _three_users(url: str):
    s = open_store(url)
    for name in ("ana", "bo", "cy"):
        accounts.add_user(s, name, "correct horse battery", "viewer", actor="admin")
    return s


def test_the_database_refuses_entries_anywhere_but_at_the_head(db_url: str):
    s = _three_users(db_url)
    try:
        before = audit.entries(s)
        head = s.audit_head()
        forged = dict(head, actor="mallory", hash="f" * 64)
        attempts = [
            # SQLite's REPLACE deletes the old row without firing the DELETE trigger
            ("INSERT OR REPLACE INTO audit_log ({c}) VALUES ({m})", forged) if s.dialect.name == "sqlite" else
            ("INSERT INTO audit_log ({c}) VALUES ({m}) ON CONFLICT (seq) DO UPDATE SET actor = 'mallory'", forged),
            ("INSERT INTO audit_log ({c}) VALUES ({m})", dict(forged, seq=head["seq"] + 5, prev_hash=head["hash"])),
            ("INSERT INTO audit_log ({c}) VALUES ({m})", dict(forged, seq=head["seq"] + 1, prev_hash="0" * 64)),
        ]
        for sql, entry in attempts:
            columns = ", ".join(s.AUDIT_COLUMNS)
            marks = ", ".join("?" for _ in s.AUDIT_COLUMNS)
            with pytest.raises(s.dialect.error, match="append-only"):
                with s.transaction():
                    s.execute(sql.format(c=columns, m=marks), [entry[c] for c in s.AUDIT_COLUMNS])
        if s.dialect.name == "postgresql":
            with pytest.raises(s.dialect.error, match="append-only"):
                with s.transaction():
                    s.execute("TRUNCATE audit_log")
        assert audit.entries(s) == before
        assert audit.verify(s).ok
        audit.append(s, "cli", "user.note", "ana")  # the ordinary way still works
        assert audit.verify(s).entries == len(before) + 1
    finally:
        s.close()


def test_verify_with_a_recorded_head_catches_a_rewritten_chain(db_url: str):
    s = _three_users(db_url)
    try:
        recorded = audit.verify(s)
        assert recorded.ok and audit.verify(s, head=recorded.head).ok
        accounts.add_user(s, "dee", "correct horse battery", "viewer", actor="admin")
        assert audit.verify(s, head=recorded.head).ok  # newer entries may follow the recorded head
        # Someone with raw access rewrites the log, recomputing every hash: a valid chain by itself.
        rows = s.audit_entries(newest_first=False)
        with s.transaction():
            s.execute("DROP TRIGGER audit_log_no_delete" if s.dialect.name == "sqlite"
                      else "DROP TRIGGER audit_log_no_change ON audit_log")
            s.execute("DELETE FROM audit_log")
        prev = audit.GENESIS
        with s.transaction():
            for r in rows:
                actor = "somebody" if r["actor"] == "admin" else r["actor"]
                digest = audit.entry_hash(prev, r["seq"], r["at"], actor, r["action"], r["subject"], r["details"])
                s.insert_audit_entry(dict(r, actor=actor, prev_hash=prev, hash=digest))
                prev = digest
        assert audit.verify(s).ok
        caught = audit.verify(s, head=recorded.head)
        assert not caught.ok and caught.problems == [
            f"the recorded head {recorded.head} is not in the log: it was rewritten or cut back"]
    finally:
        s.close()


def test_cli_verify_head(tmp_path):
    from click.testing import CliRunner

    from countersight.cli import cli

    db = str(tmp_path / "cli.db")
    _three_users(db).close()
    runner = CliRunner()
    first = runner.invoke(cli, ["audit", "verify", "--db", db])
    head = first.output.split("head ")[1].strip()
    assert first.exit_code == 0 and len(head) == 64
    assert runner.invoke(cli, ["audit", "verify", "--db", db, "--head", head]).exit_code == 0
    other = runner.invoke(cli, ["audit", "verify", "--db", db, "--head", "a" * 64])
    assert other.exit_code == 1 and "is not in the log" in other.output
