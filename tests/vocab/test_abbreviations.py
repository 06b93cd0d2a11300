"""Abbreviations that go on inside a sentence (countersight/vocab/abbreviations.py):
well-formed, and a split after one of them is undone while a real sentence end stays."""

from __future__ import annotations

import pytest

from countersight.pipeline.sentences import _cut_short
from countersight.vocab.abbreviations import ABBREVIATIONS


def test_entries_are_bare_lower_case_words():
    assert ABBREVIATIONS
    for word in ABBREVIATIONS:
        # Compared with the lower-cased word before a full stop, the stop itself left off
        # (a word written with a stop after every letter keeps the inner ones).
        assert word.replace(".", "").isalpha() and word == word.lower() and not word.endswith("."), word


@pytest.mark.parametrize(
    "before, after",
    [
        ("He was sent to Camp No.", "25 in the mountains."),
        ("It cost approx.", "$160 on the market."),
        ("The order came from Lt.", "Gen. Kim of the ministry."),
        ("The inspection team was led by Col.", "Ri, the source said."),
        ("Political Prison Camp No. 25 (a.k.a.", "Kwan-li-so No. 25) lies near Chongjin."),
        ("Security units (i.e.", "The MSS and the police) took part."),
    ],
)
def test_a_split_after_an_abbreviation_is_undone(before: str, after: str):
    assert _cut_short(before, after)


@pytest.mark.parametrize(
    "before, after",
    [
        ("Agents searched the camp.", "Five people were detained."),
        ("He was sent to Camp 25.", "The source said so."),
        ("The order came from the general.", "Residents were told to comply."),
        ("Asked to inform on his neighbours, he said no.", "The agents left."),
        ("The order was enforced across the U.S.", "The agents left."),
        ("He was arrested with a friend he called Plan A.", "The agents left."),
    ],
)
def test_a_real_sentence_end_stays(before: str, after: str):
    assert not _cut_short(before, after)
