"""How much an analyst's review teaches the model, by the order the queue offers events.

A simulation on the dev set, cross-validated by report (5 folds): a model trained without
the dev set (seeds, samples, style samples) extracts the other folds' reports; a simulated
analyst reviews the first K of those events in the queue's order, confirming an event the
gold holds (correcting its perpetrators, targets and place to the gold's, as an edit) and
rejecting one it does not; the model is retrained with those reviews, as `countersight
train --db` does (`learn/reviews.py`: only reviewed sentences count), and scores the
held-out fold. Orders: ``uncertain`` (confidence nearest one half first, the queue's
"most uncertain first") and ``random``.

    .venv/bin/python tools/review_value.py [--budgets 50 100 200]

Prints mention F1, perpetrators, targets and place per budget and order (docs/quality.md).
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from countersight.analysis.evaluate import GoldFile, score  # noqa: E402
from countersight.analysis.quality import DEV, TRAIN_ALSO, line, shared_available  # noqa: E402
from countersight.learn.train import (Annotated, folds_by_report, predict, read_annotated,  # noqa: E402
                                      score_items, train)
from countersight.model import Event  # noqa: E402

ORDERS = ("uncertain", "random", "confident", "mixed")


def reviewed(items: Sequence[Annotated], predictions: dict[int, list[Event]], order: str, budget: int,
             seed: int = 0) -> list[Annotated]:
    """The reports an analyst reviewed ``budget`` events of, each with what was decided."""
    queue = [(n, e) for n, events in predictions.items() for e in events]
    def nearest_half(ne: tuple[int, Event]) -> tuple:
        return abs((ne[1].confidence or 0.0) - 0.5), ne[0], ne[1].evidence.start, ne[1].type

    if order == "uncertain":
        queue.sort(key=nearest_half)
    elif order == "confident":
        queue.sort(key=lambda ne: (-(ne[1].confidence or 0.0), ne[0], ne[1].evidence.start, ne[1].type))
    elif order == "mixed":  # the most uncertain and a random event, in turn
        uncertain = sorted(queue, key=nearest_half)
        shuffled = list(queue)
        random.Random(seed).shuffle(shuffled)
        seen: set[int] = set()
        mixed = []
        for pair in zip(uncertain, shuffled):
            for ne in pair:
                if id(ne[1]) not in seen:
                    seen.add(id(ne[1]))
                    mixed.append(ne)
        queue = mixed
    else:
        random.Random(seed).shuffle(queue)
    chosen: dict[int, list[Event]] = {}
    for n, event in queue[:budget]:
        chosen.setdefault(n, []).append(event)
    out = []
    for n, events in sorted(chosen.items()):
        item = items[n]
        scores = score(GoldFile(item.gold, {item.doc.document: {"document": item.doc.document}}), events,
                       bodies={item.doc.document: item.doc.text})
        truth = {id(p): g for g, p in scores.pairs}
        confirmed = []
        for event in events:
            g = truth.get(id(event))
            if g is not None:  # confirmed, with the roles and place corrected where they were wrong
                kept = copy.copy(event)
                kept.perpetrators, kept.targets, kept.location = list(g.perpetrators), list(g.targets), g.location
                confirmed.append(kept)
        review = Annotated(item.doc, confirmed, "reviews", "reviews")
        review.meta["reviewed_quotes"] = [(e.evidence.start, e.evidence.end) for e in events]
        out.append(review)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[50, 100, 200], help="events reviewed")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    if not shared_available():
        print("needs ../shared (the dev set) beside the checkout")
        return 1
    dev = read_annotated(*DEV, "dev")
    base = [item for corpus, gold in TRAIN_ALSO
            for item in read_annotated(corpus, gold, Path(gold).parent.name, batch=Path(gold).parent.name)]
    model = train(base)
    extracted = {n: predict(model, item) for n, item in enumerate(dev)}
    results: dict[tuple[str, int], dict[int, list[Event]]] = {}
    for held in folds_by_report(dev, args.folds):
        held_set = set(held)
        pool = {n: events for n, events in extracted.items() if n not in held_set}
        for order in ORDERS:
            for budget in args.budgets:
                learned = train(base + reviewed(dev, pool, order, budget))
                results.setdefault((order, budget), {}).update({n: predict(learned, dev[n]) for n in held})
    print(line("no review (seeds, samples, styles)", score_items(dev, extracted)))
    for budget in args.budgets:
        for order in ORDERS:
            print(line(f"{budget} events reviewed, {order}", score_items(dev, results[(order, budget)])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
