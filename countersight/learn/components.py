"""The learned pipeline components: they re-score the layers the rulers filled.

``types`` decides which event types each sentence asserts (the ``mentions``
layer) from the sentence's features; ``roles`` re-chooses each assembled
event's perpetrators and targets among the candidates the layers offer. Both
are built from an ``ExtractorModel`` by the factories in
``countersight.pipeline.factories``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from countersight.learn.bundle import ExtractorModel
from countersight.learn.linear import calibrated
from countersight.learn.places import PlaceContext, choose_location
from countersight.learn.features import LayerIndex, fold_other, role_features, sentence_features
from countersight.model import EVENT_TYPES, Event
from countersight.pipeline.doc import Doc, Span
from countersight.pipeline.extract import MAX_SENTENCE_CHARS
from countersight.vocab.agencies import AGENCIES, STANDS_FOR_THE_STATE
from countersight.vocab.groups import GROUP_IDS

PERPETRATOR_LABELS: tuple[str, ...] = (*(a.id for a in AGENCIES), "other")
TARGET_LABELS: tuple[str, ...] = (*GROUP_IDS, "other")
# A target outside the vocabulary that the model sees but no ruler named.
UNNAMED_OTHER = "other:unspecified"
# Labels no ruler names, which the model may choose on the sentence's words alone.
UNNAMED_PERPETRATORS = frozenset({"authorities", "courts", "other"})
UNNAMED_TARGETS = frozenset({"other", "residents", "officials"})
# Only a flight has no perpetrator (EVENTS.md conventions).
NO_PERPETRATOR = frozenset({"defection"})


@dataclass(frozen=True)
class TypeBars:
    """When the types layer asserts a type (``[types]`` in learn/config.toml): one rule for
    extraction and for the calibration fitted at training time (there through ``np.vectorize``)."""

    keep: float  # a type the rulers found, by the first reading
    keep_together: float  # ... and by the second (0 when there is none)
    add: float  # a type they missed, by the final reading
    directive_content: float | None  # a directive's content type (None: a model trained before it)

    @classmethod
    def of(cls, config: dict[str, Any], together: bool) -> TypeBars:
        types = config["types"]
        content = types.get("directive_content")
        return cls(float(types["keep"]), float(types.get("keep_together", 0.0)) if together else 0.0,
                   float(types["add"]), None if content is None else float(content))

    def asserts(self, first: float, final: float, ruled: bool) -> bool:
        if ruled:
            # Both readings must agree: the second alone keeps the rulers' orders that the
            # first had rightly dropped.
            return first >= self.keep and final >= self.keep_together
        return final >= self.add


def make_types(model: ExtractorModel) -> Callable[[Doc], Doc]:
    bars = TypeBars.of(model.config, model.together is not None)
    calibration = model.meta.get("calibration")

    def classify_types(doc: Doc) -> Doc:
        """Component: which types each sentence asserts, rulers and model together."""
        if not doc.on_topic:
            return doc
        index = LayerIndex(doc)
        mentions: list[Span] = []
        for i, sent in enumerate(doc.sentences):
            if sent.end - sent.start > MAX_SENTENCE_CHARS:
                continue
            ruled = {s.label: s for s in index.spans(i, "mentions")}
            first = model.types.probabilities(sentence_features(index, i))
            probabilities = first if model.together is None else model.together.probabilities(first, ruled)

            def span(etype: str) -> Span:
                # The decision uses the model's own probabilities; the event's confidence is
                # them calibrated (docs/quality.md, calibration table).
                p = probabilities.get(etype, 0.0)
                confidence = round(calibrated(p, etype in ruled, calibration, first.get(etype)), 3)
                return Span(sent.start, sent.end, etype, i, confidence, "rules+model" if etype in ruled else "model")

            found = [span(t) for t in [*ruled, *(t for t in EVENT_TYPES if t not in ruled)]
                     if bars.asserts(first.get(t, 0.0), probabilities.get(t, 0.0), t in ruled)]
            if bars.directive_content is not None and [s.label for s in found] == ["directive"]:
                # EVENTS.md: the content of an order gets its own type when the same sentence
                # spells it out; the rulers and the bars above often see only the ordering.
                etype = max((t for t in EVENT_TYPES if t != "directive"), key=lambda t: probabilities.get(t, 0.0))
                if probabilities.get(etype, 0.0) >= bars.directive_content:
                    found.append(span(etype))
            mentions += found
        doc.spans["mentions"] = mentions
        doc.extractor = model.extractor
        return doc

    return classify_types


def make_roles(model: ExtractorModel) -> Callable[[Doc], Doc]:
    threshold = float(model.config["roles"]["threshold"])
    keep = float(model.config["roles"].get("keep", threshold))

    def choose_roles(doc: Doc) -> Doc:
        """Component: perpetrators and targets of each event, chosen among the candidates."""
        if not doc.on_topic or not doc.events:
            return doc
        index = LayerIndex(doc)
        starts = {s.start: i for i, s in enumerate(doc.sentences)}
        dominant = doc.dominant
        for event in doc.events:
            i = starts.get(event.evidence.start)
            if i is None:
                continue
            event.perpetrators = choose_perpetrators(model, index, i, event, threshold, keep)
            event.targets = choose_targets(model, index, i, event, dominant, threshold, keep)
            event.extractor = model.extractor
        doc.extractor = model.extractor
        return doc

    return choose_roles


def _choose(probabilities: dict[str, float], threshold: float, keep: float, rule_values: list[str],
            at_least_one: bool) -> list[str]:
    """Labels the model is sure of, and the rulers' own values it does not doubt."""
    ruled = {fold_other(v) for v in rule_values}
    ranked = sorted(probabilities.items(), key=lambda kv: -kv[1])
    chosen = [label for label, p in ranked if p >= threshold or (label in ruled and p >= keep)]
    if not chosen and at_least_one and ranked:
        chosen = [ranked[0][0]]
    out: list[str] = []
    for label in chosen:
        if label == "other":
            others = [v for v in rule_values if v.startswith("other:")]
            out += others or [UNNAMED_OTHER]
        else:
            out.append(label)
    return list(dict.fromkeys(out))


