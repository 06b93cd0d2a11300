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
          "corroboration"}


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
