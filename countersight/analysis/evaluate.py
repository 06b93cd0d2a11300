"""Score extracted event mentions against a gold file, as EVENTS.md "Gold files and scoring" says.

A predicted mention matches a gold mention of the same document and type when
their quotes overlap by at least half of the shorter quote's words (whitespace
and case folded), one to one. When both quotes carry offsets that really point
into the same stored body, only words of the overlapping character range count,
so that two different sentences made of common words never match.

Reported: mention precision / recall / F1 overall and per type; on matched
pairs: F1 of perpetrators and of targets (micro-averaged set overlap, every
``other:...`` counted as ``other``), place accuracy (country and admin1, where
the gold has a location), date accuracy (``date.start`` to the month, where the
gold has a date), trend accuracy, and exact match of measures and of the
penalty: over all matched pairs, and "strict" over the pairs whose gold has any.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from countersight.errors import InputError
from countersight.fields import event_problems, evidence_problems, is_iso_day
from countersight.model import EVENT_TYPES, Event
from countersight.terminal import printable
from countersight.vocab.gazetteer import provinces


# How many bad lines an error names before it only counts the rest.
MAX_BAD_LINES_SHOWN = 10


@dataclass
class GoldFile:
    events: list[Event]
    documents: dict[str, dict[str, Any]]  # document -> {"published", "source_admin1"}
    path: Path | None = None  # where it was read from, for messages
    lines: list[int] = field(default_factory=list)  # the line of each of ``events`` in that file

    def check_texts(self, bodies: dict[str, str]) -> None:
        """Raise InputError naming every gold event whose offsets do not point at its quote in
        its report's text, where ``bodies`` (document -> stored body) holds that text: the
        scoring trusts offsets that point into the text, so wrong ones would silently change
        which mentions match."""
        bad: list[tuple[int, str]] = []
        for n, event in enumerate(self.events):
            body = bodies.get(event.document)
            if body is not None:
                problems = evidence_problems(event.evidence, body)
                if problems:
                    line = self.lines[n] if n < len(self.lines) else n + 1
                    bad.append((line, f"{event.document}: " + "; ".join(problems)))
        _raise_bad_lines(self.path, bad)


def _raise_bad_lines(path: Path | str | None, bad: list[tuple[int, str]]) -> None:
    """One error naming each bad line as ``FILE:LINE: what is wrong`` (one line each; the
    first few, then how many more), so that a gold file is fixed in one pass, not one run a line."""
    if not bad:
        return
    where = path if path is not None else "gold"
    shown = [f"{where}:{line}: {what}" for line, what in bad[:MAX_BAD_LINES_SHOWN]]
    if len(bad) > MAX_BAD_LINES_SHOWN:
        shown.append(f"{where}: {len(bad) - MAX_BAD_LINES_SHOWN} more bad lines")
    raise InputError("\n".join(shown))


def _document_problems(data: dict[str, Any]) -> list[str]:
    document = data.get("document")
    problems = [] if isinstance(document, str) and document.strip() else [
        f"document must be the report's id, not {document!r}"]
    if data.get("published") is not None and not is_iso_day(data.get("published")):
        problems.append(f"published must be a day YYYY-MM-DD or null, not {data.get('published')!r}")
    if data.get("source_admin1") is not None and data.get("source_admin1") not in provinces():
        problems.append(f"unknown source_admin1 {data.get('source_admin1')!r}: one of "
                        f"{', '.join(sorted(provinces()))}, or null")
    return problems


def _decoded_lines(raw: bytes) -> list[tuple[int, str, str | None]]:
    """(line number, text, problem) for each line of a gold file's bytes (text "" when unreadable)."""
    # A file in another encoding or a binary file is one problem, not a line each.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [(1, "", "UTF-16 text: a gold file is UTF-8 JSON Lines (save it as UTF-8)")]
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        return [(line, "", "a NUL byte: a binary file or UTF-16/32 text, not UTF-8 JSON Lines")]
    out: list[tuple[int, str, str | None]] = []
    for number, chunk in enumerate(raw.removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        try:
            out.append((number, chunk.decode("utf-8"), None))
        except UnicodeDecodeError as exc:
            out.append((number, "", f"not UTF-8 text (byte 0x{chunk[exc.start]:02x} at column {exc.start + 1})"))
    return out


def read_gold(path: str | Path) -> GoldFile:
    """Read a gold file (EVENTS.md "Gold files and scoring"), checking every line against
    the event model and its vocabularies (``fields.event_problems``). Raises InputError
    naming each bad line; the offsets are checked against the reports' text later, where
    it is known (:meth:`GoldFile.check_texts`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    events: list[Event] = []
    lines: list[int] = []
    documents: dict[str, dict[str, Any]] = {}
    bad: list[tuple[int, str]] = []
    for number, line, problem in _decoded_lines(raw):
        if problem is not None:
            bad.append((number, problem))
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((number, f"not valid JSON ({exc.msg})"))
            continue
        except RecursionError:  # "[[[[..." thousands deep: valid JSON no event needs
            bad.append((number, "JSON nested too deeply"))
            continue
        if not isinstance(data, dict) or "document" not in data:
            bad.append((number, "a gold line needs a 'document' field"))
            continue
        if "type" not in data:  # a document line: {"document", "published", "source_admin1"}
            problems = _document_problems(data)
            if problems:
                bad.append((number, "; ".join(problems)))
            else:
                documents[data["document"]] = data
            continue
        problems = event_problems(data)
        if problems:
            bad.append((number, "; ".join(problems)))
            continue
        events.append(Event.from_dict(data))
        lines.append(number)
    _raise_bad_lines(path, bad)
    if not events and not documents:
        raise InputError(f"{path}: no gold lines (JSON Lines: one line per report, one per event mention)")
    return GoldFile(events, documents, path, lines)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": None if self.value is None else round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Scores:
    mentions: PRF = field(default_factory=PRF)
    by_type: dict[str, PRF] = field(default_factory=dict)
    perpetrators: PRF = field(default_factory=PRF)
    targets: PRF = field(default_factory=PRF)
    place: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    trend: Ratio = field(default_factory=Ratio)
    measures: Ratio = field(default_factory=Ratio)
    measures_strict: Ratio = field(default_factory=Ratio)
    penalty: Ratio = field(default_factory=Ratio)
    penalty_strict: Ratio = field(default_factory=Ratio)
    source_admin1: Ratio = field(default_factory=Ratio)
    documents: int = 0
    pairs: list[tuple[Event, Event]] = field(default_factory=list, repr=False)
    missed: list[Event] = field(default_factory=list, repr=False)
    spurious: list[Event] = field(default_factory=list, repr=False)
    # The gold's reports the database does not hold (evaluate_store): their gold events count as missed.
    absent: list[str] = field(default_factory=list)
    # What made the predicted events (``Event.extractor``: rules and model versions), by evaluate_store.
    extractors: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "absent_documents": list(self.absent),
            "mentions": self.mentions.to_dict(),
            "by_type": {t: s.to_dict() for t, s in sorted(self.by_type.items())},
            "perpetrators": self.perpetrators.to_dict(),
            "targets": self.targets.to_dict(),
            "place": self.place.to_dict(),
            "date_month": self.date.to_dict(),
            "trend": self.trend.to_dict(),
            "measures_exact": self.measures.to_dict(),
            "measures_exact_strict": self.measures_strict.to_dict(),
            "penalty_exact": self.penalty.to_dict(),
            "penalty_exact_strict": self.penalty_strict.to_dict(),
            "source_admin1": self.source_admin1.to_dict(),
        }


_WORD = re.compile(r"\S+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def quote_overlap(gold: Event, pred: Event, bodies: dict[str, str] | None = None) -> float:
    """Overlapping words as a share of the shorter quote's words (0..1)."""
    g, p = gold.evidence, pred.evidence
    gw, pw = _words(g.quote), _words(p.quote)
    if not gw or not pw:
        return 0.0
    shorter = min(len(gw), len(pw))
    body = (bodies or {}).get(gold.document)
    if body is not None and _points_into(body, g) and _points_into(body, p):
        lo, hi = max(g.start, p.start), min(g.end, p.end)
        if hi <= lo:
            return 0.0
        return min(1.0, len(_words(body[lo:hi])) / shorter)
    common = sum((Counter(gw) & Counter(pw)).values())
    return common / shorter


def _points_into(body: str, evidence) -> bool:
    return 0 <= evidence.start < evidence.end <= len(body) and body[evidence.start : evidence.end] == evidence.quote


def _fold_other(values: Iterable[str]) -> set[str]:
    return {"other" if v.startswith("other:") else v for v in values}


def _measure_key(event: Event) -> list[tuple]:
    return sorted(
        (m.measure, float(m.value), None if m.previous is None else float(m.previous), m.qualifier)
        for m in event.measures
    )


def _penalty_key(event: Event) -> tuple | None:
    return (event.penalty.kind, event.penalty.months) if event.penalty else None


def _month(value: str | None) -> str | None:
    return value[:7] if value else None


def score(
    gold: GoldFile,
    predicted: Iterable[Event],
    *,
    bodies: dict[str, str] | None = None,
    sources: dict[str, str | None] | None = None,
) -> Scores:
    """Score predicted mentions of the gold file's documents against the gold mentions."""
    documents = set(gold.documents) | {e.document for e in gold.events}
    preds = [e for e in predicted if e.document in documents and e.status != "rejected"]
    scores = Scores(documents=len(documents))
    for etype in EVENT_TYPES:
        scores.by_type[etype] = PRF()

    by_key_gold: dict[tuple[str, str], list[Event]] = {}
    for e in gold.events:
        by_key_gold.setdefault((e.document, e.type), []).append(e)
    by_key_pred: dict[tuple[str, str], list[Event]] = {}
    for e in preds:
        by_key_pred.setdefault((e.document, e.type), []).append(e)

    for key in sorted(set(by_key_gold) | set(by_key_pred)):
        golds, predictions = by_key_gold.get(key, []), by_key_pred.get(key, [])
        candidates = [
            (quote_overlap(g, p, bodies), gi, pi)
            for gi, g in enumerate(golds)
            for pi, p in enumerate(predictions)
        ]
        candidates = sorted((c for c in candidates if c[0] >= 0.5), key=lambda c: (-c[0], c[1], c[2]))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, gi, pi in candidates:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            scores.pairs.append((golds[gi], predictions[pi]))
        prf = scores.by_type.setdefault(key[1], PRF())
        prf.tp += len(used_g)
        prf.fn += len(golds) - len(used_g)
        prf.fp += len(predictions) - len(used_p)
        scores.missed += [g for i, g in enumerate(golds) if i not in used_g]
        scores.spurious += [p for i, p in enumerate(predictions) if i not in used_p]

    for prf in scores.by_type.values():
        scores.mentions.tp += prf.tp
        scores.mentions.fp += prf.fp
        scores.mentions.fn += prf.fn

    for g, p in scores.pairs:
        _add_sets(scores.perpetrators, _fold_other(g.perpetrators), _fold_other(p.perpetrators))
        _add_sets(scores.targets, _fold_other(g.targets), _fold_other(p.targets))
        if g.location is not None:
            scores.place.add(
                p.location is not None
                and (p.location.country, p.location.admin1) == (g.location.country, g.location.admin1)
            )
        if g.date is not None:
            scores.date.add(_month(g.date.start) == _month(p.date.start if p.date else None))
        scores.trend.add(g.trend == p.trend)
        scores.measures.add(_measure_key(g) == _measure_key(p))
        if g.measures:
            scores.measures_strict.add(_measure_key(g) == _measure_key(p))
        scores.penalty.add(_penalty_key(g) == _penalty_key(p))
        if g.penalty:
            scores.penalty_strict.add(_penalty_key(g) == _penalty_key(p))

    if sources is not None:
        for document, meta in gold.documents.items():
            # Only documents that were stored have a prediction to score.
            if "source_admin1" in meta and document in sources:
                scores.source_admin1.add(sources.get(document) == meta.get("source_admin1"))
    return scores


def _add_sets(prf: PRF, gold: set[str], pred: set[str]) -> None:
    prf.tp += len(gold & pred)
    prf.fp += len(pred - gold)
    prf.fn += len(gold - pred)


def format_scores(scores: Scores) -> str:
    """The human-readable table that ``countersight evaluate`` prints."""
    m = scores.mentions
    lines = [
        f"documents {scores.documents}   gold mentions {m.tp + m.fn}   predicted {m.tp + m.fp}   matched {m.tp}",
        "",
        f"{'mentions':<24}P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}",
        "",
        f"{'type':<24}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for etype in EVENT_TYPES:
        s = scores.by_type.get(etype, PRF())
        if s.tp + s.fn + s.fp == 0:
            continue
        lines.append(f"{etype:<24}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp + s.fn:6d}{s.tp + s.fp:6d}")
    lines += [
        "",
        "on matched pairs",
        f"{'perpetrators F1':<24}{scores.perpetrators.f1:.3f}",
        f"{'targets F1':<24}{scores.targets.f1:.3f}",
    ]
    for label, ratio in (
        ("place (country+admin1)", scores.place),
        ("date start (month)", scores.date),
        ("trend", scores.trend),
        ("measures exact", scores.measures),
        ("measures exact, strict", scores.measures_strict),
        ("penalty exact", scores.penalty),
        ("penalty exact, strict", scores.penalty_strict),
        ("source province", scores.source_admin1),
    ):
        if ratio.total:
            lines.append(f"{label:<24}{ratio.value:.3f}  ({ratio.right}/{ratio.total})")
    return "\n".join(lines)


def evaluate_store(store, gold_path: str | Path) -> Scores:
    """Score what ``store`` holds for the gold file's documents."""
    gold = read_gold(gold_path)
    documents = set(gold.documents) | {e.document for e in gold.events}
    predicted: list[Event] = []
    bodies: dict[str, str] = {}
    sources: dict[str, str | None] = {}
    absent = []
    for document in sorted(documents):
        if not store.report_exists(document):
            absent.append(document)
            continue
        report = store.get_report(document)
        bodies[document] = report.body
        sources[document] = report.source_admin1
        predicted.extend(store.events_of_report(document))
    gold.check_texts(bodies)
    scores = score(gold, predicted, bodies=bodies, sources=sources)
    scores.absent = absent
    scores.extractors = {e.extractor for e in predicted if e.extractor}
    return scores


def models_trained_on(gold_path: str | Path, scores: Scores, model: str | None = None) -> list[str]:
    """The versions of the models that made the scored events (``scores.extractors``) and
    learned from this very gold file (its SHA-256 in their ``meta.json`` ``trained_on``):
    their scores flatter them. ``model`` is the configured model directory (the ``model``
    setting); the shipped model is always looked at. A model that cannot be read is
    passed over: this only decides whether to warn."""
    from countersight.learn.bundle import load_model
    from countersight.pipeline.factories import NO_MODEL

    digest = hashlib.sha256(Path(gold_path).read_bytes()).hexdigest()
    found = set()
    for directory in {None, model or None} - {NO_MODEL}:
        try:
            loaded = load_model(directory)
        except InputError:
            continue
        if loaded is not None and loaded.extractor in scores.extractors and loaded.learned_from(digest):
            found.add(loaded.version)
    return sorted(found)


def errors_dict(scores: Scores) -> dict[str, list[dict[str, Any]]]:
    """The missed and the spurious mentions as EVENTS.md objects (``evaluate --errors --json``)."""
    return {"missed": [e.to_dict() for e in scores.missed], "spurious": [e.to_dict() for e in scores.spurious]}


def format_errors(scores: Scores) -> str:
    """The missed and the spurious mentions, one a line (``evaluate --errors``)."""
    def row(e: Event) -> str:
        return printable(f"  {e.document} {e.type}: {' '.join(e.evidence.quote.split())[:140]}")

    return "\n".join(["missed:", *map(row, scores.missed), "spurious:", *map(row, scores.spurious)])
