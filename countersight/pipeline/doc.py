"""The document that flows through the pipeline components (``doc -> doc``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from countersight.model import DateSpan, Event, RawReport

# Kinds of block a page is made of; only "content" blocks are read for events.
BLOCK_KINDS: tuple[str, ...] = ("content", "headline", "tagline", "subhead", "caption", "boilerplate", "tail",
                                  "dateline")


@dataclass
class Block:
    start: int
    end: int
    kind: str = "content"


@dataclass
class Sentence:
    start: int
    end: int
    block: int  # index into Doc.blocks


@dataclass
class Span:
    """One annotation in a layer of the document (spaCy's ``doc.spans[key]`` in spirit):
    characters ``start:end`` of the body, with a label, the sentence it lies in,
    how sure the component that made it is, and which component that was."""

    start: int
    end: int
    label: str
    sentence: int
    score: float = 1.0
    source: str = "rules"
    data: Any = field(default=None, compare=False)  # what the ruler found: a place, a date, a quantity


# The version of the rules, recorded on every event they make (with the model's, when one
# re-scores them): "rules-5+model-<version>".
RULES_VERSION = "rules-5"

# The layers the rulers fill and the learned components read or re-score.
LAYERS: tuple[str, ...] = ("triggers", "agencies", "groups", "places", "dates", "measures", "penalties", "mentions")


@dataclass
class SourceInfo:
    """How the report names its own inside source (kept as report metadata)."""

    quote: str
    start: int
    end: int
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    outlet: str | None = None
    spoke_on: DateSpan | None = None

    def to_dict(self) -> dict:
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "place": self.place,
            "admin1": self.admin1,
            "country": self.country,
            "outlet": self.outlet,
            "spoke_on": self.spoke_on.to_dict() if self.spoke_on else None,
        }


@dataclass
class Doc:
    report: RawReport
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    on_topic: bool = True
    topic_hits: int = 0
    title: str | None = None
    source: SourceInfo | None = None
    events: list[Event] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=lambda: {layer: [] for layer in LAYERS})
    extractor: str = RULES_VERSION  # until a learned component re-scores the layers
    dominant: list[str] = field(default_factory=list)  # the target groups the report is mostly about
    detailed: set[int] = field(default_factory=set)  # sentences whose places and dates are in their layers

    def layers_by_sentence(self) -> dict[int, dict[str, list[Span]]]:
        """Every layer's spans grouped by sentence: {sentence: {layer: [spans]}}."""
        grouped: dict[int, dict[str, list[Span]]] = {}
        for layer, spans in self.spans.items():
            for span in spans:
                grouped.setdefault(span.sentence, {}).setdefault(layer, []).append(span)
        return grouped

    def sentence_layers(self, sentence: int) -> dict[str, list[Span]]:
        """The spans of one sentence, by layer."""
        out: dict[str, list[Span]] = {}
        for layer, spans in self.spans.items():
            for span in spans:
                if span.sentence == sentence:
                    out.setdefault(layer, []).append(span)
        return out

    @property
    def text(self) -> str:
        return self.report.body

    @property
    def document(self) -> str:
        return self.report.document

    def sentence_text(self, sentence: Sentence) -> str:
        return self.report.body[sentence.start : sentence.end]

    def furniture_spans(self) -> list[tuple[int, int, str]]:
        return [(b.start, b.end, b.kind) for b in self.blocks if b.kind != "content"]
