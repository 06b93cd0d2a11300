"""Words around place names (countersight/vocab/places.py): well-formed, and the
patterns built from them find the kind suffix, the two Koreas and destinations."""

from __future__ import annotations

import re

import pytest

from countersight.pipeline.extract import _DESTINATION
from countersight.pipeline.places import _KOREAS, _SUFFIXES, find_places
from countersight.vocab import places


@pytest.mark.parametrize(
    "words", [places.PLACE_SUFFIXES, places.KOREAS_PREPOSITIONS, places.NORTH_SOUTH_NAMES, places.DESTINATION_WORDS]
)
def test_no_duplicates(words: tuple[str, ...]):
    assert words and len(words) == len(set(words))


def test_plain_words_are_plain():
    # These are joined into patterns as written: no regular-expression syntax in them.
    for word in (*places.PLACE_SUFFIXES, *places.KOREAS_PREPOSITIONS, *places.NORTH_SOUTH_NAMES):
        assert re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", word), word
    assert all(w == w.lower() for w in places.KOREAS_PREPOSITIONS)
    assert all(w[0].isupper() for w in (*places.PLACE_SUFFIXES, *places.NORTH_SOUTH_NAMES))
    for fragment in places.DESTINATION_WORDS:  # fragments ("towards?"), compiled with a word start
        assert re.compile(rf"\b{fragment}").groups == 0


@pytest.mark.parametrize(
    "surface, short",
    [
        ("North Hamgyong Province", "North Hamgyong"),
        ("Hyesan city", "Hyesan"),
        ("Rason Special Economic Zone", "Rason"),
        ("Nampo Special City", "Nampo"),  # the longest suffix: the search starts leftmost
        ("Hyesan Cityscape", "Hyesan Cityscape"),
        ("Province Hall", "Province Hall"),
    ],
)
def test_place_suffix_is_cut(surface: str, short: str):
    assert _SUFFIXES.sub("", surface) == short


@pytest.mark.parametrize(
    "text, country",
    [("He fled to the South in 2019.", "KR"), ("Prices in the North rose.", "KP"), ("smuggled across the North", "KP")],
)
def test_the_two_koreas(text: str, country: str):
    hits = [h for h in find_places(text) if h.place is None]
    assert [h.country for h in hits] == [country]


@pytest.mark.parametrize(
    "text",
    ["Troops of the North Korean army", "the North Hamgyong border", "He visited the South.", "in the south of the city"],
)
def test_not_the_two_koreas(text: str):
    assert not _KOREAS.search(text)


@pytest.mark.parametrize("head", ["He was sent to ", "moved towards the ", "smuggled into ", "a train for ", "via the "])
def test_destination(head: str):
    assert _DESTINATION.search(head)


@pytest.mark.parametrize("head", ["He was arrested in ", "agents from ", "flights in Toronto ", "to the border near "])
def test_not_a_destination(head: str):
    assert not _DESTINATION.search(head)


def test_a_long_run_of_capitalised_words_is_read_word_by_word():
    # Only spans as long as the longest spelling are tried: a page of names stays linear.
    text = "Hyesan " * 3000 + "North Hamgyong Province"
    hits = find_places(text)
    assert len(hits) == 3001
    assert [h.surface for h in hits[-2:]] == ["Hyesan", "North Hamgyong Province"]
