"""The one place where pipeline components are registered by name, in their default order.

A component is a callable ``Doc -> Doc``. ``build_pipeline`` turns a list of
names into a ``Pipeline``; ``DEFAULT_PIPELINE`` is what ``countersight ingest``
runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from countersight.model import RawReport
from countersight.pipeline.context import find_source, mark_topic
from countersight.pipeline.doc import Doc
from countersight.pipeline.extract import extract_events
from countersight.pipeline.segment import segment
from countersight.pipeline.sentences import split_sentences

Component = Callable[[Doc], Doc]


@dataclass(frozen=True)
class Factory:
    name: str
    component: Component
    help: str


COMPONENTS: dict[str, Factory] = {
    f.name: f
    for f in (
        Factory("segment", segment, "split the body into lines; mark headline, captions, tail and boilerplate as furniture"),
        Factory("topic", mark_topic, "mark reports without North Korea context off-topic"),
        Factory("sentences", split_sentences, "split the content lines of on-topic reports into sentences (spaCy tokenizer + sentencizer)"),
        Factory("source", find_source, "find the report's inside source, their province and the day they spoke"),
        Factory("extract", extract_events, "event mentions with type, actors, targets, place, date, measures, penalty"),
    )
}

DEFAULT_PIPELINE: tuple[str, ...] = ("segment", "topic", "sentences", "source", "extract")


class Pipeline:
    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE) -> None:
        unknown = [n for n in names if n not in COMPONENTS]
        if unknown:
            raise ValueError(f"unknown pipeline component(s): {', '.join(unknown)}; known: {', '.join(COMPONENTS)}")
        self.names = tuple(names)
        self.components = [COMPONENTS[n].component for n in self.names]

    def __call__(self, report: RawReport) -> Doc:
        doc = Doc(report)
        for component in self.components:
            doc = component(doc)
        return doc

    def pipe(self, reports: Iterable[RawReport]) -> Iterator[Doc]:
        for report in reports:
            yield self(report)


def build_pipeline(names: Iterable[str] | None = None) -> Pipeline:
    return Pipeline(DEFAULT_PIPELINE if names is None else names)
