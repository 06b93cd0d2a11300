"""Report-level components: North Korea context (topic) and the report's own sourcing."""

from __future__ import annotations

import re

from countersight.pipeline.dates import find_dates
from countersight.pipeline.doc import Doc, SourceInfo
from countersight.pipeline.extract import MAX_SENTENCE_CHARS
from countersight.pipeline.matchers import fold, vocabulary
from countersight.pipeline.places import find_places
from countersight.vocab import topic as topic_vocab


def count_context_hits(text: str) -> int:
    return sum(1 for _ in vocabulary().topic.finditer(text))


def mark_topic(doc: Doc) -> Doc:
    """Component: a report without North Korea context is off-topic and yields no events."""
    text = doc.text if not doc.title or doc.title in doc.text else f"{doc.title}\n{doc.text}"
    doc.topic_hits = count_context_hits(text)
    doc.on_topic = is_on_topic(doc.topic_hits, len(text.split()))
    return doc


def is_on_topic(hits: int, words: int) -> bool:
    if hits >= topic_vocab.ALWAYS_ON_TOPIC_HITS:
        return True
    density = 1000 * hits / max(words, 1)
    return hits >= topic_vocab.MIN_CONTEXT_HITS and density >= topic_vocab.MIN_CONTEXT_DENSITY


def find_source(doc: Doc) -> Doc:
    """Component: the inside source the report names (first in a sentence that
    attributes something to it), with their place and the day they spoke."""
    if not doc.on_topic:
        return doc
    vocab = vocabulary()
    fallback: SourceInfo | None = None
    for sent in doc.sentences:
        if sent.end - sent.start > MAX_SENTENCE_CHARS:
            continue
        text = doc.sentence_text(sent)
        folded = fold(text)
        for rx in vocab.sources:
            for m in rx.finditer(folded):
                info = _source_info(doc, sent.start, text, m)
                if info is None:
                    continue
                if vocab.attribution.search(folded):
                    doc.source = info
                    return doc
                fallback = fallback or info
    doc.source = fallback
    return doc


def _source_info(doc: Doc, offset: int, text: str, m: re.Match) -> SourceInfo | None:
    groups = m.groupdict()
    if groups.get("anaphor"):
        hit = _last_place_before(doc.text[: offset + m.start()])
    else:
        hits = [h for h in find_places(groups["place"]) if h.start == 0]
        hit = hits[0] if hits else None
    if hit is None:
        return None
    place = hit.place
    spoke = next((d.span for d in find_dates(text, doc.report.published) if d.role == "source_spoke"), None)
    outlet = _OUTLET.search(text[m.end() : m.end() + 80])
    return SourceInfo(
        quote=text[m.start() : m.end()],
        start=offset + m.start(),
        end=offset + m.end(),
        place=hit.surface if place and place.kind != "province" else None,
        admin1=place.admin1 if place else None,
        country=hit.country,
        outlet=outlet.group(1) if outlet else None,
        spoke_on=spoke,
    )


def _last_place_before(text: str):
    """The last North Korean place named in ``text`` (for "a source in the city")."""
    hits = [h for h in find_places(text[-3000:]) if h.place is not None and h.country == "KP"]
    return hits[-1] if hits else None


_OUTLET = re.compile(r"\btold ((?:[A-Z][\w'’-]*\s?){1,4})")
