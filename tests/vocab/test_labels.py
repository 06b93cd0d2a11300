"""Readable names of the vocabularies' codes."""

from __future__ import annotations

import pytest

from countersight.model import EVENT_TYPES, MEASURES, PENALTY_KINDS
from countersight.vocab import labels
from countersight.vocab.agencies import AGENCIES
from countersight.vocab.groups import GROUP_IDS


def test_known_codes_read_as_names():
    assert labels.name("type", "collective_punishment") == "Collective punishment"
    assert labels.name("agency", "mss") == "Ministry of State Security"
    assert labels.name("target", "defector_families") == "Defectors' families"
    assert labels.name("penalty", "labor_training_brigade") == "Labour training brigade"
    assert labels.name("measure", "watchers_per_person") == "Watchers per person"
    assert labels.name("trend", "increase") == "increasing"


def test_other_codes_read_as_words_marked_other():
    assert labels.name("agency", "other:south korean authorities") == "South Korean authorities (other)"
    assert labels.name("agency", "other:laos_security") == "Laos security (other)"
    assert labels.name("target", "other:relatives") == "Relatives (other)"
    assert labels.name("target", "other:chinese_police") == "Chinese police (other)"


def test_unknown_and_empty_codes():
    assert labels.name("type", "new_type") == "New type"
    assert labels.name("agency", None) == ""
    assert labels.names("target", ["defectors", "other:monks"]) == ["Defectors", "Monks (other)"]
    with pytest.raises(ValueError, match="known: type, agency"):
        labels.name("colour", "x")


def test_every_code_has_its_own_name():
    for kind, codes in (("type", EVENT_TYPES), ("agency", [a.id for a in AGENCIES]), ("target", GROUP_IDS),
                        ("penalty", PENALTY_KINDS), ("measure", MEASURES)):
        shown = [labels.name(kind, c) for c in codes]
        assert len(set(shown)) == len(codes), kind  # no two codes read the same
        assert all(s and "_" not in s for s in shown), kind
