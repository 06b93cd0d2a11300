"""Measure extraction quality: ingest a corpus into a throw-away database and score it.

``python -m countersight.analysis.quality`` prints the figures for the bundled
samples and, when the shared seeds are beside the checkout, for those too. The
test suite's quality gate calls ``measure`` with the same corpora.
"""

from __future__ import annotations

import sys
from pathlib import Path

from countersight.analysis.evaluate import Scores, evaluate_store, format_scores
from countersight.ingest.service import ingest
from countersight.samples import gold_path, reports_dir
from countersight.store import open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def measure(corpus: Path, gold: Path) -> Scores:
    store = open_store(":memory:")
    try:
        ingest([corpus], store)
        return evaluate_store(store, gold)
    finally:
        store.close()


HELDOUT = Path(__file__).resolve().parents[1] / "samples" / "heldout"


def corpora() -> list[tuple[str, Path, Path]]:
    found = [("samples", reports_dir(), gold_path())]
    if (HELDOUT / "gold.jsonl").is_file():
        # Written independently and not read while tuning the rules: the honest figure.
        found.append(("heldout", HELDOUT / "reports", HELDOUT / "gold.jsonl"))
    seeds, seeds_gold = SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.jsonl"
    if seeds.is_dir() and seeds_gold.is_file():
        found.insert(0, ("seeds", seeds, seeds_gold))
    return found


def main() -> int:
    for name, corpus, gold in corpora():
        print(f"== {name}: {corpus}")
        print(format_scores(measure(corpus, gold)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
