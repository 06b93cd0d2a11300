"""Crash safety: SIGKILL at random moments during a large ingest and during reviews.

After every kill, and after running again to the end, the database holds every
report exactly once with all of its events (never half a report), and every
review the killed process had committed, with the event's status to match.

A round starts the process, waits until it has done a random amount of work
(it prints a line per report or per review, unbuffered), waits a random few
milliseconds more, and kills it (its whole process group: ``-j 2`` has workers).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from countersight.ingest.service import ingest
from countersight.samples import reports_dir
from countersight.settings import SETTINGS, load_settings
from countersight.store import open_store

REPORTS = 240
ROUNDS = 5
REVIEWS = 240
SEED = int(os.environ.get("CRASH_SEED", "0")) or random.randrange(1 << 30)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and process groups are POSIX")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def make_reports(folder: Path, rng: random.Random) -> None:
    """Small reports made of paragraphs of the bundled samples, each one unique."""
    paragraphs = [
        para.strip()
        for path in sorted(reports_dir().glob("*.txt"))
        for para in path.read_text(encoding="utf-8").split("\n\n")
        if len(para.strip()) > 80 and ":" not in para[:20]
    ]
    folder.mkdir()
    for i in range(REPORTS):
        body = (f"Dispatch {i:03d} on surveillance in North Korea\n\n" + "\n\n".join(rng.sample(paragraphs, 3))
                + f"\n\nThis is dispatch number {i} from the border, a source in North Korea said.\n")
        (folder / f"r{i:03d}.txt").write_text(body, encoding="utf-8")


def kill_after(cmd: list[str], lines_wanted: int, extra_s: float, cwd: Path) -> tuple[int, list[str]]:
    """Run ``cmd``; SIGKILL its process group once it printed ``lines_wanted`` lines
    (and ``extra_s`` more seconds passed), or let it finish. The lines it printed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=_env(), cwd=cwd, start_new_session=True)
    seen: list[str] = []
    killed = False
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if len(seen) >= lines_wanted:
                time.sleep(extra_s)
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
        if killed:
            seen.extend(line.rstrip("\n") for line in proc.stdout)  # what was printed before the kill
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, seen


def db_state(db: Path) -> tuple[dict[str, str], Counter]:
    """(report id -> content hash, events per report) of the file, checked for consistency."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reports = dict(conn.execute("SELECT id, content_hash FROM reports"))
        events = Counter(dict(conn.execute("SELECT report_id, COUNT(*) FROM events GROUP BY report_id")))
        orphans = conn.execute("SELECT COUNT(*) FROM events e LEFT JOIN reports r ON r.id = e.report_id "
                               "WHERE r.id IS NULL").fetchone()[0]
        assert orphans == 0, "events of a report that is not stored"
    finally:
        conn.close()
    assert len(set(reports.values())) == len(reports), "one text stored twice"
    return reports, events


@pytest.fixture(scope="module")
def crashed_ingest(tmp_path_factory: pytest.TempPathFactory):
    """The folder, the reference events per report, and a database ingested through
    ROUNDS kills and one full run; plus what each round saw."""
    rng = random.Random(SEED)
    root = tmp_path_factory.mktemp("crash")
    folder = root / "reports"
    make_reports(folder, rng)

    reference = open_store(":memory:")
    summary = ingest([folder], reference, load_settings({}, environ={}))
    assert summary.ingested == REPORTS and summary.failed == 0
    expected_events = Counter(dict(reference.query("SELECT report_id, COUNT(*) FROM events GROUP BY report_id")))
    expected_hashes = dict(reference.query("SELECT id, content_hash FROM reports"))
    reference.close()

    db = root / "crash.db"
    rounds = []
    for n in range(ROUNDS):
        workers = "2" if n % 2 else "1"
        stored_before = len(db_state(db)[0]) if db.exists() else 0
        remaining = REPORTS - stored_before
        wanted = rng.randint(1, max(1, remaining - 1))
        extra = rng.uniform(0, 0.05)
        cmd = [sys.executable, "-m", "countersight", "ingest", str(folder), "--db", str(db), "-j", workers]
        code, lines = kill_after(cmd, wanted, extra, root)
        stored, events = db_state(db)
        rounds.append({"workers": workers, "killed_after_lines": wanted, "returncode": code, "stored": len(stored)})
        check_reports(stored, events, expected_hashes, expected_events, complete=False)
    final = subprocess.run([sys.executable, "-m", "countersight", "ingest", str(folder), "--db", str(db), "-q"],
                           capture_output=True, text=True, env=_env(), cwd=root, timeout=300)
    return {"db": db, "rounds": rounds, "final": final, "hashes": expected_hashes, "events": expected_events}


def check_reports(stored: dict[str, str], events: Counter, hashes: dict[str, str], expected: Counter,
                  *, complete: bool) -> None:
    for report_id, digest in stored.items():
        assert hashes.get(report_id) == digest, f"{report_id} stored under another id or with other text"
        assert events[report_id] == expected[report_id], (
            f"{report_id}: {events[report_id]} events stored, {expected[report_id]} extracted: half a report")
    if complete:
        assert set(stored) == set(hashes), f"missing: {sorted(set(hashes) - set(stored))[:5]}"


def test_ingest_killed_at_random_stores_every_report_exactly_once(crashed_ingest):
    rounds = crashed_ingest["rounds"]
    assert any(r["returncode"] == -signal.SIGKILL for r in rounds), f"no round was killed (seed {SEED}): {rounds}"
    final = crashed_ingest["final"]
    assert final.returncode == 0, final.stderr[-2000:]
    stored, events = db_state(crashed_ingest["db"])
    assert len(stored) == REPORTS
    check_reports(stored, events, crashed_ingest["hashes"], crashed_ingest["events"], complete=True)
    # The last run found the rest already stored, and said so.
    assert f"{REPORTS - rounds[-1]['stored']} ingested" in final.stdout, final.stdout


# --------------------------------------------------------------------------
# reviews

REVIEWER = r"""
import sys
from countersight import review
from countersight.store import open_store

