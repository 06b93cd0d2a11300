"""Inside-source patterns (countersight/vocab/sourcing.py): well-formed, and they find a
source's place (or "the city") without taking any "source" for one."""

from __future__ import annotations

import re

import pytest

from countersight.vocab import sourcing

# As pipeline/matchers.py compiles them: case-sensitive (a place is capitalised).
SOURCES = [re.compile(p) for p in sourcing.SOURCE_PATTERNS]
ATTRIBUTION = re.compile(sourcing.ATTRIBUTION)


def test_patterns_compile_without_duplicates_and_name_a_place():
    assert len(sourcing.SOURCE_PATTERNS) == len(set(sourcing.SOURCE_PATTERNS))
    for rx in SOURCES:
        assert "place" in rx.groupindex, rx.pattern
        assert set(rx.groupindex) <= {"place", "anaphor"}, rx.pattern


def _first(text: str) -> dict[str, str | None] | None:
    for rx in SOURCES:
        m = rx.search(text)
        if m:
            return m.groupdict()
    return None


@pytest.mark.parametrize(
    "text, group, value",
    [
        ("a source in North Hamgyong Province told Daily NK on Friday", "place", "North Hamgyong Province"),
        ("A source based in Hyesan said", "place", "Hyesan"),
        ("two residents living in Sinuiju told RFA", "place", "Sinuiju"),
        ("according to ASIAPRESS's reporting partner in the city", "anaphor", "the city"),
        ("an informant from Ryanggang Province", "place", "Ryanggang Province"),
        ("Hoeryong-based sources said", "place", "Hoeryong"),
    ],
)
def test_a_source_and_its_place(text: str, group: str, value: str):
    found = _first(text)
    assert found is not None and found[group] == value


@pytest.mark.parametrize(
    "text",
    [
        "The source said the crackdown continues.",
        "Smuggling was a source of income in the region.",
        "a source in the know told Daily NK",
        "Agents arrested residents in the market.",
    ],
)
def test_no_source_place(text: str):
    assert _first(text) is None


def test_attribution_words():
    for text in ("a source told Daily NK", "according to the source", "the source explained", "RFA reported"):
        assert ATTRIBUTION.search(text), text
    for text in ("an untold number of people", "the sayings of Kim", "a reporter in Seoul"):
        assert not ATTRIBUTION.search(text), text
