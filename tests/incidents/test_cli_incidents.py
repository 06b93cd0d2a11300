"""`countersight incidents`, `show` naming incidents, `export --incidents` (with --public)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight.cli import cli
from countersight.export import INCIDENT_CSV_COLUMNS
from countersight.samples import reports_dir
from countersight.store import open_store

ORIGINAL, COPY = "dnk-hyesan-returnees-handover", "krd-repost-hyesan-returnees"
FIELDS = {"id", "type", "location", "date", "perpetrators", "targets", "people", "mentions", "documents", "sources",
          "corroboration", "confirmed"}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNTERSIGHT_DB", raising=False)


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (ORIGINAL, COPY):
        shutil.copy(reports_dir() / f"{name}.txt", folder)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db_url, "--no-progress"])
    assert result.exit_code == 0, result.output
    return db_url


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_incidents_are_built_at_ingest_and_listed(db: str):
    rows = [json.loads(line) for line in run("incidents", "--db", db, "--json", "--limit", "0").stdout.splitlines()]
    assert rows and all(set(r) == FIELDS for r in rows)
    store = open_store(db)
    try:
        events = {e.id for e in store.list_events(limit=None)}
    finally:
        store.close()
    mentions = [m for r in rows for m in r["mentions"]]
    assert sorted(mentions) == sorted(events)  # every mention in exactly one incident
    relayed = [r for r in rows if r["documents"] == [ORIGINAL, COPY]]
    assert relayed and all(r["corroboration"] == "dependent_sources" for r in relayed)
    assert all([s["source"] for s in r["sources"]] == ["Daily NK"] for r in relayed)
    handover = next(r for r in relayed if r["type"] == "arrest" and r["people"])
    assert handover["people"] == {"count": 48, "qualifier": None}

    table = run("incidents", "--db", db, "--type", "repatriation").stdout.splitlines()
    assert table[0].split()[:4] == ["ID", "TYPE", "PLACE", "DATE"]
    n = sum(1 for r in rows if r["type"] == "repatriation")
    assert table[-1] == f"{n} of {n} incident{'s' if n != 1 else ''}"
    rebuilt = run("incidents", "--db", db, "--rebuild", "--json", "--limit", "0")
    assert [json.loads(line) for line in rebuilt.stdout.splitlines()] == rows  # stable ids, same result
    assert rebuilt.stderr == f"{len(rows)} incidents linked\n"


def test_show_names_the_incidents_of_a_report(db: str):
    lines = run("show", COPY, "--db", db).stdout.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("Incidents its events belong to")))
    assert any(f"also told in {ORIGINAL}" in line for line in lines[at:])
    data = json.loads(run("show", COPY, "--db", db, "--json").stdout)
    listed = {m for i in data["incidents"] for m in i["mentions"]}
    assert {e["id"] for e in data["events"] if e["status"] != "rejected"} <= listed


def test_export_incidents_in_every_format_and_public(db: str, tmp_path: Path):
    lines = run("export", "--incidents", "--db", db).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(set(r) == FIELDS for r in rows)
    table = list(csv.DictReader(io.StringIO(run("export", "--incidents", "--db", db, "--format", "csv").stdout)))
    assert [r["id"] for r in table] == [r["id"] for r in rows] and tuple(table[0]) == INCIDENT_CSV_COLUMNS
    out = tmp_path / "i.geojson"
    said = run("export", "--incidents", "--db", db, "--format", "geojson", "-o", str(out)).stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert said.startswith(f"{len(features)} incidents written to {out}")
    assert all(f["properties"]["id"] == f["id"] for f in features)

    public = [json.loads(line) for line in run("export", "--incidents", "--public", "--db", db).stdout.splitlines()]
    assert [p["id"] for p in public] == [r["id"] for r in rows]
    assert all(p["location"] is None or p["location"]["precision"] != "district" for p in public)
    assert "Kimjongsuk" not in json.dumps(public)  # no neighbourhoods, no quotes, no names


def _listed(db: str) -> list[dict]:
    return [json.loads(line) for line in run("incidents", "--db", db, "--json", "--limit", "0").stdout.splitlines()]


def test_review_subcommands_decide_and_the_listing_still_works(db: str):
    from countersight.incidents import incident_id

    rows = _listed(db)
    a, b = [r for r in rows if r["type"] == "arrest"][:2]
    merged = incident_id(a["mentions"] + b["mentions"])
    out = run("incidents", "merge", a["id"], b["id"], "--user", "anna", "--reason", "same act", "--db", db).stdout
    assert out == f"merged {a['id']}, {b['id']} into {merged} ({len(a['mentions']) + len(b['mentions'])} mentions)\n"
    interrogation = next(r for r in rows if r["type"] == "interrogation")
    off = interrogation["mentions"][:2]
    out = run("incidents", "split", interrogation["id"], "--mention", off[0], "--mention", off[1],
              "--user", "anna", "--reason", "two acts", "--db", db).stdout
    rest = incident_id(interrogation["mentions"][2:])
    assert out == (f"split {interrogation['id']}: {incident_id(off)} (2 mentions) taken out, "
                   f"{rest} ({len(interrogation['mentions']) - 2} mentions) left\n")
    moved = off[0]
    out = run("incidents", "move", moved, "--to", rest, "--user", "anna", "--reason", "same questioning",
              "--db", db).stdout
    joined = incident_id(interrogation["mentions"][2:] + [moved])
    assert out == f"moved {moved} to {rest}: now {joined} ({len(interrogation['mentions']) - 1} mentions)\n"
    assert run("incidents", "confirm", joined, "--user", "anna", "--db", db).stdout == \
        f"{joined} ({len(interrogation['mentions']) - 1} mentions) confirmed\n"
    # The decisions survive a rebuild; the listing is as before otherwise.
    run("incidents", "--db", db, "--rebuild")
    after = {r["id"]: r["mentions"] for r in _listed(db)}
    assert sorted(after[merged]) == sorted(a["mentions"] + b["mentions"])
    assert sorted(after[joined]) == sorted(interrogation["mentions"][2:] + [moved])
    assert after[incident_id([off[1]])] == [off[1]]
    assert len(after) == len(rows)  # the merge: one fewer; the split: one more; the move: as many
    listing = run("incidents", "--db", db, "--type", "interrogation").stdout.splitlines()
    header = listing[0].split()
    assert header[-2:] == ["CONFIRMED", "SOURCES"]
    marks = {line.split()[0]: line for line in listing[1:-1]}
    assert " yes " in marks[joined] and all(" yes " not in line for i, line in marks.items() if i != joined)
    history = run("incidents", "history", joined, "--db", db).stdout.splitlines()
    assert [line.split(" ", 2)[1:] for line in history] == [
        ["anna", f"split 2 mentions off {interrogation['id']} into {incident_id(off)}; the rest is {rest}  (two acts)"],
        ["anna", f"moved mention {moved} from {incident_id(off)} to {rest} (now {joined})  (same questioning)"],
        ["anna", f"confirmed {joined} ({len(interrogation['mentions']) - 1} mentions)"]]
    decisions = [json.loads(line) for line in run("incidents", "history", joined, "--json", "--db", db).stdout.splitlines()]
    assert [d["action"] for d in decisions] == ["split", "move", "confirm"]
    assert run("audit", "verify", "--db", db).stdout.startswith("audit log intact")
    table = run("incidents", "--db", db, "--type", "arrest").stdout.splitlines()
    assert table[0].split()[:4] == ["ID", "TYPE", "PLACE", "DATE"] and table[-1].endswith("incidents")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["merge", "i-nope", "i-none", "--user", "anna", "--reason", "x"], 3, "error: no incident 'i-nope'\n"),
    (["merge", "ARREST", "REPATRIATION", "--user", "anna", "--reason", "x"], 2,
     "error: cannot merge incidents of different types (arrest, repatriation): an incident is one act; force the "
     "merge only if the reports tell one act under two types\n"),
    (["split", "ARREST", "--mention", "e-nope", "--user", "anna", "--reason", "x"], 2,
     "error: mention 'e-nope' is not in incident 'ARREST'\n"),
    (["move", "e-nope", "--to", "ARREST", "--user", "anna", "--reason", "x"], 3, "error: no event 'e-nope'\n"),
    (["history", "i-nope"], 3, "error: no incident 'i-nope'\n"),
])
def test_review_subcommands_fail_clearly(db: str, args: list[str], code: int, message: str):
    rows = _listed(db)
    ids = {"ARREST": next(r["id"] for r in rows if r["type"] == "arrest"),
           "REPATRIATION": next(r["id"] for r in rows if r["type"] == "repatriation")}
    args = [ids.get(a, a) for a in args]
    message = message.replace("'ARREST'", repr(ids["ARREST"]))
    result = CliRunner().invoke(cli, ["incidents", *args, "--db", db])
    assert (result.exit_code, result.stderr) == (code, message)
    assert _listed(db) == rows
