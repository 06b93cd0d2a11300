"""Parallel ingest: extraction in worker processes or on a Dask cluster, one writer.

The main process streams reports from the readers and drops the ones whose text is
already stored (a cheap hash lookup), then sends the rest in small chunks to workers
(``concurrent.futures.ProcessPoolExecutor`` for ``--workers N``, a
``dask.distributed.Client`` for ``--scheduler ADDRESS``). A worker runs the pipeline
and the fingerprints (the CPU work) and returns a picklable :class:`Extracted`; it
never touches the database.

The main process alone writes, in input order (a bounded reorder buffer keyed by
sequence number), in batches: one transaction per batch, one savepoint per report. A
report that cannot be stored rolls back alone and becomes a problem; a killed ingest
loses at most the uncommitted batch, which a re-run redoes (reports already stored
are skipped by content hash). Id clashes (``id~2``) and near-duplicate links are
decided by the writer, against the database, in input order, so the results are the
same as those of the single-process path, report for report.

Memory stays flat: at most ``max_outstanding`` reports are between the reader and
the database at any time, however large the input.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from countersight.errors import CountersightError, InputError
from countersight.ingest.dedup import content_hash, lsh_keys, minhash
from countersight.ingest import writer
from countersight.ingest.readers import iter_reports
from countersight.model import Event, IngestProblem, RawReport
from countersight.pipeline.doc import Block, Doc, SourceInfo
from countersight.pipeline.extract import event_id
from countersight.pipeline.extract import RULES_VERSION
from countersight.pipeline.factories import DEFAULT_PIPELINE, build_pipeline

log = logging.getLogger(__name__)

CHUNK_REPORTS = 16  # reports per task sent to a worker
CHUNK_CHARS = 256_000  # ... or fewer, when they are long
BATCH_REPORTS = 128  # reports per transaction
BATCH_SECONDS = 1.0  # ... or fewer, when extraction is slow (keeps progress and resume fine-grained)
CONNECT_TIMEOUT = "20s"  # to reach a Dask scheduler


# --------------------------------------------------------------------------
# the worker side


@dataclass
class Extracted:
    """What a worker found in one report: everything the writer needs besides the
    report itself (which the main process keeps) and the database's answers."""

    title: str | None = None
    on_topic: bool = True
    topic_hits: int = 0
    furniture: list[tuple[int, int, str]] = field(default_factory=list)
    source: SourceInfo | None = None
    events: list[Event] = field(default_factory=list)
    signature: tuple[int, ...] = ()
    keys: list[str] = field(default_factory=list)
    extractor: str = RULES_VERSION  # the rules' (and the model's) version that made the events
    error: str | None = None  # "TypeError: ..." when the pipeline failed on this report

    def to_doc(self, raw: RawReport) -> Doc:
        """A ``Doc`` for the writer and ``on_outcome``: metadata, furniture blocks and
        events (no sentences); events renamed when ``raw`` got another id."""
        events = self.events
        if events and events[0].document != raw.document:
            events = [_renamed(e, raw.document) for e in events]
        return Doc(
            report=raw,
            blocks=[Block(s, e, k) for s, e, k in self.furniture],
            on_topic=self.on_topic,
            topic_hits=self.topic_hits,
            title=self.title,
            source=self.source,
            events=events,
            extractor=self.extractor,
        )


def _renamed(event: Event, document: str) -> Event:
    moved = replace(event, document=document)
    moved.id = event_id(moved)
    return moved


_local = threading.local()  # one pipeline per worker process (per thread on a threaded Dask worker)


def worker_pipeline(names: Sequence[str] = DEFAULT_PIPELINE, model: str | None = None):
    """The pipeline of this worker (with the model in the directory ``model``, the
    shipped one by default), built on first use and kept."""
    cache = getattr(_local, "pipelines", None)
    if cache is None:
        cache = _local.pipelines = {}
    key = (tuple(names), model)
    pipeline = cache.get(key)
    if pipeline is None:
        pipeline = cache[key] = build_pipeline(key[0], model)
    return pipeline


def extract(raw: RawReport, names: Sequence[str] = DEFAULT_PIPELINE, model: str | None = None) -> Extracted:
    """Run the pipeline and the fingerprints on one report; never raises for a bad report."""
    try:
        doc = worker_pipeline(names, model)(raw)
    except Exception as exc:  # one report's failure must not stop the batch
        log.debug("extraction failed for %s", raw.source_path, exc_info=True)
        return Extracted(error=f"{type(exc).__name__}: {exc}")
    signature = minhash(raw.body)
    return Extracted(
        title=doc.title,
        on_topic=doc.on_topic,
        topic_hits=doc.topic_hits,
        furniture=doc.furniture_spans(),
        source=doc.source,
        events=doc.events,
        signature=signature,
        keys=lsh_keys(signature),
        extractor=doc.extractor,
    )


