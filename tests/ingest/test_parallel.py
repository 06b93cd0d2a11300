"""Parallel ingest (worker processes, a Dask cluster) stores exactly what the single
process stores, report for report; a report that cannot be stored fails alone; memory
stays flat however large the input; a killed ingest resumes with nothing lost and
nothing twice; the progress line."""

from __future__ import annotations

import importlib.util
import io
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight.cli import cli
from countersight.ingest.progress import Progress, count_reports, wanted
from countersight.ingest.parallel import WORKERS_PER_CORE, default_workers
from countersight.ingest.service import ingest
from countersight.pipeline.factories import COMPONENTS, DEFAULT_PIPELINE, Factory, Pipeline
from countersight.samples import reports_dir
from countersight.settings import load_settings
from countersight.store import open_store

SETTINGS = load_settings(environ={})
ROOT = Path(__file__).resolve().parents[2]
FORK = "fork" in multiprocessing.get_all_start_methods()
REPORT_COLUMNS = (
    "id, content_hash, title, url, outlet, published, body, format, source_path, source_line, word_count, "
    "on_topic, topic_hits, furniture, source, source_admin1, near_duplicate_of, similarity, minhash, "
    "extractor_version"
)


def make_corpus():
    """benchmarks/make_corpus.py, the generator of domain reports."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snapshot(url: str) -> tuple[list, list, list]:
    """Everything ingest decides: report rows (not the time), EVENTS.md dicts (ids
    included), fingerprints, in a stable order."""
    store = open_store(url)
    try:
        reports = [tuple(r) for r in store.query(f"SELECT {REPORT_COLUMNS} FROM reports ORDER BY id")]
        events = [e.to_dict() for e in store.list_events(any_status=True, sort="document")]
        lsh = [tuple(r) for r in store.query("SELECT lsh_key, report_id FROM report_lsh ORDER BY lsh_key, report_id")]
    finally:
        store.close()
    return reports, events, lsh


def run(paths, url: str, **kwargs):
    outcomes = []
    store = open_store(url)
    try:
        summary = ingest(paths, store, SETTINGS, on_outcome=lambda o: outcomes.append(
            (o.status, o.report_id, o.near_duplicate_of, o.requested_id, str(o.problem) if o.problem else None,
             len(o.doc.events) if o.doc else None)), **kwargs)
    finally:
        store.close()
    return summary, outcomes


@pytest.fixture
def mixed_input(tmp_path: Path) -> list[Path]:
    """The bundled samples plus bad files, an exact repeat, a near-duplicate with a
    clashing id and a file named explicitly that is not supported."""
    root = tmp_path / "in"
    shutil.copytree(reports_dir(), root / "samples")
    first = sorted((root / "samples").glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    (root / "zz").mkdir()
    (root / "zz" / first.name).write_text(text.replace(" the ", " a ", 3) + "\nAn editor's note.\n", encoding="utf-8")
    (root / "zz" / "repeat.txt").write_text(text, encoding="utf-8")
    (root / "zz" / "empty.txt").write_bytes(b"")
    (root / "zz" / "binary.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    lines = [
        json.dumps({"id": "ok-1", "title": "A line", "text": "North Korea's Ministry of State Security arrested "
                    "three brokers in Hyesan, a source in Ryanggang Province told Daily NK."}),
        "{not json",
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps({"id": "bad-date", "text": "Some text here.", "published": "yesterday"}),
        json.dumps({"id": "ok-1", "text": "A second report that wants the same id, about Pyongyang markets."}),
    ]
    (root / "zz" / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    unsupported = tmp_path / "notes.docx"
    unsupported.write_bytes(b"PK")
    return [root, unsupported]


# -- the same results, report for report ---------------------------------------


def test_two_workers_store_what_one_process_stores(mixed_input, new_db_url):
    one, two = new_db_url(), new_db_url()
    summary_1, outcomes_1 = run(mixed_input, one)
    summary_2, outcomes_2 = run(mixed_input, two, workers=2)
    assert summary_1.to_dict() == summary_2.to_dict()
    assert summary_1.renamed == summary_2.renamed
    assert outcomes_1 == outcomes_2  # same order, same decisions
    assert snapshot(one) == snapshot(two)
    # the input exercised what it should
    assert summary_1.failed >= 5 and summary_1.duplicates == 1 and summary_1.near_duplicates >= 1
    assert summary_1.renamed and summary_1.events > 100


def test_a_second_parallel_run_changes_nothing(mixed_input, new_db_url):
    url = new_db_url()
    run(mixed_input, url, workers=2)
    before = snapshot(url)
    summary, _ = run(mixed_input, url, workers=2)
    assert summary.ingested == 0 and summary.duplicates > 40
    assert snapshot(url) == before


def test_workers_zero_means_one_per_core(tmp_path):
    one, many = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    run([reports_dir()], one)
    run([reports_dir()], many, workers=0)
    assert snapshot(one) == snapshot(many)


def test_the_batched_writer_in_one_process_stores_the_same(mixed_input, tmp_path):
    """``ingest_parallel`` with one worker extracts in this process (the benchmark's
    one-core baseline for scaling)."""
    from countersight.ingest.parallel import ingest_parallel

    one, inline = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    run(mixed_input, one)
    store = open_store(inline)
    seen = []
    ingest_parallel(mixed_input, store, max_bytes=SETTINGS.max_report_bytes,
                    threshold=SETTINGS.near_duplicate_threshold, workers=1, record=seen.append)
    store.close()
    assert snapshot(one) == snapshot(inline)


@pytest.mark.skipif(not FORK, reason="the patched component reaches the workers only through fork")
def test_an_extraction_failure_is_the_same_problem(tmp_path, monkeypatch):
    def boom(doc):
        if "Musan" in doc.text:
            raise RuntimeError("rule exploded")
        return doc

    monkeypatch.setitem(COMPONENTS, "boom", Factory("boom", boom, "fails on reports naming Musan"))
    pipeline = Pipeline((*DEFAULT_PIPELINE, "boom"))
    one, two = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    summary_1, outcomes_1 = run([reports_dir()], one, pipeline=pipeline)
    summary_2, outcomes_2 = run([reports_dir()], two, pipeline=pipeline, workers=2)
    assert summary_1.failed >= 1
    assert any("extraction failed: RuntimeError: rule exploded" in p for p in summary_1.to_dict()["problems"])
    assert summary_1.to_dict() == summary_2.to_dict() and outcomes_1 == outcomes_2
    assert snapshot(one) == snapshot(two)


def test_a_report_that_cannot_be_stored_rolls_back_alone(new_db_url, monkeypatch):
    """One transaction per batch, one savepoint per report: the failing report leaves
    nothing behind (no row, no fingerprints, no events), the others of its batch stay."""
    from countersight.store.base import Store

    victim = "dnk-chongjin-remittance-cut"
    original = Store.insert_events

    def failing(self, report_id, events, published, body=None):
        original(self, report_id, events, published, body)  # half-written, then the failure
        if report_id == victim:
            raise RuntimeError("disk trouble")

    monkeypatch.setattr(Store, "insert_events", failing)
    one, two = new_db_url(), new_db_url()
    summary_1, _ = run([reports_dir()], one)
    summary_2, _ = run([reports_dir()], two, workers=2)
    assert summary_1.failed == summary_2.failed == 1
    assert summary_1.to_dict()["problems"] == summary_2.to_dict()["problems"]
    assert "could not be stored: RuntimeError: disk trouble" in summary_2.to_dict()["problems"][0]
    assert snapshot(one) == snapshot(two)
    store = open_store(two)
    try:
        assert not store.report_exists(victim)
        assert store.scalar("SELECT COUNT(*) FROM events WHERE report_id = ?", (victim,)) == 0
        assert store.scalar("SELECT COUNT(*) FROM report_lsh WHERE report_id = ?", (victim,)) == 0
        assert store.counts()["reports"] == summary_2.ingested == 39
    finally:
        store.close()


def test_a_dask_local_cluster_stores_the_same(mixed_input, tmp_path):
    distributed = pytest.importorskip("distributed")
    one, dask_db = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    summary_1, outcomes_1 = run(mixed_input, one)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        summary_2, outcomes_2 = run(mixed_input, dask_db, scheduler=cluster.scheduler_address)
    assert summary_1.to_dict() == summary_2.to_dict()
    assert outcomes_1 == outcomes_2
    assert snapshot(one) == snapshot(dask_db)


def test_an_unreachable_scheduler_is_a_message(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("countersight.ingest.parallel.CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(tmp_path / "x.db"),
                                      "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    garbled = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(tmp_path / "y.db"),
                                       "--scheduler", "garbage", "-q"])
    assert garbled.exit_code == 2, garbled.output
    assert "--scheduler 'garbage': not a Dask scheduler address like tcp://HOST:8786" in garbled.output


def test_cli_workers_option(tmp_path):
    one, two = tmp_path / "a.db", tmp_path / "b.db"
    r1 = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(one)])
    r2 = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(two), "--workers", "2"])
    assert r1.exit_code == r2.exit_code == 0, r2.output
    assert r1.stdout == r2.stdout  # same lines, same order
    assert snapshot(str(one)) == snapshot(str(two))


def test_cli_refuses_more_workers_than_the_machine_can_hold(tmp_path):
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(db), "--workers", "100000"])
    assert result.exit_code != 0
    most = WORKERS_PER_CORE * default_workers()
    assert f"workers: at most {most} on this machine ({WORKERS_PER_CORE} per core), got 100000" in result.output
    assert not db.exists() or snapshot(str(db)) == ([], [], [])


# -- memory stays flat -----------------------------------------------------------

MEMORY_SCRIPT = r"""
import json, random, resource, sys
from countersight.ingest.service import ingest
from countersight.settings import load_settings
from countersight.store import open_store

