"""The one place where pipeline components are registered by name, in their default order.

A component is a callable ``Doc -> Doc``. Rule components are plain functions;
learned components are made from a trained model (``countersight.learn``) and
are left out when no model is there (the rules then work alone).
``build_pipeline`` turns a list of names and a model into a ``Pipeline``;
``DEFAULT_PIPELINE`` is what ``countersight ingest`` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from countersight.model import RawReport
from countersight.pipeline.context import find_source, mark_topic
from countersight.pipeline.doc import Doc
from countersight.pipeline.extract import apply_rulers, assemble_events, extract_events
from countersight.pipeline.segment import segment
from countersight.pipeline.sentences import split_sentences
from countersight.settings import NO_MODEL  # what the model setting says for "the rules alone, no model"

if TYPE_CHECKING:
    from countersight.learn.bundle import ExtractorModel

Component = Callable[[Doc], Doc]


def _types(model: ExtractorModel) -> Component:
    from countersight.learn.components import make_types

    return make_types(model)


def _places(model: ExtractorModel) -> Component:
    from countersight.learn.components import make_places

    return make_places(model)


def _roles(model: ExtractorModel) -> Component:
    from countersight.learn.components import make_roles

    return make_roles(model)


@dataclass(frozen=True)
class Factory:
    name: str
    component: Component | None  # a rule component (None for a learned one)
    help: str
    learned: Callable[[ExtractorModel], Component] | None = None  # a learned one, made from the model


COMPONENTS: dict[str, Factory] = {
    f.name: f
    for f in (
        Factory("segment", segment, "split the body into lines; mark headline, captions, tail and boilerplate as furniture"),
        Factory("topic", mark_topic, "mark reports without North Korea context off-topic"),
        Factory("sentences", split_sentences, "split the content lines of on-topic reports into sentences (spaCy tokenizer + sentencizer)"),
        Factory("source", find_source, "find the report's inside source, their province and the day they spoke"),
        Factory("rulers", apply_rulers, "fill the layers (agencies, groups, triggers, measures, places, dates) and the rules' event types per sentence"),
        Factory("types", None, "learned: which event types each sentence asserts, from its words and the rulers' layers (re-scores the mentions layer)", learned=_types),
        Factory("assemble", assemble_events, "turn the layers into events: type, actors, targets, place, date, measures, penalty, quote"),
        Factory("roles", None, "learned: each event's perpetrators and targets, chosen among the candidates in the sentence and the report so far", learned=_roles),
        Factory("places", None, "learned: each event's place, chosen among the places of the sentence, the sentences before, the report and its source", learned=_places),
        Factory("extract", extract_events, "the rule extractor in one step: rulers then assemble"),
    )
}

DEFAULT_PIPELINE: tuple[str, ...] = ("segment", "topic", "sentences", "source", "rulers", "types", "assemble", "roles",
                                     "places")
# The components before the learned ones: what training reads, once per report.
RULED_PREFIX: tuple[str, ...] = DEFAULT_PIPELINE[:DEFAULT_PIPELINE.index("rulers") + 1]
# What follows them: run per model (per fold in cross-validation).
AFTER_RULERS: tuple[str, ...] = DEFAULT_PIPELINE[len(RULED_PREFIX):]


class Pipeline:
    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE, model: ExtractorModel | None = None) -> None:
        names = tuple(names)
        unknown = [n for n in names if n not in COMPONENTS]
        if unknown:
            raise ValueError(f"unknown pipeline component(s): {', '.join(unknown)}; known: {', '.join(COMPONENTS)}")
        self.names = names
        self.model = model
        self.components: list[Component] = []
        for name in names:
            factory = COMPONENTS[name]
            if factory.learned is not None:
                if model is not None:
                    self.components.append(factory.learned(model))
            elif factory.component is not None:
                self.components.append(factory.component)

    @property
    def extractor(self) -> str:
        from countersight.pipeline.extract import RULES_VERSION

        return self.model.extractor if self.model is not None else RULES_VERSION

    def __call__(self, report: RawReport) -> Doc:
        return self.apply(Doc(report))

    def apply(self, doc: Doc) -> Doc:
        """Run the components on a document that earlier components already filled
        (training runs the rulers once and the learned layers per fold)."""
        for component in self.components:
            doc = component(doc)
        return doc

    def pipe(self, reports: Iterable[RawReport]) -> Iterator[Doc]:
        for report in reports:
            yield self(report)


def build_pipeline(names: Iterable[str] | None = None, model: str | None = None) -> Pipeline:
    """The pipeline of ``names`` (default: ``DEFAULT_PIPELINE``) with the model in the
    directory ``model``: the shipped model when it is None or empty, none when it is
    ``"none"``."""
    from countersight.learn.bundle import load_model

    loaded = None if model == NO_MODEL else load_model(model or None)
    return Pipeline(DEFAULT_PIPELINE if names is None else names, loaded)
