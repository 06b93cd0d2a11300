"""Sentence splitting of the content blocks with spaCy's tokenizer and sentencizer.

Only the rule-based parts of spaCy run here (a blank English pipeline): they
know abbreviations such as "Oct." and "U.S." and keep closing quotes with their
sentence, at a hundred times the speed of a statistical pipeline.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language

from countersight.pipeline.doc import Doc, Sentence
from countersight.vocab.abbreviations import ABBREVIATIONS

# Korean sentence ends and the ideographic full stop, besides spaCy's defaults.
MAX_PIECE = 100_000
# spaCy's tokenizer strips prefixes and suffixes one at a time, each time copying the
# rest of the span: a span of n brackets, quotes or emoji costs O(n^2) (6,000 of them
# take ten seconds, a megabyte never ends). No real word is this long, so longer
# spans are broken for the tokenizer (see _defuse); offsets do not move.
MAX_TOKEN = 100
MAX_SYMBOL_RUN = 8
_LONG_SPAN = re.compile(r"\S{%d,}" % (MAX_TOKEN + 1))
_SYMBOL_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))
_PUNCT_CHARS = [".", "!", "?", "。", "？", "！", "…", "다."]
_LAST_WORD = re.compile(r"((?:\w\.)*\w+)\.$")  # "No.", and "a.k.a." whole
_GOES_ON = re.compile(r"^[a-z0-9$€£¥(]")


@cache
def english() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": _PUNCT_CHARS})
    return nlp


def split_sentences(doc: Doc) -> Doc:
    """Component: fill ``doc.sentences`` from the content blocks of an on-topic report."""
    if not doc.on_topic:
        return doc
    nlp = english()
    pieces = [
        (i, start, end)
        for i, b in enumerate(doc.blocks)
        if b.kind == "content"
        for start, end in _pieces(doc.text, b.start, b.end)
    ]
    texts = [_defuse(doc.text[start:end]) for _, start, end in pieces]
    sentences: list[Sentence] = []
    for (index, base, _), parsed in zip(pieces, nlp.pipe(texts), strict=True):
        for sent in parsed.sents:
            text = doc.text[base + sent.start_char : base + sent.end_char]  # the report's own characters
            stripped = text.strip()
            if not stripped:
                continue
            lead = len(text) - len(text.lstrip())
            start = base + sent.start_char + lead
            sentences.append(Sentence(start, start + len(stripped), index))
    doc.sentences = _merge_fragments(doc, sentences)
    return doc


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block cut into pieces of at most MAX_PIECE characters, at a sentence end
    or a space where possible: spaCy refuses texts over a million characters, and
    hostile input can be one line of any length."""
    out = []
    while end - start > MAX_PIECE:
        window = text[start : start + MAX_PIECE]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < MAX_PIECE // 2:
            cut = window.rfind(" ")
        if cut < MAX_PIECE // 2:
            cut = MAX_PIECE - 1
        out.append((start, start + cut + 1))
        start += cut + 1
    out.append((start, end))
    return out


def _defuse(text: str) -> str:
    """``text`` as the tokenizer may safely see it, same length, so that offsets
    into it are offsets into ``text``: a run of more than MAX_SYMBOL_RUN symbols
    keeps its first and last four and is blanked in between, and every
    (MAX_TOKEN + 1)-th character of a longer span without spaces becomes a space.
    Prose is never touched."""
    if _SYMBOL_RUN.search(text):
        text = _SYMBOL_RUN.sub(lambda m: m[0][:4] + " " * (len(m[0]) - 8) + m[0][-4:], text)
    if _LONG_SPAN.search(text):
        text = _LONG_SPAN.sub(lambda m: _cut_span(m[0]), text)
    return text


def _cut_span(span: str) -> str:
    step = MAX_TOKEN + 1
    return "".join(
        span[i : i + MAX_TOKEN] + " " if i + step <= len(span) else span[i:]
        for i in range(0, len(span), step)
    )


def _merge_fragments(doc: Doc, sentences: list[Sentence]) -> list[Sentence]:
    """Glue a lone closing quote or bracket back onto the sentence before it, and a
    piece cut after an abbreviation ("Camp No.", "approx.") or going on in lower case."""
    merged: list[Sentence] = []
    for sent in sentences:
        text = doc.text[sent.start : sent.end]
        if merged and merged[-1].block == sent.block and (
            len(text) <= 2 or not any(c.isalnum() for c in text) or _cut_short(doc.text[merged[-1].start : merged[-1].end], text)
        ):
            merged[-1] = Sentence(merged[-1].start, sent.end, sent.block)
        else:
            merged.append(sent)
    return merged


def _cut_short(before: str, after: str) -> bool:
    # Only the end of ``before`` is read: "\w+\.$" searched over a megabyte-long word is quadratic.
    last = _LAST_WORD.search(before[-20:])
    return (last is not None and last.group(1).lower() in ABBREVIATIONS) or (
        before.endswith(".") and _GOES_ON.match(after) is not None)
