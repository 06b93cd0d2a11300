"""Incident linking speed on generated mentions (issue 12: "100,000 reports in minutes").

Run by hand: ``.venv/bin/python benchmarks/incidents_benchmark.py [REPORTS] [--store]``.
Generates REPORTS reports (default 100,000) of five mentions each, spread over twelve
types, thirteen provinces, ten years and a few places, with quotes drawn from a
vocabulary of 2,000 words; one report in twenty is a relay (a near-duplicate) of an
earlier one. Prints the time ``build_incidents`` takes and the incidents it makes; with
``--store``, also the time to write them into an SQLite file. Not part of the test suite.
"""

from __future__ import annotations

import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from countersight.incidents import ReportInfo, build_incidents
from countersight.model import EVENT_TYPES, DateSpan, Event, Evidence, Location

PROVINCES = [f"KP-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)]
PLACES = ["Hyesan", "Hoeryong", "Musan", "Sinuiju", "Chongjin", None, None]
WORDS = [f"w{n}" for n in range(2000)]


def generate(n_reports: int, seed: int = 12) -> tuple[list[Event], list[ReportInfo]]:
    rng = random.Random(seed)
    events: list[Event] = []
    reports: list[ReportInfo] = []
    for r in range(n_reports):
        rid = f"r{r:07d}"
        year, month = rng.randint(2014, 2023), rng.randint(1, 12)
        published = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
        if r and rng.random() < 0.05:  # a relay of an earlier report: the same mentions
            original = rng.randrange(max(0, r - 500), r)
            reports.append(ReportInfo(rid, "", "Relay Outlet", published, None, f"r{original:07d}"))
            for e in [e for e in events[original * 5:original * 5 + 5]]:
                events.append(Event(id=f"{rid}-{e.id}", document=rid, type=e.type, evidence=e.evidence,
                                    perpetrators=e.perpetrators, targets=e.targets, location=e.location, date=e.date))
            continue
        reports.append(ReportInfo(rid, "A source told Daily NK.", None, published, None, None))
        for k in range(5):
            dated = rng.random() < 0.4
            day = rng.randint(1, 28)
            quote = " ".join(rng.choice(WORDS) for _ in range(18))
            events.append(Event(
                id=f"e{r:07d}{k}", document=rid, type=rng.choice(EVENT_TYPES),
                evidence=Evidence(quote, k * 200, k * 200 + len(quote)), perpetrators=[rng.choice(["mss", "msos", "authorities"])],
                targets=["residents"], location=Location("KP", rng.choice(PROVINCES), rng.choice(PLACES), "city"),
                date=DateSpan(f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}-{day:02d}", "day", "then") if dated else None,
            ))
    return events, reports


def main(n_reports: int, with_store: bool) -> None:
    events, reports = generate(n_reports)
    start = time.perf_counter()
    incidents = build_incidents(events, reports)
    elapsed = time.perf_counter() - start
    across = sum(1 for i in incidents if len(i.documents) > 1)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{n_reports:,} reports, {len(events):,} mentions -> {len(incidents):,} incidents "
          f"({across:,} across reports) in {elapsed:.1f} s ({len(events) / elapsed:,.0f} mentions/s)")
    if with_store:
        from countersight.store import open_store

        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.db"))
            start = time.perf_counter()
            store.replace_incidents(incidents, "2026-01-01T00:00:00+00:00")
            print(f"stored in {time.perf_counter() - start:.1f} s")
            store.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 100_000, "--store" in sys.argv)
