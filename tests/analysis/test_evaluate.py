"""Scoring against gold mentions (EVENTS.md "Gold files and scoring"), on hand-made events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countersight.analysis.evaluate import (
    GoldFile,
    evaluate_store,
    format_scores,
    quote_overlap,
    read_gold,
    score,
)
from countersight.errors import InputError
from countersight.ingest.dedup import content_hash
from countersight.model import EVENT_TYPES, DateSpan, Event, Evidence, Location, Measure, Penalty

S1 = "State security agents arrested two brokers in Hyesan on Monday."
S2 = "The brokers were sent to a labor camp for two years."
S3 = "Agents arrested the brokers in the market on Monday."
BODY = f"{S1} {S2} {S3}"
BODIES = {"d1": BODY}


def ev(etype: str, text: str, document: str = "d1", *, at: int | None = None, **fields) -> Event:
    start = BODY.index(text) if at is None else at
    return Event(document=document, type=etype, evidence=Evidence(text, start, start + len(text)), **fields)


# -- the overlap rule ------------------------------------------------------------------------


def test_a_clause_inside_the_predicted_sentence_matches():
    gold = ev("arrest", "arrested two brokers in Hyesan")
    pred = ev("arrest", S1)
    assert quote_overlap(gold, pred, BODIES) == 1.0
    assert quote_overlap(gold, pred) == 1.0


def test_a_different_sentence_with_common_words_does_not_match_when_offsets_point_into_the_body():
    gold, pred = ev("arrest", S3), ev("arrest", S1)
    assert quote_overlap(gold, pred) == pytest.approx(6 / 9)  # agents arrested brokers in on monday.
    assert quote_overlap(gold, pred, BODIES) == 0.0


def test_partly_overlapping_ranges_count_only_the_shared_words():
    gold = ev("arrest", "State security agents arrested two")  # 5 words
    pred = ev("arrest", "arrested two brokers in Hyesan on Monday.")  # 7 words
    assert quote_overlap(gold, pred, BODIES) == pytest.approx(2 / 5)
    assert score(GoldFile([gold], {}), [pred], bodies=BODIES).mentions.tp == 0
    gold = ev("arrest", "security agents arrested two")  # 4 words, 2 shared: exactly half
    assert quote_overlap(gold, pred, BODIES) == 0.5
    assert score(GoldFile([gold], {}), [pred], bodies=BODIES).mentions.tp == 1


def test_whitespace_and_case_are_folded_without_offsets():
    gold = ev("arrest", "ARRESTED   two\nbrokers", at=0)
    pred = ev("arrest", "arrested two brokers in Hyesan", at=500)
    assert quote_overlap(gold, pred) == 1.0
    assert quote_overlap(gold, pred, BODIES) == 1.0  # gold does not point into the body: words only
    assert quote_overlap(ev("arrest", "", at=0), pred) == 0.0


# -- matching and mention scores ------------------------------------------------------------

G1 = ev("arrest", S1, perpetrators=["mss"], targets=["brokers", "other:truck_drivers"],
        location=Location("KP", "KP-10", "Hyesan", "city"), date=DateSpan("2021-03-01", "2021-03-01", "day", "Monday"))
G2 = ev("sentencing", S2, perpetrators=["courts"], targets=["brokers"],
        measures=[Measure("agents_per_case", 7, 2, "max")], penalty=Penalty("labor_camp", 24))
G3 = ev("arrest", S3, perpetrators=["mss"], targets=["brokers"])

P1 = ev("arrest", S1, perpetrators=["mss", "msos"], targets=["brokers", "other:drivers"],
        location=Location("KP", "KP-10", None, "province"), date=DateSpan("2021-03-15", "2021-03-15", "day", "x"))
P2 = ev("arrest", S1, perpetrators=["mss"])  # a second prediction for the same gold mention
P3 = ev("sentencing", S2, targets=["brokers"], location=Location("KP", "KP-09", None, "province"),
        measures=[Measure("agents_per_case", 7.0, 2.0, None)], penalty=Penalty("labor_camp", 24))
P4 = ev("interrogation", S1, perpetrators=["mss"])  # right sentence, wrong type
P_OTHER_DOC = ev("arrest", S1, document="not-in-gold")
P_REJECTED = ev("sentencing", S2, status="rejected")

GOLD = GoldFile([G1, G2, G3], {"d1": {"document": "d1", "published": None, "source_admin1": "KP-10"}})
PREDICTED = [P1, P2, P3, P4, P_OTHER_DOC, P_REJECTED]


def prf(p, r, f1, tp, fp, fn) -> dict:
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def test_per_type_and_overall_scores_with_offsets():
    scores = score(GOLD, PREDICTED, bodies=BODIES)
    assert scores.documents == 1
    assert [(g, p) for g, p in scores.pairs] == [(G1, P1), (G2, P3)]  # one to one, type must agree
    assert scores.missed == [G3]
    assert scores.spurious == [P2, P4]
    assert scores.by_type["arrest"].to_dict() == prf(0.5, 0.5, 0.5, 1, 1, 1)
    assert scores.by_type["sentencing"].to_dict() == prf(1.0, 1.0, 1.0, 1, 0, 0)
    assert scores.by_type["interrogation"].to_dict() == prf(0.0, 0.0, 0.0, 0, 1, 0)
    assert scores.by_type["defection"].to_dict() == prf(0.0, 0.0, 0.0, 0, 0, 0)
    assert set(scores.by_type) == set(EVENT_TYPES)
    assert scores.mentions.to_dict() == prf(0.5, 0.6667, 0.5714, 2, 2, 1)


def test_without_bodies_common_words_are_enough():
    scores = score(GOLD, PREDICTED)
    assert scores.by_type["arrest"].to_dict() == prf(1.0, 1.0, 1.0, 2, 0, 0)
    assert scores.mentions.to_dict() == prf(0.75, 1.0, 0.8571, 3, 1, 0)


def test_one_to_one_two_gold_one_prediction():
    golds = GoldFile([ev("arrest", S1), ev("arrest", S1)], {})
    scores = score(golds, [ev("arrest", S1)], bodies=BODIES)
    assert scores.by_type["arrest"].to_dict() == prf(1.0, 0.5, 0.6667, 1, 0, 1)


def test_documents_without_gold_mentions_still_count_predictions():
    gold = GoldFile([], {"d1": {"document": "d1"}})
    scores = score(gold, [P1, P_OTHER_DOC], bodies=BODIES)
    assert scores.mentions.to_dict() == prf(0.0, 0.0, 0.0, 0, 1, 0)


def test_field_scores_on_matched_pairs():
    scores = score(GOLD, PREDICTED, bodies=BODIES, sources={"d1": "KP-10"})
    d = scores.to_dict()
    # other:truck_drivers and other:drivers are the same value "other"
    assert d["perpetrators"] == prf(0.5, 0.5, 0.5, 1, 1, 1)
    assert d["targets"] == prf(1.0, 1.0, 1.0, 3, 0, 0)
    # only G1 has a location: country and admin1 agree, the place name does not matter
    assert d["place"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert d["date_month"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert d["trend"] == {"accuracy": 1.0, "right": 2, "total": 2}
    # qualifier max vs none: not exact; 7 and 7.0 are the same number
    assert d["measures_exact"] == {"accuracy": 0.5, "right": 1, "total": 2}
    assert d["measures_exact_strict"] == {"accuracy": 0.0, "right": 0, "total": 1}
    assert d["penalty_exact"] == {"accuracy": 1.0, "right": 2, "total": 2}
    assert d["penalty_exact_strict"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert d["source_admin1"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert d["documents"] == 1


def test_wrong_fields_are_counted_wrong():
    gold = GoldFile([ev("arrest", S1, trend="increase", location=Location("KP", "KP-10", "Hyesan", "city"),
                        date=DateSpan("2021-03-01", "2021-03-31", "month", "March"),
                        measures=[Measure("team_size", 3)])], {})
    pred = ev("arrest", S1, location=Location("KP", "KP-09", "Hyesan", "city"),
              date=DateSpan("2021-04-01", "2021-04-01", "day", "x"), measures=[Measure("team_size", 3)])
    d = score(gold, [pred], bodies=BODIES).to_dict()
    assert d["place"] == {"accuracy": 0.0, "right": 0, "total": 1}
    assert d["date_month"] == {"accuracy": 0.0, "right": 0, "total": 1}
    assert d["trend"] == {"accuracy": 0.0, "right": 0, "total": 1}
    assert d["measures_exact_strict"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert d["penalty_exact_strict"] == {"accuracy": None, "right": 0, "total": 0}
    pred.location = None
    assert score(gold, [pred], bodies=BODIES).to_dict()["place"] == {"accuracy": 0.0, "right": 0, "total": 1}


def test_source_province_only_for_stored_documents():
    gold = GoldFile([], {"d1": {"source_admin1": "KP-10"}, "d2": {"source_admin1": None}, "d3": {}})
    scores = score(gold, [], sources={"d1": "KP-09"})
    assert scores.source_admin1.to_dict() == {"accuracy": 0.0, "right": 0, "total": 1}
    assert score(gold, []).source_admin1.total == 0


def test_format_scores_lists_types_and_pair_figures():
    text = format_scores(score(GOLD, PREDICTED, bodies=BODIES))
    lines = text.splitlines()
    assert lines[0] == "documents 1   gold mentions 3   predicted 4   matched 2"
    assert "mentions                P 0.500  R 0.667  F1 0.571" in lines
    assert any(line.startswith("arrest") and line.split()[1:] == ["0.500", "0.500", "0.500", "2", "2"] for line in lines)
    assert not any(line.startswith("defection") for line in lines)
    assert "measures exact, strict  0.000  (0/1)" in lines


# -- gold files ---------------------------------------------------------------------------


def gold_line(event: Event) -> str:
    data = event.to_dict()
    del data["id"], data["confidence"], data["status"]
    return json.dumps(data)


def test_read_gold(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\ufeff" + json.dumps({"document": "d1", "published": "2021-03-10", "source_admin1": "KP-10"}) + "\n"
        + json.dumps({"document": "d2", "published": None, "source_admin1": None}) + "\n\n"
        + gold_line(G1) + "\n" + gold_line(G2) + "\n",
        encoding="utf-8",
    )
    gold = read_gold(path)
    assert gold.documents == {
        "d1": {"document": "d1", "published": "2021-03-10", "source_admin1": "KP-10"},
        "d2": {"document": "d2", "published": None, "source_admin1": None},
    }
    expected = [Event.from_dict(json.loads(gold_line(G1))), Event.from_dict(json.loads(gold_line(G2)))]
    assert gold.events == expected
    assert expected[0].perpetrators == ["mss"] and expected[0].confidence == 1.0
    assert expected[1].penalty == Penalty("labor_camp", 24)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"document": "d1", "type": ', "not valid JSON"),
        ('["d1"]', "needs a 'document' field"),
        ('{"type": "arrest"}', "needs a 'document' field"),
        ('{"document": "d1", "type": "riot", "evidence": {"quote": "x", "start": 0, "end": 1}}', "type 'riot' is not one of"),
        ('{"document": "d1", "type": "arrest", "evidence": "State security agents"}',
         "evidence must be an object {quote, start, end}, not 'State security agents'"),
        ('{"document": "d1", "type": "arrest", "measures": [{"value": 3}], "evidence": {"quote": "x", "start": 0, "end": 1}}',
         "measures[0].measure is missing: the quantity's name, one of watchers_per_person,"),
        ('{"document": "d1", "type": "arrest", "evidence": {"quote": "x", "start": "zero", "end": 1}}',
         "evidence.start must be a whole number (a character offset into the report text), not 'zero'"),
    ],
)
def test_read_gold_names_the_bad_line(tmp_path: Path, line: str, message: str):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"document": "d1"}) + "\n" + gold_line(G1) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)


# What the audit fed ``evaluate`` as gold lines: each must be refused, naming what is wrong.
def mutated(**fields) -> str:
    data = json.loads(gold_line(G1))
    data.update(fields)
    return json.dumps({k: v for k, v in data.items() if v != "DROP"})


S1_AT = {"quote": S1, "start": 0, "end": len(S1)}
BAD_LINES = {
    "perpetrators of numbers": (mutated(perpetrators=[1, 2]), "perpetrators must be a list of agency ids, not a list holding 1"),
    "a quote that is a number": (mutated(evidence={**S1_AT, "quote": 5}), "evidence quote must be the quoted text, not 5"),
    "an agency outside the list": (mutated(perpetrators=["cia"]), "perpetrators: 'cia' is not an agency id (mss, msos,"),
    "a target outside the list": (mutated(targets=["aliens"]), "targets: 'aliens' is not a target group id (defectors,"),
    "a province that does not exist": (mutated(location={"country": "KP", "admin1": "KP-99", "place": None, "precision": "province"}),
                                       "location.admin1 'KP-99' is not a North Korean province code (KP-01,"),
    "a precision outside the list": (mutated(location={"country": "KP", "admin1": None, "place": None, "precision": "galaxy"}),
                                     "location.precision must be one of district, city, province, country, not 'galaxy'"),
    "a country code of three letters": (mutated(location={"country": "ZZZ", "admin1": None, "place": None, "precision": "country"}),
                                        "location.country 'ZZZ' is not a country code (ISO 3166-1 alpha-2, upper case: KP, CN, RU, ...)"),
    "a trend outside the list": (mutated(trend="sideways"), "trend must be one of increase, decrease or null, not 'sideways'"),
    "a penalty outside the list": (mutated(type="sentencing", penalty={"kind": "spanking", "months": None}),
                                   "penalty kind must be one of labor_training_brigade,"),
    "a day that does not exist": (mutated(date={"start": "2020-99-99"}), "date.start '2020-99-99' is not a real day (YYYY-MM-DD)"),
    "negative offsets": (mutated(evidence={**S1_AT, "start": -5, "end": len(S1) - 5}), "evidence start -5 is negative"),
    "reversed offsets": (mutated(evidence={**S1_AT, "start": len(S1), "end": 0}), f"evidence offsets {len(S1)}:0 are reversed or empty"),
    "an offset of 1e30": (mutated(evidence={**S1_AT, "start": 1e30}), "evidence.start must be a whole number (a character offset into the report text), not 1e+30"),
    "offsets that do not span the quote": (mutated(evidence={**S1_AT, "end": len(S1) + 3}),
                                           f"evidence offsets 0:{len(S1) + 3} span {len(S1) + 3} characters but the quote has {len(S1)}"),
    "perpetrators as a string": (mutated(perpetrators="mss"), "perpetrators must be a list of agency ids, not 'mss'"),
    "evidence null": (mutated(evidence=None), "evidence must be an object {quote, start, end}, not missing"),
    "no evidence": (mutated(evidence="DROP"), "evidence must be an object {quote, start, end}, not missing"),
    "a document line with a bad province": (json.dumps({"document": "d2", "published": None, "source_admin1": "KP-99"}),
                                            "unknown source_admin1 'KP-99'"),
    "a document line with a bad day": (json.dumps({"document": "d2", "published": "2021-02-30", "source_admin1": None}),
                                       "published must be a day YYYY-MM-DD or null, not '2021-02-30'"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_read_gold_refuses_a_line_outside_the_event_model(tmp_path: Path, case: str):
    line, message = BAD_LINES[case]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"document": "d1"}) + "\n" + gold_line(G1) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}:3: ") and "\n" not in str(info.value)
    assert message in str(info.value)


def test_other_values_and_the_pipelines_week_are_in_the_model(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text(mutated(perpetrators=["other:laos_security"], targets=["other:political prisoners"],
                            date={"start": "2021-03-01", "end": "2021-03-07", "precision": "week", "text": "last week"})
                    + "\n", encoding="utf-8")
    assert read_gold(path).events[0].perpetrators == ["other:laos_security"]


def test_read_gold_names_every_bad_line_then_counts_the_rest(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    bad = [mutated(perpetrators=[f"agency{n}"]) for n in range(13)]
    path.write_text("\n".join([gold_line(G1), bad[0], gold_line(G2), *bad[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    lines = str(info.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:3]] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert len(lines) == 11 and lines[-1] == f"{path}: 3 more bad lines"
    assert "perpetrators: 'agency0' is not an agency id" in lines[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\xd0\x17", ":1: a NUL byte: a binary file or UTF-16/32 text, not UTF-8 JSON Lines"),
        ('{"document": "d1"}\n'.encode("utf-16"), ":1: UTF-16 text: a gold file is UTF-8 JSON Lines"),
        ('{"document": "d1"}\n{"document": "d\xe9"}\n'.encode("latin-1"), ":2: not UTF-8 text (byte 0xe9 at column 16)"),
        (b"", ": no gold lines"),
        (b"\n  \n", ": no gold lines"),
    ],
)
def test_read_gold_refuses_what_is_not_utf8_json_lines(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}{message}")


def test_read_gold_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read the gold file"):
        read_gold(tmp_path / "nope.jsonl")


def test_evaluate_store_scores_what_is_stored(tmp_path: Path, store):
    with store.transaction():
        store.insert_report(
            {"id": "d1", "content_hash": content_hash(BODY), "body": BODY, "format": "txt", "word_count": 30,
             "on_topic": 1, "topic_hits": 2, "extractor_version": "test", "source_admin1": "KP-10",
             "ingested_at": "2024-01-01T00:00:00+00:00"},
            [],
        )
        store.insert_events("d1", [
            Event(**{**P1.__dict__, "id": "p1"}), Event(**{**P3.__dict__, "id": "p3"}),
            Event(**{**P_REJECTED.__dict__, "id": "p-rej", "type": "arrest", "evidence": G3.evidence}),
        ], None)
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"document": "d1", "published": None, "source_admin1": "KP-10"}),
            json.dumps({"document": "missing", "published": None, "source_admin1": None}),
            gold_line(G1), gold_line(G2), gold_line(G3),
            gold_line(ev("defection", S1, document="missing")),
        ]) + "\n",
        encoding="utf-8",
    )
    scores = evaluate_store(store, path)
    assert scores.documents == 2
    assert scores.mentions.to_dict() == prf(1.0, 0.5, 0.6667, 2, 0, 2)  # the rejected prediction is not one
    assert [g.evidence.quote for g in scores.missed] == [S3, S1]
    assert scores.source_admin1.to_dict() == {"accuracy": 1.0, "right": 1, "total": 1}


def test_evaluate_store_checks_the_golds_offsets_against_the_stored_text(tmp_path: Path, store):
    with store.transaction():
        store.insert_report(
            {"id": "d1", "content_hash": content_hash(BODY), "body": BODY, "format": "txt", "word_count": 30,
             "on_topic": 1, "topic_hits": 2, "extractor_version": "test", "source_admin1": None,
             "ingested_at": "2024-01-01T00:00:00+00:00"},
            [],
        )
    shifted = {"quote": S2, "start": BODY.index(S2) + 1, "end": BODY.index(S2) + 1 + len(S2)}
    beyond = {"quote": S3, "start": len(BODY), "end": len(BODY) + len(S3)}
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join([
        json.dumps({"document": "d1", "published": None, "source_admin1": None}),
        gold_line(G1),
        mutated(type="sentencing", evidence=shifted),
        mutated(evidence=beyond),
        gold_line(ev("defection", S1, document="absent")),  # no text to check it against: scored as missed
    ]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_store(store, path)
    assert str(info.value).splitlines() == [
        f"{path}:3: d1: evidence quote is not the report's text at {shifted['start']}:{shifted['end']}: "
        f"from its character 0 the quote reads {S2[:30]!r}..., the text {S2[1:31]!r}...",
        f"{path}:4: d1: evidence offsets {beyond['start']}:{beyond['end']} fall outside the report's text "
        f"({len(BODY)} characters)",
    ]
