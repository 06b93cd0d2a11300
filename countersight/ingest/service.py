"""Ingest: files in, reports and their event mentions stored, one transaction per report."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from countersight import audit
from countersight.errors import InputError
from countersight.ingest.dedup import content_hash, lsh_keys, minhash
from countersight.ingest.readers import iter_reports
from countersight.ingest.writer import (  # noqa: F401 - OUTCOMES, report_row: kept importable from here
    OUTCOMES, AnalysisFailed, Outcome, nearest, problem, report_row, store_report,
)
from countersight.model import Event, IngestProblem, RawReport
from countersight.pipeline.doc import Doc
from countersight.pipeline.factories import DEFAULT_PIPELINE, NO_MODEL, Pipeline, build_pipeline
from countersight.settings import Settings, load_settings
from countersight.store.base import Store
from countersight.store.filters import EventFilter

log = logging.getLogger(__name__)

__all__ = ["IngestSummary", "Outcome", "ReextractSummary", "ingest", "ingest_report", "reextract"]

# Fold the event tally log (Store.fold_tallies) after this many reports.
TALLY_FOLD_EVERY = 2000


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    off_topic: int = 0
    failed: int = 0
    events: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "off_topic": self.off_topic,
            "failed": self.failed,
            "events": self.events,
            "problems": [str(p) for p in self.problems],
        }

    def line(self) -> str:
        from countersight.describe import plural

        return (
            f"{self.ingested} ingested ({self.off_topic} off-topic, {plural(self.near_duplicates, 'near-duplicate')}), "
            f"{self.duplicates} already stored, {self.failed} failed; {plural(self.events, 'event')}"
        )


def ingest_report(raw: RawReport, store: Store, pipeline: Pipeline, *, threshold: float = 0.7) -> Outcome:
    """Analyse one report and store it with its events, all or nothing (``writer.store_report``).

    Safe with other writers at work (another ingest, on SQLite or PostgreSQL): a
    report they store meanwhile is a duplicate, and an id they take meanwhile makes
    this one try the next free ``id~N``.
    """
    try:
        digest = content_hash(raw.body)
    except (UnicodeError, ValueError) as exc:  # text a reader let through but cannot be stored as UTF-8
        return Outcome("failed", problem=problem(raw, f"text cannot be stored: {type(exc).__name__}: {exc}"))
    existing = store.report_id_for_hash(digest)
    if existing is not None:
        return Outcome("duplicate", report_id=existing)
    signature = minhash(raw.body)
    keys = lsh_keys(signature)
    near, similarity = nearest(store, keys, signature, threshold)

    def analyse(named: RawReport) -> Doc:
        try:
            return pipeline(named)
        except Exception as exc:  # one report's failure must not stop the batch
            log.debug("extraction failed for %s", named.source_path, exc_info=True)
            raise AnalysisFailed(f"{type(exc).__name__}: {exc}") from exc

    return store_report(store, raw, digest, signature, keys, near, similarity, analyse)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings | None = None,
    *,
    pipeline: Pipeline | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    workers: int = 1,
    scheduler: Any = None,
    link_incidents: bool = True,
) -> IngestSummary:
    """Read every report under ``paths``, extract its events and store them.

    Bad files become problems (reported through ``on_problem`` and counted);
    the rest of the batch goes on.

    ``workers`` > 1 runs the extraction in that many worker processes (0: one per
    core); ``scheduler`` (a ``dask.distributed`` scheduler address, or a ``Client``)
    runs it on a Dask cluster. Either way this process alone writes, in input order,
    in batches (one transaction per batch, one savepoint per report), and the stored
    results are the same as with one process (see :mod:`countersight.ingest.parallel`).

    The stored events are linked into incidents again when any report was stored
    (``link_incidents=False`` leaves that to the caller: a batch of ingests links once).
    """
    settings = settings or load_settings()
    summary = IngestSummary()
    written = 0

    def record(outcome: Outcome) -> None:
        nonlocal written
        _count(summary, outcome)
        if outcome.problem and on_problem:
            on_problem(outcome.problem)
        if on_outcome:
            on_outcome(outcome)
        written += 1
        if written % TALLY_FOLD_EVERY == 0:
            store.fold_tallies()  # keeps the log the summaries read short (skipped inside a batch)

    if workers < 0:
        raise InputError(f"workers must be 0 (one per core) or more, got {workers}")
    if scheduler is not None or workers != 1:
        from countersight.ingest.parallel import WORKERS_PER_CORE, default_workers, ingest_parallel

        # Each worker is a process with the extractor loaded: far more than the cores only
        # fills the memory (a mistyped --workers 10000 would fork ten thousand of them).
        most = WORKERS_PER_CORE * default_workers()
        if scheduler is None and workers > most:
            raise InputError(f"workers: at most {most} on this machine ({WORKERS_PER_CORE} per core), got {workers}")

        ingest_parallel(
            paths, store,
            max_bytes=settings.max_report_bytes,
            threshold=settings.near_duplicate_threshold,
            names=pipeline.names if pipeline is not None else DEFAULT_PIPELINE,
            model=_model_directory(pipeline, settings),
            workers=workers or default_workers(),
            scheduler=scheduler,
            record=record,
        )
    else:
        pipeline = pipeline or build_pipeline(model=settings.model or None)
        for item in iter_reports(paths, max_bytes=settings.max_report_bytes):
            if isinstance(item, IngestProblem):
                outcome = Outcome("failed", problem=item)
            else:
                outcome = ingest_report(item, store, pipeline, threshold=settings.near_duplicate_threshold)
            record(outcome)
    store.fold_tallies()
    if link_incidents and summary.ingested:
        _link(store)
    return summary


def _link(store: Store) -> int:
    """Incidents are computed from every stored event: recomputed once the events changed."""
    from countersight.incidents import rebuild

    return rebuild(store)


def _model_directory(pipeline: Pipeline | None, settings: Settings) -> str | None:
    """The model the workers load: the given pipeline's (none when it has none), else the setting's."""
    if pipeline is None:
        return settings.model or None
    if pipeline.model is None:
        return NO_MODEL
    return pipeline.model.directory or settings.model or None


def _count(summary: IngestSummary, outcome: Outcome) -> None:
    if outcome.status == "failed":
        summary.failed += 1
        if outcome.problem:
            summary.problems.append(outcome.problem)
    elif outcome.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.ingested += 1
        doc = outcome.doc
        if doc is not None:
            summary.events += len(doc.events)
            summary.off_topic += int(not doc.on_topic)
        if outcome.requested_id and outcome.requested_id != outcome.report_id:
            summary.renamed.append((outcome.requested_id, outcome.report_id))
        summary.near_duplicates += int(outcome.near_duplicate_of is not None)


@dataclass
class ReextractSummary:
    reports: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept_reviewed: int = 0

    def line(self) -> str:
        return (f"{self.reports} reports re-extracted: {self.added} events added, {self.updated} updated, "
                f"{self.removed} removed; {self.kept_reviewed} reviewed events kept as the analysts left them")


def reextract(store: Store, pipeline: Pipeline | None = None, *, document: str | None = None,
              model: str | None = None, link_incidents: bool = True) -> ReextractSummary:
    """Run the current extraction again on stored reports, then link the events into
    incidents again (unless ``link_incidents`` is False).

    Fields an analyst reviewed are never overwritten; events an analyst added or
    reviewed are never removed; unreviewed machine events the rules no longer find
    are removed. One transaction per report.
    """
    pipeline = pipeline or build_pipeline(model=model)
    summary = ReextractSummary()
    ids = [document] if document else store.report_ids()
    for report_id in ids:
        stored = store.get_report(report_id)
        raw = RawReport(
            document=stored.id, body=stored.body, source_path=stored.source_path or "", format=stored.format,
            title=stored.title, url=stored.url, outlet=stored.outlet,
            published=dt.date.fromisoformat(stored.published) if stored.published else None,
        )
        doc = pipeline(raw)
        fresh = {e.id: e for e in doc.events}
        before = (summary.added, summary.updated, summary.removed)
        with store.transaction():
            store.lock_report(report_id)  # analysts' decisions on its events are kept, not raced
            current = {e.id: e for e in store.list_events(EventFilter(document=report_id), any_status=True)}
            for eid, old in current.items():
                meta = store.event_meta(eid)
                reviewed = set(meta["reviewed_fields"])
                if meta["origin"] == "analyst" or old.status != "unreviewed":
                    summary.kept_reviewed += 1
                    if eid in fresh and old.status != "rejected":
                        merged = _merge(old, fresh[eid], reviewed)
                        if merged.to_dict() != old.to_dict():
                            store.replace_event(merged)
                    continue
                if eid not in fresh:
                    store.delete_event(eid)
                    summary.removed += 1
                elif fresh[eid].to_dict() != old.to_dict():
                    store.replace_event(fresh[eid])
                    summary.updated += 1
            for eid, event in fresh.items():
                if eid not in current:
                    store.insert_event(report_id, event)
                    summary.added += 1
            store.update_report(report_id, {
                "on_topic": int(doc.on_topic), "topic_hits": doc.topic_hits,
                "furniture": json.dumps(doc.furniture_spans()),
                "source": json.dumps(doc.source.to_dict(), ensure_ascii=False) if doc.source else None,
                "source_admin1": doc.source.admin1 if doc.source else None, "extractor_version": doc.extractor,
            })
            added, updated, removed = (now_ - then for now_, then in zip((summary.added, summary.updated, summary.removed), before))
            if added or updated or removed:
                audit.append(store, "reextract", "reextract", report_id,
                             {"added": added, "updated": updated, "removed": removed, "extractor": doc.extractor})
        summary.reports += 1
    store.fold_tallies()
    if link_incidents:
        _link(store)
    return summary


def _merge(old: Event, new: Event, reviewed: set[str]) -> Event:
    """The new extraction's values, except for the fields an analyst reviewed."""
    data = new.to_dict()
    previous = old.to_dict()
    for f in reviewed:
        if f in previous:
            data[f] = previous[f]
    data["status"] = old.status
    data["confidence"] = old.confidence
    # Provenance: the extractor that made what the event now says. When every value the
    # new run offered was kept from the review, the event is still the old extractor's.
    if all(data.get(k) == previous.get(k) for k in data.keys() | previous.keys() if k != "extractor"):
        data["extractor"] = previous.get("extractor")
    merged = Event.from_dict(data)
    merged.id = old.id
    return merged
