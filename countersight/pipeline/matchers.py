"""Compile the vocabulary data into matchers, once per process.

Matching runs on a *folded* copy of the text: curly quotes, primes and dashes
become their ASCII forms one character for one, so offsets into the folded
text are offsets into the stored body.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser
from dataclasses import dataclass
from functools import cache

from countersight.vocab import agencies, groups, measures, penalties, sourcing, topic, triggers

_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def fold(text: str) -> str:
    """Same-length ASCII folding of quotes, dashes and odd spaces."""
    return text.translate(_FOLD)


def bounded(pattern: str) -> str:
    """Wrap a pattern so that it matches whole words only."""
    return rf"(?<![\w])(?:{pattern})(?![\w])"


def _compile_phrases(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """Literal phrases -> one regex; acronyms (all upper case) stay case-sensitive."""
    lower = sorted({fold(p) for p in phrases if not _is_acronym(p)}, key=len, reverse=True)
    upper = sorted({fold(p) for p in phrases if _is_acronym(p)}, key=len, reverse=True)
    parts = []
    if lower:
        parts.append("(?i:" + "|".join(_phrase_regex(p) for p in lower) + ")")
    if upper:
        parts.append("|".join(re.escape(p) for p in upper))
    if not parts:
        return None
    return re.compile(bounded("|".join(parts)))


def _phrase_regex(phrase: str) -> str:
    # One space in a phrase matches any run of whitespace in a report.
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(phrase) <= 6 and " " not in phrase


def _compile_any(patterns: tuple[str, ...], flags: int = re.IGNORECASE, guard: bool = False) -> re.Pattern[str]:
    """One regex of whole-word alternatives; ``guard``: each behind `_first_char_guard` (for the
    big trigger tables; a short table loses the regex engine's own first-character scan by it)."""
    parts = (_first_char_guard(p) if guard else p for p in patterns)
    return re.compile(bounded("|".join(f"(?:{p})" for p in parts)), flags)


def _first_char_guard(pattern: str) -> str:
    """``pattern`` behind a lookahead on the characters it can start with, so that the
    hundreds of alternatives of a trigger table fail at a word in one step instead of
    one per leading word (same matches; about a fifth faster). Patterns whose first
    character cannot be told (a class like ``\\w``, an empty match) are left as they are."""
    try:
        chars, nullable = _first_chars(_sre_parser.parse(pattern, re.IGNORECASE))
    except (re.error, RecursionError):  # pragma: no cover - the tables compile (tested)
        return pattern
    if chars is None or nullable or not chars:
        return pattern
    cased = {x for c in chars for x in (c, c.lower(), c.upper())}
    return "(?=[" + "".join(re.escape(c) for c in sorted(cased)) + "])(?:" + pattern + ")"


def _first_chars(items) -> tuple[set[str] | None, bool]:
    """The characters a parsed sequence can start with (None: any), and whether it can match empty."""
    out: set[str] = set()
    for op, av in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: the next item starts the match
        if op is _sre.LITERAL:
            chars, nullable = {chr(av)}, False
        elif op is _sre.IN:
            chars, nullable = set(), False
            for o, a in av:
                if o is _sre.LITERAL:
                    chars.add(chr(a))
                elif o is _sre.RANGE and a[1] - a[0] < 300:
                    chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                else:
                    return None, False
        elif op is _sre.BRANCH:
            chars, nullable = set(), False
            for seq in av[1]:
                c, n = _first_chars(seq)
                if c is None:
                    return None, False
                chars |= c
                nullable = nullable or n
        elif op is _sre.SUBPATTERN:
            chars, nullable = _first_chars(av[3])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            chars, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        else:
            return None, False
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    value: str


def non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits, then restore text order."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


class Vocabulary:
    """All compiled matchers of the domain vocabulary."""

    def __init__(self) -> None:
        self.agencies = [(a.id, _compile_phrases(a.spellings)) for a in agencies.AGENCIES]
        self.other_actors = [(re.compile(bounded(p)), actor_id) for p, actor_id in agencies.OTHER_ACTORS]
        self.state_names = re.compile(
            bounded("|".join(re.escape(n) for n in agencies.STATE_NAMES))
            + r"(?:'s)?\s+(?:" + "|".join(agencies.STATE_NAME_VERBS) + r")\b"
        )
        self.agent_anaphors = _compile_phrases(agencies.AGENT_ANAPHORS)
        self.subject_anaphor = re.compile(
            r"^\W*(?:" + "|".join(agencies.SUBJECT_ANAPHORS) + r")\b", re.IGNORECASE
        )
        self.groups = [
            (re.compile(bounded(p), re.IGNORECASE), ids) for p, ids in groups.GROUP_PATTERNS
        ]
        self.strong = {t: _compile_any(p, guard=True) for t, p in triggers.STRONG.items()}
        self.weak = {t: _compile_any(p, guard=True) for t, p in triggers.WEAK.items()}
        self.blockers = {t: _compile_any(p, guard=True) for t, p in triggers.BLOCKERS.items()}
        self.negation = re.compile(
            r"(?:^|\W)(?:" + "|".join(triggers.NEGATION) + r")(?:\W+\w+){0,%d}\W*$" % (triggers.NEGATION_WINDOW - 1),
            re.IGNORECASE,
        )
        self.clause_negation = _compile_any(triggers.CLAUSE_NEGATION)
        self.hypothetical = re.compile(
            r"(?:^|\W)(?:" + "|".join(triggers.HYPOTHETICAL) + r")(?:\W+\w+){0,%d}\W*$" % (triggers.HYPOTHETICAL_WINDOW - 1),
            re.IGNORECASE,
        )
        # "may" as a modal is lower case; "May" is the month.
        self.hypothetical_may = re.compile(r"(?:^|\W)may(?:\W+\w+){0,3}\W*$")
        self.back_reference = re.compile(triggers.BACK_REFERENCE, re.IGNORECASE)
        self.non_assertive = _compile_any(triggers.NON_ASSERTIVE)
        self.trend_up = _compile_any(triggers.TREND_UP)
        self.trend_down = _compile_any(triggers.TREND_DOWN)
        self.measures = [
            (
                m,
                re.compile(bounded(m.pattern), re.IGNORECASE),
                re.compile(m.requires, re.IGNORECASE) if m.requires else None,
            )
            for m in measures.MEASURE_PATTERNS
        ]
        self.qualifier_cues = {
            q: re.compile(r"(?:" + "|".join(re.escape(c) for c in cues) + r")\W*$", re.IGNORECASE)
            for q, cues in measures.QUALIFIER_CUES.items()
        }
        self.penalties = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in penalties.PENALTY_PATTERNS]
        self.term = re.compile(bounded(penalties.TERM_PATTERN), re.IGNORECASE)
        self.life_term = re.compile(penalties.LIFE_TERM, re.IGNORECASE)
        self.topic = _compile_any(topic.NK_CONTEXT, flags=0)
        self.sources = [re.compile(p) for p in sourcing.SOURCE_PATTERNS]
        self.attribution = re.compile(sourcing.ATTRIBUTION)

    # -- lookups used by the extractor ------------------------------------
    def find_agencies(self, text: str) -> list[Hit]:
        hits = [
            Hit(m.start(), m.end(), agency_id)
            for agency_id, rx in self.agencies
            if rx is not None
            for m in rx.finditer(text)
        ]
        hits += [Hit(m.start(), m.end(), actor_id) for rx, actor_id in self.other_actors for m in rx.finditer(text)]
        hits += [Hit(m.start(), m.start() + _state_name_len(m.group(0)), "authorities") for m in self.state_names.finditer(text)]
        return non_overlapping(hits)

    def find_groups(self, text: str) -> list[Hit]:
        hits = [Hit(m.start(), m.end(), "|".join(ids)) for rx, ids in self.groups for m in rx.finditer(text)]
        return non_overlapping(hits)


def _state_name_len(matched: str) -> int:
    for name in agencies.STATE_NAMES:
        if matched.startswith(name):
            return len(name)
    return len(matched.split()[0])


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary()
