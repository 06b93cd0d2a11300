"""Split a report's body into blocks (lines) and tell its own copy from page furniture."""

from __future__ import annotations

import re
from functools import cache

from countersight.pipeline.doc import Block, Doc
from countersight.vocab import furniture

_SENTENCE_END = re.compile(r"[.!?…\"'”’)\]:]\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[\"“‘]?[A-Z]")


def _any_of(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@cache
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (_any_of(furniture.CAPTION), _any_of(furniture.END_CREDIT), _any_of(furniture.TAIL_MARKERS),
            _any_of(furniture.BOILERPLATE))


@cache
def _dateline() -> re.Pattern[str]:
    # MULTILINE: "^" then holds at the block's start, which ``match`` is given as ``pos``.
    return _any_of(furniture.DATELINE, re.MULTILINE)


def _is_caption(line: str, caption: re.Pattern[str], end_credit: re.Pattern[str]) -> bool:
    if caption.search(line):
        return True
    credit = end_credit.search(line)
    return credit is not None and (
        len(_SENTENCE_BREAK.findall(line[: credit.start()])) < furniture.END_CREDIT_CAPTION_SENTENCES)


def split_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines, without their surrounding whitespace."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def _join_wrapped(text: str, spans: list[tuple[int, int]], caption: re.Pattern[str]) -> list[tuple[int, int]]:
    """One block per paragraph of hard-wrapped copy: a line that stops mid-sentence and
    goes on in lower case on the next line is the same paragraph, so its sentences
    are not cut at the line ends. A caption is never the rest of a paragraph, even one
    opening in lower case with its picture's file name under an unpunctuated headline."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            if (text[start : start + 1].islower() and not _SENTENCE_END.search(text[prev_start:prev_end])
                    and not caption.search(text[start:end])):
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out


def classify_blocks(text: str, *, has_title: bool = False) -> list[Block]:
    caption, end_credit, tail_marker, boilerplate = _rules()
    spans = split_lines(text)
    blocks = [Block(s, e) for s, e in _join_wrapped(text, spans, caption)]
    in_tail = False
    half = len(text) / 2
    for i, block in enumerate(blocks):
        line = text[block.start : block.end]
        words = len(line.split())
        if in_tail:
            block.kind = "tail"
        elif tail_marker.search(line) and block.start >= half:
            block.kind = "tail"
            in_tail = True
        elif _is_caption(line, caption, end_credit):
            block.kind = "caption"
        elif boilerplate.search(line):
            block.kind = "boilerplate"
        elif i == 0 and not has_title and _is_heading(line, words):
            block.kind = "tagline" if line == line.lower() else "headline"
        elif i == 0 and has_title and _is_heading(line, words) and line == line.lower():
            block.kind = "tagline"
        elif _is_marked_subhead(line, words) or _is_heading(line, words):
            block.kind = "subhead"
    # A short unpunctuated line right before a caption is the caption's title
    # ("Cars in North Pyongan Province man" above "Vehicles parked ... / Image:").
    for i in range(len(blocks) - 1):
        nxt = blocks[i + 1]
        block = blocks[i]
        line = text[block.start : block.end]
        if (
            block.kind in ("content", "subhead")
            and nxt.kind == "caption"
            and len(line.split()) <= furniture.CAPTION_TITLE_WORDS
            and not _SENTENCE_END.search(line)
        ):
            block.kind = "caption"
    return _split_dateline(text, blocks)


def _split_dateline(text: str, blocks: list[Block]) -> list[Block]:
    """The first paragraph of copy without its wire dateline, which becomes a block of its own."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "content"), None)
    if first is None:
        return blocks
    block = blocks[first]
    found = _dateline().match(text, block.start, block.end)
    if found is None or found.end() >= block.end:
        return blocks
    dateline = Block(block.start, block.start + len(found.group(0).rstrip()), "dateline")
    return [*blocks[:first], dateline, Block(found.end(), block.end), *blocks[first + 1 :]]


def _is_heading(line: str, words: int) -> bool:
    return words <= furniture.SHORT_LINE_WORDS and not _SENTENCE_END.search(line)


def _is_marked_subhead(line: str, words: int) -> bool:
    return words <= furniture.SHORT_LINE_WORDS and line[:1] in furniture.SUBHEAD_MARKS


def segment(doc: Doc) -> Doc:
    """Component: fill ``doc.blocks``; take a headline as title when the reader gave none."""
    doc.blocks = classify_blocks(doc.text, has_title=bool(doc.report.title))
    doc.title = doc.report.title
    if not doc.title:
        for block in doc.blocks:
            if block.kind == "headline":
                doc.title = doc.text[block.start : block.end]
                break
    return doc
