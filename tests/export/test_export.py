"""Exports: JSON Lines (the EVENTS.md object), CSV (one column per field), GeoJSON (points)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from countersight.export import (CSV_COLUMNS, FORMATS, Exported, coordinates, csv_row, export_events, export_to_string,
                                  spreadsheet_safe)
from countersight.ingest.dedup import content_hash
from countersight.model import DateSpan, Event, Evidence, Location, Measure, Penalty
from countersight.store import EventFilter

EVENTS_MD_KEYS = [
    "id", "document", "type", "trend", "perpetrators", "targets", "location", "date", "measures", "penalty",
    "evidence", "confidence", "status",
    "extractor",  # the project's extension: which rules and model made the event
    "report",  # the export's extension: the report's citation
]
NO_REPORT = {"title": None, "outlet": None, "url": None, "published": None}  # no store to look it up in

TRICKY_QUOTE = 'He said, "they took him away",\nand then: 보위부 요원들이 "밤에" 왔다.'

HYESAN = Event(
    id="e-hyesan", document="doc-a", type="arrest",
    perpetrators=["mss"], targets=["brokers", "other:truck_drivers"],
    location=Location("KP", "KP-10", "Hyesan", "city"),
    date=DateSpan("2021-03-02", "2021-03-02", "day", "March 2"),
    evidence=Evidence("State security agents arrested two brokers in Hyesan.", 10, 63),
    confidence=0.87654,
)
PROVINCE = Event(
    id="e-province", document="doc-a", type="surveillance", trend="increase",
    perpetrators=["inminban", "mss"], targets=["residents"],
    location=Location("KP", "KP-09", None, "province"),
    measures=[Measure("watchers_per_person", 4, 3), Measure("supervision_levels", 3, None, "min")],
    evidence=Evidence(TRICKY_QUOTE, 70, 70 + len(TRICKY_QUOTE)),
    confidence=0.5,
)
COUNTRY = Event(
    id="e-country", document="doc-b", type="directive",
    perpetrators=["supreme_leader"],
    location=Location("KP", None, None, "country"),
    evidence=Evidence("Kim Jong Un ordered a crackdown.", 0, 32),
    confidence=0.75, status="confirmed",
)
NOWHERE = Event(
    id="e-nowhere", document="doc-b", type="sentencing",
    penalty=Penalty("labor_training_brigade", 6),
    evidence=Evidence("He was sent to a labor training brigade for six months.", 40, 96),
    confidence=0.6,
)
ABROAD = Event(
    id="e-abroad", document="doc-b", type="repatriation", targets=["defectors"],
    perpetrators=["china_security"],
    location=Location("CN", None, "Dandong", "city", lat=40.1292, lon=124.3947),
    evidence=Evidence("Chinese police handed them over in Dandong.", 100, 143),
)
EVENTS = [HYESAN, PROVINCE, COUNTRY, NOWHERE, ABROAD]


def test_formats():
    assert FORMATS == ("jsonl", "csv", "geojson")
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(EVENTS, "xml", io.StringIO())


def test_geojson_says_how_many_it_left_out():
    out = io.StringIO()
    result = export_events(EVENTS, "geojson", out)
    features = json.loads(out.getvalue())["features"]
    assert result == Exported(events=5, written=len(features)) and result.left_out == 5 - len(features) > 0
    assert export_events(EVENTS, "geojson", io.StringIO(), public=True).written == len(features)


def test_jsonl_lines_are_the_events_md_objects():
    out = io.StringIO()
    assert export_events(EVENTS, "jsonl", out) == Exported(events=5, written=5)
    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    objects = [json.loads(line) for line in lines]
    assert objects == [{**e.to_dict(), "report": NO_REPORT} for e in EVENTS]
    assert all(list(o) == EVENTS_MD_KEYS for o in objects)
    assert objects[0] == {
        "id": "e-hyesan", "document": "doc-a", "type": "arrest", "trend": None,
        "perpetrators": ["mss"], "targets": ["brokers", "other:truck_drivers"],
        "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city"},
        "date": {"start": "2021-03-02", "end": "2021-03-02", "precision": "day", "text": "March 2"},
        "measures": [], "penalty": None,
        "evidence": {"quote": "State security agents arrested two brokers in Hyesan.", "start": 10, "end": 63},
        "confidence": 0.877, "status": "unreviewed", "extractor": None, "report": NO_REPORT,
    }
    assert objects[1]["measures"] == [
        {"measure": "watchers_per_person", "value": 4, "previous": 3, "qualifier": None},
        {"measure": "supervision_levels", "value": 3, "previous": None, "qualifier": "min"},
    ]
    assert "location" in objects[3] and objects[3]["location"] is None
    # Korean stays readable, and one object is one line even with a newline in the quote
    assert "보위부" in lines[1]
    assert Event.from_dict(objects[1]).evidence.quote == TRICKY_QUOTE


def test_jsonl_of_nothing_is_empty():
    assert export_to_string([], "jsonl") == ""


def test_csv_header_rows_and_round_trip():
    text = export_to_string(EVENTS, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(EVENTS)
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in records] == [e.id for e in EVENTS]
    assert records[1]["evidence_quote"] == TRICKY_QUOTE
    assert records[0] == {
        "id": "e-hyesan", "document": "doc-a", "type": "arrest", "trend": "",
        "perpetrators": "mss", "targets": "brokers;other:truck_drivers",
        "location_country": "KP", "location_admin1": "KP-10", "location_place": "Hyesan",
        "location_precision": "city", "location_lat": records[0]["location_lat"],
        "location_lon": records[0]["location_lon"],
        "date_start": "2021-03-02", "date_end": "2021-03-02", "date_precision": "day", "date_text": "March 2",
        "measures": "", "penalty_kind": "", "penalty_months": "",
        "evidence_quote": "State security agents arrested two brokers in Hyesan.", "evidence_start": "10",
        "evidence_end": "63", "confidence": "0.877", "status": "unreviewed",
        "report_title": "", "report_outlet": "", "report_url": "", "report_published": "",
    }
    assert 41 < float(records[0]["location_lat"]) < 42 and 128 < float(records[0]["location_lon"]) < 129
    assert records[1]["perpetrators"] == "inminban;mss"
    assert json.loads(records[1]["measures"]) == [m.to_dict() for m in PROVINCE.measures]
    assert (records[1]["location_place"], records[1]["location_admin1"]) == ("", "KP-09")
    assert (records[3]["penalty_kind"], records[3]["penalty_months"]) == ("labor_training_brigade", "6")
    assert records[3]["location_country"] == "" and records[3]["location_lat"] == ""
    assert records[2]["status"] == "confirmed"


def test_csv_row_has_exactly_the_columns():
    for event in EVENTS:
        assert tuple(csv_row(event)) == CSV_COLUMNS


def test_csv_of_nothing_is_only_the_header():
    assert export_to_string([], "csv") == ",".join(CSV_COLUMNS) + "\n"


def test_geojson_has_only_events_with_coordinates():
    data = json.loads(export_to_string(EVENTS, "geojson"))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == ["e-hyesan", "e-province", "e-abroad"]
    for feature, event in zip(data["features"], [HYESAN, PROVINCE, ABROAD], strict=True):
        assert feature["type"] == "Feature"
        assert feature["properties"] == {**event.to_dict(), "report": NO_REPORT}
        assert feature["geometry"]["type"] == "Point"
        assert len(feature["geometry"]["coordinates"]) == 2
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    # [lon, lat], inside North Korea, near Hyesan
    assert 124.0 < lon < 131.0 and 37.5 < lat < 43.1
    assert abs(lon - 128.18) < 0.2 and abs(lat - 41.40) < 0.2
    lon, lat = data["features"][1]["geometry"]["coordinates"]  # the province's point
    assert 124.0 < lon < 131.0 and 37.5 < lat < 43.1
    assert data["features"][2]["geometry"]["coordinates"] == [124.3947, 40.1292]  # stored coordinates win


def test_coordinates():
    assert coordinates(COUNTRY) is None
    assert coordinates(NOWHERE) is None
    assert coordinates(ABROAD) == (124.3947, 40.1292)
    # "Jilin" is a province and its capital: each event gets the point of its own precision.
    province = Event(id="e-jl", document="doc-b", type="arrest", location=Location("CN", None, "Jilin", "province"),
                     evidence=Evidence("x", 0, 1))
    city = Event(id="e-jc", document="doc-b", type="arrest", location=Location("CN", None, "Jilin", "city"),
                 evidence=Evidence("x", 0, 1))
    assert coordinates(province) == (126.2, 43.65)
    assert coordinates(city) == (126.5608, 43.8465)


def test_geojson_of_nothing_is_valid():
    assert json.loads(export_to_string([COUNTRY], "geojson")) == {"type": "FeatureCollection", "features": []}


def test_filters_apply_to_exports_from_the_store(store):
    for document in ("doc-a", "doc-b"):
        body = f"body of {document}"
        with store.transaction():
            store.insert_report(
                {"id": document, "content_hash": content_hash(body), "body": body, "format": "txt",
                 "word_count": 3, "on_topic": 1, "topic_hits": 2, "extractor_version": "test",
                 "ingested_at": "2024-01-01T00:00:00+00:00", "published": "2021-01-01"},
                [],
            )
            store.insert_events(document, [e for e in EVENTS if e.document == document], "2021-01-01")
    lines = export_to_string(store.iter_events(EventFilter(document="doc-a")), "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["e-hyesan", "e-province"]
    assert json.loads(lines[0]) == {**HYESAN.to_dict(), "report": NO_REPORT}
    rows = list(csv.DictReader(io.StringIO(export_to_string(store.iter_events(EventFilter(type="directive")), "csv"))))
    assert [r["id"] for r in rows] == ["e-country"]
    geo = json.loads(export_to_string(store.iter_events(EventFilter(country="CN")), "geojson"))
    assert [f["id"] for f in geo["features"]] == ["e-abroad"]
    assert export_to_string(store.iter_events(EventFilter(province="KP-13")), "csv") == ",".join(CSV_COLUMNS) + "\n"


def _stored_report(store, document: str, title: str, events: list[Event], **meta: object) -> None:
    body = f"body of {document}"
    with store.transaction():
        store.insert_report(
            {"id": document, "content_hash": content_hash(body), "body": body, "format": "html", "word_count": 3,
             "on_topic": 1, "topic_hits": 2, "extractor_version": "test", "ingested_at": "2024-01-01T00:00:00+00:00",
             "title": title, **meta},
            [],
        )
        store.insert_events(document, events, meta.get("published"))


NAMED = Event(
    id="e-named", document="doc-c", type="arrest", perpetrators=["mss"],
    location=Location("KP", "KP-10", "Hyesan", "city"),
    evidence=Evidence("Police arrested a woman named Choe Myong-hui (42) in Hyesan.", 5, 65),
    confidence=0.8,
)


def test_every_exported_event_cites_its_report(store):
    _stored_report(store, "doc-a", "Brokers arrested in Hyesan", [HYESAN, PROVINCE], outlet="Daily NK",
                   url="https://www.dailynk.com/english/brokers/", published="2021-03-05")
    _stored_report(store, "doc-b", "Crackdown ordered", [COUNTRY, NOWHERE, ABROAD])
    brokers = {"title": "Brokers arrested in Hyesan", "outlet": "Daily NK",
               "url": "https://www.dailynk.com/english/brokers/", "published": "2021-03-05"}
    crackdown = {"title": "Crackdown ordered", "outlet": None, "url": None, "published": None}
    lines = export_to_string(store.iter_events(), "jsonl", reports=store.report_citation).splitlines()
    assert [json.loads(line) for line in lines] == [{**e.to_dict(), "report": brokers if e.document == "doc-a" else crackdown}
                                                    for e in (HYESAN, PROVINCE, COUNTRY, NOWHERE, ABROAD)]
    assert all(list(json.loads(line)) == EVENTS_MD_KEYS for line in lines)
    rows = list(csv.DictReader(io.StringIO(export_to_string(store.iter_events(), "csv", reports=store.report_citation))))
    assert [(r["id"], r["report_title"], r["report_outlet"], r["report_url"], r["report_published"]) for r in rows] == [
        ("e-hyesan", *brokers.values()), ("e-province", *brokers.values()),
        ("e-country", "Crackdown ordered", "", "", ""), ("e-nowhere", "Crackdown ordered", "", "", ""),
        ("e-abroad", "Crackdown ordered", "", "", ""),
    ]
    geo = json.loads(export_to_string(store.iter_events(), "geojson", reports=store.report_citation))
    assert [(f["id"], f["properties"]["report"]) for f in geo["features"]] == [
        ("e-hyesan", brokers), ("e-province", brokers), ("e-abroad", crackdown)]


def test_a_public_export_redacts_the_title_and_leaves_out_offsets_that_no_longer_match(store):
    _stored_report(store, "doc-c", "Choe Myong-hui arrested in Hyesan", [NAMED], outlet="Daily NK",
                   url="https://www.dailynk.com/english/choe/", published="2021-03-05")
    _stored_report(store, "doc-a", "Brokers arrested in Hyesan", [HYESAN], outlet="Daily NK")
    lines = export_to_string(store.iter_events(), "jsonl", public=True, reports=store.report_citation).splitlines()
    named, hyesan = (json.loads(line) for line in reversed(lines))  # doc-a, then doc-c
    assert named["evidence"] == {"quote": "Police arrested a woman named [name withheld] (42) in Hyesan.",
                                 "start": None, "end": None}
    assert named["report"] == {"title": "[name withheld] arrested in Hyesan", "outlet": "Daily NK",
                               "url": "https://www.dailynk.com/english/choe/", "published": "2021-03-05"}
    # a quote the redaction left as it was keeps offsets that still give its span
    assert hyesan["evidence"] == HYESAN.evidence.to_dict()
    assert hyesan["evidence"]["end"] - hyesan["evidence"]["start"] == len(hyesan["evidence"]["quote"])
    rows = list(csv.DictReader(io.StringIO(
        export_to_string(store.iter_events(), "csv", public=True, reports=store.report_citation))))
    assert [(r["id"], r["evidence_start"], r["evidence_end"], r["report_title"]) for r in rows] == [
        ("e-hyesan", "10", "63", "Brokers arrested in Hyesan"),
        ("e-named", "", "", "[name withheld] arrested in Hyesan"),
    ]
    features = json.loads(export_to_string(store.iter_events(), "geojson", public=True,
                                           reports=store.report_citation))["features"]
    assert [(f["id"], f["properties"]["evidence"]["start"], f["properties"]["report"]["title"]) for f in features] == [
        ("e-hyesan", 10, "Brokers arrested in Hyesan"), ("e-named", None, "[name withheld] arrested in Hyesan")]


def test_a_public_export_selects_by_what_it_publishes(db_url):
    """`export --public` (events or incidents) with a date or target filter finds nothing by a date
    or target an analyst withheld; without --public the same filters find the stored values."""
    from click.testing import CliRunner

    from countersight.cli import cli
    from countersight.store import open_store
    from told_thrice import fill

    store = open_store(db_url)
    try:
        fill(store)
        store.set_sensitivity("c1", "date", True, "analyst")
        store.set_sensitivity("c1", "targets", True, "analyst")
    finally:
        store.close()
    runner = CliRunner()
    for filters in (["--until", "2020-12-31"], ["--target", "residents"]):
        for what in ([], ["--incidents"]):
            args = ["export", "--db", db_url, "--format", "jsonl", *what, *filters]
            public = runner.invoke(cli, [*args, "--public"])
            assert public.exit_code == 0 and public.output == "", (filters, what, public.output)
            stored = runner.invoke(cli, args)
            assert stored.exit_code == 0
            assert [json.loads(line)["mentions" if what else "id"] for line in stored.output.splitlines()] == [
                ["c1"] if what else "c1"]


# A report as anyone may write one: its title and first words are spreadsheet formulas.
FORMULA_REPORT = """title: =HYPERLINK("http://evil.example","click")
url: https://example.org/x
outlet: +Test
published: 2023-05-01

