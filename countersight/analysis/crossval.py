"""Honest figures for the learned extractor: cross-validation by report or by batch.

Each fold's reports are extracted by a model trained on the other folds (plus
any train-only corpora), so no report is scored by a model that saw it. The
rule extractor alone is scored on the same reports beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from countersight.analysis.evaluate import Scores
from countersight.errors import InputError
from countersight.learn.train import (
    Annotated, cross_validate, folds_by_batch, folds_by_report, predict, read_annotated, score_items,
)

FOLD_BY = ("report", "batch")


@dataclass
class CrossValidation:
    rules: Scores
    model: Scores
    folds: int
    by: str
    reports: int
    by_batch: dict[str, tuple[Scores, Scores]]  # batch -> (rules, model)

    def to_dict(self) -> dict[str, Any]:
        return {"folds": self.folds, "by": self.by, "reports": self.reports,
                "rules": self.rules.to_dict(), "model": self.model.to_dict(),
                "by_batch": {b: {"rules": r.to_dict(), "model": m.to_dict()} for b, (r, m) in self.by_batch.items()}}


def cross_validated(corpus: Path, gold: Path, *, folds: int = 5, by: str = "report",
                    train_also: Sequence[tuple[Path, Path]] = (), config: dict[str, Any] | None = None,
                    limit: int | None = None, seed: int = 0,
                    progress: Callable[[int, int], None] | None = None) -> CrossValidation:
    """Cross-validated scores of ``gold`` on ``corpus`` for the rules and for the model."""
    if by not in FOLD_BY:
        raise InputError(f"fold by one of {', '.join(FOLD_BY)}, not {by!r}")
    items = read_annotated(corpus, gold, Path(gold).stem)
    if len(items) < 2:
        raise InputError(f"{gold}: cross-validation needs at least two of its reports in {corpus}, found {len(items)}")
    extra: list[Annotated] = []
    for c, g in train_also:
        extra += read_annotated(Path(c), Path(g), Path(g).stem)
    if by == "batch":
        split = folds_by_batch(items)
        if len(split) < 2:
            raise InputError(f"{gold}: its reports form one batch (ids like d1-...): fold by report instead")
    else:
        if folds < 2:
            raise InputError(f"--folds must be 2 or more, got {folds}")
        split = folds_by_report(items, min(folds, len(items)), seed)
    predictions = cross_validate(items, split, config, train_only=extra, limit=limit, progress=progress)
    rules = {n: predict(None, item) for n, item in enumerate(items)}
    by_batch = {}
    for batch in sorted({i.batch for i in items}):
        def chosen(i: Annotated, b: str = batch) -> bool:
            return i.batch == b
        by_batch[batch] = (score_items(items, rules, chosen), score_items(items, predictions, chosen))
    return CrossValidation(score_items(items, rules), score_items(items, predictions), len(split), by, len(items),
                           by_batch)


def format_comparison(cv: CrossValidation) -> str:
    """Rules and model side by side, overall, per type and per batch."""
    r, m = cv.rules, cv.model
    lines = [f"cross-validated by {cv.by}: {cv.folds} folds over {cv.reports} reports "
             "(each scored by a model that never saw it)", "",
             f"{'':26}{'rules':>8}{'model':>8}"]

    def row(name: str, a: float | None, b: float | None) -> None:
        fmt = lambda v: "     -  " if v is None else f"{v:8.3f}"  # noqa: E731
        lines.append(f"{name:26}{fmt(a)}{fmt(b)}")

    row("mention precision", r.mentions.precision, m.mentions.precision)
    row("mention recall", r.mentions.recall, m.mentions.recall)
    row("mention F1", r.mentions.f1, m.mentions.f1)
    row("perpetrators F1", r.perpetrators.f1, m.perpetrators.f1)
    row("targets F1", r.targets.f1, m.targets.f1)
    row("place (country+admin1)", r.place.value, m.place.value)
    row("date start (month)", r.date.value, m.date.value)
    row("penalty exact", r.penalty.value, m.penalty.value)
    lines += ["", "F1 per type"]
    for etype in sorted(set(r.by_type) | set(m.by_type)):
        rs, ms = r.by_type.get(etype), m.by_type.get(etype)
        row("  " + etype, rs.f1 if rs else None, ms.f1 if ms else None)
    if len(cv.by_batch) > 1:
        lines += ["", "mention F1 per batch"]
        for batch, (rb, mb) in cv.by_batch.items():
            row("  " + batch, rb.mentions.f1, mb.mentions.f1)
    return "\n".join(lines)
