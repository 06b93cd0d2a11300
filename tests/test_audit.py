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
