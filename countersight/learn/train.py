"""Training the learned layers from annotated reports, and scoring them honestly.

Annotated reports come from gold files (EVENTS.md format, with the reports they
describe) and from analysts' reviews in a database. ``train`` fits the four
linear models with the config in ``config.toml``; ``cross_validate`` folds the
reports (or batches of them) so that no report is scored by a model that saw it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from countersight import __version__
from countersight.analysis.evaluate import GoldFile, Scores, read_gold, score
from countersight.errors import InputError
from countersight.ingest.readers import iter_reports
from countersight.learn import linear
from countersight.learn.bundle import SHIPPED_DIR, ExtractorModel, load_config
from countersight.learn.components import (
    PERPETRATOR_LABELS, TARGET_LABELS, TypeBars, perpetrator_features, target_features,
)
from countersight.learn.features import LayerIndex, fold_other, sentence_features
from countersight.learn.places import LABEL as PLACE_LABEL
from countersight.model import EVENT_TYPES, Event, RawReport
from countersight.pipeline.doc import Doc, Span
from countersight.pipeline.extract import MAX_SENTENCE_CHARS, assemble_events
from countersight.pipeline.factories import AFTER_RULERS, RULED_PREFIX, Pipeline, build_pipeline
from countersight.samples import SAMPLES_DIR

# The components before the learned ones: what training reads.
PREFIX: tuple[str, ...] = RULED_PREFIX


@dataclass
class Annotated:
    """One report after the rulers, with the events a person says it holds."""

    doc: Doc
    gold: list[Event]
    corpus: str  # "dev", "seeds", "samples", "reviews": what cross-validation folds by
    batch: str = ""  # a finer group within the corpus (the dev set's d1..d8)
    meta: dict[str, Any] = field(default_factory=dict)


def batch_of(document: str) -> str:
    """A report's batch: its id's prefix before the first ``-`` (the dev set's d1..d8, a
    sample's outlet ``dnk``, ``rfa``)."""
    return document.split("-", 1)[0]


def read_annotated(corpus: Path, gold_path: Path, name: str, *, batch: str | None = None) -> list[Annotated]:
    """The reports of ``corpus`` that ``gold_path`` annotates, each run through the rulers.

    ``batch``: the batch of every report (a corpus that is trained on whole, never folded),
    or None for each report's own (:func:`batch_of`). The gold's offsets are checked
    against the reports' text (InputError naming the bad lines)."""
    gold = read_gold(gold_path)
    by_document: dict[str, list[Event]] = {}
    for event in gold.events:
        by_document.setdefault(event.document, []).append(event)
    annotated_documents = set(gold.documents) | set(by_document)
    prefix = build_pipeline(PREFIX)
    # The project's own samples were written for it: easier than real reports, they teach
    # the models but do not set how sure an event's confidence says it is.
    fictional = SAMPLES_DIR in Path(corpus).resolve().parents or Path(corpus).resolve() == SAMPLES_DIR
    out: list[Annotated] = []
    for report in iter_reports([corpus]):
        if not isinstance(report, RawReport):
            raise InputError(str(report))
        if report.document not in annotated_documents:
            continue
        item = Annotated(prefix(report), by_document.get(report.document, []), name,
                         batch if batch is not None else batch_of(report.document))
        item.meta["fictional"] = fictional
        out.append(item)
    gold.check_texts({item.doc.document: item.doc.text for item in out})
    return out


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def corpus_digest(reports: Iterable[RawReport]) -> str:
    """SHA-256 of the reports' texts, in document order: the gold file's hash alone would
    not notice a report edited under it."""
    digest = hashlib.sha256()
    for report in sorted(reports, key=lambda r: r.document):
        digest.update(report.document.encode() + b"\0" + report.body.encode() + b"\0")
    return digest.hexdigest()


# -- examples -------------------------------------------------------------------
def sentence_of(doc: Doc, event: Event) -> int | None:
    """The sentence holding most of an event's quote."""
    return sentence_at(doc, event.evidence.start, event.evidence.end)


def sentence_at(doc: Doc, start: int, end: int) -> int | None:
    """The sentence holding most of the characters ``start:end``."""
    best, found = 0, None
    for i, sent in enumerate(doc.sentences):
        overlap = min(sent.end, end) - max(sent.start, start)
        if overlap > best:
            best, found = overlap, i
    return found


def type_examples(item: Annotated) -> tuple[list[list[str]], list[set[str]]]:
    doc = item.doc
    labels: dict[int, set[str]] = {}
    for event in item.gold:
        i = sentence_of(doc, event)
        if i is not None:
            labels.setdefault(i, set()).add(event.type)
    # Reviews speak only for the sentences an analyst decided on.
    reviewed = item.meta.get("reviewed_quotes")
    only = None if reviewed is None else {sentence_at(doc, start, end) for start, end in reviewed}
    index = LayerIndex(doc)
    features, targets = [], []
    for i, sent in enumerate(doc.sentences):
        if sent.end - sent.start > MAX_SENTENCE_CHARS or (only is not None and i not in only):
            continue
        features.append(sentence_features(index, i))
        targets.append(labels.get(i, set()))
    return features, targets


def _folded(values: Iterable[str]) -> set[str]:
    return {fold_other(v) for v in values}


Rows = list[tuple[list[str], set[str]]]


def role_examples(item: Annotated) -> tuple[Rows, Rows, Rows]:
    """Each annotated event's role features (as the rules assemble it) with its true roles,
    and its place candidates with whether each is the true place."""
    from countersight.learn.places import LABEL, PlaceContext, candidate_features, candidates

    doc = copy.deepcopy(item.doc)
    wanted: dict[tuple[int, str], Event] = {}
    for event in item.gold:
        i = sentence_of(doc, event)
        if i is not None and doc.sentences[i].end - doc.sentences[i].start <= MAX_SENTENCE_CHARS:
            wanted.setdefault((i, event.type), event)
    doc.spans["mentions"] = [Span(doc.sentences[i].start, doc.sentences[i].end, t, i) for (i, t) in sorted(wanted)]
    assemble_events(doc)
    index = LayerIndex(doc)
    starts = {s.start: i for i, s in enumerate(doc.sentences)}
    perps, targets, places = [], [], []
    context = PlaceContext(doc)
    for event in doc.events:
        i = starts[event.evidence.start]
        truth = wanted.get((i, event.type))
        if truth is None:
            continue
        if event.type != "defection":
            features = perpetrator_features(index, i, event)
            perps.append((features, _folded(truth.perpetrators)))
        features = target_features(index, i, event, doc.dominant)
        targets.append((features, _folded(truth.targets)))
        if truth.location is not None:
            right = (truth.location.country, truth.location.admin1)
            options = candidates(doc, index, i, event, context)
            if len(options) > 1 and any(c.key == right for c in options):
                places += [(candidate_features(index, i, event, c), {LABEL} if c.key == right else set())
                           for c in options]
    return perps, targets, places


# -- examples as hashed matrices: what a model is fitted on ----------------------------
TASKS: tuple[str, ...] = ("types", "perpetrators", "targets", "places")


@dataclass
class Examples:
    """Training examples of the three tasks as hashed binary rows with their label sets.

    This is what ``make model`` ships beside the model (``examples.npz``): the
    training statistics a user's retraining starts from. It holds hashed word
    stems, not the reports' text."""

    rows: dict[str, list[Any]] = field(default_factory=lambda: {t: [] for t in TASKS})  # csr matrices
    labels: dict[str, list[set[str]]] = field(default_factory=lambda: {t: [] for t in TASKS})
    report_of: list[int] = field(default_factory=list)  # the report each "types" row came from (folds by report)
    real: list[bool] = field(default_factory=list)  # per report: written by others (calibrates confidence)
    reports: int = 0
    mentions: int = 0

    def add(self, item: Annotated, config: dict[str, Any]) -> None:
        x, y = type_examples(item)
        self._append("types", x, y, int(config["types"]["n_features"]))
        self.report_of += [self.reports] * len(x)
        self.real.append(not item.meta.get("fictional", False))
        perps, targets, places = role_examples(item)
        n_roles = int(config["roles"]["n_features"])
        self._append("perpetrators", [f for f, _ in perps], [t for _, t in perps], n_roles)
        self._append("targets", [f for f, _ in targets], [t for _, t in targets], n_roles)
        self._append("places", [f for f, _ in places], [t for _, t in places], n_roles)
        self.reports += 1
        self.mentions += len(item.gold)

    def _append(self, task: str, features: list[list[str]], labels: list[set[str]], n_features: int) -> None:
        if features:
            self.rows[task].append(linear.matrix(features, n_features))
            self.labels[task].extend(labels)

    def extend(self, other: Examples) -> Examples:
        for task in TASKS:
            self.rows[task] += other.rows[task]
            self.labels[task] += other.labels[task]
        self.report_of += [r + self.reports for r in other.report_of]
        self.real += other.real
        self.reports += other.reports
        self.mentions += other.mentions
        return self

    def matrix(self, task: str, n_features: int):
        from scipy.sparse import csr_matrix, vstack

        blocks = self.rows[task]
        if not blocks:
            return csr_matrix((0, n_features), dtype=np.float32)
        return vstack(blocks, format="csr")

    def counts(self) -> dict[str, int]:
        return {"reports": self.reports, "mentions": self.mentions, **{t: len(self.labels[t]) for t in TASKS}}

    def save(self, path: Path, config: dict[str, Any]) -> None:
        arrays: dict[str, Any] = {}
        for task in TASKS:
            m = self.matrix(task, _width(config, task))
            arrays[f"{task}_indices"] = m.indices.astype(np.int32)
            arrays[f"{task}_indptr"] = m.indptr.astype(np.int64)
            arrays[f"{task}_labels"] = np.array([json.dumps(sorted(s)) for s in self.labels[task]])
        arrays["counts"] = np.array([self.reports, self.mentions])
        arrays["report_of"] = np.array(self.report_of, dtype=np.int32)
        arrays["real"] = np.array(self.real, dtype=bool)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path, config: dict[str, Any]) -> Examples:
        from scipy.sparse import csr_matrix

        out = cls()
        try:
            with np.load(path, allow_pickle=False) as data:
                for task in TASKS:
                    if f"{task}_indices" not in data.files:
                        continue  # examples saved before that task existed
                    indices, indptr = data[f"{task}_indices"], data[f"{task}_indptr"]
                    labels = [set(json.loads(str(v))) for v in data[f"{task}_labels"]]
                    if labels:
                        out.rows[task].append(csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                                                         shape=(len(labels), _width(config, task))))
                        out.labels[task] = labels
                out.reports, out.mentions = (int(v) for v in data["counts"])
                out.report_of = [int(v) for v in data["report_of"]]
                out.real = [bool(v) for v in data["real"]]
        except (OSError, KeyError, ValueError) as exc:
            raise InputError(f"{path}: cannot read the training examples ({type(exc).__name__}: {exc})") from exc
        return out


