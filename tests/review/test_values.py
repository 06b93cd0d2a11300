"""review/values.py: the one check of an analyst's values (CLI, web forms and JSON API alike)."""

from __future__ import annotations

import pytest

from countersight.errors import InputError
from countersight.review import values

GOOD = {
    "type": "arrest", "trend": None, "perpetrators": ["mss", "other:laos_security"], "targets": ["brokers"],
    "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city"},
    "date": {"start": "2021-03-01", "end": "2021-03-31", "precision": "month", "text": "in March"},
    "measures": [{"measure": "team_size", "value": 3, "previous": None, "qualifier": None}],
    "penalty": {"kind": "labor_camp", "months": 120},
}
FIELDS = tuple(GOOD)


def problem(field: str, value) -> str:
    with pytest.raises(InputError) as caught:
        values.check({**GOOD, field: value}, [field])
    return str(caught.value)


def test_good_values_and_what_events_md_allows_pass():
    values.check(GOOD, FIELDS)
    allowed = {
        "perpetrators": [[], ["authorities"], ["other:political prisoners"]],
        "targets": [[], ["other:relatives", "defector_families"]],
        "location": [None, {"country": "CN", "admin1": None, "place": "Yanji", "precision": "city"},
                     {"country": "KP", "admin1": None, "place": None, "precision": "country"},
                     {"country": "KP", "admin1": "KP-09", "place": "Atlantis-dong", "precision": "district"},
                     {"country": "KP", "admin1": "KP-10", "place": "Wiyon-dong", "precision": "district",
                      "lat": 41.4017, "lon": 128.1778}],
        "date": [None, {"start": None, "end": None, "precision": "unknown", "text": "October 12"},
                 {"start": "2020-02-29", "end": "2020-02-29", "precision": "day", "text": "Feb. 29"},
                 {"start": "2021-06-07", "end": "2021-06-13", "precision": "week", "text": "last week"}],
        "measures": [[], [{"measure": "supervision_levels", "value": 3, "qualifier": "min"},
                          {"measure": "supervision_levels", "value": 5.0, "previous": 0, "qualifier": "max"}]],
        "penalty": [None, {"kind": "execution", "months": None}, {"kind": "fine"}],
        "trend": ["increase", "decrease", None],
    }
    for field, cases in allowed.items():
        for value in cases:
            values.check({**GOOD, field: value}, [field])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("type", "raid", "type 'raid' is not one of"),
    ("trend", "up", "trend must be one of increase, decrease or null, not 'up'"),
    ("perpetrators", ["nonsense"], "perpetrators: 'nonsense' is not an agency id"),
    ("perpetrators", "mss", "perpetrators must be a list of agency ids, not 'mss'"),
    ("perpetrators", ["other:"], "needs words after other:"),
    ("perpetrators", ["mss", "mss"], "perpetrators: 'mss' is given twice"),
    ("perpetrators", [7], "perpetrators must be a list of agency ids, not a list holding 7"),
    ("targets", ["mss"], "targets: 'mss' is not a target group id"),
    ("location", "KP", "location must be an object"),
    ("location", {"country": "ZZ", "place": "Atlantis", "precision": "city"}, "location.country 'ZZ' is not a country"),
    ("location", {"country": "kp", "precision": "country"}, "location.country 'kp'"),
    ("location", {"country": ["KP"], "precision": "country"}, "location.country ['KP']"),
    ("location", {"country": "KP", "admin1": "KP-99", "precision": "province"}, "'KP-99' is not a North Korean province"),
    ("location", {"country": "CN", "admin1": "KP-09", "precision": "province"}, "goes with country KP, not 'CN'"),
    ("location", {"country": "KP", "place": "", "precision": "city"}, "location.place must be"),
    ("location", {"country": "KP", "precision": "street"}, "location.precision must be one of"),
    ("location", {"country": "KP", "lng": 128.1}, "location: unknown key 'lng'"),
    ("location", {"country": "KP", "lat": 95.0, "lon": 128.1}, "location.lat must be a number from -90 to 90"),
    ("location", {"country": "KP", "lat": 41.4, "lon": "east"}, "location.lon must be a number from -180 to 180"),
    ("date", {"start": "2021-13-01", "end": "2021-13-01", "precision": "day"}, "date.start '2021-13-01' is not a real day"),
    ("date", {"start": "2021-02-29", "end": "2021-02-29", "precision": "day"}, "'2021-02-29' is not a real day"),
    ("date", {"start": "20210301", "end": "2021-03-01", "precision": "day"}, "'20210301' is not a real day"),
    ("date", {"start": "2021-03-05", "end": "2021-03-01", "precision": "day"}, "date.end 2021-03-01 is before date.start 2021-03-05"),
    ("date", {"start": "2021-03-05", "end": None, "precision": "day"}, "date needs both start and end"),
    ("date", {"start": None, "end": None, "precision": "fortnight"}, "date.precision must be one of"),
    ("date", {"start": None, "end": None, "text": 5}, "date.text must be"),
    ("measures", {}, "measures must be a list"),
    ("measures", [{"name": "team_size", "value": 3}], "measures[0]: unknown key 'name'"),
    ("measures", [{"name": "team_size", "value": 3}], "measures[0].measure is missing"),
    ("measures", [{"measure": "team_size", "value": "x"}], "measures[0].value must be a number, not 'x'"),
    ("measures", [{"measure": "team_size"}], "measures[0].value is missing"),
    ("measures", [{"measure": "team_size", "value": float("nan")}], "measures[0].value must be a number, not nan"),
    ("measures", [{"measure": "team_size", "value": True}], "measures[0].value must be a number, not True"),
    ("measures", [{"measure": "team_size", "value": -1}], "measures[0].value must not be negative"),
    ("measures", [{"measure": "team_size", "value": 3, "previous": -2}], "measures[0].previous must not be negative"),
    ("measures", [{"measure": "eyes", "value": 3}], "measures[0].measure 'eyes' is not one of"),
    ("measures", [{"measure": "team_size", "value": 3, "qualifier": "about"}], "measures[0].qualifier must be"),
    ("measures", ["team_size"], "measures[0] must be an object"),
    ("penalty", {"kind": "prison", "months": 3}, "penalty kind must be one of"),
    ("penalty", {"kind": "fine", "months": -5}, "penalty.months must not be negative, not -5"),
    ("penalty", {"kind": "fine", "months": 2.5}, "penalty.months must be a whole number"),
    ("penalty", {"kind": "fine", "years": 2}, "penalty: unknown key 'years'"),
])
def test_bad_values_are_named_with_their_field(field, value, message):
    assert message in problem(field, value)


