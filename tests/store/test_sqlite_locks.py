"""SQLite's locks are POSIX locks: closing *any* descriptor of the database file drops
all of this process's locks on it ("How To Corrupt An SQLite Database File", 2.2). Opening
a second connection must not do that, or another process closing the database believes it
is the last user, checkpoints and deletes the WAL under our feet: commits are lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from countersight.store import create_encrypted, open_store
from countersight.store.sqlite import is_encrypted

# Another process that opens the database, reads, and closes it (as `countersight user list` does).
OTHER_PROCESS = """
import sqlite3, sys
if len(sys.argv) > 2:
    from sqlcipher3 import dbapi2 as sqlite3
conn = sqlite3.connect(sys.argv[1])
if len(sys.argv) > 2:
    conn.execute("PRAGMA key = '" + sys.argv[2].replace("'", "''") + "'")
print(conn.execute("SELECT COUNT(*) FROM probe").fetchone()[0])
conn.close()
"""


def _other_process_reads(path: str, key: str | None = None) -> int:
    args = [sys.executable, "-c", OTHER_PROCESS, path] + ([key] if key else [])
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return int(out.stdout)


def _append(store, n: int) -> None:
    with store.transaction():
        for _ in range(n):
            store.execute("INSERT INTO probe (x) VALUES (?)", (os.urandom(8).hex(),))


KEY = "a key"


@pytest.mark.parametrize("second", ["open_store", "open_store_create_false", "is_encrypted", "encrypted"])
def test_second_connection_keeps_the_locks_of_the_first(tmp_path: Path, second: str):
    path = str(tmp_path / "locks.db")
    key = KEY if second == "encrypted" else None
    first = create_encrypted(path, KEY) if key else open_store(path)
    first.execute("CREATE TABLE probe (x TEXT)")  # a table of the test's own: nothing else writes it
    try:
        _append(first, 1)  # the WAL is in use
        # The server's pool opens another connection while the first one is open.
        if second == "is_encrypted":  # the CLI's question, asked by a process that holds the file
            assert not is_encrypted(path)
            other = None
        else:
            other = open_store(path, create=second != "open_store_create_false", key=key)
        try:
            # Another process opens and closes the database: it must see that we still use it.
            assert _other_process_reads(path, key) == 1
            _append(first, 3)  # committed: every other process must see it
            assert _other_process_reads(path, key) == 4
        finally:
            if other is not None:
                other.close()
    finally:
        first.close()
    if key:
        assert is_encrypted(path)  # asked again once no connection holds it
        assert _other_process_reads(path, key) == 4
        return
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM probe").fetchone()[0] == 4
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_the_answer_is_kept_only_while_a_connection_holds_the_file(tmp_path: Path):
    from countersight.store.sqlite import _open_files

    path = tmp_path / "held.db"
    first = open_store(str(path))
    second = open_store(str(path))
    st = path.stat()
    assert _open_files[(st.st_dev, st.st_ino)] == [False, 2]
    second.close()
    assert _open_files[(st.st_dev, st.st_ino)] == [False, 1]
    first.close()
    assert (st.st_dev, st.st_ino) not in _open_files
    dropped = open_store(str(path))
    del dropped  # collected without close(): forgotten as well
    assert (st.st_dev, st.st_ino) not in _open_files
