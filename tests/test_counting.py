"""What a count counts (``countersight.counting``): incidents by default where built, else
mentions with a note; the people figure says what it rests on."""

from __future__ import annotations

import pytest

from countersight import counting
from countersight.errors import InputError
from told_thrice import fill


def test_incidents_by_default_where_built_mentions_when_asked(store):
    fill(store)
    assert counting.choose(store) == counting.Counting("incidents")
    assert counting.choose(store, "incidents", check_unlinked=True) == counting.Counting("incidents", None, 0)
    assert counting.choose(store, "mentions") == counting.Counting("mentions")
    c = counting.choose(store)
    assert (c.noun, c.of(1), c.of(1234)) == ("incident", "1 incident", "1,234 incidents")
    assert counting.group_counts(store, c, "type") == [("arrest", 1), ("sentencing", 1)]
    assert counting.group_counts(store, counting.choose(store, "mentions"), "type") == [("arrest", 3), ("sentencing", 1)]


def test_never_built_counts_mentions_and_says_so(store):
    fill(store, build=False)
    for asked in (None, "incidents"):
        c = counting.choose(store, asked)
        assert (c.what, c.note) == ("mentions", counting.NOT_BUILT)
    assert counting.choose(store, "mentions").note is None


def test_an_unknown_count_is_an_input_error(store):
    with pytest.raises(InputError, match="unknown count 'events'; known: incidents, mentions"):
        counting.choose(store, "events")


def test_the_people_line_says_what_it_rests_on():
    assert counting.people_line({"stated": 4, "unstated": 5, "people": 520, "approx": 2, "min": 1, "max": 0}) == (
        "520 people concerned, as stated in 4 of 9 incidents (of those counts 2 approximate, 1 a minimum); "
        "5 incidents state no number")
    assert counting.people_line({"stated": 1, "unstated": 1, "people": 3, "approx": 0, "min": 0, "max": 0}) == (
        "3 people concerned, as stated in 1 of 2 incidents; 1 incident states no number")
    assert counting.people_line({"stated": 0, "unstated": 2, "people": 0, "approx": 0, "min": 0, "max": 0}) == (
        "no incident states how many people it concerns (2 incidents)")


def test_an_event_review_in_a_store_never_built_is_not_a_build(store):
    from countersight import review

    fill(store, build=False)
    review.edit(store, "a1", "anna", {"targets": ["brokers", "residents"]})  # an incident of its own, till a build
    assert store.count_incidents() == 1
    assert counting.choose(store) == counting.Counting("mentions", counting.NOT_BUILT)
