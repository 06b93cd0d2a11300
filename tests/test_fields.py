"""fields.py: one check of what each EVENTS.md field may hold, with a policy for who wrote it."""

from __future__ import annotations

import dataclasses

import pytest

from countersight.fields import ANNOTATION, EDIT, FieldPolicy, event_problems, field_problems
from countersight.vocab.gazetteer import iso_countries, load_countries

VALUES = {
    "type": "arrest", "trend": None, "perpetrators": ["mss", "other:laos_security"], "targets": ["brokers"],
    "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city"},
    "date": {"start": "2021-03-01", "end": "2021-03-31", "precision": "month", "text": "in March"},
    "measures": [{"measure": "team_size", "value": 3, "previous": None, "qualifier": None}],
    "penalty": {"kind": "labor_camp", "months": 120},
}
QUOTE = "State security agents arrested two brokers."
LINE = {"document": "d1", **VALUES, "evidence": {"quote": QUOTE, "start": 10, "end": 10 + len(QUOTE)}}


def problems(policy: FieldPolicy, **changed) -> list[str]:
    return field_problems({**VALUES, **changed}, VALUES, policy)


def test_good_values_pass_both_policies():
    assert problems(ANNOTATION) == [] and problems(EDIT) == []
    assert event_problems(LINE) == []


# Each flag of FieldPolicy: a value the annotation policy reads and the edit policy refuses, with its message.
DIFFERENCES = [
    ("closed_objects", {"location": {"country": "KP", "place": "Hyesan", "precision": "city", "lng": 128.1}},
     "location: unknown key 'lng' (the keys are country, admin1, place, precision, lat, lon)"),
    ("closed_objects", {"date": {"start": None, "end": None, "precision": "unknown", "text": "once", "note": "?"}},
     "date: unknown key 'note' (the keys are start, end, precision, text)"),
    ("closed_objects", {"measures": [{"measure": "team_size", "value": 3, "unit": "people"}]},
     "measures[0]: unknown key 'unit' (the keys are measure, value, previous, qualifier)"),
    ("closed_objects", {"penalty": {"kind": "labor_camp", "months": 24, "years": 2}},
     "penalty: unknown key 'years' (the keys are kind, months)"),
    ("distinct_ids", {"perpetrators": ["mss", "courts", "mss"]}, "perpetrators: 'mss' is given twice"),
    ("paired_dates", {"date": {"start": "2021-03-05", "end": None, "precision": "day", "text": "March 5"}},
     "date needs both start and end (the same day for a single day), or neither"),
    ("whole_months", {"penalty": {"kind": "labor_training_brigade", "months": 1.5}},
     "penalty.months must be a whole number, not 1.5"),
    ("country_required", {"location": {"country": None, "admin1": None, "place": "Yanji", "precision": "city"}},
     "location.country is missing: the country's ISO 3166-1 alpha-2 code (KP, CN, RU, ...)"),
    ("directive_without_trend", {"type": "directive", "trend": "increase"},
     "trend: a directive carries no trend (EVENTS.md); set trend to null"),
]


@pytest.mark.parametrize(("flag", "changed", "message"), DIFFERENCES)
def test_the_edit_policy_refuses_what_an_annotation_may_hold(flag, changed, message):
    assert (getattr(ANNOTATION, flag), getattr(EDIT, flag)) == (False, True)
    assert problems(ANNOTATION, **changed) == []
    assert problems(EDIT, **changed) == [message]


def test_every_flag_of_the_policy_is_pinned_by_a_difference():
    assert {flag for flag, _, _ in DIFFERENCES} == {f.name for f in dataclasses.fields(FieldPolicy)}


def test_a_gold_line_with_keys_this_version_does_not_know_is_read():
    """EVENTS.md lets the project add fields: a line written by a later version must stay scoreable."""
    line = {**LINE, "annotator": "d3", "evidence": {**LINE["evidence"], "sentence": 4},
            "location": {**VALUES["location"], "osm_id": 123}}
    assert event_problems(line) == []


@pytest.mark.parametrize("country", ["LA", "KP", "IS", "PE"])
def test_any_real_iso_country_is_accepted_by_both(country):
    location = {"country": country, "admin1": None, "place": "A town", "precision": "city"}
    assert problems(ANNOTATION, location=location) == [] and problems(EDIT, location=location) == []


