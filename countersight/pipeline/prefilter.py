"""A cheap test that a vocabulary regex cannot match a sentence, so it is not run.

The vocabulary's regexes are long alternations (hundreds of spellings and
phrasings), and Python's engine tries every alternative at every position of a
sentence. Every one of them starts at a word boundary, so a match starts with a
word of the sentence. ``heads`` reads a pattern's parse tree for the first
``HEAD`` letters any match can begin with ("arr" for "arrest(?:ed)?"; a shorter
word whole: "on" for "on the lookout"); a sentence none of whose words begins with
one of them cannot match, and the regex is skipped.
A pattern whose matches can begin in a way the parse tree does not pin down
(``\\w+``, a long character class) gets no heads and always runs: the filter
never changes what is found, only what is tried.

Where every alternative has heads, a short text is not scanned at all: the regex is
tried only at the words that begin with one of them (``word_starts``), which finds what
a scan finds, since a match can begin nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as sre, _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

HEAD = 3
MAX_HEADS = 4000
# Above this length a text is scanned whole, only its word heads read: indexing where its
# words begin would cost more than the few regexes run over it save (a report's topic check,
# against a sentence's hundred matchers), and would hold every word's place in memory.
MAX_INDEXED_CHARS = 1000
_MAX_CLASS = 12  # a character class with more members than this is not expanded
_WORD = re.compile(r"\w+")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class _Unknown(Exception):
    """A match's beginning the parse tree does not pin down."""


