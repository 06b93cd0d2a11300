"""North Korea context words (countersight/vocab/topic.py): well-formed, and they count
unambiguous names of North Korea, never "Korea" or "the North" alone."""

from __future__ import annotations

import re

import pytest

from countersight.pipeline.matchers import vocabulary
from countersight.vocab import topic


def _hits(text: str) -> list[str]:
    # The compiled alternation the topic component counts with (case-sensitive, whole words).
    return [m.group(0) for m in vocabulary().topic.finditer(text)]


def test_patterns_compile_without_duplicates():
    assert len(topic.NK_CONTEXT) == len(set(topic.NK_CONTEXT))
    for p in topic.NK_CONTEXT:
        assert re.compile(p).groups == 0, p  # no capturing group: only matches are counted


def test_thresholds():
    assert 1 <= topic.MIN_CONTEXT_HITS < topic.ALWAYS_ON_TOPIC_HITS
    assert topic.MIN_CONTEXT_DENSITY > 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("North Korea's border guards", ["North Korea's"]),
        ("Kim Jong-un and Kim Jong Un", ["Kim Jong-un", "Kim Jong Un"]),
        ("the DPRK and Pyongyang’s envoys", ["DPRK", "Pyongyang’s"]),
        ("a source in North Hamgyong Province", ["North Hamgyong"]),
        ("Hyesan and Sinuiju", ["Hyesan", "Sinuiju"]),
        ("국가보위성 요원", ["국가보위성"]),
        ("sent to a kwalliso", ["kwalliso"]),
    ],
)
def test_north_korea_names_count(text: str, expected: list[str]):
    assert _hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "South Korea and Japan held talks in Seoul.",
        "Defectors who reached the North of England",
        "see www.dprk.example for the photos",  # case-sensitive: a web address does not count
        "Kimchi prices in Korea rose.",
        "the Korean Peninsula",
    ],
)
def test_ambiguous_or_other_names_do_not_count(text: str):
    assert _hits(text) == []
