"""The command line, through click's CliRunner, with --db a fresh database of each backend
(an SQLite file inside tmp_path, or a PostgreSQL database: tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight import describe
from countersight.cli import cli
from countersight.errors import InputError
from countersight.export import CSV_COLUMNS
from countersight.model import EVENT_TYPES
from countersight.settings import SETTINGS
from countersight.store import open_store
from countersight.vocab import labels

ARREST = "State security agents arrested two brokers in Hyesan."

ALPHA = f"""Brokers arrested in Hyesan

North Korea's Ministry of State Security has stepped up its hunt for people who help residents call relatives abroad, a source in Ryanggang Province told Daily NK.

{ARREST}

The source said the agents took the brokers to the provincial detention center in Hyesan, where they are being questioned about the money they carried across the Yalu River for families in North Korea.

Residents of Hyesan are afraid to use their phones, the source added.
"""

BETA = """Public trial in Musan

A court in Musan, North Hamgyong Province, sentenced three smugglers to ten years in a labor camp at a public trial last week, a source told Daily NK.

North Korea's Ministry of Social Security mobilized residents to watch the trial, the source said. Border guards in Musan have been ordered to shoot anyone crossing the Tumen River, the source added.
"""

@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch):
    """Nothing may land in the working directory, and no COUNTERSIGHT_* variable leaks in."""
    monkeypatch.chdir(tmp_path)
    for s in SETTINGS:
        monkeypatch.delenv(s.env, raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    return folder


@pytest.fixture
def db(db_url: str, reports: Path, runner: CliRunner) -> str:
    result = runner.invoke(cli, ["ingest", str(reports), "--db", db_url])
    assert result.exit_code == 0, result.output
    return db_url


def cited(db: str, rows: list[dict]) -> list[dict]:
    """``rows`` (EVENTS.md objects) as an export writes them: with their report's citation."""
    store = open_store(db, create=False)
    try:
        return [{**row, "report": store.report_citation(row["document"])} for row in rows]
    finally:
        store.close()


def stored_events(db: str) -> list:
    store = open_store(db, create=False)
    try:
        return store.list_events(limit=None)
    finally:
        store.close()


def assert_one_error_line(result, code: int, starts: str) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(starts), result.stderr
    assert "Traceback" not in result.output


# -- ingest ------------------------------------------------------------------------------------


