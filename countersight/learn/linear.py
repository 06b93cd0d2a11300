"""Linear models over hashed string features: the learned layers' arithmetic.

A feature is a string ("w:arrest", "authorities|rule"); its column is the
CRC-32 of its UTF-8 bytes modulo ``n_features``, so the same string always lands
in the same column on every machine and no vocabulary has to be stored. The
weights are plain arrays saved with numpy (no pickle: a model file cannot run
code when it is loaded). scikit-learn fits them (``fit``); scoring needs numpy only.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


MEMO_LIMIT = 500_000


def column(feature: str, n_features: int) -> int:
    """The hashed column of one feature string (the same on every machine)."""
    return zlib.crc32(feature.encode("utf-8")) % n_features


def columns(features: Sequence[str], n_features: int) -> np.ndarray:
    """The distinct hashed columns of one example's features."""
    return np.unique(np.fromiter((column(f, n_features) for f in features), dtype=np.int64, count=len(features)))


def matrix(examples: Sequence[Sequence[str]], n_features: int):
    """A binary sparse matrix, one row per example (scipy CSR, for fitting)."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[np.ndarray] = []
    for features in examples:
        cols = columns(features, n_features)
        indices.append(cols)
        indptr.append(indptr[-1] + len(cols))
    flat = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    return csr_matrix((np.ones(len(flat), dtype=np.float32), flat, np.array(indptr)), shape=(len(examples), n_features))


@dataclass
class LinearModel:
    """One logistic regression per label over the same hashed features."""

    labels: list[str]
    weights: np.ndarray  # (labels, n_features) float32
    bias: np.ndarray  # (labels,) float32
    # Feature strings repeat across sentences ("w:arrest", "mss|rule"): their columns are
    # remembered (bounded), which halves the cost of scoring.
    _memo: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _by_column: np.ndarray | None = field(default=None, repr=False, compare=False)  # weights.T, rows contiguous

    @property
    def n_features(self) -> int:
        return int(self.weights.shape[1])

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """P(label) for one example."""
        memo, n = self._memo, self.n_features
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        cols = list(map(memo.get, features))
        if None in cols:
            for k, f in enumerate(features):
                if cols[k] is None:
                    cols[k] = memo[f] = column(f, n)
        if self._by_column is None:
            self._by_column = np.ascontiguousarray(self.weights.T)
        z = self._by_column[np.unique(np.array(cols, dtype=np.int64))].sum(axis=0) + self.bias
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return {label: float(v) for label, v in zip(self.labels, p, strict=True)}

    def probability_matrix(self, x) -> np.ndarray:
        """P(label) for every row of a hashed matrix (``matrix``): rows x labels."""
        z = np.asarray(x @ self.weights.T) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, path: Path) -> None:
        # Only the columns some label weighs (most hashed columns are never used).
        used = np.flatnonzero(np.any(self.weights != 0, axis=0))
        np.savez_compressed(path, labels=np.array(self.labels), n_features=np.array([self.n_features]),
                            columns=used.astype(np.int32), values=self.weights[:, used], bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            labels = [str(x) for x in data["labels"]]
            weights = np.zeros((len(labels), int(data["n_features"][0])), dtype=np.float32)
            weights[:, data["columns"]] = data["values"]
            return cls(labels, weights, data["bias"].astype(np.float32))


def fit(x, targets: Sequence[set[str]], labels: Sequence[str], *, c: float, seed: int,
        balanced: bool = False) -> LinearModel:
    """Fit one L2-regularised logistic regression per label (liblinear, seeded) on the
    hashed binary matrix ``x`` (``matrix``)."""
    from sklearn.linear_model import LogisticRegression

    n_features = x.shape[1]
    # Fit on the columns some example uses (the solver's cost grows with the width), then
    # put the weights back in their hashed places.
    used = np.unique(x.indices)
    compact = x[:, used]
    weights = np.zeros((len(labels), n_features), dtype=np.float32)
    bias = np.full(len(labels), -10.0, dtype=np.float32)  # a label never seen is never predicted
    for row, label in enumerate(labels):
        y = np.fromiter((label in t for t in targets), dtype=np.int8, count=len(targets))
        if y.sum() == 0 or y.sum() == len(y):
            continue
        model = LogisticRegression(C=c, solver="liblinear", dual=True, max_iter=5000, random_state=seed,
                                   class_weight="balanced" if balanced else None)
        model.fit(compact, y)
        weights[row, used] = model.coef_[0]
        bias[row] = model.intercept_[0]
    return LinearModel(list(labels), weights, bias)


def platt(scores: np.ndarray, ruled: np.ndarray, truth: np.ndarray, *, seed: int,
          first: np.ndarray | None = None) -> dict[str, float]:
    """Map a model's probability (and whether the rules agreed, and the first reading's
    probability when a second one decided) to the chance of being right, fitted on
    out-of-fold predictions: ``calibrated`` applies it."""
    from sklearn.linear_model import LogisticRegression

    columns = [_logit(scores), ruled.astype(float)]
    if first is not None:
        columns.append(_logit(first))
    x = np.column_stack(columns)
    if len(set(truth.tolist())) < 2:
        return {"logit": 1.0, "ruled": 0.0, "bias": 0.0}
    fitted = LogisticRegression(C=1.0, random_state=seed).fit(x, truth)
    params = {"logit": float(fitted.coef_[0][0]), "ruled": float(fitted.coef_[0][1]), "bias": float(fitted.intercept_[0])}
    if first is not None:
        params["first"] = float(fitted.coef_[0][2])
    return params


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def calibrated(p: float, ruled: bool, params: dict[str, float] | None, first: float | None = None) -> float:
    if not params:
        return p
    z = params["logit"] * float(_logit(np.float64(p))) + params["ruled"] * float(ruled) + params["bias"]
    if "first" in params and first is not None:
        z += params["first"] * float(_logit(np.float64(first)))
    return float(1.0 / (1.0 + np.exp(-z)))


# -- the types read together ------------------------------------------------------------
def together_inputs(probabilities: np.ndarray, ruled: np.ndarray) -> np.ndarray:
    """What the second reading of a sentence's types sees (rows: sentences): each type's
    first probability as a logit, and whether the rulers found it."""
    return np.hstack([_logit(probabilities), ruled.astype(np.float64)])


@dataclass
class TypesTogether:
    """The second reading of which types a sentence asserts: one logistic regression per type
    over every type's first probability and the rulers' hits (``together_inputs``).

    The first models score each type alone; annotated reports pair types by convention (an
    order and its content, an arrest and a return, a family sent to a camp as a sentence and
    a collective punishment), and this reading learns those pairings from the out-of-fold
    probabilities of the first."""

    labels: list[str]
    weights: np.ndarray  # (labels, 2 * labels)
    bias: np.ndarray  # (labels,)

    def probability_matrix(self, probabilities: np.ndarray, ruled: np.ndarray) -> np.ndarray:
        z = together_inputs(probabilities, ruled) @ self.weights.T + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def probabilities(self, first: dict[str, float], ruled: set[str] | dict[str, object]) -> dict[str, float]:
        """The second probabilities of one sentence from its first ones (by label)."""
        p = np.array([[first.get(label, 0.0) for label in self.labels]])
        r = np.array([[label in ruled for label in self.labels]])
        return {label: float(v) for label, v in zip(self.labels, self.probability_matrix(p, r)[0], strict=True)}

    def save(self, path: Path) -> None:
        np.savez_compressed(path, labels=np.array(self.labels), weights=self.weights, bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> TypesTogether:
        with np.load(path, allow_pickle=False) as data:
            labels = [str(x) for x in data["labels"]]
            weights, bias = data["weights"].astype(np.float64), data["bias"].astype(np.float64)
        if weights.shape != (len(labels), 2 * len(labels)) or bias.shape != (len(labels),):
            raise ValueError(f"{path.name}: weights of shape {weights.shape} for {len(labels)} types")
        return cls(labels, weights, bias)


def fit_together(probabilities: np.ndarray, ruled: np.ndarray, truth: np.ndarray, labels: Sequence[str], *,
                 c: float, seed: int) -> TypesTogether:
    """Fit the second reading on out-of-fold first probabilities (rows: sentences, columns:
    ``labels``) and the sentences' gold types (``truth``, 0/1)."""
    from sklearn.linear_model import LogisticRegression

    x = together_inputs(probabilities, ruled)
    weights = np.zeros((len(labels), x.shape[1]))
    bias = np.full(len(labels), -10.0)  # a type no sentence holds is never asserted
    for j in range(len(labels)):
        y = truth[:, j]
        if y.min() == y.max():
            bias[j] = 10.0 if y.max() else -10.0
            continue
        fitted = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(x, y)
        weights[j], bias[j] = fitted.coef_[0], fitted.intercept_[0]
    return TypesTogether(list(labels), weights, bias)
