"""The ingest service over a folder of small reports: counts, problems, idempotence,
near-duplicates, id clashes, all-or-nothing storage and evidence offsets.

Extraction details belong to the pipeline (changed elsewhere); these tests assert only
robust facts about what it yields.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from countersight.ingest.service import IngestSummary, ingest
from countersight.model import IngestProblem
from countersight.settings import load_settings
from countersight.store import EventFilter
from countersight.store.base import Store

SETTINGS = load_settings(environ={})

HYESAN = """Phone crackdown in Hyesan

North Korea's Ministry of State Security has sent a special team to Hyesan to hunt down residents who use Chinese mobile phones, a source in Ryanggang Province told Daily NK.

State security agents arrested two brokers in Hyesan.

The source said the team has been sweeping the neighborhoods near the Yalu River with portable detectors every night since the middle of the month, and that people in Hyesan have stopped making calls to relatives in China and South Korea.

"Everyone is afraid of the detection team. Even people who only kept an old phone in a drawer are burning them now," the source said.

According to the source, the brokers were taken to the provincial state security detention center, where they are being questioned about the people who paid them to send money and messages across the border.

The Ministry of State Security has ordered the agents to report every arrest to Pyongyang, the source added. Residents of Hyesan say the crackdown is the harshest they have seen in years, and many traders at the market have closed their stalls for fear of being questioned about their contacts in China.

Local agents have also been visiting the homes of families whose relatives fled to South Korea, asking neighbors who comes and goes and whether anyone in the house receives money from abroad. Families who refuse to cooperate are told that their names will be passed on to the provincial security bureau.

A woman in her 40s who was caught making a call to her daughter in Seoul was released after her family paid a large bribe, the source said, but she has been ordered to report to the local security office every week until the end of the year.

Reporting by Kim Min-ji.
"""

CHONGJIN = """Chongjin border guards

Border guards in Chongjin, North Hamgyong Province, have been ordered to tighten patrols along the coast, a source in North Hamgyong Province told Daily NK on Monday.

The Ministry of State Security detained a fisherman in Chongjin who was suspected of planning to flee by boat, the source said.

North Korea has sent additional guards to the harbor, and every boat leaving Chongjin is now searched twice.
"""

MUSAN = """Public trial in Musan

A court in Musan, North Hamgyong Province, sentenced three smugglers to ten years in a labor camp at a public trial last week, a source told Daily NK.

North Korea's Ministry of Social Security mobilized residents to watch the trial, the source said.
"""

SPORTS = """Cup final report

