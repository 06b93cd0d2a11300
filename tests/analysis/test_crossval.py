"""Cross-validation (``evaluate --corpus --folds``): folds by batch for any gold file, folds
capped to the reports with a note, and the gold's offsets checked against the corpus's text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from countersight.analysis.crossval import cross_validated
from countersight.errors import InputError
from countersight.samples import gold_path, reports_dir

DNK = ["dnk-hyesan-phone-detection-team", "dnk-musan-public-trial"]
RFA = sorted(p.stem for p in reports_dir().glob("rfa-*.txt"))


def corpus(tmp_path: Path, documents: list[str]) -> Path:
    """A folder holding these sample reports (the samples' gold annotates them)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for document in documents:
        shutil.copy(reports_dir() / f"{document}.txt", folder)
    return folder


def test_batches_are_the_id_prefix_for_any_gold_file(tmp_path: Path):
    # The samples' gold is not named dev: its reports still fold by outlet (dnk-, rfa-).
    cv = cross_validated(corpus(tmp_path, DNK + RFA), gold_path(), folds=3, by="batch")
    assert (cv.by, cv.folds, cv.reports) == ("batch", 2, 4)
    assert sorted(cv.by_batch) == ["dnk", "rfa"]
    assert cv.notes == ["folded by batch: 2 folds, one per batch (dnk, rfa), not 3"]
    assert cv.to_dict()["notes"] == cv.notes


def test_one_batch_cannot_be_folded_by_batch(tmp_path: Path):
    with pytest.raises(InputError, match=r"the ids of its 2 reports in .* all begin 'dnk-', one batch "
                                         r"\(a batch is the id's prefix before the first '-'\): fold by report instead"):
        cross_validated(corpus(tmp_path, DNK), gold_path(), folds=2, by="batch")


def test_more_folds_than_reports_are_capped_and_said(tmp_path: Path):
    reports = corpus(tmp_path, DNK + RFA[:1])
    cv = cross_validated(reports, gold_path(), folds=100)
    assert (cv.folds, cv.reports) == (3, 3)
    assert cv.notes == [f"100 folds asked for, 3 made: one per report of {gold_path()} in {reports}"]
    assert cross_validated(reports, gold_path(), folds=3).notes == []


def test_the_golds_offsets_are_checked_against_the_corpus(tmp_path: Path):
    lines = [json.loads(line) for line in gold_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = [line for line in lines if line["document"] in DNK]
    event = next(n for n, line in enumerate(kept) if "type" in line)
    kept[event]["evidence"]["start"] += 1  # same length, one character later: no longer the quote
    kept[event]["evidence"]["end"] += 1
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in kept), encoding="utf-8")
    with pytest.raises(InputError) as info:
        cross_validated(corpus(tmp_path, DNK), gold, folds=2)
    assert str(info.value).startswith(f"{gold}:{event + 1}: {kept[event]['document']}: evidence quote is not "
                                      "the report's text at ")
