"""The incident vocabulary (countersight/vocab/incidents.py) is well-formed data."""

from __future__ import annotations

import re

from countersight.model import QUALIFIERS
from countersight.vocab import incidents as vocab


def test_patterns_compile_and_name_the_outlet():
    for p in (*vocab.RELAY_PATTERNS, *vocab.OWN_PATTERNS):
        assert "{outlet}" in p
        assert re.compile(p.replace("{outlet}", "(?P<outlet>X)")).groupindex.keys() == {"outlet"}
    assert re.compile(vocab.PEOPLE_PATTERN).groupindex.keys() == {"qualifier", "number", "noun"}


def test_outlet_spellings_are_unique():
    spellings = [s.casefold() for forms in vocab.OUTLETS.values() for s in forms]
    assert len(spellings) == len(set(spellings))


def test_qualifiers_are_the_event_models():
    assert set(vocab.QUALIFIERS.values()) <= set(QUALIFIERS)
    assert vocab.VAGUE_NUMBERS <= set(vocab.NUMBER_WORDS)


def test_no_noun_for_the_states_side():
    assert not {"agents", "officers", "guards", "police"} & set(vocab.PEOPLE_NOUNS)


def test_whole_page_patterns():
    from countersight.incidents.sources import WHOLE_PAGE

    assert len(vocab.WHOLE_PAGE_PATTERNS) == len(set(vocab.WHOLE_PAGE_PATTERNS))
    for p in vocab.WHOLE_PAGE_PATTERNS:
        assert "{outlet}" not in p and re.compile(p).groups == 0
    for text in ("This article first appeared on Daily NK.", "Published by Radio Free Asia", "Reproduced with permission"):
        assert WHOLE_PAGE.search(text), text
    for text in ("The ministry publishes a newspaper.", "a reproduction of the order", "it appeared that agents left"):
        assert not WHOLE_PAGE.search(text), text