def _width(config: dict[str, Any], task: str) -> int:
    return int(config["types" if task == "types" else "roles"]["n_features"])


def examples_of(items: Iterable[Annotated], config: dict[str, Any] | None = None) -> Examples:
    config = config or load_config()
    out = Examples()
    for item in items:
        out.add(item, config)
    return out


# -- training ---------------------------------------------------------------------
def fit(examples: Examples, config: dict[str, Any] | None = None,
        sources: Sequence[dict[str, Any]] = ()) -> ExtractorModel:
    """Fit the types, perpetrators, targets and places models on ``examples``."""
    config = config or load_config()
    seed = int(config.get("seed", 0))
    began = time.perf_counter()
    roles = config["roles"]
    c_types = float(config["types"]["c"])
    c_perpetrators = float(roles.get("c_perpetrators", roles.get("c", 1.0)))
    c_targets = float(roles.get("c_targets", roles.get("c", 1.0)))
    models = {
        "types": linear.fit(examples.matrix("types", _width(config, "types")), examples.labels["types"],
                            EVENT_TYPES, c=c_types, seed=seed, balanced=bool(config["types"].get("balanced", False))),
        "perpetrators": linear.fit(examples.matrix("perpetrators", _width(config, "perpetrators")),
                                   examples.labels["perpetrators"], PERPETRATOR_LABELS, c=c_perpetrators, seed=seed),
        "targets": linear.fit(examples.matrix("targets", _width(config, "targets")), examples.labels["targets"],
                              TARGET_LABELS, c=c_targets, seed=seed),
    }
    places = None
    if examples.labels["places"]:
        places = linear.fit(examples.matrix("places", _width(config, "places")), examples.labels["places"],
                            (PLACE_LABEL,), c=float(config.get("places", {}).get("c", 1.0)), seed=seed)
    out_of_fold = _out_of_fold_types(examples, config, seed)
    second = _second_reading(out_of_fold, examples.reports, config, seed)
    together = second.model
    calibration = _calibrate_types(out_of_fold, second, config, seed)
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode())
    for source in sources:
        digest.update(str(source.get("sha256", source.get("name"))).encode())
    for model in [*models.values(), *(m for m in (places, together) if m is not None)]:
        digest.update(model.weights.tobytes())  # a change in how features are made changes the version too
    digest.update(json.dumps(calibration, sort_keys=True).encode())  # so does one in how confidence is stated
    meta = {
        "name": "countersight-extractor",
        "version": f"{__version__}-{digest.hexdigest()[:8]}",
        "countersight": __version__,
        "trained_on": list(sources),
        "examples": examples.counts(),
        "seed": seed,
        "calibration": calibration,
        "types_read_together": second.model is not None,
        "training_seconds": round(time.perf_counter() - began, 1),
    }
    return ExtractorModel(models["types"], models["perpetrators"], models["targets"], config, meta, places=places,
                          together=together)