def heads(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The lower-case first ``HEAD`` characters any match of ``pattern`` can begin
    with, or None when they cannot be told (the pattern must then always run)."""
    try:
        tree = sre_parse.parse(pattern, flags)
        items = list(tree.data)
        if not items or not _word_start(items[0]):
            return None  # a match could begin inside a word
        out: set[str] = set()
        _walk(items, "", out)
    except (_Unknown, RecursionError, re.error):
        return None
    return frozenset(out)


def _word_start(item: tuple) -> bool:
    """``(?<![\\w])`` or ``(?<!\\w)``: what ``matchers.bounded`` puts first."""
    op, arg = item
    if op is not sre.ASSERT_NOT or arg[0] != -1:
        return False
    inner = list(arg[1].data)
    return len(inner) == 1 and inner[0][0] is sre.IN and list(inner[0][1]) == [(sre.CATEGORY, sre.CATEGORY_WORD)]


def _walk(items: list, prefix: str, out: set[str]) -> None:
    if len(prefix) >= HEAD:
        _add(prefix[:HEAD], out)
        return
    if not items:
        _end_of_word(prefix, out)  # the match is a word shorter than HEAD
        return
    op, arg = items[0]
    rest = items[1:]
    if op is sre.LITERAL:
        ch = chr(arg)
        if _is_word_char(ch):
            _walk(rest, prefix + _letter(ch), out)
        else:
            _end_of_word(prefix, out)  # "a notice", "anti-socialist": the first word ends here
    elif op is sre.IN:
        try:
            members = _members(arg)
        except _Unknown:
            # "\s", "\w*" after the first letters: those letters are head enough.
            _end_of_word(prefix, out)
            return
        for ch in members:
            _walk(rest, prefix + ch, out)
    elif op is sre.SUBPATTERN:
        _walk(list(arg[-1].data) + rest, prefix, out)
    elif op is sre.BRANCH:
        for alternative in arg[1]:
            _walk(list(alternative.data) + rest, prefix, out)
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = arg
        if low == 0:
            _walk(rest, prefix, out)
        if high != 0:
            # One copy, then the rest (with up to HEAD - 1 more copies, enough for the first letters).
            copies = max(1, min(low, HEAD))
            body = list(sub.data) * copies
            more = (high - copies) if high != sre.MAXREPEAT else sre.MAXREPEAT
            tail = [(sre.MAX_REPEAT, (0, more, sub))] if more else []
            _walk(body + tail + rest, prefix, out)
    elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        _walk(rest, prefix, out)  # zero width: leaving it out only lets more through
    else:
        _end_of_word(prefix, out)


def _add(head: str, out: set[str]) -> None:
    out.add(head)
    if len(out) > MAX_HEADS:
        raise _Unknown


def _end_of_word(prefix: str, out: set[str]) -> None:
    """The first word of the match ends before HEAD letters, or what follows cannot be
    told: the letters so far are the head (a word beginning with them may match)."""
    if not prefix:
        raise _Unknown  # the match begins with a space or a sign, not a word
    _add(prefix, out)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _letter(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    if ch.lower() == ch.upper():
        return ch  # Hangul and other scripts without case
    raise _Unknown  # a cased letter outside ASCII: case-insensitive matching has surprises


def _members(arg: list) -> list[str]:
    chars: set[str] = set()
    for op, value in arg:
        if op is sre.LITERAL:
            ch = chr(value)
            if not _is_word_char(ch):
                raise _Unknown
            chars.add(_letter(ch))
        elif op is sre.RANGE:
            low, high = value
            if high - low > _MAX_CLASS:
                raise _Unknown
            chars.update(_letter(chr(c)) for c in range(low, high + 1) if _is_word_char(chr(c)))
        else:
            raise _Unknown  # negated classes, \w, \d
    if len(chars) > _MAX_CLASS:
        raise _Unknown
    return sorted(chars)


def _head(word: str) -> str | None:
    """A word's first ``HEAD`` characters, lower case; None for a cased letter outside ASCII
    (case-insensitive matching may take "K", the Kelvin sign, for "k")."""
    head = word[:HEAD]
    if head.isascii():
        return head.lower()
    if any(ch.lower() != ch.upper() for ch in head if not ch.isascii()):
        return None
    return head


@lru_cache(maxsize=256)  # a report's sentences are read by the rulers, then again by ``assemble``
def word_starts(text: str) -> dict[str, list[int]] | None:
    """Where the words of ``text`` begin, by each beginning (one to ``HEAD`` characters,
    lower case) of the word; None when a word begins with a cased letter outside ASCII:
    the text is then tried with every regex. Read once per text by every matcher that runs
    on it; for texts up to ``MAX_INDEXED_CHARS`` (the places of every word of a long one
    would be held in memory: ``word_heads`` reads those)."""
    out: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        head = _head(m.group(0))
        if head is None:
            return None
        at = m.start()
        for n in range(1, len(head) + 1):
            places = out.get(head[:n])
            if places is None:
                out[head[:n]] = [at]
            else:
                places.append(at)
    return out


@lru_cache(maxsize=8)
def _long_text_heads(text: str) -> frozenset[str] | None:
    """``word_heads`` of a text too long to index: the heads alone, not where they stand."""
    out: set[str] = set()
    for word in _WORD.findall(text):
        head = _head(word)
        if head is None:
            return None
        out.update(head[:n] for n in range(1, len(head) + 1))
    return frozenset(out)


def word_heads(text: str) -> frozenset[str] | None:
    """The first one to ``HEAD`` characters of each word of ``text``, lower case, and
    every shorter beginning (a head may be a whole short word: "a", "on"); None as
    ``word_starts``."""
    if len(text) > MAX_INDEXED_CHARS:
        return _long_text_heads(text)
    starts = word_starts(text)
    return None if starts is None else frozenset(starts)


def _dispatched(alternatives: list[tuple[str, frozenset[str] | None]]) -> str:
    """One alternation as branches by first letter: ``(?=[aA])(?:...)|(?=[bB])(?:...)|...``.

    Python's engine tries every alternative of an alternation at every word; here it
    tries one cheap lookahead per letter and then only the alternatives that can begin
    with that letter. The same matches: at a given position only alternatives that can
    begin with its letter can match, and within a branch they keep their order; an
    alternative whose first letters are unknown stands in every branch, in its place,
    and in a last branch of its own."""
    firsts = [(p, None if found is None else {h[0] for h in found}) for p, found in alternatives]
    branches: list[str] = []
    for letter in sorted({ch for _, first in firsts if first is not None for ch in first}):
        members = [p for p, first in firsts if first is None or letter in first]
        chars = letter + (letter.upper() if letter.isascii() and letter.upper() != letter else "")
        branches.append("(?=[" + re.escape(chars) + "])(?:" + "|".join(f"(?:{p})" for p in members) + ")")
    unknown = [p for p, found in alternatives if found is None]
    if unknown:
        branches.append("(?:" + "|".join(f"(?:{p})" for p in unknown) + ")")
    return "|".join(branches)


class Alternation:
    """``bounded(P1|P2|...)`` for the patterns given, tried only where it can match.

    Each pattern's heads are read alone. On a text with none of the heads, the
    patterns that have heads cannot match anywhere, and the alternation finds
    exactly what the alternation of the others (in the same order) finds: that
    smaller regex runs instead, or nothing when every pattern has heads. ``guard``
    branches the alternation by first letter (``_dispatched``: for the long trigger
    tables; a short table would lose the engine's own first-letter scan)."""

    __slots__ = ("full", "rest", "heads", "plain")

    def __init__(self, patterns: Sequence[str], flags: int = 0,
                 wrap: Callable[[str], str] = lambda p: p, guard: bool = False) -> None:
        known: set[str] = set()
        unknown: list[str] = []
        alternatives: list[tuple[str, frozenset[str] | None]] = []
        for pattern in patterns:
            found = heads(wrap(pattern), flags)
            alternatives.append((pattern, found))
            if found is None:
                unknown.append(pattern)
            else:
                known |= found
        plain = wrap("|".join(f"(?:{p})" for p in patterns))
        self.plain = plain  # the alternation as written: what every match is checked against in the tests
        self.full = re.compile(wrap(_dispatched(alternatives)) if guard else plain, flags)
        self.rest = re.compile(wrap("|".join(f"(?:{p})" for p in unknown)), flags) if unknown else None
        self.heads = frozenset(known)

    @property
    def pattern(self) -> str:
        return self.full.pattern

    def _plan(self, text: str) -> tuple[re.Pattern[str] | None, list[int] | None]:
        """The regex to run on ``text`` (None: nothing can match) and the places a match
        can begin (None: the regex scans the text). Words without any head: only the
        alternatives without heads can match. Else, when every alternative has heads, a
        match begins at a word whose first letters are one."""
        if not self.heads:
            return self.full, None
        if len(text) > MAX_INDEXED_CHARS:
            words = _long_text_heads(text)
            return (self.full if words is None or not self.heads.isdisjoint(words) else self.rest), None
        index = word_starts(text)
        if index is None:
            return self.full, None
        keys = self.heads.intersection(index)
        if not keys:
            return self.rest, None
        if self.rest is not None:
            return self.full, None
        if len(keys) == 1:
            return self.full, index[next(iter(keys))]
        return self.full, sorted({p for k in keys for p in index[k]})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        regex, starts = self._plan(text)
        if regex is None:
            return iter(())
        return regex.finditer(text) if starts is None else self._matches_at(regex, text, starts)

    @staticmethod
    def _matches_at(regex: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
        # What ``finditer`` finds, tried only where a match can begin: it too goes on
        # after the end of each match. A match is never empty (it begins with a head).
        end = 0
        for start in starts:
            if start >= end:
                m = regex.match(text, start)
                if m is not None:
                    yield m
                    end = m.end()

    def search(self, text: str) -> re.Match[str] | None:
        regex, starts = self._plan(text)
        if regex is None:
            return None
        if starts is None:
            return regex.search(text)
        return next(self._matches_at(regex, text, starts), None)
