"""The project's own sample reports (fictional, written for countersight) and their gold annotations."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES_DIR = HERE  # every report under it is fictional


def reports_dir() -> Path:
    return HERE / "reports"


def gold_path() -> Path:
    return HERE / "gold.jsonl"
