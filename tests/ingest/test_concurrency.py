"""Several writers at once, on every backend (tests/conftest.py): two ingests of
overlapping folders store each report once; a report or an id another writer takes
while we work makes a duplicate or an ``id~2``, never a failure; an analyst's
review saved while an ingest runs is kept.

SQLite queues writers (BEGIN IMMEDIATE); PostgreSQL lets them run side by side and
the UNIQUE constraints decide. The same tests hold on both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from countersight import review
from countersight.ingest.dedup import content_hash, lsh_keys, minhash
from countersight.ingest.service import ingest, ingest_report, report_row
from countersight.model import RawReport
from countersight.pipeline.factories import build_pipeline
from countersight.samples import reports_dir
from countersight.settings import load_settings
from countersight.store import open_store
from countersight.store.base import Store

from test_service import CHONGJIN, HYESAN, MUSAN, SPORTS  # tests/ingest is on sys.path (rootdir-relative imports)

SETTINGS = load_settings(environ={})
OTHER = (
    "Inminban checks in Hoeryong\n\nThe inminban heads in Hoeryong, North Hamgyong Province, were told to check "
    "every household at night, a source in North Korea said. State security agents arrested a broker in Hoeryong.\n"
)


def run_threads(*targets) -> list:
    """Run the callables at once; their results in order, or the first exception raised."""
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def run(i: int, target) -> None:
        try:
            results[i] = target()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    if errors:
        raise errors[0]
    return results


def lockstep_pipeline(barriers: dict[str, threading.Barrier], lock: threading.Lock, shared: set[str]):
    """The default pipeline, but the two ingests analyse a file both have at the same moment
    (both past the first duplicate check, both about to write): the worst interleaving."""
    pipeline = build_pipeline()

    def run(raw: RawReport):
        name = Path(raw.source_path).name
        if name in shared:
            with lock:
                barrier = barriers.setdefault(name, threading.Barrier(2))
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:  # the other ingest found it stored already
                pass
        return pipeline(raw)

    return run


def each_hash_once(store: Store) -> None:
    rows = store.query("SELECT content_hash, COUNT(*) FROM reports GROUP BY content_hash HAVING COUNT(*) > 1")
    assert rows == []


def test_two_ingests_of_overlapping_folders_store_each_report_once(tmp_path: Path, db_url: str):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for folder, texts in ((a, {"hyesan": HYESAN, "chongjin": CHONGJIN, "musan": MUSAN}),
                          (b, {"musan": MUSAN, "chongjin": CHONGJIN, "sports": SPORTS, "other": OTHER})):
        for name, text in texts.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    barriers: dict[str, threading.Barrier] = {}
    lock = threading.Lock()
    shared = {"chongjin.txt", "musan.txt"}
    stores = [open_store(db_url), open_store(db_url)]
    try:
        pipelines = [lockstep_pipeline(barriers, lock, shared) for _ in stores]
        first, second = run_threads(
            lambda: ingest([a], stores[0], SETTINGS, pipeline=pipelines[0]),
            lambda: ingest([b], stores[1], SETTINGS, pipeline=pipelines[1]),
        )
    finally:
        for s in stores:
            s.close()

    assert (first.failed, second.failed) == (0, 0), first.problems + second.problems
    assert first.ingested + second.ingested == 5  # hyesan, chongjin, musan, sports, other
    assert first.duplicates + second.duplicates == 2  # chongjin and musan, stored by one, seen by the other
    s = open_store(db_url)
    try:
        each_hash_once(s)
        assert sorted(r["id"] for r in s.list_reports()) == ["chongjin", "hyesan", "musan", "other", "sports"]
        assert s.scalar("SELECT COUNT(*) FROM events") == first.events + second.events
        assert s.counts()["reports"] == 5
    finally:
        s.close()


def test_both_ingesting_the_same_folder_at_once(tmp_path: Path, db_url: str):
    folder = tmp_path / "same"
    folder.mkdir()
    for name, text in {"hyesan": HYESAN, "chongjin": CHONGJIN, "musan": MUSAN, "other": OTHER}.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    barriers: dict[str, threading.Barrier] = {}
    lock = threading.Lock()
    shared = {p.name for p in folder.iterdir()}
    stores = [open_store(db_url), open_store(db_url)]
    try:
        pipelines = [lockstep_pipeline(barriers, lock, shared) for _ in stores]
        results = run_threads(*[
            (lambda s=s, p=p: ingest([folder], s, SETTINGS, pipeline=p)) for s, p in zip(stores, pipelines, strict=True)
        ])
    finally:
        for s in stores:
            s.close()
    assert [r.failed for r in results] == [0, 0]
    assert sum(r.ingested for r in results) == 4 and sum(r.duplicates for r in results) == 4
    assert all(r.renamed == [] for r in results)  # the same text is a duplicate, never an id~2
    s = open_store(db_url)
    try:
        each_hash_once(s)
        assert s.counts()["reports"] == 4
        assert s.scalar("SELECT COUNT(*) FROM events") == sum(r.events for r in results)
    finally:
        s.close()


def _hold_open(db_url: str, row_of: RawReport, started: threading.Event, release: threading.Event) -> None:
    """Another writer: stores a report in a transaction that stays open until ``release``."""
    other = open_store(db_url)
    try:
        with other.transaction():
            doc = build_pipeline()(row_of)
            signature = minhash(row_of.body)
            other.insert_report(report_row(doc, content_hash(row_of.body), signature, None, None), lsh_keys(signature))
            other.insert_events(row_of.document, doc.events, None)
            started.set()
            assert release.wait(timeout=30)
    finally:
        other.close()


def _blocked_writer(store: Store, hooked: threading.Event) -> None:
    """Signal once ``store`` begins a transaction or inserts a report (where it will wait)."""
    real_begin, real_insert = store._begin, store.insert_report

    def begin() -> None:
        hooked.set()
        real_begin()

    def insert(row, keys) -> None:
        hooked.set()
        real_insert(row, keys)

    store._begin = begin  # type: ignore[method-assign]
    store.insert_report = insert  # type: ignore[method-assign]


@pytest.mark.parametrize(
    ("theirs", "ours", "expected"),
    [
        (RawReport("report", HYESAN, "a/report.txt", "txt"), RawReport("copy", HYESAN, "b/copy.txt", "txt"),
         ("duplicate", "report")),
        (RawReport("report", HYESAN, "a/report.txt", "txt"), RawReport("report", MUSAN, "b/report.txt", "txt"),
         ("ingested", "report~2")),
    ],
    ids=["same-text", "same-id"],
)
def test_a_writer_that_commits_while_we_wait(db_url: str, theirs: RawReport, ours: RawReport, expected):
    """They store a report and keep their transaction open; we start on a report with the same
    text (or the same id) and must wait for them; they commit; we make it a duplicate (or take
    the next free id) instead of failing. SQLite makes us wait at BEGIN; PostgreSQL at the
    INSERT, then reports a unique violation, which the service must handle."""
    started, release, hooked = threading.Event(), threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_open, args=(db_url, theirs, started, release))
    holder.start()
    assert started.wait(timeout=60)
    ours_store = open_store(db_url)
    try:
        _blocked_writer(ours_store, hooked)
        outcome: list = []
        writer = threading.Thread(target=lambda: outcome.append(ingest_report(ours, ours_store, build_pipeline())))
        writer.start()
        assert hooked.wait(timeout=60)
        time.sleep(0.5)  # long enough to be stuck behind their transaction
        assert outcome == [], "we did not wait for their transaction"
        release.set()
        holder.join(timeout=30)
        writer.join(timeout=60)
        [result] = outcome
        assert (result.status, result.report_id) == expected, result.problem
        if result.status == "ingested":
            assert result.requested_id == "report"
            assert {e.document for e in ours_store.events_of_report("report~2")} == {"report~2"}
        each_hash_once(ours_store)
        assert ours_store.counts()["reports"] == (1 if expected[0] == "duplicate" else 2)
    finally:
        release.set()
        ours_store.close()


def test_a_unique_violation_at_insert_is_a_duplicate_or_the_next_id(store):
    """The checks inside our transaction missed the other writer's row (PostgreSQL's READ
    COMMITTED can): the constraint catches it, the report is rolled back and sorted out."""
    pipeline = build_pipeline()
    assert ingest_report(RawReport("report", HYESAN, "a/report.txt", "txt"), store, pipeline).status == "ingested"
    real_hash, real_exists = store.report_id_for_hash, store.report_exists
    blind = {"hash": 2, "exists": 2}  # the first look before and inside the transaction see nothing

    def hash_lookup(digest: str):
        if blind["hash"]:
            blind["hash"] -= 1
            return None
        return real_hash(digest)

    def exists(report_id: str) -> bool:
        if blind["exists"]:
            blind["exists"] -= 1
            return False
        return real_exists(report_id)

    store.report_id_for_hash = hash_lookup  # type: ignore[method-assign]
    store.report_exists = exists  # type: ignore[method-assign]
    same_text = ingest_report(RawReport("copy", HYESAN, "b/copy.txt", "txt"), store, pipeline)
    assert (same_text.status, same_text.report_id) == ("duplicate", "report")

    blind.update(hash=2, exists=2)
    same_id = ingest_report(RawReport("report", MUSAN, "b/report.txt", "txt"), store, pipeline)
    assert (same_id.status, same_id.report_id) == ("ingested", "report~2"), same_id.problem
    store.report_id_for_hash, store.report_exists = real_hash, real_exists  # type: ignore[method-assign]
    assert sorted(r["id"] for r in store.list_reports()) == ["report", "report~2"]
    assert store.get_report("report~2").body == MUSAN


def test_a_review_saved_while_an_ingest_runs_is_kept(tmp_path: Path, db_url: str):
    first = tmp_path / "first"
    first.mkdir()
    (first / "hyesan.txt").write_text(HYESAN, encoding="utf-8")
    later = tmp_path / "later"
    later.mkdir()
    for name, text in {"chongjin": CHONGJIN, "musan": MUSAN, "other": OTHER}.items():
        (later / f"{name}.txt").write_text(text, encoding="utf-8")

    analyst = open_store(db_url)
    ingester = open_store(db_url)
    try:
        assert ingest([first], analyst, SETTINGS).ingested == 1
        arrest = next(e for e in analyst.events_of_report("hyesan") if e.type == "arrest")
        writing = threading.Event()
        real_insert_events = ingester.insert_events

        def slow_insert_events(report_id, events, published, body=None) -> None:
            real_insert_events(report_id, events, published, body)
            writing.set()
            time.sleep(0.3)  # a long write transaction: the review comes in meanwhile

        ingester.insert_events = slow_insert_events  # type: ignore[method-assign]

        def saved_during_ingest():
            assert writing.wait(timeout=60)
            review.confirm(analyst, arrest.id, "ana")
            return review.edit(analyst, arrest.id, "ana", {"targets": ["brokers", "smugglers"]}, reason="two roles")

        summary, edited = run_threads(lambda: ingest([later], ingester, SETTINGS), saved_during_ingest)
        assert (summary.ingested, summary.failed) == (3, 0)
        assert edited.status == "edited"

        again = ingest([first, later], ingester, SETTINGS)  # and a re-run of everything changes nothing
        assert (again.ingested, again.duplicates, again.failed) == (0, 4, 0)
    finally:
        ingester.close()
        analyst.close()

    s = open_store(db_url)
    try:
        kept = s.get_event(arrest.id)
        assert (kept.status, kept.targets) == ("edited", ["brokers", "smugglers"])
        assert [(h["action"], h["field"]) for h in review.history(s, arrest.id)] == [
            ("confirm", "status"), ("edit", "targets")]
        assert s.counts()["reports"] == 4
    finally:
        s.close()


def test_two_ingest_processes_on_overlapping_folders(tmp_path: Path, new_db_url):
    """The issue's case, as users run it: two `countersight ingest` at once, on a database
    that does not have its schema yet (they also race to migrate it)."""
    url = new_db_url(empty=True)
    samples = sorted(p for p in reports_dir().iterdir() if p.suffix == ".txt")[:12]
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for p in samples[:8]:
        shutil.copy(p, left / p.name)
    for p in samples[4:]:  # four in both
        shutil.copy(p, right / p.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGHT_")}
    procs = [
        subprocess.Popen([sys.executable, "-m", "countersight", "ingest", str(folder), "--db", url, "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
        for folder in (left, right)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    pattern = re.compile(r"^(\d+) ingested \(\d+ off-topic, \d+ near-duplicates\), (\d+) already stored, 0 failed; (\d+) events$")
    lines = [pattern.match(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert all(lines), outputs
    ingested = sum(int(m.group(1)) for m in lines)
    duplicates = sum(int(m.group(2)) for m in lines)
    events = sum(int(m.group(3)) for m in lines)

    whole = new_db_url(empty=True)  # the same reports, one ingest alone
    s = open_store(whole)
    try:
        alone = ingest([left, right], s, SETTINGS)
    finally:
        s.close()
    s = open_store(url)
    try:
        each_hash_once(s)
        assert s.counts()["reports"] == ingested == alone.ingested
        assert duplicates == alone.duplicates
        assert s.scalar("SELECT COUNT(*) FROM events") == events == alone.events
        assert s.query("SELECT version FROM schema_migrations GROUP BY version HAVING COUNT(*) > 1") == []
    finally:
        s.close()


def test_two_analysts_editing_one_event_at_once_both_edits_are_kept(tmp_path: Path, db_url: str):
    (tmp_path / "hyesan.txt").write_text(HYESAN, encoding="utf-8")
    ana, bo = open_store(db_url), open_store(db_url)
    try:
        ingest([tmp_path], ana, SETTINGS)
        arrest = next(e for e in ana.events_of_report("hyesan") if e.type == "arrest")
        inside = threading.Event()
        real_replace = ana.replace_event

        def slow_replace(event, **kwargs) -> None:
            real_replace(event, **kwargs)
            inside.set()
            time.sleep(0.4)  # ana's transaction is still open when bo saves

        ana.replace_event = slow_replace  # type: ignore[method-assign]

        def bo_edits():
            assert inside.wait(timeout=60)
            return review.edit(bo, arrest.id, "bo", {"perpetrators": ["msos"]})

        run_threads(lambda: review.edit(ana, arrest.id, "ana", {"targets": ["smugglers"]}), bo_edits)
    finally:
        ana.close()
        bo.close()
    s = open_store(db_url)
    try:
        final = s.get_event(arrest.id)
        assert (final.targets, final.perpetrators, final.status) == (["smugglers"], ["msos"], "edited")
        assert [(h["user"], h["field"]) for h in review.history(s, arrest.id)] == [("ana", "targets"), ("bo", "perpetrators")]
        assert s.event_meta(arrest.id)["reviewed_fields"] == ["perpetrators", "targets"]
    finally:
        s.close()
