"""Ingest throughput on the shared bulk corpus (2,000 real news reports), one process.

Run by hand: ``.venv/bin/python benchmarks/bulk_ingest.py [PATH]``. Prints reports/s,
words/s, the off-topic count, events and the database size. Not part of the test suite.
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from countersight.ingest.service import ingest
from countersight.store import open_store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bulk" / "bulk.jsonl"


def main(path: Path) -> None:
    words = sum(len(json.loads(line).get("text", "").split()) for line in path.open(encoding="utf-8") if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        store = open_store(str(db))
        start = time.perf_counter()
        summary = ingest([path], store, link_incidents=False)  # the ingest alone, as before incidents were linked by it
        elapsed = time.perf_counter() - start
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{summary.line()}")
    print(f"{summary.ingested} reports, {words:,} words in {elapsed:.1f} s: "
          f"{summary.ingested / elapsed:.0f} reports/s, {words / elapsed:,.0f} words/s; database {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
