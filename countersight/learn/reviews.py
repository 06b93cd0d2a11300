"""Analysts' reviews as training examples.

A report with reviewed events teaches the model through the sentences an
analyst decided on: a confirmed, edited or added event is a true mention with
its reviewed perpetrators and targets; a rejected one says that its sentence
does not assert that type. Sentences nobody reviewed are left out: silence is
not a verdict.
"""

from __future__ import annotations

import datetime as dt

from countersight.learn.train import PREFIX, Annotated
from countersight.model import RawReport
from countersight.pipeline.factories import build_pipeline
from countersight.store.base import Store

TRUE_STATUSES = frozenset({"confirmed", "edited"})


def annotated_from_reviews(store: Store) -> list[Annotated]:
    """Every report with reviewed events, through the rulers, with its reviewed events."""
    prefix = build_pipeline(PREFIX)
    out: list[Annotated] = []
    for report_id in store.reviewed_report_ids():
        stored = store.get_report(report_id)
        raw = RawReport(
            document=stored.id, body=stored.body, source_path=stored.source_path or "", format=stored.format,
            title=stored.title, url=stored.url, outlet=stored.outlet,
            published=dt.date.fromisoformat(stored.published) if stored.published else None,
        )
        # An analyst's added event is stored confirmed: the status alone says what was decided.
        decided = [e for e in store.events_of_report(report_id) if e.status != "unreviewed"]
        gold = [e for e in decided if e.status in TRUE_STATUSES]
        rejected = [e for e in decided if e.status == "rejected"]
        item = Annotated(prefix(raw), gold, "reviews", "reviews")
        item.meta["reviewed_quotes"] = [(e.evidence.start, e.evidence.end) for e in decided]
        item.meta["rejected"] = len(rejected)
        out.append(item)
    return out
