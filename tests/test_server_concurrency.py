"""Reviews through a running server survive everything else that uses the database at once.

``countersight serve`` runs in a child process; two analysts review events through the
API from four threads at once, while other processes ingest new reports, export,
re-extract and list the users, over and over. Then every review that answered 200 must
be in the database as another process sees it, still there after the server is killed
with SIGKILL, and the SQLite file must pass ``PRAGMA integrity_check``.

This is the test that would have caught the lost reviews of issue 9: the server's pool
read the database file's header with ``open()`` for every new connection, which dropped
the process's POSIX locks, so a CLI process closing the database deleted the WAL the
server was still writing to. ``ROUNDS`` rounds per backend (a new server each round, a
new slice of events, the same database); docs/security.md says how often it was run.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from countersight import accounts
from countersight.ingest.service import ingest
from countersight.samples import reports_dir
from countersight.settings import SETTINGS, load_settings
from countersight.store import EventFilter, is_postgres, open_store

ROUNDS = int(os.environ.get("COUNTERSIGHT_CONCURRENCY_ROUNDS", "4"))
PER_ROUND = 40  # events reviewed per round, split between the two analysts
THREADS_PER_USER = 2
PASSWORD = "correct horse battery"
USERS = ("anna", "bo")
SEED = int(os.environ.get("CONCURRENCY_SEED", "0")) or random.randrange(1 << 30)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and process groups are POSIX")

# What another process sees: each event's status and who reviewed it, as JSON.
READER = """
import json, sys
from countersight.store import open_store
store = open_store(sys.argv[1], create=False)
out = {}
for eid in json.loads(sys.argv[2]):
    out[eid] = [store.get_event(eid).status, sorted({r["user"] for r in store.reviews_of(eid)})]
