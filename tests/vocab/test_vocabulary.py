"""The domain vocabulary is data: check that it is well formed and says what it should."""

import re

import pytest

from countersight.model import EVENT_TYPES, MEASURES, PENALTY_KINDS
from countersight.pipeline.extract import _find_measures, _penalty
from countersight.pipeline.matchers import fold, vocabulary
from countersight.vocab import agencies, groups, measures, penalties, triggers

AGENCY_IDS = {"mss", "msos", "wpk", "supreme_leader", "kpa", "prosecutors", "courts", "inminban",
              "diplomatic_mission", "china_security", "authorities"}


def test_agency_ids_are_the_spec_list():
    assert {a.id for a in agencies.AGENCIES} == AGENCY_IDS
    assert agencies.CENTRAL <= AGENCY_IDS
    assert agencies.STANDS_FOR_THE_STATE <= AGENCY_IDS - {"authorities"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the State Security Department arrested him", "mss"),
        ("Bowibu agents came at night", "mss"),
        ("officers of the National Security Agency", "mss"),
        ("국가보위성 지시", "mss"),
        ("the Ministry of People’s Security said", "msos"),
        ("the People's Safety Ministry", "msos"),
        ("the Organization and Guidance Department", "wpk"),
        ("Kim Jong Eun ordered", "supreme_leader"),
        ("border guards opened fire", "kpa"),
        ("the procuracy charged him", "prosecutors"),
        ("a public trial was held", "courts"),
        ("inminban heads report", "inminban"),
        ("Chinese police detained", "china_security"),
        ("the regime is worried", "authorities"),
    ],
)
def test_agency_spellings(text, expected):
    assert [h.value for h in vocabulary().find_agencies(fold(text))] == [expected]


def test_acronyms_are_case_sensitive():
    assert vocabulary().find_agencies("mps and ssd in lower case") == []
    assert [h.value for h in vocabulary().find_agencies("the SSD and the MPS")] == ["mss", "msos"]


def test_state_name_is_an_actor_only_before_a_verb():
    v = vocabulary()
    assert [h.value for h in v.find_agencies("North Korea has ordered consulates")] == ["authorities"]
    assert v.find_agencies("brokers in North Korea and China") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the families of defectors", ["defector_families"]),
        ("defectors’ families", ["defector_families"]),
        ("families of 'traitors'", ["defector_families"]),
        ("repatriated defectors", ["returnees"]),
        ("users of Chinese-made cellphones", ["phone_users"]),
        ("residents along the border", ["border_residents"]),
        ("overseas personnel", ["diplomats", "overseas_workers"]),
        ("North Korean workers in Russia", ["overseas_workers"]),
        ("smugglers and traders", ["smugglers", "traders"]),
    ],
)
def test_group_phrases(text, expected):
    ids = [i for h in vocabulary().find_groups(fold(text)) for i in h.value.split("|")]
    assert ids == expected


def test_group_ids_are_spec_or_other():
    for _, ids in groups.GROUP_PATTERNS:
        for i in ids:
            assert i in groups.GROUP_IDS or i.startswith("other:"), i


def test_trigger_tables_cover_every_type_and_compile():
    assert set(triggers.STRONG) == set(EVENT_TYPES)
    assert set(triggers.WEAK) <= set(EVENT_TYPES)
    assert set(triggers.BLOCKERS) <= set(EVENT_TYPES) | {"*"}
    for table in (triggers.STRONG, triggers.WEAK, triggers.BLOCKERS):
        for patterns in table.values():
            for p in patterns:
                re.compile(p)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("moved from three-ply to four-ply surveillance", [("watchers_per_person", 4, 3, None)]),
        ("inspections rose from once a day to three times a day", [("inspections_per_day", 3, 1, None)]),
        ("from two to as many as seven officers per case", [("agents_per_case", 7, 2, "max")]),
        ("up to as many as seven officers per case", [("agents_per_case", 7, None, "max")]),
        ('at least "three levels" and at most "five levels" of supervision',
         [("supervision_levels", 3, None, "min"), ("supervision_levels", 5, None, "max")]),
        ("from a five-household to a three-household system", [("households_per_watch_group", 3, 5, None)]),
        ("issuing two or more orders a week", [("orders_per_week", 2, None, "min")]),
        ("excluded down to second cousins", [("kinship_degree", 6, None, None)]),
        ("punished down to first cousins", [("kinship_degree", 4, None, None)]),
        ("a three-person team from Pyongyang", [("team_size", 3, None, None)]),
        ("a team of five inspectors", [("team_size", 5, None, None)]),
    ],
)
def test_measure_patterns(sentence, expected):
    got = [(m.measure, m.value, m.previous, m.qualifier) for m in _find_measures(fold(sentence))]
    assert got == expected