@dataclass
class OutOfFold:
    """Out-of-fold type probabilities of the training sentences (rows) by type (columns)."""

    probabilities: np.ndarray
    ruled: np.ndarray  # the rulers found the type
    truth: np.ndarray  # the gold holds the type
    real: np.ndarray  # per row: the sentence is from a report written by others
    fold: np.ndarray  # per row: the fold its report was held out in
    folds: int


def _out_of_fold_types(examples: Examples, config: dict[str, Any], seed: int) -> OutOfFold | None:
    """The types model's probabilities for every training sentence from a model that did not
    learn from its report (folds by report: sentences of one report resemble each other);
    None when there are too few sentences to fold."""
    width = _width(config, "types")
    x = examples.matrix("types", width)
    labels = examples.labels["types"]
    # ``[types] out_of_fold``; a config written before it trains as it did then, on three.
    folds = int(config["types"].get("out_of_fold", 3))
    if x.shape[0] < 3 * folds:
        return None
    truth = np.array([[t in row for t in EVENT_TYPES] for row in labels], dtype=np.int8)
    rule_cols = [linear.column(f"R:{t}", width) for t in EVENT_TYPES]
    ruled = np.column_stack([np.asarray(x[:, c].todense()).ravel() > 0 for c in rule_cols])
    reports = np.random.default_rng(seed).permutation(max(examples.report_of) + 1)
    fold_of_report = np.empty(len(reports), dtype=np.int64)
    fold_of_report[reports] = np.arange(len(reports)) % folds
    fold = fold_of_report[np.array(examples.report_of)]
    probabilities = np.zeros(truth.shape)
    for k in range(folds):
        held = np.flatnonzero(fold == k)
        kept = np.flatnonzero(fold != k)
        model = linear.fit(x[kept], [labels[i] for i in kept], EVENT_TYPES, c=float(config["types"]["c"]), seed=seed,
                           balanced=bool(config["types"].get("balanced", False)))
        probabilities[held] = model.probability_matrix(x[held])
    real = np.array(examples.real, dtype=bool)[np.array(examples.report_of)]
    return OutOfFold(probabilities, ruled, truth, real, fold, folds)


