"""``make_gold_offsets.py`` runs with the standard library only, so it keeps its own
copies of the EVENTS.md vocabularies: they must stay equal to the package's."""

from __future__ import annotations

from countersight import model
from countersight.samples import make_gold_offsets as script
from countersight.vocab import agencies, gazetteer, groups


def test_event_types_measures_and_penalties_are_the_models_in_order():
    # Lists, not sets: the script prints its statistics in this order.
    assert script.EVENT_TYPES == list(model.EVENT_TYPES)
    assert script.MEASURES == list(model.MEASURES)
    assert script.PENALTY_KINDS == list(model.PENALTY_KINDS)


def test_agencies_are_the_vocabularys():
    assert script.AGENCIES == {a.id for a in agencies.AGENCIES}


def test_targets_are_the_group_ids():
    assert script.TARGETS == set(groups.GROUP_IDS)


def test_precisions_and_qualifiers_are_the_models():
    assert script.PRECISIONS == set(model.PRECISIONS)
    assert script.DATE_PRECISIONS == set(model.DATE_PRECISIONS)
    assert script.QUALIFIERS == {None, *model.QUALIFIERS}  # a measure may have no qualifier


def test_admin1_codes_are_the_gazetteers_north_korean_provinces():
    assert script.ADMIN1 == {p.admin1 for p in gazetteer.load_places() if p.country == "KP"}


def test_no_copy_has_duplicates():
    for values in (script.EVENT_TYPES, script.MEASURES, script.PENALTY_KINDS):
        assert len(values) == len(set(values))