def perpetrator_features(index: LayerIndex, i: int, event: Event) -> list[str]:
    """What the perpetrators model reads of an event (the same at training and extraction)."""
    return role_features(index, i, event, "agencies", list(PERPETRATOR_LABELS), event.perpetrators, [],
                         UNNAMED_PERPETRATORS, act_words_for_all=True)


def target_features(index: LayerIndex, i: int, event: Event, dominant: list[str]) -> list[str]:
    """What the targets model reads of an event (the same at training and extraction)."""
    return role_features(index, i, event, "groups", list(TARGET_LABELS), event.targets, dominant, UNNAMED_TARGETS)


def choose_perpetrators(model: ExtractorModel, index: LayerIndex, i: int, event: Event, threshold: float,
                        keep: float) -> list[str]:
    if event.type in NO_PERPETRATOR:
        return []
    features = perpetrator_features(index, i, event)
    chosen = _choose(model.perpetrators.probabilities(features), threshold, keep, event.perpetrators, True)
    if "authorities" in chosen and STANDS_FOR_THE_STATE.intersection(chosen):
        chosen.remove("authorities")
    return chosen


def choose_targets(model: ExtractorModel, index: LayerIndex, i: int, event: Event, dominant: list[str],
                   threshold: float, keep: float) -> list[str]:
    features = target_features(index, i, event, dominant)
    return _choose(model.targets.probabilities(features), threshold, keep, event.targets, True)


def make_places(model: ExtractorModel) -> Callable[[Doc], Doc]:
    def choose_places(doc: Doc) -> Doc:
        """Component: each event's place, chosen among the candidates the layers offer."""
        if model.places is None or not doc.on_topic or not doc.events:
            return doc
        index = LayerIndex(doc)
        context = PlaceContext(doc)
        starts = {s.start: i for i, s in enumerate(doc.sentences)}
        for event in doc.events:
            i = starts.get(event.evidence.start)
            if i is not None:
                event.location = choose_location(model.places, doc, index, i, event, context)
        return doc

    return choose_places