@dataclass
class SecondReading:
    """The types read together (``linear.TypesTogether``) and its probabilities for each
    training row from a fit without the row's report (for the confidence)."""

    model: linear.TypesTogether | None
    crossed: np.ndarray | None


def _second_reading(oof: OutOfFold | None, reports: int, config: dict[str, Any], seed: int) -> SecondReading:
    types = config["types"]
    # Measured (docs/quality.md): from the dev set's 95 reports alone the pairings it learns
    # do not hold on new reports; from the shipped mix of 234 they do.
    if oof is None or not types.get("together", False) or reports < int(types.get("together_min_reports", 0)):
        return SecondReading(None, None)
    c = float(types.get("c_together", 1.0))
    crossed = np.zeros_like(oof.probabilities)
    for k in range(oof.folds):
        # It learns from these very rows: the confidence must see what new reports give.
        held, kept = oof.fold == k, oof.fold != k
        fitted = linear.fit_together(oof.probabilities[kept], oof.ruled[kept], oof.truth[kept], EVENT_TYPES,
                                     c=c, seed=seed)
        crossed[held] = fitted.probability_matrix(oof.probabilities[held], oof.ruled[held])
    model = linear.fit_together(oof.probabilities, oof.ruled, oof.truth, EVENT_TYPES, c=c, seed=seed)
    return SecondReading(model, crossed)