def extract_chunk(chunk: list[tuple[int, RawReport]], names: Sequence[str] = DEFAULT_PIPELINE,
                  model: str | None = None) -> list[tuple[int, Extracted]]:
    """The task a worker runs: ``(sequence number, report)`` in, ``(sequence number, result)`` out."""
    return [(seq, extract(raw, names, model)) for seq, raw in chunk]


def _warm(names: Sequence[str], model: str | None = None) -> None:
    worker_pipeline(names, model)


# --------------------------------------------------------------------------
# executors


class _Runner:
    slots = 1

    def submit(self, chunk: list[tuple[int, RawReport]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def busy(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def collect(self, block: bool) -> list[list[tuple[int, Extracted]]]:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class _InlineRunner(_Runner):
    """Extraction in this process, one chunk at a time: the batched writer on one
    core (benchmarks compare it with the pool; ``ingest(workers=1)`` keeps the
    plain single-process path)."""

    def __init__(self, names: tuple[str, ...], model: str | None = None) -> None:
        self.names = names
        self.model = model
        self.results: list[list[tuple[int, Extracted]]] = []

    def submit(self, chunk: list[tuple[int, RawReport]]) -> None:
        self.results.append(extract_chunk(chunk, self.names, self.model))

    @property
    def busy(self) -> int:
        return len(self.results)

    def collect(self, block: bool) -> list[list[tuple[int, Extracted]]]:
        results, self.results = self.results, []
        return results

    def close(self) -> None:
        pass


class _ProcessRunner(_Runner):
    def __init__(self, workers: int, names: tuple[str, ...], model: str | None = None) -> None:
        # fork where there is one: workers start at once and share the loaded code.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork") if "fork" in methods else None
        self.names = names
        self.model = model
        self.slots = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm, initargs=(names, model))
        self.pending: set = set()

    def submit(self, chunk: list[tuple[int, RawReport]]) -> None:
        self.pending.add(self.pool.submit(extract_chunk, chunk, self.names, self.model))

    @property
    def busy(self) -> int:
        return len(self.pending)

    def collect(self, block: bool) -> list[list[tuple[int, Extracted]]]:
        if not self.pending:
            return []
        done, self.pending = wait_futures(self.pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        return [_result(f) for f in done]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskRunner(_Runner):
    def __init__(self, scheduler: Any, names: tuple[str, ...], model: str | None = None) -> None:
        try:
            from distributed import Client, as_completed
        except ImportError as exc:
            raise InputError(
                "--scheduler needs dask.distributed: pip install 'countersight[dist]'"
            ) from exc
        self.names = names
        self.model = model
        if isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
            except ValueError as exc:  # distributed's own parse of the address
                raise InputError(f"--scheduler {scheduler!r}: not a Dask scheduler address like tcp://HOST:8786 ({exc})") from exc
            self.own_client = True
        else:  # a Client given by the caller (tests, notebooks)
            self.client = scheduler
            self.own_client = False
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.done = as_completed()
        self.count = 0

    def submit(self, chunk: list[tuple[int, RawReport]]) -> None:
        self.done.add(self.client.submit(extract_chunk, chunk, self.names, self.model, pure=False))
        self.count += 1

    @property
    def busy(self) -> int:
        return self.count

    def collect(self, block: bool) -> list[list[tuple[int, Extracted]]]:
        if not self.count:
            return []
        futures = self.done.next_batch(block=block)
        self.count -= len(futures)
        results = []
        for f in futures:
            results.append(_result(f))
            f.release()
        return results

    def close(self) -> None:
        if self.own_client:
            self.client.close()


def _result(future: Any) -> list[tuple[int, Extracted]]:
    try:
        return future.result()
    except CountersightError:
        raise
    except Exception as exc:  # a worker died (killed, out of memory): the run stops, committed batches stay
        raise CountersightError(
            f"a worker stopped ({type(exc).__name__}: {exc}); reports stored so far are kept, "
            "run the same ingest again to go on"
        ) from exc


# Local worker processes beyond this many per core only cost memory.
WORKERS_PER_CORE = 4


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------
# the writer side


@dataclass
class _Entry:
    raw: RawReport | None = None
    digest: str | None = None
    result: Extracted | None = None
    outcome: Any = None  # an Outcome decided without a worker (a problem, already stored)

    @property
    def ready(self) -> bool:
        return self.outcome is not None or self.result is not None


def ingest_parallel(
    paths: Iterable[str | Path],
    store: Any,
    *,
    max_bytes: int,
    threshold: float,
    names: Sequence[str] = DEFAULT_PIPELINE,
    model: str | None = None,
    workers: int = 2,
    scheduler: Any = None,
    record: Callable[[Any], None],
    batch_reports: int = BATCH_REPORTS,
    batch_seconds: float = BATCH_SECONDS,
    chunk_reports: int = CHUNK_REPORTS,
) -> None:
    """Ingest with extraction on workers; ``record(outcome)`` is called for every
    report, in input order, once its batch is committed."""
    names = tuple(names)
    runner: _Runner
    if scheduler is not None:
        runner = _DaskRunner(scheduler, names, model)
    elif workers <= 1:
        runner = _InlineRunner(names, model)
    else:
        runner = _ProcessRunner(workers, names, model)
    # Chunks in flight: enough queued that the workers keep going while this process
    # writes a batch; reports read but not yet committed: bounded, so memory is flat.
    max_busy = 4 * runner.slots + 2
    max_outstanding = 2 * max_busy * chunk_reports + batch_reports
    entries: dict[int, _Entry] = {}
    batch: list[_Entry] = []
    state = {"read": 0, "moved": 0, "written": 0, "flushed_at": time.monotonic()}
    chunk: list[tuple[int, RawReport]] = []
    chunk_chars = 0

    def flush() -> None:
        todo = list(batch)
        batch.clear()
        state["flushed_at"] = time.monotonic()
        if not todo:
            return
        outcomes = _write_batch(store, todo, threshold)
        state["written"] += len(todo)
        for outcome in outcomes:
            record(outcome)

    def advance() -> None:
        """Move results that are next in input order into the batch; write when it is full or old."""
        n = state["moved"]
        while n in entries and entries[n].ready:
            batch.append(entries.pop(n))
            n += 1
            if len(batch) >= batch_reports:
                state["moved"] = n
                flush()
        state["moved"] = n
        if batch and time.monotonic() - state["flushed_at"] >= batch_seconds:
            flush()

    def take(results: list[list[tuple[int, Extracted]]]) -> None:
        for chunk_results in results:
            for seq, extracted in chunk_results:
                entries[seq].result = extracted
        advance()

    def send() -> None:
        nonlocal chunk, chunk_chars
        if chunk:
            while runner.busy >= max_busy:
                take(runner.collect(block=True))
            runner.submit(chunk)
            chunk, chunk_chars = [], 0

    try:
        for item in iter_reports(paths, max_bytes=max_bytes):
            seq = state["read"]
            state["read"] += 1
            if isinstance(item, IngestProblem):
                entries[seq] = _Entry(outcome=writer.Outcome("failed", problem=item))
            else:
                digest = content_hash(item.body)
                existing = store.report_id_for_hash(digest)
                if existing is not None:
                    entries[seq] = _Entry(outcome=writer.Outcome("duplicate", report_id=existing))
                else:
                    entries[seq] = _Entry(raw=item, digest=digest)
                    chunk.append((seq, item))
                    chunk_chars += len(item.body)
                    if len(chunk) >= chunk_reports or chunk_chars >= CHUNK_CHARS:
                        send()
            if runner.busy:
                take(runner.collect(block=False))
            else:
                advance()
            while state["read"] - state["written"] >= max_outstanding:
                send()
                if runner.busy:
                    take(runner.collect(block=True))
                else:
                    advance()
                    flush()
        send()
        while runner.busy:
            take(runner.collect(block=True))
        advance()
        flush()
        assert not entries, "reorder buffer not empty at the end"
    finally:
        runner.close()


def _write_batch(store: Any, todo: list[_Entry], threshold: float) -> list[Any]:
    """One transaction for the batch, one savepoint per report. If the transaction
    itself fails (BEGIN or COMMIT: a locked database), each report is tried again in
    a transaction of its own, as the single-process path does."""
    if all(e.outcome is not None for e in todo):
        return [e.outcome for e in todo]
    try:
        with store.transaction():
            return [e.outcome if e.outcome is not None else _write_one(store, e, threshold) for e in todo]
    except Exception:
        log.debug("batch transaction failed; writing its reports one by one", exc_info=True)
    outcomes = []
    for e in todo:
        if e.outcome is not None:
            outcomes.append(e.outcome)
            continue
        try:
            with store.transaction():
                outcomes.append(_write_one(store, e, threshold))
        except Exception as exc:
            outcomes.append(writer.Outcome("failed", problem=writer.problem(
                e.raw, f"could not be stored: {type(exc).__name__}: {exc}")))
    return outcomes


def _write_one(store: Any, entry: _Entry, threshold: float) -> writer.Outcome:
    """Store one extracted report inside the open transaction (a savepoint of its own), by
    the one write path ``writer.store_report``, as ``service.ingest_report`` does."""
    raw, digest, result = entry.raw, entry.digest, entry.result
    assert raw is not None and digest is not None and result is not None
    existing = store.report_id_for_hash(digest)
    if existing is not None:  # an earlier report of this run (or another writer) had the same text
        return writer.Outcome("duplicate", report_id=existing)
    if result.error is not None:
        return writer.Outcome("failed", problem=writer.problem(raw, f"extraction failed: {result.error}"))
    near, similarity = writer.nearest(store, result.keys, result.signature, threshold)
    return writer.store_report(store, raw, digest, result.signature, result.keys, near, similarity,
                               result.to_doc)  # the worker's events, renamed if the id changes