=1+1 North Korean MSS agents arrested three smugglers in Hoeryong last week, a source told Daily NK. The Ministry of State Security has stepped up surveillance of phone users.
"""


def formula_cells(text: str) -> list[str]:
    """The cells of a CSV text that a spreadsheet would run: text starting with = + - @, tab or CR
    (a number such as -74.0 is no formula)."""
    def is_number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_number(cell)]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://e","c")'])
def test_a_text_cell_that_starts_a_formula_gets_a_quote(cell):
    assert spreadsheet_safe({"a": cell}) == {"a": "'" + cell}


def test_numbers_and_other_text_stay_as_they_are():
    row = {"lon": -74.006, "months": -3, "n": 0, "confidence": 0.5, "empty": "", "none": None, "quote": "a = b",
           "dash": "– an en dash", "korean": "보위부"}
    assert spreadsheet_safe(row) == row


def test_a_negative_longitude_stays_a_number_in_the_csv():
    abroad = Event(id="e-west", document="doc-w", type="arrest", location=Location("US", None, "X", "city", 40.7, -74.0),
                   evidence=Evidence("-- a quote starting with dashes", 0, 31))
    row = next(csv.DictReader(io.StringIO(export_to_string([abroad], "csv"))))
    assert (row["location_lon"], row["evidence_quote"]) == ("-74.0", "'-- a quote starting with dashes")


def test_csv_exports_of_a_hostile_report_hold_no_formula(tmp_path):
    from click.testing import CliRunner

    from countersight.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=evil.txt").write_text(FORMULA_REPORT, encoding="utf-8")  # the id "=evil" too
    db = str(tmp_path / "f.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(folder), "--db", db, "-q"]).exit_code == 0
    events = runner.invoke(cli, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(events.output)))
    assert rows and formula_cells(events.output) == []
    assert rows[0]["report_title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert rows[0]["evidence_quote"].startswith("'=1+1 North Korean MSS agents arrested")
    assert (rows[0]["id"][:1], rows[0]["document"], rows[0]["report_outlet"]) == ("e", "'=evil", "'+Test")
    assert float(rows[0]["location_lat"]) > 0 and rows[0]["evidence_start"] == "0"  # numbers as they were
    public = runner.invoke(cli, ["export", "--db", db, "--format", "csv", "--public"]).output
    assert "'=HYPERLINK" in public and formula_cells(public) == []
    incidents = runner.invoke(cli, ["export", "--db", db, "--format", "csv", "--incidents"]).output
    assert "'=evil" in incidents and formula_cells(incidents) == []