def _calibrate_types(oof: OutOfFold | None, second: SecondReading, config: dict[str, Any],
                     seed: int) -> dict[str, float] | None:
    """Platt scaling of the types' final probabilities, fitted on the out-of-fold predictions
    of the sentences that would become events (the rules' types the model keeps, and the
    types it adds), so that an event's confidence reads as the chance that it is right."""
    if oof is None:
        return None
    final = oof.probabilities if second.crossed is None else second.crossed
    # The types component's own rule (its directive rule aside).
    bars = TypeBars.of(config, second.crossed is not None)
    asserted = np.vectorize(bars.asserts, otypes=[bool])(oof.probabilities, final, oof.ruled)
    candidate = oof.real[:, None] & asserted
    if not candidate.any():
        return None
    # With a second reading the first one's probability still tells: a rulers' type both kept
    # at a low second probability is right more often than that probability alone says.
    first = None if second.crossed is None else oof.probabilities[candidate]
    return linear.platt(final[candidate], oof.ruled[candidate], oof.truth[candidate], seed=seed, first=first)


def train(items: Sequence[Annotated], config: dict[str, Any] | None = None,
          sources: Sequence[dict[str, Any]] = ()) -> ExtractorModel:
    """Fit the models on annotated reports."""
    config = config or load_config()
    return fit(examples_of(items, config), config, sources)


def predict(model: ExtractorModel | None, item: Annotated) -> list[Event]:
    """The events the extractor (rules alone when ``model`` is None) finds in a report:
    the shipped pipeline's components after the rulers, so that what is measured is what
    ``ingest`` runs."""
    return Pipeline(AFTER_RULERS, model).apply(copy.deepcopy(item.doc)).events


# -- honest figures -------------------------------------------------------------------
def folds_by_report(items: Sequence[Annotated], k: int, seed: int = 0) -> list[list[int]]:
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


def folds_by_batch(items: Sequence[Annotated]) -> list[list[int]]:
    batches: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        batches.setdefault(item.batch, []).append(n)
    return [batches[b] for b in sorted(batches)]


