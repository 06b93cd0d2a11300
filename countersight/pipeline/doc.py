"""The document that flows through the pipeline components (``doc -> doc``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from countersight.model import DateSpan, Event, RawReport

# Kinds of block a page is made of; only "content" blocks are read for events.
BLOCK_KINDS: tuple[str, ...] = ("content", "headline", "tagline", "caption", "boilerplate", "tail")


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
