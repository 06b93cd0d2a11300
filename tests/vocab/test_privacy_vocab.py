"""Privacy rules (countersight/vocab/privacy.py): well-formed, and they find private
people's names, ages and sources' details, not agencies, numbers or public figures."""

from __future__ import annotations

import re

import pytest

from countersight.vocab import gazetteer
from countersight.vocab import privacy as rules

# As countersight/privacy.py compiles them: names case-sensitive, the rest not.
NAMES = [re.compile(p) for p in rules.PERSON_PATTERNS]
AGES = [re.compile(p, re.IGNORECASE) for p in rules.AGE_PATTERNS]
SOURCE_DETAILS = [re.compile(p, re.IGNORECASE) for p in rules.SOURCE_DETAIL_PATTERNS]


@pytest.mark.parametrize(
    "values",
    [rules.SURNAMES, rules.PERSON_PATTERNS, rules.AGE_PATTERNS, rules.SOURCE_DETAIL_PATTERNS,
     rules.PUBLIC_FIGURES, rules.INSTITUTION_WORDS],
)
def test_no_duplicates(values: tuple[str, ...]):
    assert values and len(values) == len(set(values))


def test_name_patterns_capture_the_name():
    for rx in NAMES:
        assert "name" in rx.groupindex, rx.pattern


def test_word_lists_are_capitalised_words():
    for word in (*rules.SURNAMES, *rules.INSTITUTION_WORDS):
        assert word.isalpha() and word[0].isupper(), word
    for name in rules.PUBLIC_FIGURES:
        assert len(name.split()) >= 2, name  # a surname alone would keep every "Kim"


def test_placeholders_and_place_kinds():
    placeholders = [rules.NAME_PLACEHOLDER, rules.AGE_PLACEHOLDER, rules.SOURCE_PLACEHOLDER,
                    rules.PLACE_PLACEHOLDER, rules.QUOTE_PLACEHOLDER]
    assert len(set(placeholders)) == len(placeholders)
    assert all(p.startswith("[") and p.endswith("]") for p in placeholders)
    assert rules.FINE_PLACE_KINDS <= set(gazetteer.KINDS)
    assert rules.PUBLIC_PLACE_KINDS <= set(gazetteer.KINDS)
    assert not rules.FINE_PLACE_KINDS & rules.PUBLIC_PLACE_KINDS


def _names(text: str) -> list[str]:
    return [m.group("name") for rx in NAMES for m in rx.finditer(text)]


@pytest.mark.parametrize(
    "text, name",
    [
        ("a defector identified by his surname of Chong", "Chong"),
        ("Mr. Kim sold phones at the market", "Kim"),
        ("a woman named Ri Myong-hui was arrested", "Ri Myong-hui"),
        ("Pak Chol-su was repatriated in May", "Pak Chol-su"),
        ("Chong was repatriated", "Chong"),
    ],
)
def test_private_names_are_found(text: str, name: str):
    assert name in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "agents of the Ministry of State Security arrested five brokers",
        "residents were told to report phone users",
        "the kim family's rule",  # case-sensitive: a surname is capitalised
    ],
)
def test_no_name_in_text_without_one(text: str):
    assert _names(text) == []


@pytest.mark.parametrize("text", ["a man in his 30s", "a 22-year-old woman", "aged 45", "she is 60 years old"])
def test_ages_are_found(text: str):
    assert any(rx.search(text) for rx in AGES), text


@pytest.mark.parametrize("text", ["in their homes", "45 agents searched the village", "in the 1990s famine"])
def test_no_age_in_text_without_one(text: str):
    assert not any(rx.search(text) for rx in AGES), text


def test_source_details_stop_before_the_saying():
    text = "a source who works at the Hyesan Mine said agents came"
    m = next(m for rx in SOURCE_DETAILS if (m := rx.search(text)))
    assert m.group(0) == " who works at the Hyesan Mine"  # the detail, not what the source said
    for plain in ("a source said agents came", "the source told Daily NK on Friday"):
        assert not any(rx.search(plain) for rx in SOURCE_DETAILS), plain
