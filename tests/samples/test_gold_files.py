"""The project's own gold files: every quote lies in its report at its offsets, and every
value is in the EVENTS.md vocabularies (the checks of ``make_gold_offsets.py``)."""

from __future__ import annotations

import pytest

from countersight.analysis.evaluate import read_gold
from countersight.ingest.readers import iter_reports
from countersight.model import RawReport
from countersight.samples import SAMPLES_DIR
from countersight.samples.make_gold_offsets import main as verify

GOLD_FILES = {
    "samples": (SAMPLES_DIR / "gold.jsonl", SAMPLES_DIR / "reports"),
    "held-out samples": (SAMPLES_DIR / "heldout" / "gold.jsonl", SAMPLES_DIR / "heldout" / "reports"),
    "style samples": (SAMPLES_DIR / "styles" / "gold.jsonl", SAMPLES_DIR / "styles" / "reports"),
    "held-out style samples": (SAMPLES_DIR / "heldout_styles" / "gold.jsonl", SAMPLES_DIR / "heldout_styles" / "reports"),
}


@pytest.mark.parametrize("name", sorted(GOLD_FILES))
def test_gold_file_verifies(name: str, capsys: pytest.CaptureFixture[str]):
    gold, reports = GOLD_FILES[name]
    status = verify(["--gold", str(gold), "--reports", str(reports)])
    assert status == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(GOLD_FILES))
def test_gold_file_passes_the_checks_of_evaluate(name: str):
    """What ``countersight evaluate`` checks (every line in the event model, every quote at
    its offsets in the text the ingest stores) holds for the project's own gold files."""
    gold, reports = GOLD_FILES[name]
    parsed = read_gold(gold)
    bodies = {r.document: r.body for r in iter_reports([reports]) if isinstance(r, RawReport)}
    parsed.check_texts(bodies)
    assert parsed.events and {e.document for e in parsed.events} <= set(bodies)