def test_every_problem_is_said_at_once():
    with pytest.raises(InputError) as caught:
        values.check({**GOOD, "type": "raid", "penalty": {"kind": "fine", "months": -1}}, ["type", "penalty"])
    assert "type 'raid'" in str(caught.value) and "penalty.months must not be negative" in str(caught.value)


def test_only_the_fields_named_are_checked():
    """A stored value nobody touched (here a bad one) never blocks an edit of another field."""
    values.check({**GOOD, "perpetrators": ["legacy"]}, ["targets"])


def test_a_directive_carries_no_trend_whichever_side_changes():
    for changed in (["type"], ["trend"]):
        with pytest.raises(InputError, match="a directive carries no trend"):
            values.check({**GOOD, "type": "directive", "trend": "increase"}, changed)


def test_partial_objects_keep_the_keys_they_leave_out():
    stored = {"start": "2016-01-01", "end": "2016-12-31", "precision": "year", "text": "in 2016"}
    assert values.merged("date", stored, {"start": "2016-05-01", "end": "2016-05-31", "precision": "month"}) == {
        "start": "2016-05-01", "end": "2016-05-31", "precision": "month", "text": "in 2016"}
    assert values.merged("date", stored, None) is None  # null clears the field
    assert values.merged("penalty", {"kind": "fine", "months": None}, {"months": 3}) == {"kind": "fine", "months": 3}
    assert values.merged("perpetrators", ["mss"], ["msos"]) == ["msos"]  # lists are replaced whole
    assert values.merged("date", None, {"start": "2016-05-01"}) == {"start": "2016-05-01"}


BODY = "Agents came at night. The agents searched the house. The agents left."


def test_evidence_by_offsets_by_quote_or_both_agreeing():
    start = BODY.index("The agents searched")
    end = start + len("The agents searched the house.")
    assert values.evidence(BODY, {"start": start, "end": end}) == ("The agents searched the house.", start, end)
    assert values.evidence(BODY, {"quote": "The agents searched the house."}) == (BODY[start:end], start, end)
    assert values.evidence(BODY, {"quote": BODY[start:end], "start": start, "end": end}) == (BODY[start:end], start, end)


@pytest.mark.parametrize(("given", "message"), [
    ({"quote": "not in text", "start": 0, "end": 5}, "evidence.quote is not the report text at 0:5 (which reads 'Agent')"),
    ({"quote": "not in text"}, "evidence.quote 'not in text' is not in the report text"),
    ({"quote": "The agents"}, "evidence.quote occurs 2 times in the report text (at 22, 53)"),
    ({"start": 50, "end": 10}, "evidence start 50 is not before its end 10"),
    ({"start": 5, "end": 5}, "evidence start 5 is not before its end 5"),
    ({"start": 0, "end": 10_000}, "evidence offsets 0:10000 are outside the report text"),
    ({"start": -1, "end": 4}, "evidence offsets -1:4 are outside the report text"),
    ({"start": 3}, "evidence needs both start and end"),
    ({"start": "3", "end": 9}, "evidence.start must be a whole number"),
    ({"begin": 3, "end": 9}, "evidence: unknown key 'begin'"),
    ({}, "evidence must be an object"),
    ("The agents", "evidence must be an object"),
    ({"quote": "  "}, "evidence.quote must be text from the report"),
])
def test_bad_evidence_says_what_is_wrong(given, message):
    with pytest.raises(InputError) as caught:
        values.evidence(BODY, given)
    assert message in str(caught.value)