store = open_store(sys.argv[1], create=False)
limit = int(sys.argv[2])
ids = [row[0] for row in store.query("SELECT id FROM events ORDER BY id")][:limit]
for eid in ids:
    event = store.get_event(eid)
    if event.status != "unreviewed":
        continue  # decided in an earlier run
    kind = int(eid[-2:], 16) % 3
    if kind == 0:
        done = review.confirm(store, eid, "anna", "crash test")
    elif kind == 1:
        done = review.reject(store, eid, "anna", "crash test")
    else:
        done = review.edit(store, eid, "anna", {"perpetrators": event.perpetrators + ["other:crash_test"]}, "crash test")
    print(f"committed {eid} {done.status}", flush=True)
print("done", flush=True)
"""


def review_state(db: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, str | None]]]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        status = dict(conn.execute("SELECT id, status FROM events"))
        reviews: dict[str, list[tuple[str, str | None]]] = {}
        for eid, action, field in conn.execute("SELECT event_id, action, field FROM reviews ORDER BY id"):
            reviews.setdefault(eid, []).append((action, field))
    finally:
        conn.close()
    dangling = set(reviews) - set(status)
    assert not dangling, f"reviews of events that do not exist: {sorted(dangling)[:5]}"
    return status, reviews


EXPECTED_HISTORY = {"confirmed": [("confirm", "status")], "rejected": [("reject", "status")],
                    "edited": [("edit", "perpetrators")], "unreviewed": []}


def check_reviews(status: dict[str, str], reviews: dict, committed: dict[str, str]) -> None:
    for eid, st in status.items():
        # Every decision is in the history exactly once, and every history entry took effect.
        assert reviews.get(eid, []) == EXPECTED_HISTORY[st], (eid, st, reviews.get(eid))
    for eid, st in committed.items():
        assert status.get(eid) == st, f"review of {eid} reported committed ({st}) but the event is {status.get(eid)}"


def test_reviews_killed_at_random_lose_nothing(crashed_ingest, tmp_path: Path):
    db = tmp_path / "review.db"
    shutil.copy(crashed_ingest["db"], db)
    rng = random.Random(SEED + 1)
    cmd = [sys.executable, "-c", REVIEWER, str(db), str(REVIEWS)]
    committed: dict[str, str] = {}
    killed = 0
    for _ in range(ROUNDS):
        status, _reviews = review_state(db)
        to_do = sum(1 for eid in sorted(status)[:REVIEWS] if status[eid] == "unreviewed")
        if to_do < 2:
            break
        code, lines = kill_after(cmd, rng.randint(1, to_do - 1), rng.uniform(0, 0.02), tmp_path)
        killed += code == -signal.SIGKILL
        for line in lines:
            if line.startswith("committed "):
                _, eid, st = line.split()
                committed[eid] = st
        status, reviews = review_state(db)
        check_reviews(status, reviews, committed)
    assert killed, f"no round was killed (seed {SEED})"
    code, lines = kill_after(cmd, 10**9, 0, tmp_path)  # to the end
    assert code == 0 and lines[-1] == "done", lines[-3:]
    committed.update({eid: st for _, eid, st in (line.split() for line in lines if line.startswith("committed "))})
    status, reviews = review_state(db)
    check_reviews(status, reviews, committed)
    first = sorted(status)[:REVIEWS]
    assert all(status[eid] != "unreviewed" for eid in first)
    assert set(committed) <= set(first)
    # Lines lost to a kill between commit and print are the only gap allowed.
    assert len(committed) >= len(first) - ROUNDS
    json.dumps(committed)  # nothing exotic in the ids