store.close()
print(json.dumps(out))
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "countersight", *args]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: str, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``countersight serve`` in a process group of its own; killed (SIGKILL) on exit if still running."""
    for _ in range(3):  # the port may be taken between choosing and binding it
        port = _free_port()
        with log.open("ab") as out:
            proc = subprocess.Popen(_cli("serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)),
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=_env(),
                                    start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            _kill(proc)
            continue
        try:
            yield base, proc
        finally:
            _kill(proc)
        return
    raise RuntimeError("countersight serve did not start:\n" + log.read_text("utf-8", "replace")[-4000:])


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


def login(base: str, user: str) -> tuple[httpx.Client, str]:
    """A client signed in through the login form, and its CSRF token for writes."""
    client = httpx.Client(base_url=base, timeout=120)
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    done = client.post("/login", data={"login_token": token.group(1), "username": user, "password": PASSWORD,
                                       "next": "/"})
    assert done.status_code == 303, done.text[:500]
    me = client.get("/api/me")
    assert me.status_code == 200 and me.json()["user"] == user
    return client, me.json()["csrf_token"]


def _unique_reports(folder: Path, n: int, tag: str) -> None:
    """``n`` reports of sample paragraphs, each unique (a new text every time)."""
    paragraphs = [p.strip() for f in sorted(reports_dir().glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    folder.mkdir(parents=True)
    rng = random.Random(tag)
    for i in range(n):
        body = (f"Dispatch {tag}-{i} on surveillance in North Korea\n\n" + "\n\n".join(rng.sample(paragraphs, 3))
                + f"\n\nThis is dispatch {tag}-{i}, a source in Ryanggang Province said.\n")
        (folder / f"{tag}-{i}.txt").write_text(body, encoding="utf-8")


def other_processes(db: str, work: Path, stop: threading.Event, failures: list[str], counts: dict[str, int],
                    documents: list[str], lane: int) -> None:
    """Ingest, export, re-extract and list users in turn, each a process of its own, until ``stop``
    (and at least once each)."""
    rng = random.Random(f"{SEED}-{lane}")
    n = 0
    while n < 4 or not stop.is_set():
        n += 1
        kind = ("ingest", "export", "reextract", "users")[(n + lane) % 4]
        if kind == "ingest":
            folder = work / f"in-{lane}-{n}-{os.getpid()}-{time.monotonic_ns()}"
            _unique_reports(folder, 3, folder.name)
            cmd = _cli("ingest", str(folder), "--db", db, "-q", "--no-progress")
        elif kind == "export":
            cmd = _cli("export", "--db", db, "-o", str(work / f"export-{lane}.jsonl"))
        elif kind == "reextract":
            cmd = _cli("reextract", "--db", db, "--document", rng.choice(documents))
        else:
            cmd = _cli("user", "list", "--db", db)
        done = subprocess.run(cmd, capture_output=True, text=True, env=_env(), stdin=subprocess.DEVNULL, timeout=300)
        if done.returncode != 0:
            failures.append(f"{' '.join(cmd[3:])}: exit {done.returncode}: {done.stderr[-2000:]}")
        counts[kind] = counts.get(kind, 0) + 1


def reviewer(base: str, user: str, events: list[str], answered: dict[str, tuple[str, str]],
             failures: list[str], rng: random.Random) -> None:
    try:
        client, csrf = login(base, user)
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        failures.append(f"{user} could not log in: {exc!r}")
        return
    try:
        for i, eid in enumerate(events):
            time.sleep(rng.uniform(0, 0.8))  # spread over the other processes' work, sometimes at once
            action = {"action": "confirm"} if i % 2 == 0 else {"action": "reject", "reason": "not surveillance"}
            response = client.post(f"/api/events/{eid}/review", json=action, headers={"X-CSRF-Token": csrf})
            if response.status_code == 200:
                answered[eid] = (response.json()["event"]["status"], user)
            else:
                failures.append(f"{user} {action['action']} {eid}: {response.status_code} {response.text[:300]}")
    except Exception as exc:  # noqa: BLE001
        failures.append(f"{user}: {exc!r}")
    finally:
        client.close()


def seen_by_another_process(db: str, ids: list[str]) -> dict[str, list]:
    done = subprocess.run([sys.executable, "-c", READER, db, json.dumps(ids)], capture_output=True, text=True,
                          env=_env(), check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.fixture
def shared_db(db_url: str, tmp_path: Path) -> str:
    store = open_store(db_url)
    try:
        ingest([reports_dir()], store, load_settings({"db": db_url}, environ={}))
        for user in USERS:
            accounts.add_user(store, user, PASSWORD, "analyst")
    finally:
        store.close()
    return db_url


def test_reviews_survive_concurrent_processes_and_sigkill(shared_db: str, tmp_path: Path):
    db = shared_db
    store = open_store(db)
    try:
        pending = [e.id for e in store.list_events(EventFilter())]
        documents = sorted({e.document for e in store.list_events(EventFilter())})
    finally:
        store.close()
    rng = random.Random(SEED)
    rng.shuffle(pending)
    assert len(pending) >= ROUNDS * PER_ROUND, "not enough events for the rounds"
    expected: dict[str, tuple[str, str]] = {}
    counts: dict[str, int] = {}
    log = tmp_path / "serve.log"
    for round_ in range(ROUNDS):
        batch, pending = pending[:PER_ROUND], pending[PER_ROUND:]
        answered: dict[str, tuple[str, str]] = {}
        failures: list[str] = []
        with serving(db, log) as (base, server):
            stop = threading.Event()
            others = [threading.Thread(target=other_processes,
                                       args=(db, tmp_path, stop, failures, counts, documents, lane))
                      for lane in range(2)]
            for t in others:
                t.start()
            time.sleep(0.3)  # the other processes are running when the reviews start
            lanes = [batch[i::len(USERS) * THREADS_PER_USER] for i in range(len(USERS) * THREADS_PER_USER)]
            reviewers = [threading.Thread(target=reviewer,
                                          args=(base, USERS[i % len(USERS)], lane, answered, failures,
                                                random.Random(f"{SEED}-{round_}-{i}")))
                         for i, lane in enumerate(lanes)]
            for t in reviewers:
                t.start()
            for t in reviewers:
                t.join()
            # One more pass of the other processes after the last review: a process closing the
            # database now must not take the server's WAL with it.
            time.sleep(0.5)
            stop.set()
            for t in others:
                t.join()
            assert failures == [], f"seed {SEED}, round {round_}"
            assert sorted(answered) == sorted(batch)
            expected.update(answered)
            want = {eid: [status, [user]] for eid, (status, user) in expected.items()}
            assert seen_by_another_process(db, sorted(expected)) == want, f"seed {SEED}, round {round_}, served"
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(30)
        assert seen_by_another_process(db, sorted(expected)) == want, f"seed {SEED}, round {round_}, killed"
        if not is_postgres(db):
            conn = sqlite3.connect(db)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            finally:
                conn.close()
    assert len(expected) == ROUNDS * PER_ROUND
    assert set(counts) == {"ingest", "export", "reextract", "users"}