def test_ingest_good_folder(db_url: str, reports: Path, runner: CliRunner):
    path = db_url
    result = runner.invoke(cli, ["ingest", str(reports), "--db", path, "--verbose"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    counts = {e.document: 0 for e in stored_events(path)}
    for e in stored_events(path):
        counts[e.document] += 1
    assert lines[:2] == [f"ingested alpha: {counts['alpha']} events", f"ingested beta: {counts['beta']} events"]
    events = stored_events(path)
    assert events
    assert lines[2:] == [f"2 ingested (0 off-topic, 0 near-duplicates), 0 already stored, 0 failed; {len(events)} events"]
    assert result.stderr == ""

    again = runner.invoke(cli, ["ingest", str(reports), "--db", path, "--quiet"])
    assert again.exit_code == 0
    assert again.stdout == "0 ingested (0 off-topic, 0 near-duplicates), 2 already stored, 0 failed; 0 events\n"


def test_ingest_with_a_bad_file_exits_1_and_keeps_the_good_ones(db_url: str, reports: Path, runner: CliRunner):
    (reports / "empty.txt").write_bytes(b"")
    (reports / "lines.jsonl").write_text('{"id": "j1", "text": ""}\n', encoding="utf-8")
    path = db_url
    result = runner.invoke(cli, ["ingest", str(reports), "--db", path, "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"problem: {reports / 'empty.txt'}: empty file (0 bytes)",
        f"problem: {reports / 'lines.jsonl'}:1: missing or empty 'text'",
    ]
    n = len(stored_events(path))
    assert n > 0
    assert result.stdout == f"2 ingested (0 off-topic, 0 near-duplicates), 0 already stored, 2 failed; {n} events\n"


def test_ingest_counts_the_files_of_other_types_it_skipped(db_url: str, reports: Path, runner: CliRunner):
    (reports / "scan.pdf").write_bytes(b"%PDF-1.4")
    (reports / "README").write_text("notes", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(reports), "--db", db_url, "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "note: 2 files of other types in the folders skipped ((no suffix): 1, .pdf: 1); "
        "ingest reads .txt, .html, .htm, .jsonl"]


def test_ingest_renamed_and_max_bytes(tmp_path: Path, db_url: str, reports: Path, runner: CliRunner):
    other = tmp_path / "other"
    other.mkdir()
    (other / "alpha.txt").write_text(BETA.replace("ten years", "eight years"), encoding="utf-8")
    path = db_url
    assert runner.invoke(cli, ["ingest", str(reports / "alpha.txt"), "--db", path]).exit_code == 0
    result = runner.invoke(cli, ["ingest", str(other), "--db", path, "-v"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("ingested alpha~2: ")
    assert "(id alpha was taken)" in result.stdout.splitlines()[0]

    small = runner.invoke(cli, ["ingest", str(reports / "beta.txt"), "--db", path, "--max-report-bytes", "100"])
    assert small.exit_code == 1
    assert small.stderr.startswith(f"problem: {reports / 'beta.txt'}: ")


def test_ingest_missing_path_is_a_problem(tmp_path: Path, db_url: str, runner: CliRunner):
    result = runner.invoke(cli, ["ingest", str(tmp_path / "nope.txt"), "--db", db_url])
    assert result.exit_code == 1
    assert result.stderr == f"problem: {tmp_path / 'nope.txt'}: path does not exist\n"


# -- events, show, search --------------------------------------------------------------------


def test_events_table(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["events", "--db", db])
    assert result.exit_code == 0, result.output
    events = stored_events(db)
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{len(events)} of {len(events)} events"
    header, rows = lines[0], lines[1:-1]
    assert header.split() == ["ID", "TYPE", "PERPETRATORS", "TARGETS", "PLACE", "DATE", "REPORT"]
    assert len(rows) == 2 * len(events)
    starts = [header.index(h) for h in header.split()]
    for event, row, quote in zip(events, rows[0::2], rows[1::2], strict=True):
        # Every cell starts under its heading, whatever its length.
        cells = [row[a:b].strip() for a, b in zip(starts, starts[1:] + [len(row)])]
        assert cells[0] == event.id and cells[1] == labels.name("type", event.type) and cells[-1] == event.document
        assert all(row[a - 1] == " " for a in starts[1:])
        assert cells[2] == describe.cut(", ".join(labels.names("agency", event.perpetrators)) or "-", 28)
        text = " ".join(event.evidence.quote.split())
        assert quote == f"    \u201c{text}\u201d" if len(text) <= 150 else quote == f"    \u201c{text[:149].rstrip()}\u2026\u201d"

    limited = runner.invoke(cli, ["events", "--db", db, "--limit", "1"])
    assert limited.stdout.splitlines()[-1] == f"1 of {len(events)} events"


def test_events_checks_agency_target_and_type_like_province(db: str, runner: CliRunner):
    upper = runner.invoke(cli, ["events", "--db", db, "--json", "--agency", "MSS", "--type", "ARREST", "--limit", "0"])
    lower = runner.invoke(cli, ["events", "--db", db, "--json", "--agency", "mss", "--type", "arrest", "--limit", "0"])
    assert upper.exit_code == 0 and upper.stdout == lower.stdout != ""
    bad = runner.invoke(cli, ["events", "--db", db, "--agency", "nsa"])
    assert_one_error_line(bad, 2, "error: unknown agency 'nsa'; known: mss, msos, wpk,")
    assert bad.stderr.rstrip().endswith("(or other:NAME)")
    bad = runner.invoke(cli, ["events", "--db", db, "--target", "tourists"])
    assert_one_error_line(bad, 2, "error: unknown target group 'tourists'; known: defectors, defector_families,")
    assert runner.invoke(cli, ["events", "--db", db, "--target", "other:tourists"]).exit_code == 0
    assert runner.invoke(cli, ["events", "--db", db, "--type", "picnic"]).exit_code == 2


def test_events_json_with_filters(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["events", "--db", db, "--json", "--limit", "0"])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [e.to_dict() for e in stored_events(db)]

    result = runner.invoke(cli, ["events", "--db", db, "--json", "--type", "arrest", "--agency", "mss",
                                 "--place", "hyesan", "--province", "Ryanggang", "--document", "alpha"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert (row["type"], row["document"]) == ("arrest", "alpha")
        assert "mss" in row["perpetrators"]
        assert (row["location"]["admin1"], row["location"]["place"]) == ("KP-10", "Hyesan")
    assert any(row["evidence"]["quote"] == ARREST for row in rows)

    searched = runner.invoke(cli, ["events", "--db", db, "--json", "--search", "Tumen"])
    assert {json.loads(line)["document"] for line in searched.stdout.splitlines()} == {"beta"}

    none = runner.invoke(cli, ["events", "--db", db, "--json", "--since", "2999-01-01"])
    assert none.exit_code == 0 and none.stdout == ""


def test_events_measure_filter(db_url: str, reports: Path, runner: CliRunner):
    (reports / "gamma.txt").write_text(
        "Detection team in Hyesan\n\nNorth Korea's Ministry of State Security has sent a five-member team to Hyesan "
        "to track down residents using Chinese phones, a source in Ryanggang Province told Daily NK.\n",
        encoding="utf-8",
    )
    path = db_url
    assert runner.invoke(cli, ["ingest", str(reports), "--db", path]).exit_code == 0
    result = runner.invoke(cli, ["events", "--db", path, "--json", "--measure", "team_size"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [e.to_dict() for e in stored_events(path) if any(m.measure == "team_size" for m in e.measures)]
    assert rows == expected
    assert rows and {r["document"] for r in rows} == {"gamma"}
    exported = runner.invoke(cli, ["export", "--db", path, "--measure", "team_size"])
    assert [json.loads(line) for line in exported.stdout.splitlines()] == cited(path, expected)
    assert runner.invoke(cli, ["events", "--db", path, "--measure", "bananas"]).exit_code == 2


def test_show(db: str, runner: CliRunner, reports: Path):
    result = runner.invoke(cli, ["show", "alpha", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "alpha: Brokers arrested in Hyesan"
    assert f"  file       {reports / 'alpha.txt'}" in lines
    assert "  on topic   yes" in lines
    events = [e for e in stored_events(db) if e.document == "alpha"]
    for e in events:
        assert f"- {labels.name('type', e.type)} [{e.status}] {e.id}" in lines
    assert any(line.strip().startswith("\u201c" + ARREST) for line in lines)
    arrest = next(e for e in events if e.evidence.quote == ARREST)
    at = lines.index(f"- Arrest [{arrest.status}] {arrest.id}")
    assert lines[at + 1:at + 4] == ["    perpetrators Ministry of State Security", "    targets      Brokers",
                                    "    place        Hyesan, Ryanggang (city)"]
    assert not any("{" in line for line in lines)  # words, not JSON

    data = json.loads(runner.invoke(cli, ["show", "alpha", "--db", db, "--json"]).stdout)
    assert data["id"] == "alpha" and data["body"] == ALPHA and data["title"] == "Brokers arrested in Hyesan"
    assert data["events"] == [e.to_dict() for e in events]
    assert data["near_duplicates"] == []


def test_search(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["search", "smugglers", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "beta: Public trial in Musan"
    assert "[smugglers]" in lines[1]
    assert lines[-1] == "1 of 1 report"
    weird = runner.invoke(cli, ["search", '"foo" OR (', "--db", db])
    assert weird.exit_code == 0 and weird.stdout == "0 of 0 reports\n"
    both = runner.invoke(cli, ["search", "source", "--db", db, "--limit", "1"])
    assert both.stdout.splitlines()[-1] == "1 of 2 reports"
    every = runner.invoke(cli, ["search", "source", "--db", db, "--limit", "0"])
    assert every.stdout.splitlines()[-1] == "2 of 2 reports"
    # Whole words unless prefixes are asked for.
    assert runner.invoke(cli, ["search", "smugg", "--db", db]).stdout == "0 of 0 reports\n"
    assert runner.invoke(cli, ["search", "smugg", "--prefix", "--db", db]).stdout.splitlines()[-1] == "1 of 1 report"


def test_search_leaves_out_off_topic_reports(db: str, runner: CliRunner, tmp_path: Path):
    (tmp_path / "cooking.txt").write_text("Kimchi recipes\n\nA source said the market sells cabbage.\n",
                                          encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(tmp_path / "cooking.txt"), "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["search", "source", "--db", db]).stdout.splitlines()[-1] == "3 of 3 reports"
    on = runner.invoke(cli, ["search", "source", "--on-topic", "--db", db]).stdout.splitlines()
    assert on[-1] == "2 of 2 reports (on topic)" and not any(line.startswith("cooking:") for line in on)


def test_review_queue(db: str, runner: CliRunner):
    events = stored_events(db)
    latest = runner.invoke(cli, ["review", "queue", "--db", db])
    assert latest.exit_code == 0, latest.output
    lines = latest.stdout.splitlines()
    assert lines[0].split() == ["ID", "CONF.", "TYPE", "PLACE", "DATE", "REPORT"]
    assert lines[-1] == f"{len(events)} of {len(events)} events waiting for review (latest reports first)"
    shown = [line.split()[0] for line in lines[1:-1:2]]
    assert sorted(shown) == sorted(e.id for e in events)
    assert shown[0] in {e.id for e in events if e.document == "beta"}  # beta was ingested after alpha
    uncertain = runner.invoke(cli, ["review", "queue", "--order", "uncertain", "--limit", "2", "--db", db])
    lines = uncertain.stdout.splitlines()
    # Most uncertain: the confidence nearest one half first.
    by_doubt = sorted(events, key=lambda e: (abs(e.confidence - 0.5), e.confidence))
    assert [float(line.split()[1]) for line in lines[1:-1:2]] == [round(e.confidence, 2) for e in by_doubt[:2]]
    assert lines[-1] == f"2 of {len(events)} events waiting for review (most uncertain first)"
    first = lines[1].split()[0]
    assert runner.invoke(cli, ["review", "confirm", first, "--user", "ana", "--db", db]).exit_code == 0
    after = runner.invoke(cli, ["review", "queue", "--order", "uncertain", "--limit", "0", "--db", db]).stdout
    assert first not in after and after.splitlines()[-1].startswith(f"{len(events) - 1} of {len(events) - 1} events")



def _arrest(db: str):
    return next(e for e in stored_events(db) if e.document == "alpha" and e.type == "arrest")


@pytest.mark.parametrize(("assignment", "starts"), [
    ('perpetrators=["nonsense"]', "error: perpetrators: 'nonsense' is not an agency id"),
    ('date={"start":"2021-13-01"}', "error: date.start '2021-13-01' is not a real day"),
    # Both were tracebacks (KeyError: 'measure'; ValueError) before the values were checked.
    ('measures=[{"name":"team_size","value":"x"}]', "error: measures[0]: unknown key 'name'"),
    ('measures=[{"measure":"team_size","value":"x"}]', "error: measures[0].value must be a number, not 'x'"),
    ('measures=[{"measure":"team_size","value":NaN}]', "error: measures[0].value must be a number, not nan"),
    ('location={"country":"ZZ","admin1":null,"place":"Atlantis"}', "error: location.country 'ZZ'"),
    ('location="KP"', "error: location must be an object"),
    ('penalty={"kind":"labor_camp","months":-5}', "error: penalty.months must not be negative"),
    ('evidence={"quote":"not in text","start":0,"end":5}', "error: evidence.quote is not the report text at 0:5"),
    ('evidence={"start":500,"end":100}', "error: evidence start 500 is not before its end 100"),
    ("status=\"confirmed\"", "error: cannot edit status"),
    ("trend", "error: --set 'trend': give FIELD=JSON"),
    ("trend=increase", "error: --set trend: the value must be JSON"),
])
def test_review_edit_refuses_bad_values_with_one_line(db: str, runner: CliRunner, assignment: str, starts: str):
    arrest = _arrest(db)
    result = runner.invoke(cli, ["review", "edit", arrest.id, "--user", "mina", "--set", assignment, "--db", db])
    assert_one_error_line(result, 2, starts)
    assert _arrest(db).to_dict() == arrest.to_dict()


def test_review_edit_of_part_of_a_date_keeps_the_rest(db: str, runner: CliRunner):
    arrest = _arrest(db)
    twice = runner.invoke(cli, ["review", "edit", arrest.id, "--user", "mina", "--set", "trend=null",
                                "--set", 'trend="increase"', "--db", db])
    assert_one_error_line(twice, 2, "error: --set trend is given twice")
    result = runner.invoke(cli, ["review", "edit", arrest.id, "--user", "mina", "--db", db,
                                 "--set", 'date={"start":"2021-03-01","end":"2021-03-07","precision":"week"}'])
    assert result.exit_code == 0, result.output
    date = json.loads(result.stdout)["date"]
    assert date == {"start": "2021-03-01", "end": "2021-03-07", "precision": "week",
                    "text": arrest.date.text if arrest.date else ""}


def test_review_decisions_twice_and_the_sensitivity_flags(db: str, runner: CliRunner):
    arrest = _arrest(db)
    confirm = ["review", "confirm", arrest.id, "--user", "mina", "--db", db]
    assert runner.invoke(cli, confirm).exit_code == 0
    assert_one_error_line(runner.invoke(cli, confirm), 6, f"error: event '{arrest.id}' is already confirmed")
    history = runner.invoke(cli, ["review", "history", arrest.id, "--db", db]).stdout.splitlines()
    assert len(history) == 1 and "confirmed -> \"confirmed\"" not in history[0]
    sensitive = ["review", "sensitive", arrest.id, "--field", "date", "--user", "mina", "--db", db]
    assert_one_error_line(runner.invoke(cli, [*sensitive, "--yes", "--no"]), 2,
                          "error: give exactly one of --yes (withhold it) and --no (publish it)")
    assert_one_error_line(runner.invoke(cli, sensitive), 2, "error: say --yes")
    assert runner.invoke(cli, [*sensitive, "--no"]).stdout == f"{arrest.id} date: not sensitive\n"
    assert_one_error_line(runner.invoke(cli, [*sensitive, "--no"]), 6, "error: the date of event")


def test_review_user_must_be_an_analyst_account_once_there_are_accounts(db: str, runner: CliRunner):
    arrest = _arrest(db)
    # No account at all: any name, as before.
    assert runner.invoke(cli, ["review", "edit", arrest.id, "--user", "whoever", "--set", 'trend="increase"',
                               "--db", db]).exit_code == 0
    for name, role in (("mina", "analyst"), ("vic", "viewer")):
        added = runner.invoke(cli, ["user", "add", name, "--role", role, "--password-stdin", "--db", db],
                              input="long enough password\n")
        assert added.exit_code == 0, added.output
    unknown = runner.invoke(cli, ["review", "confirm", arrest.id, "--user", "whoever", "--db", db])
    assert_one_error_line(unknown, 3, "error: no user 'whoever' in this database, which has accounts")
    viewer = runner.invoke(cli, ["review", "confirm", arrest.id, "--user", "vic", "--db", db])
    assert_one_error_line(viewer, 5, "error: this needs the analyst role; vic is a viewer")
    assert _arrest(db).status == "edited"
    assert runner.invoke(cli, ["review", "confirm", arrest.id, "--user", "mina", "--db", db]).exit_code == 0
    # The incidents' decisions take --user alike.
    incident = runner.invoke(cli, ["incidents", "merge", "i-1", "i-2", "--user", "whoever", "--reason", "one act",
                                   "--db", db])
    assert_one_error_line(incident, 3, "error: no user 'whoever' in this database")


def test_review_add_an_event_from_a_quote_or_offsets(db: str, runner: CliRunner):
    quote = "Residents of Hyesan are afraid to use their phones, the source added."
    result = runner.invoke(cli, ["review", "add", "alpha", "--user", "mina", "--type", "intimidation", "--quote", quote,
                                 "--set", 'targets=["phone_users"]', "--reason", "missed", "--db", db])
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)
    start = ALPHA.index(quote)
    assert added["evidence"] == {"quote": quote, "start": start, "end": start + len(quote)}
    assert (added["status"], added["targets"], added["type"]) == ("confirmed", ["phone_users"], "intimidation")
    history = runner.invoke(cli, ["review", "history", added["id"], "--db", db]).stdout
    assert " mina add " in history and "(missed)" in history
    again = runner.invoke(cli, ["review", "add", "alpha", "--user", "mina", "--type", "intimidation",
                                "--start", str(start), "--end", str(start + len(quote)), "--db", db])
    assert_one_error_line(again, 6, "error: an event of type intimidation on that text already exists")
    for args, code, starts in [
        (["--type", "raid", "--quote", quote], 2, "error: type 'raid' is not one of"),
        (["--type", "arrest", "--quote", "not in the text"], 2, "error: evidence.quote 'not in the text' is not in"),
        (["--type", "arrest", "--quote", quote, "--start", "0", "--end", "5"], 2,
         "error: evidence.quote is not the report text at 0:5"),
        (["--type", "arrest"], 2, "error: a new event needs its evidence"),
        (["--type", "arrest", "--start", "9", "--end", "3"], 2, "error: evidence start 9 is not before its end 3"),
        (["--type", "arrest", "--quote", quote, "--set", 'perpetrators=["nonsense"]'], 2,
         "error: perpetrators: 'nonsense'"),
        (["--type", "arrest", "--quote", quote, "--set", 'type="arrest"'], 2, "error: give the type with --type"),
    ]:
        result = runner.invoke(cli, ["review", "add", "alpha", "--user", "mina", *args, "--db", db])
        assert_one_error_line(result, code, starts)
    missing = runner.invoke(cli, ["review", "add", "nope", "--user", "mina", "--type", "arrest", "--quote", "x",
                                  "--db", db])
    assert_one_error_line(missing, 3, "error: no report 'nope'")

# -- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_export_to_stdout_and_file(db: str, runner: CliRunner, tmp_path: Path, fmt: str):
    events = sorted(stored_events(db), key=lambda e: (e.document, e.evidence.start, e.type))
    result = runner.invoke(cli, ["export", "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "jsonl":
        assert [json.loads(line) for line in text.splitlines()] == cited(db, [e.to_dict() for e in events])
        assert json.loads(text.splitlines()[0])["report"] == {
            "title": "Brokers arrested in Hyesan", "outlet": "Daily NK", "url": None,
            "published": None}  # a .txt report has no URL or publication date
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + len(events)
    else:
        data = json.loads(text)
        assert data["type"] == "FeatureCollection"
        assert data["features"]
        assert all(f["geometry"]["type"] == "Point" for f in data["features"])

    out = tmp_path / "out" / f"events.{fmt}"
    out.parent.mkdir()
    written = runner.invoke(cli, ["export", "--db", db, "--format", fmt, "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    n = len(events) if fmt != "geojson" else len(json.loads(text)["features"])
    left_out = len(events) - n
    assert written.stderr == (f"{describe.plural(n, 'event')} written to {out}\n" if not left_out else
                              f"{describe.plural(n, 'event')} written to {out}; {left_out} left out "
                              "(no coordinates: placed at country level or not at all)\n")
    assert out.read_bytes().decode("utf-8") == text
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_export_with_filters(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["export", "--db", db, "--document", "beta", "--type", "sentencing"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {(r["document"], r["type"]) for r in rows} == {("beta", "sentencing")}


def test_failed_export_leaves_no_part_file(db: str, runner: CliRunner, tmp_path: Path, monkeypatch):
    import countersight.export

    def half_then_fail(events, fmt, out, **options):
        out.write('{"partial": ')
        raise InputError("the disk is full")

    monkeypatch.setattr(countersight.export, "export_events", half_then_fail)
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(cli, ["export", "--db", db, "-o", str(out / "events.jsonl")])
    assert_one_error_line(result, 2, "error: the disk is full")
    assert list(out.iterdir()) == []


def test_export_into_a_missing_folder_is_a_message(db: str, runner: CliRunner, tmp_path: Path):
    result = runner.invoke(cli, ["export", "--db", db, "-o", str(tmp_path / "no" / "such" / "x.csv")])
    assert_one_error_line(result, 2, f"error: cannot write {tmp_path / 'no' / 'such' / 'x.csv'}")


# -- evaluate, summary, demo, settings ----------------------------------------------------------


def write_gold(tmp_path: Path) -> Path:
    start = ALPHA.index(ARREST)
    lines = [
        {"document": "alpha", "published": None, "source_admin1": "KP-10"},
        {"document": "alpha", "type": "arrest", "trend": None, "perpetrators": ["mss"], "targets": ["brokers"],
         "location": {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city"},
         "date": None, "measures": [], "penalty": None,
         "evidence": {"quote": ARREST, "start": start, "end": start + len(ARREST)}},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_evaluate(db: str, runner: CliRunner, tmp_path: Path):
    gold = write_gold(tmp_path)
    result = runner.invoke(cli, ["evaluate", str(gold), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 1
    assert (data["by_type"]["arrest"]["tp"], data["by_type"]["arrest"]["fn"]) == (1, 0)
    assert data["mentions"]["recall"] == 1.0
    assert data["perpetrators"]["tp"] == 1 and data["perpetrators"]["fn"] == 0
    assert data["place"] == {"accuracy": 1.0, "right": 1, "total": 1}
    alpha_events = [e for e in stored_events(db) if e.document == "alpha"]
    assert data["mentions"]["tp"] + data["mentions"]["fp"] == len(alpha_events)

    table = runner.invoke(cli, ["evaluate", str(gold), "--db", db, "--errors"])
    assert table.exit_code == 0 and table.stderr == ""  # the shipped model never saw this gold file
    lines = table.stdout.splitlines()
    assert lines[0] == f"documents 1   gold mentions 1   predicted {len(alpha_events)}   matched 1"
    assert "missed:" in lines and "spurious:" in lines
    assert lines.index("spurious:") == lines.index("missed:") + 1  # nothing missed
    listed = json.loads(runner.invoke(cli, ["evaluate", str(gold), "--db", db, "--errors", "--json"]).stdout)
    assert listed["missed"] == [] and len(listed["spurious"]) == len(alpha_events) - 1
    assert all(e["document"] == "alpha" and e["evidence"]["quote"] for e in listed["spurious"])


def test_evaluate_says_when_the_golds_reports_are_missing(db: str, runner: CliRunner, tmp_path: Path):
    gold = write_gold(tmp_path)
    line = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({**line, "document": "gamma"}) + "\n", encoding="utf-8")
    none = runner.invoke(cli, ["evaluate", str(other), "--db", db])
    assert_one_error_line(none, 2, "error: the database ")
    assert none.stderr.endswith(" holds none of the gold's reports (1 report: gamma): ingest them first\n")
    some = tmp_path / "some.jsonl"
    some.write_text(gold.read_text(encoding="utf-8") + json.dumps({**line, "document": "gamma"}) + "\n",
                    encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(some), "--db", db])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("documents 2   gold mentions 1 ")
    assert result.stderr == ("warning: the database lacks 1 report of the gold's 2 (gamma): "
                             "their gold events count as missed\n")
    data = json.loads(runner.invoke(cli, ["evaluate", str(some), "--db", db, "--json"]).stdout)
    assert data["absent_documents"] == ["gamma"]


def test_evaluate_bad_gold_line(db: str, runner: CliRunner, tmp_path: Path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"document": "alpha"}\n{"document": "alpha", "type": "arrest", "evidence": 3}\n', encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(gold), "--db", db])
    assert_one_error_line(result, 2, f"error: {gold}:2: evidence must be an object {{quote, start, end}}, not 3")


def gold_event(**fields) -> str:
    start = ALPHA.index(ARREST)
    event = {"document": "alpha", "type": "arrest", "trend": None, "perpetrators": ["mss"], "targets": ["brokers"],
             "location": None, "date": None, "measures": [], "penalty": None,
             "evidence": {"quote": ARREST, "start": start, "end": start + len(ARREST)}}
    return json.dumps(event | fields)


@pytest.mark.parametrize(
    ("content", "starts"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\xd0\x17\n", ":1: a NUL byte: a binary file or UTF-16/32 text"),
        ('{"document": "alpha"}\n'.encode("utf-16"), ":1: UTF-16 text: a gold file is UTF-8 JSON Lines"),
        (gold_event(perpetrators=[1, 2]).encode(), ":1: perpetrators must be a list of agency ids, not a list holding 1"),
        (gold_event(evidence={"quote": 5, "start": 0, "end": 1}).encode(), ":1: evidence quote must be the quoted text, not 5"),
        (gold_event(perpetrators=["cia"]).encode(), ":1: perpetrators: 'cia' is not an agency id (mss, msos,"),
        (b"", ": no gold lines"),
    ],
    ids=["binary", "utf-16", "numbers as agencies", "a number as quote", "unknown agency", "empty"],
)
def test_evaluate_refuses_a_bad_gold_file_in_one_line(db: str, runner: CliRunner, tmp_path: Path, content: bytes,
                                                       starts: str):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(content)
    assert_one_error_line(runner.invoke(cli, ["evaluate", str(gold), "--db", db]), 2, f"error: {gold}{starts}")
    if content:  # the same check when cross-validating: the gold is read before any report
        folds = runner.invoke(cli, ["evaluate", str(gold), "--corpus", str(tmp_path), "--folds", "2"])
        assert_one_error_line(folds, 2, f"error: {gold}{starts}")


def test_evaluate_names_every_bad_line(db: str, runner: CliRunner, tmp_path: Path):
    start = ALPHA.index(ARREST)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([
        json.dumps({"document": "alpha", "published": None, "source_admin1": "KP-10"}),
        gold_event(trend="sideways", targets=["aliens"]),
        gold_event(),
        gold_event(evidence={"quote": ARREST, "start": start + 1, "end": start + 1 + len(ARREST)}),  # text checked too
        gold_event(evidence={"quote": ARREST, "start": len(ALPHA), "end": len(ALPHA) + len(ARREST)}),
    ]) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(gold), "--db", db])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {gold}:2: trend must be one of increase, decrease or null, not 'sideways'; targets: 'aliens' is not "
        "a target group id (defectors, defector_families, brokers, overseas_workers, diplomats, returnees, "
        "phone_users, border_residents, residents, officials, smugglers, traders), or other:<words> for a group "
        "outside the list",
    ]
    gold.write_text("\n".join(gold.read_text(encoding="utf-8").splitlines()[2:]) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(gold), "--db", db])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ")[:3] for line in lines] == [["error", f"{gold}:2", "alpha"], ["error", f"{gold}:3", "alpha"]]
    assert lines[0].endswith(f"evidence quote is not the report's text at {start + 1}:{start + 1 + len(ARREST)}: "
                             f"from its character 0 the quote reads {ARREST[:30]!r}..., the text {ARREST[1:31]!r}...")
    assert lines[1].endswith(f"fall outside the report's text ({len(ALPHA)} characters)")


def test_evaluate_folds_say_what_they_do_with_db_errors_and_too_many_folds(db: str, reports: Path, runner: CliRunner,
                                                                          tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"document": "beta", "published": None, "source_admin1": None}) + "\n"
                    + write_gold(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    refused = runner.invoke(cli, ["evaluate", str(gold), "--corpus", str(reports), "--folds", "2", "--db", db])
    assert_one_error_line(refused, 2, "error: --db is not used with --folds: cross-validation extracts the reports "
                                      "of --corpus itself")
    result = runner.invoke(cli, ["evaluate", str(gold), "--corpus", str(reports), "--folds", "5", "--errors"])
    assert result.exit_code == 0, result.output
    assert f"note: 5 folds asked for, 2 made: one per report of {gold} in {reports}\n" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "cross-validated by report: 2 folds over 2 reports (each scored by a model that never saw it)"
    mistakes = lines.index("the model's mistakes (each report extracted by a model that never saw it)")
    assert lines[mistakes + 1] == "missed:" and "spurious:" in lines[mistakes:]
    data = json.loads(runner.invoke(cli, ["evaluate", str(gold), "--corpus", str(reports), "--folds", "2",
                                          "--errors", "--json"]).stdout)
    assert {"missed", "spurious"} <= set(data["model"]) and data["notes"] == []
    assert all(e["document"] in ("alpha", "beta") for e in data["model"]["missed"] + data["model"]["spurious"])


def test_evaluate_warns_when_the_model_learned_from_the_gold_file(runner: CliRunner, tmp_path: Path, monkeypatch):
    from countersight.learn.bundle import load_model
    from countersight.samples import gold_path, reports_dir

    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "dnk-musan-public-trial.txt").write_bytes((reports_dir() / "dnk-musan-public-trial.txt").read_bytes())
    shipped = load_model()
    warning = (f"warning: model {shipped.version} learned from this gold file: these figures flatter it; "
               "score reports it never saw, or cross-validate (--corpus DIR --folds K)\n")
    assert runner.invoke(cli, ["ingest", str(folder), "--db", "model.db"]).exit_code == 0
    result = runner.invoke(cli, ["evaluate", str(gold_path()), "--db", "model.db", "--json"])
    assert result.exit_code == 1  # the other 39 samples are not in the database
    assert warning in result.stderr and json.loads(result.stdout)["documents"] == 40
    # Another gold file (one byte differs), or events the rules made alone: no warning.
    other = tmp_path / "gold.jsonl"
    other.write_bytes(gold_path().read_bytes() + b"\n")
    assert "learned from" not in runner.invoke(cli, ["evaluate", str(other), "--db", "model.db"]).stderr
    monkeypatch.setenv("COUNTERSIGHT_MODEL", "none")
    assert runner.invoke(cli, ["ingest", str(folder), "--db", "rules.db"]).exit_code == 0
    assert "learned from" not in runner.invoke(cli, ["evaluate", str(gold_path()), "--db", "rules.db"]).stderr


def test_summary(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["summary", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    n = len(stored_events(db))
    assert lines[0] == "Reports: 2 (2 on North Korea, 0 off-topic, 0 near-duplicates)"
    assert lines[1] == f"Events:  {n} ({n} waiting for review)"
    assert "Incidents by type:" in lines and "Incidents by province:" in lines and "Incidents by agency:" in lines
    assert any(line.strip().startswith("Ryanggang (KP-10)") for line in lines)
    mentions = runner.invoke(cli, ["summary", "--db", db, "--count", "mentions"]).stdout.splitlines()
    assert "Counting mentions (each time a report tells an act)" in mentions
    assert "Mentions by type:" in mentions and "Mentions by province:" in mentions and "Mentions by agency:" in mentions


def test_summary_counts_one_act_once_or_each_telling(db_url: str, runner: CliRunner):
    from told_thrice import fill

    store = open_store(db_url)
    try:
        fill(store)
    finally:
        store.close()
    db = db_url
    incidents = runner.invoke(cli, ["summary", "--db", db]).stdout
    assert "Incidents: 2 (one real-world act each, told by one or more events)" in incidents
    assert "Counting incidents (one act told several times counts once)" in incidents
    assert "People: 3 people concerned, as stated in 1 of 2 incidents; 1 incident states no number" in incidents
    assert "Incidents by type:\n  arrest                       1\n  sentencing                   1\n" in incidents
    mentions = runner.invoke(cli, ["summary", "--db", db, "--count", "mentions"]).stdout
    assert "Mentions by type:\n  arrest                       3\n  sentencing                   1\n" in mentions
    assert "People:" not in mentions


def test_demo(tmp_path: Path, backend: str, new_db_url, runner: CliRunner):
    path = new_db_url(empty=True)  # demo creates an SQLite file; a PostgreSQL database must exist
    result = runner.invoke(cli, ["demo", "--db", path])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    m = re.search(r"into (.+): (\d+) ingested \((\d+) off-topic, 1 near-duplicate\), 0 already stored, "
                  r"0 failed; (\d+) events$", first)
    assert m, first
    assert m.group(1) == path
    reports, off_topic, events = int(m.group(2)), int(m.group(3)), int(m.group(4))
    assert reports > 0 and events > 0 and off_topic < reports
    store = open_store(path, create=False)
    try:
        assert store.counts()["reports"] == reports
        assert store.count_events() == events
    finally:
        store.close()
    lines = result.stdout.splitlines()
    by_type = lines[lines.index("Incidents by type:") + 1 :]
    listed = [line.split()[0] for line in by_type[: by_type.index("")]]
    assert listed and set(listed) <= set(EVENT_TYPES)
    store = open_store(path, create=False)
    try:
        incidents = store.count_incidents()
    finally:
        store.close()
    assert sum(int(line.split()[1]) for line in by_type[: by_type.index("")]) == incidents < events
    allowed = {Path(path).name + suffix for suffix in ("", "-wal", "-shm")} if backend == "sqlite" else set()
    assert {p.name for p in tmp_path.iterdir()} <= allowed


def test_settings(runner: CliRunner, monkeypatch):
    monkeypatch.setenv("COUNTERSIGHT_PAGE_SIZE", "7")
    result = runner.invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    for s in SETTINGS:
        assert f"${s.env}" in result.stdout
        assert s.help in result.stdout
    assert "page_size = 7   ($COUNTERSIGHT_PAGE_SIZE, default 50)" in result.stdout.splitlines()


def test_bad_setting_in_the_environment_is_a_message(runner: CliRunner, monkeypatch):
    monkeypatch.setenv("COUNTERSIGHT_PORT", "eighty")
    result = runner.invoke(cli, ["settings"])
    assert_one_error_line(result, 2, "error: setting port (COUNTERSIGHT_PORT) must be an integer from 0 to 65535, "
                                     "got 'eighty'")


def test_db_from_the_environment(db: str, runner: CliRunner, monkeypatch):
    monkeypatch.setenv("COUNTERSIGHT_DB", db)
    result = runner.invoke(cli, ["events", "--limit", "1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("1 of ")


# -- db: migrate, backup, restore ------------------------------------------------------------------


def test_db_migrate(new_db_url, runner: CliRunner):
    from countersight.store.migrations import available

    url = new_db_url(empty=True)
    names = [name for _, name, _ in available("sqlite")]
    first = runner.invoke(cli, ["db", "migrate", "--db", url])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [f"applied {n}" for n in names] + [f"{url}: schema version {len(names)}"]
    again = runner.invoke(cli, ["db", "migrate", "--db", url])
    assert again.stdout == f"{url}: schema version {len(names)} (up to date)\n"


def test_db_backup_and_restore(db: str, new_db_url, runner: CliRunner, tmp_path: Path):
    events = stored_events(db)
    file = tmp_path / "cs.backup"
    made = runner.invoke(cli, ["db", "backup", str(file), "--db", db])
    assert made.exit_code == 0, made.output
    assert made.stdout == f"backup of {db} written to {file} ({file.stat().st_size} bytes)\n"

    target = new_db_url(empty=True)
    restored = runner.invoke(cli, ["db", "restore", str(file), "--db", target])
    assert restored.exit_code == 0, restored.output
    assert restored.stdout == f"{target} restored from {file}\n"
    assert stored_events(target) == events

    refused = runner.invoke(cli, ["db", "restore", str(file), "--db", target])
    assert_one_error_line(refused, 6, f"error: the database {target} holds 2 reports")
    forced = runner.invoke(cli, ["db", "restore", str(file), "--db", target, "--force"])
    assert forced.exit_code == 0, forced.output
    assert stored_events(target) == events


def test_db_restore_of_the_wrong_kind_of_backup(db: str, backend: str, runner: CliRunner, tmp_path: Path):
    file = tmp_path / "cs.backup"
    assert runner.invoke(cli, ["db", "backup", str(file), "--db", db]).exit_code == 0
    other = str(tmp_path / "x.db") if backend == "postgresql" else "postgresql://nobody@127.0.0.1:1/none"
    result = runner.invoke(cli, ["db", "restore", str(file), "--db", other])
    assert_one_error_line(result, 2, f"error: {file} is ")
    assert "restore it into" in result.stderr


def test_db_backup_of_a_missing_database(tmp_path: Path, runner: CliRunner):
    result = runner.invoke(cli, ["db", "backup", str(tmp_path / "b"), "--db", str(tmp_path / "missing.db")])
    assert_one_error_line(result, 4, f"error: no database at {tmp_path / 'missing.db'}")
    assert not (tmp_path / "b").exists() and not (tmp_path / "missing.db").exists()


@pytest.mark.backends("postgresql")
def test_missing_postgres_database(backend: str, db_url: str, runner: CliRunner):
    missing = db_url.rsplit("/", 1)[0] + "/no_such_countersight_db"
    result = runner.invoke(cli, ["events", "--db", missing])
    assert_one_error_line(result, 4, f"error: cannot connect to the database {missing}: ")
    assert "no_such_countersight_db" in result.stderr and "does not exist" in result.stderr


# -- friendly errors -----------------------------------------------------------------------------


def test_show_unknown_document(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["show", "nosuchdoc", "--db", db])
    assert_one_error_line(result, 3, "error: no report 'nosuchdoc'")


def test_bad_date(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["events", "--db", db, "--since", "2020-13-01"])
    assert_one_error_line(result, 2, "error: --since must be a date YYYY-MM-DD, got '2020-13-01'")


def test_unknown_province(db: str, runner: CliRunner):
    result = runner.invoke(cli, ["events", "--db", db, "--province", "Atlantis"])
    assert_one_error_line(result, 2, "error: unknown province 'Atlantis'")


@pytest.mark.parametrize(("args", "starts"), [
    (["--country", "XX"], "error: unknown country 'XX': give an ISO 3166-1 code such as KP, CN or RU"),
    (["--country", "ZZZ"], "error: unknown country 'ZZZ'"),
    (["--province", "KP-99"], "error: unknown province 'KP-99'; known codes: KP-01, "),
    (["--search", "!!"], "error: the search '!!' has no word to look for"),
    (["--until", "yesterday"], "error: --until must be a date YYYY-MM-DD, got 'yesterday'"),
])
@pytest.mark.parametrize("command", ["events", "incidents", "export"])
def test_a_filter_no_event_could_match_is_an_error_not_zero_matches(db: str, runner: CliRunner, command: str,
                                                                      args: list[str], starts: str):
    assert_one_error_line(runner.invoke(cli, [command, "--db", db, *args]), 2, starts)


def test_a_country_filter_takes_a_code_in_any_case_or_a_name(db: str, runner: CliRunner):
    lines = [runner.invoke(cli, ["events", "--db", db, "--country", given]).stdout.splitlines()[-1]
             for given in ("KP", "kp", "North Korea")]
    assert lines[0] == lines[1] == lines[2] != "0 of 0 events"


@pytest.mark.parametrize("command", [["events"], ["incidents"], ["search", "source"], ["review", "queue"],
                                     ["audit", "log"]])
@pytest.mark.parametrize("limit", ["-1", "99999999999999999999999"])
def test_every_limit_is_bounded(db: str, runner: CliRunner, command: list[str], limit: str):
    # (events --limit -1 listed everything, while review queue and search refused it; a huge one overflowed)
    result = runner.invoke(cli, [*command, "--db", db, "--limit", limit])
    assert result.exit_code == 2 and "Invalid value for '--limit'" in result.stderr, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "said"), [("", "error: the search is empty: give a word to look for"),
                                           ("   ", "error: the search is empty"),
                                           ("?!", "error: the search '?!' has no word to look for")])
def test_searching_for_nothing_says_so(db: str, runner: CliRunner, text: str, said: str):
    assert_one_error_line(runner.invoke(cli, ["search", text, "--db", db]), 2, said)


@pytest.mark.parametrize("command", [["events"], ["show", "alpha"], ["search", "x"], ["export"], ["summary"]])
def test_missing_database(tmp_path: Path, runner: CliRunner, command: list[str]):
    missing = tmp_path / "missing.db"
    result = runner.invoke(cli, [*command, "--db", str(missing)])
    assert_one_error_line(result, 4, f"error: no database at {missing}: create it with `countersight init`, "
                                     "`countersight demo` or `countersight ingest`")
    assert not missing.exists()


def test_user_list_prints_aligned_columns(db: str, runner: CliRunner):
    assert runner.invoke(cli, ["user", "list", "--db", db]).stdout == ""
    for name, role in (("alice", "analyst"), ("mina-kim", "admin")):
        added = runner.invoke(cli, ["user", "add", name, "--role", role, "--password-stdin", "--db", db],
                              input="correct horse battery\n")
        assert added.exit_code == 0, added.output
    result = runner.invoke(cli, ["user", "list", "--db", db])
    assert result.exit_code == 0, result.output
    # (it printed "alice\u0009analyst": a tab escaped as a control character)
    assert result.stdout.splitlines() == ["USER     ROLE", "alice    analyst", "mina-kim admin"]


def test_user_add_refuses_a_missing_database(tmp_path: Path, runner: CliRunner):
    missing = tmp_path / "typo.db"
    result = runner.invoke(cli, ["user", "add", "alice", "--password-stdin", "--db", str(missing)],
                           input="correct horse battery\n")
    assert_one_error_line(result, 4, f"error: no database at {missing}: create it with `countersight init`")
    assert not missing.exists()


@pytest.mark.parametrize("mode", [[], ["--no-auth"], ["--public"]])
def test_serve_refuses_a_missing_database(tmp_path: Path, runner: CliRunner, mode: list[str]):
    # (a mistyped --db used to create an empty database and serve it as if the archive were empty)
    missing = tmp_path / "typo.db"
    result = runner.invoke(cli, ["serve", "--db", str(missing), "--port", "0", *mode])
    assert_one_error_line(result, 4, f"error: no database at {missing}: create it with `countersight init`")
    assert not missing.exists()


def test_not_a_database(tmp_path: Path, runner: CliRunner):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database\n" * 200, encoding="utf-8")
    result = runner.invoke(cli, ["events", "--db", str(junk)])
    assert_one_error_line(result, 4, f"error: cannot open the database {junk}: file is not a database")


def test_database_in_a_missing_folder(tmp_path: Path, reports: Path, runner: CliRunner):
    result = runner.invoke(cli, ["ingest", str(reports), "--db", str(tmp_path / "nope" / "cs.db")])
    assert_one_error_line(result, 4, "error: cannot create the database")


def test_usage_errors_are_click_messages(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(cli, ["events", "--type", "riot", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "Invalid value for '--type'" in result.stderr
    assert runner.invoke(cli, ["nosuchcommand"]).exit_code == 2


# -- control characters in data reach the terminal escaped (issue 9) -------------------------------

EVIL_ID = "fake\n1 of 1 events\x1b]0;owned\x07\r\x9b2J"
EVIL_TITLE = "Title\x1b[2J\u202eeltit"


def _raw_controls(text: str) -> list[str]:
    return sorted({ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F
                   or ch in "\u202e\u2066\u200f"})


def test_control_characters_in_ids_titles_and_file_names_are_printed_escaped(tmp_path):
    from countersight.samples import reports_dir

    text = (reports_dir() / "dnk-musan-public-trial.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.jsonl").write_text(json.dumps({"id": EVIL_ID, "title": EVIL_TITLE, "text": text}) + "\n")
    (folder / "bad\x1b]0;owned\x07\nname.txt").write_bytes(b"\x00\x01binary")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(folder), "--db", db, "--no-progress", "--verbose"])
    assert ingested.exit_code == 1  # the binary file is a problem
    escaped_id = "fake\\u000a1 of 1 events\\u001b]0;owned\\u0007\\u000d\\u009b2J"
    assert f"ingested {escaped_id}: " in ingested.output
    problem = next(line for line in ingested.output.splitlines() if line.startswith("problem:"))
    assert "bad\\u001b]0;owned\\u0007\\u000aname.txt" in problem
    events = runner.invoke(cli, ["events", "--db", db, "--limit", "0"])
    shown = runner.invoke(cli, ["show", EVIL_ID, "--db", db])
    search = runner.invoke(cli, ["search", "Musan", "--db", db])
    as_json = runner.invoke(cli, ["events", "--db", db, "--json"])
    summary = runner.invoke(cli, ["summary", "--db", db])
    for result in (ingested, events, shown, search, as_json, summary):
        assert _raw_controls(result.output) == [], result.output
    n = len(runner.invoke(cli, ["events", "--db", db, "--json"]).output.splitlines())
    assert events.output.splitlines()[-1] == f"{n} of {n} events"
    assert len(events.output.splitlines()) == 2 * n + 2  # a header, two lines an event, no forged one
    assert shown.output.splitlines()[0] == f"{escaped_id}: Title\\u001b[2J\\u202eeltit"
    assert [json.loads(line)["document"] for line in as_json.output.splitlines()] == [EVIL_ID] * n
