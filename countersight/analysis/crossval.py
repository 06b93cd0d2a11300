"""Honest figures for the learned extractor: cross-validation by report or by batch.

Each fold's reports are extracted by a model trained on the other folds (plus
any train-only corpora), so no report is scored by a model that saw it. The
rule extractor alone is scored on the same reports beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from countersight.analysis.evaluate import Scores
from countersight.errors import InputError, ParamError
from countersight.learn.train import (
    Annotated, cross_validate, folds_by_batch, folds_by_report, predict, read_annotated, score_items,
)

FOLD_BY = ("report", "batch")


CALIBRATION_BINS: tuple[float, ...] = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def calibration(scores: Scores, bins: Sequence[float] = CALIBRATION_BINS) -> list[dict[str, Any]]:
    """Stated confidence against observed precision: the predicted mentions in each
    confidence bin, and the share of them that match a gold mention."""
    matched = {id(p) for _, p in scores.pairs}
    predicted = [p for _, p in scores.pairs] + list(scores.spurious)
    rows = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        inside = [p for p in predicted if lo <= p.confidence < hi]
        if not inside:
            continue
        rows.append({"from": lo, "to": min(hi, 1.0), "mentions": len(inside),
                     "stated": round(sum(p.confidence for p in inside) / len(inside), 3),
                     "observed": round(sum(id(p) in matched for p in inside) / len(inside), 3)})
    return rows


@dataclass
class CrossValidation:
    rules: Scores
    model: Scores
    folds: int
    by: str
    reports: int
    by_batch: dict[str, tuple[Scores, Scores]]  # batch -> (rules, model)
    notes: list[str] = field(default_factory=list)  # where the folds differ from those asked for, and why

    def to_dict(self) -> dict[str, Any]:
        return {"folds": self.folds, "by": self.by, "reports": self.reports, "notes": list(self.notes),
                "rules": self.rules.to_dict(), "model": self.model.to_dict(),
                "calibration": {"rules": calibration(self.rules), "model": calibration(self.model)},
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
        extra += read_annotated(Path(c), Path(g), Path(g).stem, batch=Path(g).stem)  # trained on whole
    notes: list[str] = []
    if by == "batch":
        split = folds_by_batch(items)
        if len(split) < 2:
            raise InputError(f"{gold}: the ids of its {len(items)} reports in {corpus} all begin "
                             f"'{items[0].batch}-', one batch (a batch is the id's prefix before the first '-'): "
                             "fold by report instead")
        if folds != len(split):
            notes.append(f"folded by batch: {len(split)} folds, one per batch "
                         f"({', '.join(sorted({i.batch for i in items}))}), not {folds}")
    else:
        if folds < 2:
            raise ParamError("folds", f"must be 2 or more, got {folds}")
        if folds > len(items):  # a fold needs a report to score
            notes.append(f"{folds} folds asked for, {len(items)} made: one per report of {gold} in {corpus}")
        split = folds_by_report(items, min(folds, len(items)), seed)
    predictions = cross_validate(items, split, config, train_only=extra, limit=limit, progress=progress)
    rules = {n: predict(None, item) for n, item in enumerate(items)}
    by_batch = {}
    for batch in sorted({i.batch for i in items}):
        def chosen(i: Annotated, b: str = batch) -> bool:
            return i.batch == b
        by_batch[batch] = (score_items(items, rules, chosen), score_items(items, predictions, chosen))
    return CrossValidation(score_items(items, rules), score_items(items, predictions), len(split), by, len(items),
                           by_batch, notes)


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
    lines += ["", "calibration of the model: stated confidence against observed precision",
              f"{'  confidence':26}{'mentions':>9}{'stated':>8}{'observed':>9}"]
    for b in calibration(m):
        lines.append(f"  {b['from']:.1f}-{b['to']:.1f}{'':17}{b['mentions']:9d}{b['stated']:8.3f}{b['observed']:9.3f}")
    return "\n".join(lines)


def learning_curve(corpus: Path, gold: Path, sizes: Sequence[int], *, folds: int = 5,
                   train_also: Sequence[tuple[Path, Path]] = (), seed: int = 0) -> list[dict[str, Any]]:
    """Cross-validated figures against the number of training reports drawn from ``corpus``
    (``train_also`` is added to every training set: give none to see the corpus alone)."""
    items = read_annotated(corpus, gold, Path(gold).stem)
    extra: list[Annotated] = []
    for c, g in train_also:
        extra += read_annotated(Path(c), Path(g), Path(g).stem, batch=Path(g).stem)  # trained on whole
    split = folds_by_report(items, folds, seed)
    rules = score_items(items, {n: predict(None, item) for n, item in enumerate(items)})
    out = []
    for size in sizes:
        predictions = cross_validate(items, split, train_only=extra, limit=size)
        s = score_items(items, predictions)
        out.append({"reports": min(size, len(items) - max(len(f) for f in split)), "mention_f1": round(s.mentions.f1, 4),
                    "perpetrators_f1": round(s.perpetrators.f1, 4), "targets_f1": round(s.targets.f1, 4),
                    "place": round(s.place.value or 0.0, 4)})
    out.append({"reports": 0, "rules": True, "mention_f1": round(rules.mentions.f1, 4),
                "perpetrators_f1": round(rules.perpetrators.f1, 4), "targets_f1": round(rules.targets.f1, 4),
                "place": round(rules.place.value or 0.0, 4)})
    return out
