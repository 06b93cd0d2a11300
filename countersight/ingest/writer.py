"""The one write path of an ingest: an analysed report stored with its fingerprints, events
and audit entry, all or nothing, whoever analysed it (this process, a worker, a Dask cluster).

Used by ``service.ingest_report`` (one process: a transaction per report) and by
``parallel`` (one writer: a savepoint per report inside a batch's transaction). Safe with
other writers at work (another ingest, on SQLite or PostgreSQL): a report they store
meanwhile is a duplicate, and an id they take meanwhile makes this one try the next
free ``id~N``. Event ids depend on the report's id, so a report stored under another
id is analysed again by ``analyse`` (the pipeline, or a rename of the worker's events).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from countersight import audit
from countersight.errors import CountersightError
from countersight.incidents.sources import canonical_outlet
from countersight.ingest.dedup import estimate_similarity
from countersight.model import IngestProblem, RawReport
from countersight.pipeline.doc import Doc
from countersight.store.base import Store, now

__all__ = ["ID_ATTEMPTS", "OUTCOMES", "Outcome", "free_id", "nearest", "problem",
           "report_row", "store_report", "write_report"]

OUTCOMES = ("ingested", "duplicate", "failed")
ID_ATTEMPTS = 20  # other writers taking id~N before us this many times in a row: give up
log = logging.getLogger("countersight.ingest.service")  # (where these messages always came from)


@dataclass
class Outcome:
    status: str  # one of OUTCOMES
    report_id: str | None = None
    doc: Doc | None = None
    near_duplicate_of: str | None = None
    problem: IngestProblem | None = None
    requested_id: str | None = None  # the document id the reader gave, when another report held it


class _IdTaken(Exception):
    pass


class AnalysisFailed(Exception):
    """Raised by an ``analyse`` callback: the report's extraction failed (the message says how)."""


def store_report(store: Store, raw: RawReport, digest: str, signature: tuple[int, ...], keys: list[str],
                 near: str | None, similarity: float | None, analyse: Callable[[RawReport], Doc]) -> Outcome:
    """Store one report under its own id or the next free ``id~N``: in a transaction of its
    own, or in a savepoint when the caller's transaction is open (a batch: only this
    report is undone on an error). ``analyse(raw)`` gives its Doc for the id chosen."""
    requested_id = raw.document
    taken: set[str] = set()
    named = raw
    for _attempt in range(ID_ATTEMPTS):
        report_id = free_id(store, requested_id, taken)
        named = raw if report_id == raw.document else RawReport(**{**raw.__dict__, "document": report_id})
        try:
            doc = analyse(named)  # event ids follow the report id
        except AnalysisFailed as exc:
            return Outcome("failed", problem=problem(named, f"extraction failed: {exc}"))
        row = report_row(doc, digest, signature, near, similarity)
        unit = store.savepoint() if store.in_transaction else store.transaction()
        try:
            with unit:
                stored = store.report_id_for_hash(digest)
                if stored is not None:  # stored meanwhile by another writer (or earlier in this batch)
                    return Outcome("duplicate", report_id=stored)
                if store.report_exists(report_id):  # the id was taken meanwhile
                    raise _IdTaken(report_id)
                write_report(store, row, keys, doc)
        except _IdTaken:
            taken.add(report_id)
            continue
        except CountersightError as exc:
            return Outcome("failed", problem=problem(named, str(exc)))
        except Exception as exc:
            # Another writer's transaction, not yet committed when we checked, stored the
            # same text (UNIQUE content_hash) or took the id (PRIMARY KEY): rolled back.
            clash = store.unique_violation(exc)
            if clash in ("reports.content_hash", "reports.id"):
                stored = store.report_id_for_hash(digest)  # the same text under the same id: either may clash first
                if stored is not None:
                    return Outcome("duplicate", report_id=stored)
            if clash == "reports.id":
                taken.add(report_id)
                continue
            log.debug("storing failed for %s", raw.source_path, exc_info=True)
            return Outcome("failed", problem=problem(named, f"could not be stored: {type(exc).__name__}: {exc}"))
        return Outcome("ingested", report_id=report_id, doc=doc, near_duplicate_of=near, requested_id=requested_id)
    return Outcome("failed", problem=problem(named, f"could not be stored: no free id after {ID_ATTEMPTS} tries"))


def problem(raw: RawReport, message: str) -> IngestProblem:
    return IngestProblem(raw.source_path, message, line=raw.line)


def free_id(store: Store, document: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The document id, or the id with ``~2``, ``~3`` ... when another report holds it
    (or it is in ``taken``: found held by a concurrent writer)."""

    def held(candidate: str) -> bool:
        return candidate in taken or store.report_exists(candidate)

    if not held(document):
        return document
    n = 2
    while held(f"{document}~{n}"):
        n += 1
    return f"{document}~{n}"


def nearest(store: Store, keys: list[str], signature: tuple[int, ...], threshold: float) -> tuple[str | None, float | None]:
    best: tuple[str | None, float | None] = (None, None)
    for other_id, other_sig in store.lsh_candidates(keys):
        if not other_sig:
            continue
        similarity = estimate_similarity(signature, [int(x) for x in other_sig.split(",")])
        if similarity >= threshold and (best[1] is None or similarity > best[1]):
            best = (other_id, round(similarity, 3))
    return best


def write_report(store: Store, row: dict, keys: list[str], doc: Doc) -> None:
    """The report, its fingerprints, its events and its audit entry: call inside a
    transaction (or savepoint), so that they are stored together or not at all."""
    store.insert_report(row, keys)
    store.insert_events(row["id"], doc.events, row["published"], body=row["body"])
    audit.append(store, "ingest", "ingest", row["id"], {
        "content_hash": row["content_hash"], "events": len(doc.events), "on_topic": bool(row["on_topic"]),
        "near_duplicate_of": row["near_duplicate_of"], "source_path": row["source_path"],
        "extractor": row["extractor_version"],
    })


def report_row(doc: Doc, digest: str, signature: tuple[int, ...], near: str | None, similarity: float | None) -> dict:
    raw = doc.report
    return {
        "id": doc.document,
        "content_hash": digest,
        "title": doc.title,
        "url": raw.url,
        # One name per outlet ("RFA's Korean Service " and "Radio Free Asia" alike), so that
        # lists, exports and groupings by outlet hold together.
        "outlet": canonical_outlet(raw.outlet or (doc.source.outlet if doc.source and doc.source.outlet not in (None, "us", "reporters") else None)),
        "published": raw.published.isoformat() if raw.published else None,
        "body": raw.body,
        "format": raw.format,
        "source_path": raw.source_path,
        "source_line": raw.line,
        "word_count": len(raw.body.split()),
        "on_topic": int(doc.on_topic),
        "topic_hits": doc.topic_hits,
        "furniture": json.dumps(doc.furniture_spans()),
        "source": json.dumps(doc.source.to_dict(), ensure_ascii=False) if doc.source else None,
        "source_admin1": doc.source.admin1 if doc.source else None,
        "near_duplicate_of": near,
        "similarity": similarity,
        "minhash": ",".join(map(str, signature)),
        "extractor_version": doc.extractor,
        "ingested_at": now(),
    }