def cross_validate(items: Sequence[Annotated], folds: list[list[int]], config: dict[str, Any] | None = None,
                   *, train_only: Sequence[Annotated] = (), limit: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[int, list[Event]]:
    """Each fold's reports predicted by a model trained on the other folds (plus
    ``train_only``, reports never scored); ``limit`` caps the training reports
    (a learning curve). Returns the predictions by item number."""
    predictions: dict[int, list[Event]] = {}
    for f, held in enumerate(folds):
        held_set = set(held)
        training = [it for n, it in enumerate(items) if n not in held_set]
        if limit is not None:
            rng = random.Random(f)
            training = rng.sample(training, min(limit, len(training)))
        model = train([*training, *train_only], config)
        for n in held:
            predictions[n] = predict(model, items[n])
        if progress:
            progress(f + 1, len(folds))
    return predictions


def score_items(items: Sequence[Annotated], predictions: dict[int, list[Event]], subset: Callable[[Annotated], bool] = lambda i: True) -> Scores:
    chosen = [n for n, item in enumerate(items) if subset(item) and n in predictions]
    gold = GoldFile([e for n in chosen for e in items[n].gold],
                    {items[n].doc.document: {"document": items[n].doc.document} for n in chosen})
    predicted = [e for n in chosen for e in predictions[n]]
    return score(gold, predicted, bodies={items[n].doc.document: items[n].doc.text for n in chosen})


# -- one call for the command line ---------------------------------------------------
BASES = ("shipped", "none")


def base_examples(base: str | None, config: dict[str, Any]) -> tuple[Examples, list[dict[str, Any]]]:
    """The training statistics a retraining starts from: those shipped with the
    package (``shipped``), none, or those saved beside another model (a directory)."""
    if base in (None, "none"):
        return Examples(), []
    directory = SHIPPED_DIR if base == "shipped" else Path(base)
    path = directory / "examples.npz"
    if not path.is_file():
        if base == "shipped":
            raise InputError(f"no shipped training examples at {path}: run `make model` (it needs ../shared), "
                             "or train with --base none")
        raise InputError(f"{path}: no training examples beside that model")
    meta_path = directory / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    source = {"kind": "base", "model": meta.get("version"), "path": str(path), "sha256": file_digest(path),
              "trained_on": meta.get("trained_on", [])}
    return Examples.load(path, config), [source]


def build_model(gold: Sequence[tuple[Path, Path]] = (), store: Any = None, *, base: str | None = "shipped",
                config_path: Path | None = None) -> tuple[ExtractorModel, Examples]:
    """Train a model from gold files (corpus folder, gold file), a database's reviews
    and the ``base`` examples. Returns the model and all the examples it learned from."""
    config = load_config(config_path) if config_path else load_config()
    examples, sources = base_examples(base, config)
    for corpus, gold_path in gold:
        name = Path(gold_path).stem
        items = read_annotated(Path(corpus), Path(gold_path), name, batch=name)
        if not items:
            raise InputError(f"{gold_path}: none of its reports are in {corpus}")
        part = examples_of(items, config)
        examples.extend(part)
        sources.append({"kind": "gold", "path": str(gold_path), "corpus": str(corpus), "sha256": file_digest(Path(gold_path)),
                        "corpus_sha256": corpus_digest(it.doc.report for it in items), "reports": part.reports, "mentions": part.mentions})
    if store is not None:
        from countersight.learn.reviews import annotated_from_reviews

        items = annotated_from_reviews(store)
        part = examples_of(items, config)
        examples.extend(part)
        digest = hashlib.sha256()
        for item in items:
            for event in item.gold:
                digest.update(json.dumps(event.to_dict(), sort_keys=True).encode())
        sources.append({"kind": "reviews", "database": getattr(store, "label", None) or "database",
                        "reports": part.reports, "events": part.mentions,
                        "rejected": sum(int(i.meta.get("rejected", 0)) for i in items), "sha256": digest.hexdigest()})
    if not examples.labels["types"]:
        raise InputError("nothing to learn from: give --gold CORPUS GOLD, or --db with reviewed events, or a base")
    return fit(examples, config, sources), examples


def save_model(model: ExtractorModel, examples: Examples, directory: Path) -> None:
    model.save(directory)
    examples.save(directory / "examples.npz", model.config)
