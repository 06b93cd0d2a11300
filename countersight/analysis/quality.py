"""Measure extraction quality: the figures docs/quality.md reports and the gate pins.

``python -m countersight.analysis.quality`` (``make quality``) prints, for the
rules alone and for the learned extractor side by side:

- the project's samples (the shipped model learned from them: a flattering figure),
  the held-out samples and the held-out style samples (never learned from nor tuned on);
- the shared seeds, scored by a model trained without them (dev + samples + style samples);
- the shared dev set, cross-validated by report and by batch (``--folds``).

``measure`` ingests a corpus into a throw-away database with the default
pipeline (or ``model="none"``, the rules alone) and scores it with the same
code as ``countersight evaluate``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from countersight.analysis.evaluate import Scores, evaluate_store, format_scores
from countersight.ingest.service import ingest
from countersight.samples import gold_path, reports_dir
from countersight.settings import load_settings
from countersight.store import open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HELDOUT = Path(__file__).resolve().parents[1] / "samples" / "heldout"
# Forty fictional reports in other outlets' styles that nothing learned from: a measure only.
HELDOUT_STYLES = HELDOUT.parent / "heldout_styles"
SEEDS = (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.jsonl")
DEV = (SHARED / "corpus" / "dev", SHARED / "gold" / "dev.jsonl")
SAMPLES = (reports_dir(), gold_path())
# Fictional reports in other outlets' styles: training data only, never a measure.
STYLES = (reports_dir().parent / "styles" / "reports", reports_dir().parent / "styles" / "gold.jsonl")
# What every model learns from besides the dev set (each fold of its cross-validation too).
TRAIN_ALSO = (SEEDS, SAMPLES, STYLES)


def measure(corpus: Path, gold: Path, model: str | None = None) -> Scores:
    """Ingest ``corpus`` with the default pipeline (``model``: a model directory, or
    "none" for the rules alone; default the shipped model) and score it against ``gold``."""
    store = open_store(":memory:")
    try:
        ingest([corpus], store, load_settings({"model": model or ""}, environ={}))
        return evaluate_store(store, gold)
    finally:
        store.close()


def shared_available() -> bool:
    return DEV[1].is_file() and SEEDS[1].is_file()


def seeds_held_out(config: dict | None = None) -> tuple[Scores, Scores]:
    """The seeds scored by the rules and by a model trained on everything else (dev and ``TRAIN_ALSO``)."""
    from countersight.learn.train import predict, read_annotated, score_items, train

    training = read_annotated(*DEV, "dev")
    for corpus, gold in TRAIN_ALSO:
        if (corpus, gold) != SEEDS:
            training += read_annotated(corpus, gold, Path(gold).parent.name, batch=Path(gold).parent.name)
    model = train(training, config)
    seeds = read_annotated(*SEEDS, "seeds", batch="seeds")
    rules = {n: predict(None, item) for n, item in enumerate(seeds)}
    learned = {n: predict(model, item) for n, item in enumerate(seeds)}
    return score_items(seeds, rules), score_items(seeds, learned)


def line(name: str, s: Scores) -> str:
    return (f"{name:34} F1 {s.mentions.f1:.3f} (P {s.mentions.precision:.3f} R {s.mentions.recall:.3f})  "
            f"perpetrators {s.perpetrators.f1:.3f}  targets {s.targets.f1:.3f}  "
            f"place {s.place.value or 0:.3f}  measures {s.measures.value or 0:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the extraction quality figures (docs/quality.md).")
    parser.add_argument("--folds", type=int, default=5, help="folds of the dev set's cross-validation by report")
    parser.add_argument("--full", action="store_true", help="also print the full score tables")
    args = parser.parse_args(argv)
    rows = [("samples (model learned from them)", *SAMPLES), ("held-out samples", HELDOUT / "reports", HELDOUT / "gold.jsonl"),
            ("held-out style samples", HELDOUT_STYLES / "reports", HELDOUT_STYLES / "gold.jsonl")]
    for name, corpus, gold in rows:
        for label, model in (("rules", "none"), ("model", None)):
            scores = measure(corpus, gold, model)
            print(line(f"{name}, {label}", scores))
            if args.full:
                print(format_scores(scores), "\n")
    if not shared_available():
        print(f"({SHARED} is not beside the checkout: the seeds and the dev set are not measured)")
        return 0
    rules, model = seeds_held_out()
    print(line("seeds, rules", rules))
    print(line("seeds, model (trained without them)", model))
    from countersight.analysis.crossval import cross_validated, format_comparison

    for by in ("report", "batch"):
        cv = cross_validated(DEV[0], DEV[1], folds=args.folds, by=by, train_also=list(TRAIN_ALSO))
        print()
        print(format_comparison(cv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
