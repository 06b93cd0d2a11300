"""Compile the vocabulary data into matchers, once per process.

Matching runs on a *folded* copy of the text: curly quotes, primes and dashes
become their ASCII forms one character for one, so offsets into the folded
text are offsets into the stored body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from countersight.pipeline.prefilter import Alternation
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


def _compile_phrases(phrases: tuple[str, ...] | list[str]) -> Alternation | None:
    """Literal phrases -> one alternation, longest first; acronyms (all upper case) stay case-sensitive."""
    lower = sorted({fold(p) for p in phrases if not _is_acronym(p)}, key=len, reverse=True)
    upper = sorted({fold(p) for p in phrases if _is_acronym(p)}, key=len, reverse=True)
    parts = ["(?i:" + _phrase_regex(p) + ")" for p in lower] + [re.escape(p) for p in upper]
    if not parts:
        return None
    return Alternation(parts, wrap=bounded)


def _phrase_regex(phrase: str) -> str:
    # One space in a phrase matches any run of whitespace in a report.
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(phrase) <= 6 and " " not in phrase


def _compile_any(patterns: tuple[str, ...], flags: int = re.IGNORECASE, guard: bool = False) -> Alternation:
    return Alternation(patterns, flags, wrap=bounded, guard=guard)


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
        self.other_actors = [(Alternation([p], wrap=bounded), actor_id) for p, actor_id in agencies.OTHER_ACTORS]
        self.state_names = re.compile(
            bounded("|".join(re.escape(n) for n in agencies.STATE_NAMES))
            + r"(?:'s)?\s+(?:" + "|".join(agencies.STATE_NAME_VERBS) + r")\b"
        )
        self.agent_anaphors = _compile_phrases(agencies.AGENT_ANAPHORS)
        self.subject_anaphor = re.compile(
            r"^\W*(?:" + "|".join(agencies.SUBJECT_ANAPHORS) + r")\b", re.IGNORECASE
        )
        self.groups = [
            (Alternation([p], re.IGNORECASE, wrap=bounded), ids) for p, ids in groups.GROUP_PATTERNS
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