The home side won the cup final 3-1 on Saturday after a tense second half in front of a crowd of forty thousand.
The captain scored twice and the young goalkeeper saved a penalty in the last minute.
The coach said he was proud of the players and that the whole season had been built for this match.
Supporters celebrated in the city centre until late at night.
"""

JSONL_GOOD = {
    "id": "jl-1",
    "title": "Inminban checks",
    "published": "2023-05-02",
    "text": "The inminban heads in Hoeryong, North Hamgyong Province, were told to check every household at night, "
    "a source in North Korea said. State security agents arrested a broker in Hoeryong.",
}


def write_batch(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hyesan.txt").write_text(HYESAN, encoding="utf-8")
    (folder / "chongjin.txt").write_bytes(CHONGJIN.replace("\n", "\r\n").encode("utf-8"))  # CRLF on disk
    (folder / "musan.txt").write_text(MUSAN, encoding="utf-8")
    (folder / "sports.txt").write_text(SPORTS, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    (folder / "batch.jsonl").write_text(
        json.dumps(JSONL_GOOD) + "\n" + '{"id": "jl-2", "text": "broken\n' + json.dumps({"id": "jl-3", "title": "x"}) + "\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return write_batch(tmp_path / "reports")


def table_counts(store: Store) -> dict[str, int]:
    tables = ("reports", "report_lsh", "events", "event_perpetrators", "event_targets", "event_measures")
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}


def test_batch_counts_and_problems(batch: Path, store):
    seen: list[IngestProblem] = []
    outcomes = []
    summary = ingest([batch], store, SETTINGS, on_problem=seen.append, on_outcome=outcomes.append)

    assert (summary.ingested, summary.off_topic, summary.failed, summary.duplicates, summary.near_duplicates) == (
        5, 1, 4, 0, 0
    )
    assert summary.events > 0
    assert summary.events == store.count_events() == store.scalar("SELECT COUNT(*) FROM events")
    assert not summary.ok
    assert summary.renamed == []
    assert len(outcomes) == 9
    assert seen == summary.problems

    problems = {(Path(p.source_path).name, p.line): p.message for p in summary.problems}
    assert set(problems) == {("batch.jsonl", 2), ("batch.jsonl", 3), ("binary.txt", None), ("empty.txt", None)}
    assert problems[("empty.txt", None)] == "empty file (0 bytes)"
    assert problems[("binary.txt", None)].startswith("binary file")
    assert problems[("batch.jsonl", 2)].startswith("line is not valid JSON")
    assert problems[("batch.jsonl", 3)] == "missing or empty 'text'"
    shown = {str(p) for p in summary.problems}
    assert f"{batch / 'batch.jsonl'}:2: " + problems[("batch.jsonl", 2)] in shown
    assert f"{batch / 'empty.txt'}: empty file (0 bytes)" in shown

    assert summary.to_dict() == {
        "ingested": 5, "duplicates": 0, "near_duplicates": 0, "off_topic": 1, "failed": 4,
        "events": summary.events, "problems": [str(p) for p in summary.problems],
    }
    assert summary.line() == (
        f"5 ingested (1 off-topic, 0 near-duplicates), 0 already stored, 4 failed; {summary.events} events"
    )

    stored = sorted(r["id"] for r in store.list_reports())
    assert stored == ["chongjin", "hyesan", "jl-1", "musan", "sports"]
    counts = store.counts()
    assert (counts["reports"], counts["on_topic"], counts["off_topic"]) == (5, 4, 1)
    assert store.events_of_report("sports") == []  # off-topic reports yield no events
    assert store.get_report("jl-1").published == "2023-05-02"
    assert store.get_report("jl-1").title == "Inminban checks"


def test_reingesting_the_same_folder_changes_nothing(batch: Path, store):
    first = ingest([batch], store, SETTINGS)
    before = table_counts(store)
    events_before = store.list_events(limit=None)
    second = ingest([batch], store, SETTINGS)
    assert (second.ingested, second.duplicates, second.failed, second.events, second.near_duplicates) == (
        0, first.ingested, first.failed, 0, 0
    )
    assert table_counts(store) == before
    assert store.list_events(limit=None) == events_before


def test_stored_body_is_the_file_text_and_quotes_are_slices(batch: Path, store):
    ingest([batch], store, SETTINGS)
    for name in ("hyesan", "chongjin", "musan", "sports"):
        text = (batch / f"{name}.txt").read_bytes().decode("utf-8").replace("\r\n", "\n")
        report = store.get_report(name)
        assert report.body == text
        assert report.source_path == str(batch / f"{name}.txt")
    assert "\r" not in store.get_report("chongjin").body
    assert store.get_report("jl-1").body == JSONL_GOOD["text"]

    events = store.list_events(limit=None)
    assert events
    for e in events:
        body = store.get_report(e.document).body
        assert e.evidence.quote == body[e.evidence.start:e.evidence.end]
        assert e.evidence.quote.strip()


def test_robust_facts_of_the_extraction(batch: Path, store):
    ingest([batch], store, SETTINGS)
    hyesan = store.events_of_report("hyesan")
    assert any(
        e.type == "arrest" and "mss" in e.perpetrators and e.location is not None and e.location.place == "Hyesan"
        for e in hyesan
    )
    assert all(e.document == "hyesan" and e.status == "unreviewed" for e in hyesan)
    assert store.count_events(EventFilter(document="musan", type="sentencing")) >= 1


def test_a_lightly_edited_copy_is_a_near_duplicate(tmp_path: Path, store):
    original = tmp_path / "one" / "hyesan.txt"
    original.parent.mkdir()
    original.write_text(HYESAN, encoding="utf-8")
    edited = (
        HYESAN.replace("Phone crackdown in Hyesan", "Hyesan: MSS team hunts phone users")
        .replace("Reporting by Kim Min-ji.", "By Lee Soo-jin, staff reporter.")
        .replace("every night", "each night")
        .replace("harshest", "toughest")
    )
    copy = tmp_path / "two" / "hyesan-republished.txt"
    copy.parent.mkdir()
    copy.write_text(edited, encoding="utf-8")

    first = ingest([original], store, SETTINGS)
    second = ingest([copy], store, SETTINGS)
    assert (first.ingested, first.near_duplicates) == (1, 0)
    assert (second.ingested, second.near_duplicates, second.duplicates) == (1, 1, 0)
    report = store.get_report("hyesan-republished")
    assert report.near_duplicate_of == "hyesan"
    assert 0.7 <= report.similarity < 1.0
    assert store.near_duplicates("hyesan") == [("hyesan-republished", report.similarity, "republished")]
    assert store.counts()["near_duplicates"] == 1


def test_the_same_stem_in_two_folders_gets_a_second_id(tmp_path: Path, store):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text(HYESAN, encoding="utf-8")
    (tmp_path / "b" / "report.txt").write_text(MUSAN, encoding="utf-8")
    summary = ingest([tmp_path / "a", tmp_path / "b"], store, SETTINGS)
    assert (summary.ingested, summary.failed) == (2, 0)
    assert summary.renamed == [("report", "report~2")]
    assert store.get_report("report").body == HYESAN
    assert store.get_report("report~2").body == MUSAN
    renamed_events = store.events_of_report("report~2")
    assert renamed_events and {e.document for e in renamed_events} == {"report~2"}
    # a third one goes on counting
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "report.txt").write_text(CHONGJIN, encoding="utf-8")
    assert ingest([tmp_path / "c"], store, SETTINGS).renamed == [("report", "report~3")]


def test_a_failure_while_storing_leaves_nothing_of_that_report(batch: Path, store, monkeypatch):
    real = Store.insert_events

    def failing(self, report_id, events, published, body=None):
        real(self, report_id, events, published, body)  # written, then the transaction must undo it
        if report_id == "musan":
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "insert_events", failing)
    summary = ingest([batch], store, SETTINGS)

    assert (summary.ingested, summary.failed) == (4, 5)
    musan_problem = [p for p in summary.problems if Path(p.source_path).name == "musan.txt"]
    assert musan_problem == [
        IngestProblem(str(batch / "musan.txt"), "could not be stored: RuntimeError: disk on fire", None)
    ]
    assert not store.report_exists("musan")
    assert store.events_of_report("musan") == []
    assert store.scalar("SELECT COUNT(*) FROM events WHERE report_id = 'musan'") == 0
    assert store.scalar("SELECT COUNT(*) FROM report_lsh WHERE report_id = 'musan'") == 0
    assert store.search_reports("smugglers") == []
    assert sorted(r["id"] for r in store.list_reports()) == ["chongjin", "hyesan", "jl-1", "sports"]
    assert store.events_of_report("hyesan")

    # once the fault is gone, the report goes in under its own id
    monkeypatch.undo()
    again = ingest([batch], store, SETTINGS)
    assert (again.ingested, again.duplicates) == (1, 4)
    assert store.events_of_report("musan")


def test_a_failing_pipeline_is_a_problem_not_a_crash(batch: Path, store):
    def pipeline(raw):
        if raw.document == "hyesan":
            raise ValueError("bad rule")
        from countersight.pipeline.factories import build_pipeline

        return build_pipeline()(raw)

    summary = ingest([batch], store, SETTINGS, pipeline=pipeline)
    assert (summary.ingested, summary.failed) == (4, 5)
    assert any(p.message == "extraction failed: ValueError: bad rule" for p in summary.problems)
    assert not store.report_exists("hyesan")


def test_max_report_bytes_setting_is_applied(batch: Path, store):
    summary = ingest([batch / "hyesan.txt", batch / "musan.txt"], store, SETTINGS.replace(max_report_bytes=1000))
    assert (summary.ingested, summary.failed) == (1, 1)
    assert Path(summary.problems[0].source_path).name == "hyesan.txt"
    assert store.report_exists("musan") and not store.report_exists("hyesan")


def test_missing_path_is_a_problem(tmp_path: Path, store):
    summary = ingest([tmp_path / "nope.txt"], store, SETTINGS)
    assert summary == IngestSummary(failed=1, problems=[IngestProblem(str(tmp_path / "nope.txt"), "path does not exist")])


def test_copying_a_report_under_another_name_is_a_duplicate(batch: Path, tmp_path: Path, store):
    ingest([batch], store, SETTINGS)
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(batch / "hyesan.txt", other / "renamed.txt")
    summary = ingest([other], store, SETTINGS)
    assert (summary.ingested, summary.duplicates) == (0, 1)
    assert not store.report_exists("renamed")


def test_text_that_cannot_be_encoded_is_one_problem_not_a_crash(tmp_path):
    from countersight.ingest.service import ingest_report
    from countersight.model import RawReport
    from countersight.pipeline.factories import build_pipeline
    from countersight.store import open_store

    store = open_store(":memory:")
    outcome = ingest_report(RawReport("bad", "North Korea \ud800 Hyesan", "bad.txt", "txt"), store, build_pipeline())
    assert outcome.status == "failed" and "cannot be stored" in outcome.problem.message
    assert store.counts()["reports"] == 0
    store.close()


def test_an_outlet_is_stored_under_one_name(tmp_path: Path, store):
    folder = tmp_path / "outlets"
    folder.mkdir()
    body = "North Korea's Ministry of State Security arrested three brokers in Hyesan last week."
    (folder / "a.txt").write_text(f"title: A\noutlet: RFA\u2019s Korean Service \n\n{body}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"title: B\noutlet: Radio Free Asia\n\n{body} More.\n", encoding="utf-8")
    (folder / "c.txt").write_text(f"title: C\noutlet:  Seoul   Courier \n\n{body} Again.\n", encoding="utf-8")
    ingest([folder], store, load_settings(environ={}))
    assert {r.id: r.outlet for r in (store.get_report(d) for d in ("a", "b", "c"))} == {
        "a": "Radio Free Asia", "b": "Radio Free Asia", "c": "Seoul Courier"}