def test_a_real_country_need_not_be_one_the_gazetteer_knows():
    assert {"IS", "PE"} <= set(iso_countries()) and not {"IS", "PE"} & set(load_countries())


@pytest.mark.parametrize("country", ["ZZ", "kp", "UK", "XK", "KOR", "", 7])
def test_a_code_that_names_no_country_is_refused_by_both(country):
    location = {"country": country, "admin1": None, "place": None, "precision": "country"}
    message = (f"location.country {country!r} is not a country code "
               "(ISO 3166-1 alpha-2, upper case: KP, CN, RU, ...)")
    assert problems(ANNOTATION, location=location) == [message]
    assert problems(EDIT, location=location) == [message]


@pytest.mark.parametrize(("changed", "expected"), [
    ({"measures": [{"measure": "team_size", "value": -3}]}, ["measures[0].value must not be negative, not -3"]),
    ({"measures": [{"measure": "team_size", "value": 3, "previous": float("inf")}]},
     ["measures[0].previous must be a number, not inf"]),
    ({"penalty": {"kind": "fine", "months": -1}}, ["penalty.months must not be negative, not -1"]),
    ({"location": {"country": "KP", "place": " ", "precision": "city"}},
     ["location.place must be the place's name or null, not ' '"]),
    ({"location": {"country": "KP", "precision": "city", "place": "Hyesan", "lat": 95, "lon": "east"}},
     ["location.lat must be a number from -90 to 90 or null, not 95",
      "location.lon must be a number from -180 to 180 or null, not 'east'"]),
    ({"location": {"country": "CN", "admin1": "KP-09", "place": None, "precision": "province"}},
     ["location.admin1 KP-09 is a North Korean province: it goes with country KP, not 'CN' "
      "(set admin1 to null for a place abroad)"]),
    ({"date": {"start": "2021-03-05", "end": "2021-03-01", "precision": "fortnight"}},
     ["date.end 2021-03-01 is before date.start 2021-03-05",
      "date.precision must be one of day, month, season, year, unknown, week, not 'fortnight'"]),
    ({"perpetrators": ["other: ", "cia"], "targets": "brokers"},
     ["perpetrators: 'other: ' needs words after other: (e.g. other:laos_security)",
      "perpetrators: 'cia' is not an agency id (mss, msos, wpk, supreme_leader, kpa, prosecutors, courts, inminban, "
      "diplomatic_mission, china_security, authorities), or other:<words> for an actor outside the list",
      "targets must be a list of target group ids, not 'brokers'"]),
])
def test_what_neither_policy_accepts_is_said_the_same_way(changed, expected):
    assert problems(ANNOTATION, **changed) == expected
    assert problems(EDIT, **changed) == expected


def test_null_reads_as_the_default_for_both():
    """``Event.from_dict`` reads a null list as empty and a null precision as the default."""
    changed = {"perpetrators": None, "targets": None, "measures": None,
               "location": {"country": "KP", "admin1": None, "place": None, "precision": None},
               "date": {"start": None, "end": None, "precision": None, "text": "once"}}
    assert problems(ANNOTATION, **changed) == [] and problems(EDIT, **changed) == []


def test_a_message_quotes_a_long_value_cut():
    assert problems(EDIT, type="x" * 100) == [
        f"type {'x' * 60!r}... is not one of directive, surveillance, arrest, interrogation, sentencing, repatriation, "
        "intimidation, collective_punishment, informant_recruitment, extortion, border_control, defection"]


def test_only_the_fields_named_are_checked():
    assert field_problems({**VALUES, "perpetrators": ["legacy"], "type": "raid"}, ["targets"], EDIT) == []


def test_a_bad_line_is_told_every_problem():
    line = {**LINE, "document": " ", "confidence": 1.5, "status": "done",
            "evidence": {"quote": QUOTE, "start": 10, "end": 11}}
    assert event_problems(line) == [
        "document must be the report's id, not ' '",
        f"evidence offsets 10:11 span 1 characters but the quote has {len(QUOTE)}",
        "confidence must be a number from 0 to 1, not 1.5",
        "status must be one of unreviewed, confirmed, edited, rejected, not 'done'",
    ]
    assert event_problems(["d1"]) == ["an event must be a JSON object, not ['d1']"]