def test_every_measure_has_a_pattern_and_an_event_type():
    assert {p.measure for p in measures.MEASURE_PATTERNS} == set(MEASURES)
    assert set(measures.MEASURE_TYPES) == set(MEASURES)
    assert set(measures.MEASURE_TYPES.values()) <= set(EVENT_TYPES)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("he was sentenced to three months in a forced labor brigade", ("labor_training_brigade", 3)),
        ("she was sent to a kyohwaso for five years", ("labor_camp", 60)),
        ("the family was sent to a political prison camp", ("political_prison", None)),
        ("he was executed by firing squad", ("execution", None)),
        ("they were fined 500,000 won", ("fine", None)),
        ("he was sentenced to life imprisonment", ("other", None)),
    ],
)
def test_penalties(sentence, expected):
    p = _penalty(sentence)
    assert (p.kind, p.months) == expected


def test_penalty_kinds_are_the_spec_list():
    assert {k for k, _ in penalties.PENALTY_PATTERNS} == set(PENALTY_KINDS)


@pytest.mark.parametrize("text, hits", [
    # The romanisations of the leaders' names as Yonhap and JoongAng write them.
    ("North Korean leader Kim Jong-un met Kim Jong-il's widow.", 3),
    ("Kim Jong Un and Kim Il Sung", 2),
    # Provinces and cities in the Revised and informal romanisations.
    ("a defector from North Hamkyung Province said Shinuiju and Hoeryeong were sealed", 3),
    ("The Rodong Sinmun and KCNA reported it.", 2),
    # Lower case in a web address is not a name.
    ("see https://example.org/dprk/kim-jong-un", 0),
])
def test_north_korea_context_words(text, hits):
    from countersight.pipeline.context import count_context_hits

    assert count_context_hits(text) == hits


@pytest.mark.parametrize("sentence, expected", [
    # EVENTS.md: the reason for a punishment is not a separate defection ...
    ("He was sentenced to ten years for defecting to South Korea.", {"sentencing"}),
    ("She was punished for fleeing the country in 2015.", {"sentencing"}),
    ("He was arrested on suspicion of attempting to defect.", {"arrest"}),
    # ... an escape from a camp inside North Korea is not one ...
    ("Two prisoners escaped from the camp in Hwasong last month.", set()),
    # ... and flight abroad is.
    ("Five North Koreans escaped to China in a boat.", {"defection"}),
])
def test_defection_conventions_of_the_spec(sentence, expected):
    from tests.vocab.rule_types import types_of

    assert types_of(sentence) == expected


# -- words around directives and officials (vocab/triggers.py, vocab/groups.py) --------
@pytest.mark.parametrize("words", [
    triggers.ORDER_REFERENCE_DETERMINERS, triggers.ORDER_NOUNS,
    groups.OFFICIALS_ORDERED_BY, groups.OFFICIALS_OF_THE_STATE, groups.OFFICIALS_ACTING_AFTER,
])
def test_reference_and_officials_words_are_lower_case_fragments(words):
    assert words and len(words) == len(set(words))
    for w in words:
        assert w == w.lower(), w
        assert re.compile(w).groups == 0, w  # joined into one alternation: no group of their own


@pytest.mark.parametrize("sentence, points_back", [
    ("The orders also call for stricter controls.", True),
    ("Their latest directives demand daily reports.", True),
    ("Kim's recent decree was read out at meetings.", True),
    ("Instructions were handed down last week.", True),
    ("Agents ordered residents to hand in their phones.", False),
    ("A new order came down from the party.", False),
])
def test_order_reference(sentence, points_back):
    from countersight.pipeline.extract import _ORDER_REFERENCE

    assert bool(_ORDER_REFERENCE.search(fold(sentence))) is points_back


@pytest.mark.parametrize("text, acting", [
    ("the party instructed local officials to", True),
    ("state security officials came at night", True),
    ("officials said the campaign would go on", True),
    ("officials have been told to watch the border", True),
    ("officials were purged after the inspection", False),
    ("five officials were arrested in Hyesan", False),
])
def test_acting_officials(text, acting):
    from countersight.pipeline.extract import _ACTING_OFFICIALS

    assert bool(_ACTING_OFFICIALS.search(text)) is acting