def peak_kb():
    # VmHWM starts afresh with this program; ru_maxrss would carry the parent's
    # high-water mark over fork and exec (Linux), i.e. the test runner's size.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


n, workers, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(n)
words = [f"w{k}" for k in range(3000)]
path = f"{folder}/in-{n}.jsonl"
with open(path, "w") as out:
    for i in range(n):
        text = " ".join(rng.choices(words, k=rng.randint(10, 40)))
        if i % 50 == 0:
            text = ("North Korea's Ministry of State Security arrested three brokers in Hyesan, "
                    "a source in Ryanggang Province told Daily NK. " + text)
        out.write(json.dumps({"id": f"r{i}", "published": "2020-01-02", "text": text}) + "\n")
store = open_store(f"{folder}/db-{n}.db")
# Incident linking (after the ingest) holds every event by design; this measures the ingest.
summary = ingest([path], store, load_settings(environ={}), workers=workers, link_incidents=False)
store.close()
print(json.dumps({"maxrss_kb": peak_kb(), "ingested": summary.ingested,
                  "events": summary.events}))
"""


def test_memory_stays_flat_however_large_the_input(tmp_path):
    """The writer process holds a bounded number of reports: four times the input
    costs (almost) no more peak memory."""
    script = tmp_path / "mem.py"
    script.write_text(MEMORY_SCRIPT, encoding="utf-8")
    peaks = {}
    for n in (5_000, 20_000):
        done = subprocess.run([sys.executable, str(script), str(n), "2", str(tmp_path)], capture_output=True,
                              text=True, timeout=180, env={**os.environ, "PYTHONHASHSEED": "0"})
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["ingested"] == n and result["events"] >= n // 50
        peaks[n] = result["maxrss_kb"]
    growth_mb = (peaks[20_000] - peaks[5_000]) / 1024
    assert growth_mb < 12, f"peak RSS grew by {growth_mb:.1f} MB from 5,000 to 20,000 reports: {peaks}"
    assert peaks[20_000] < 300 * 1024, peaks


# -- resume after a kill ------------------------------------------------------------


def per_report(url: str) -> dict[str, tuple]:
    store = open_store(url)
    try:
        rows = store.query(
            "SELECT r.id, r.content_hash, r.near_duplicate_of, (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id) "
            "FROM reports r"
        )
    finally:
        store.close()
    return {r[0]: tuple(r[1:]) for r in rows}


def stored_count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


RESUME_REPORTS = 240


@pytest.fixture(scope="module")
def resume_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """A generated corpus and the database of one uninterrupted run over it."""
    folder = tmp_path_factory.mktemp("resume")
    corpus = make_corpus().write(RESUME_REPORTS, folder / "gen.jsonl", seed=11)
    clean = folder / "clean.db"
    whole = subprocess.run([sys.executable, "-m", "countersight", "ingest", str(corpus), "-q", "--db", str(clean)],
                           capture_output=True, text=True, timeout=180)
    assert whole.returncode == 0, whole.stderr
    return corpus, clean


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_ingest_resumes_with_nothing_lost_and_nothing_twice(tmp_path, resume_corpus, workers):
    corpus, clean = resume_corpus
    resumed = tmp_path / "resumed.db"
    command = [sys.executable, "-m", "countersight", "ingest", str(corpus), "-q", "--workers", str(workers),
               "--db", str(resumed)]

    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while stored_count(resumed) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the ingest finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers
        proc.wait()
    part = stored_count(resumed)
    assert 20 <= part < RESUME_REPORTS

    again = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    assert "already stored" in again.stdout

    expected, got = per_report(str(clean)), per_report(str(resumed))
    assert sorted(got) == sorted(expected)  # every report once: no "~2" copies, none missing
    assert got == expected  # same events per report (nothing partial), same near-duplicate links
    assert snapshot(str(resumed)) == snapshot(str(clean))


def test_ctrl_c_says_how_far_the_ingest_got(tmp_path, resume_corpus):
    corpus, _ = resume_corpus
    db = tmp_path / "interrupted.db"
    proc = subprocess.Popen([sys.executable, "-m", "countersight", "ingest", str(corpus), "-q", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while stored_count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    stored = stored_count(db)
    assert 10 <= stored < RESUME_REPORTS
    assert f"interrupted: {stored} reports stored before the interruption; run the same ingest again to go on" in err
    assert "Traceback" not in err


# -- progress --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_shows_rate_and_time_left():
    clock, out = Clock(), io.StringIO()
    bar = Progress(1000, out, interval=0.25, clock=clock)
    for _ in range(100):
        clock.now += 0.01
        bar.tick()
    assert bar.line() == "100/1,000 reports (10%)  100 reports/s  0:01 elapsed  0:09 left"
    # redrawn at most every 0.25 s: 1 s of ticks, at most 4-5 draws
    assert 3 <= out.getvalue().count("\r\x1b[K") <= 5
    bar.close()
    assert out.getvalue().endswith("\n")


def test_progress_without_a_total():
    clock, out = Clock(), io.StringIO()
    bar = Progress(None, out, clock=clock)
    clock.now = 2.0
    bar.tick(50)
    assert bar.line() == "50 reports  25 reports/s  0:02 elapsed"


def test_count_reports_streams_lines_and_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n' * 7 + '{"text": "last, no newline"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("one report", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>one page</p>", encoding="utf-8")
    assert count_reports([tmp_path]) == 10
    assert count_reports([tmp_path, tmp_path / "missing.txt"]) == 11  # a problem is an item too
    assert count_reports([tmp_path], limit_bytes=10) is None  # too big to read twice


def test_progress_only_on_a_terminal_unless_asked():
    assert wanted(True, io.StringIO()) and not wanted(False, io.StringIO())
    assert not wanted(None, io.StringIO())


def test_cli_progress_goes_to_stderr(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(reports_dir()), "--db", str(tmp_path / "x.db"), "-q",
                                      "--progress", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "40/40 reports (100%)" in result.stderr and "reports/s" in result.stderr
    assert "reports/s" not in result.stdout
    assert result.stdout.strip().startswith("40 ingested")


def test_two_parallel_ingests_at_once_store_each_report_once(new_db_url, tmp_path):
    """Two ``--workers 2`` ingests of the same folder side by side (SQLite queues the
    batch transactions; PostgreSQL lets them race and the UNIQUE constraints decide)."""
    url, clean = new_db_url(), str(tmp_path / "clean.db")
    run([reports_dir()], clean)
    command = [sys.executable, "-m", "countersight", "ingest", str(reports_dir()), "-q", "--workers", "2",
               "--db", url]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert per_report(url) == per_report(clean)  # each report once, under its own id, all its events
