"""Report-level components: North Korea context (topic) and the report's own sourcing."""

from __future__ import annotations

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
    """Component: the first inside source the report names, with their place and the day they spoke."""
    if not doc.on_topic:
        return doc
    vocab = vocabulary()
    for sent in doc.sentences:
        if sent.end - sent.start > MAX_SENTENCE_CHARS:
            continue
        text = doc.sentence_text(sent)
        folded = fold(text)
        for rx in vocab.sources:
            m = rx.search(folded)
            if not m:
                continue
            hits = [h for h in find_places(m.group("place")) if h.start == 0]
            if not hits:
                continue
            hit = hits[0]
            place = hit.place
            admin1 = place.admin1 if place else None
            spoke = next(
                (d.span for d in find_dates(text, doc.report.published) if d.role == "source_spoke"),
                None,
            )
            outlet = m.groupdict().get("outlet")
            doc.source = SourceInfo(
                quote=text[m.start() : m.end()],
                start=sent.start + m.start(),
                end=sent.start + m.end(),
                place=hit.surface if place and place.kind != "province" else None,
                admin1=admin1,
                country=hit.country,
                outlet=outlet,
                spoke_on=spoke,
            )
            return doc
    return doc
