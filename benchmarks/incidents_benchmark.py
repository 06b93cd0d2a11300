"""Incident linking speed on generated mentions (issue 12: "100,000 reports in minutes").

Run by hand: ``.venv/bin/python benchmarks/incidents_benchmark.py [REPORTS] [--store] [--counts] [--marks=N]``.
Generates REPORTS reports (default 100,000) of five mentions each, spread over twelve
types, thirteen provinces, ten years and a few places, with quotes drawn from a
vocabulary of 2,000 words; one report in twenty is a relay (a near-duplicate) of an
earlier one. Prints the time ``build_incidents`` takes and the incidents it makes; with
``--store``, also the time to write them into an SQLite file; with ``--counts``, the reports
and events are stored too and the incident counts of the overview, trends and map are timed
(``countersight.counting``: no filter, filters, the public view), beside the same counts of
mentions; ``--marks=N`` first marks the location, date and targets of N events (spread over the
archive) sensitive, as analysts do, so the public counts follow marks. Not part of the test suite.
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


def main(n_reports: int, with_store: bool, with_counts: bool = False, marks: int = 0) -> None:
    events, reports = generate(n_reports)
    start = time.perf_counter()
    incidents = build_incidents(events, reports)
    elapsed = time.perf_counter() - start
    across = sum(1 for i in incidents if len(i.documents) > 1)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{n_reports:,} reports, {len(events):,} mentions -> {len(incidents):,} incidents "
          f"({across:,} across reports) in {elapsed:.1f} s ({len(events) / elapsed:,.0f} mentions/s)")
    if with_store or with_counts:
        from countersight.store import open_store

        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.db"))
            if with_counts:
                start = time.perf_counter()
                _store_events(store, events, reports)
                print(f"reports and events stored in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            store.replace_incidents(incidents, "2026-01-01T00:00:00+00:00")
            print(f"stored in {time.perf_counter() - start:.1f} s")
            if with_counts and marks:
                start = time.perf_counter()
                step = max(1, len(events) // marks)
                with store.transaction():
                    for e in events[::step][:marks]:
                        for field in ("location", "date", "targets"):
                            store.set_sensitivity(e.id, field, True, "bench")
                print(f"{min(marks, len(events)):,} events' location, date and targets marked sensitive in "
                      f"{time.perf_counter() - start:.1f} s")
            if with_counts:
                time_counts(store)
            store.close()


def _store_events(store, events: list[Event], reports: list[ReportInfo]) -> None:
    by_report: dict[str, list[Event]] = {}
    for e in events:
        by_report.setdefault(e.document, []).append(e)
    with store.transaction():
        for r in reports:
            store.insert_report({"id": r.id, "content_hash": r.id, "title": r.id, "outlet": r.outlet,
                                 "published": r.published, "body": r.body, "format": "txt", "word_count": 5,
                                 "on_topic": 1, "topic_hits": 1, "near_duplicate_of": r.near_duplicate_of,
                                 "extractor_version": "bench", "ingested_at": "2026-01-01T00:00:00+00:00"}, [])
            store.insert_events(r.id, by_report.get(r.id, []), r.published, r.body)
    store.fold_tallies()


def time_counts(store, runs: int = 3) -> None:
    """Median seconds of each count, counting incidents and counting mentions."""
    from countersight import counting
    from countersight.store.filters import EventFilter

    cases = [
        ("by type, no filter", lambda c, f: counting.month_type_counts(store, c, f), EventFilter()),
        ("by province, no filter", lambda c, f: counting.group_counts(store, c, "admin1", f), EventFilter()),
        ("by agency per year", lambda c, f: counting.facet_period_counts(store, c, "agency", f, 4, undated=True),
         EventFilter()),
        ("map, no filter", lambda c, f: counting.place_counts(store, c, f), EventFilter()),
        ("by type, type+province", lambda c, f: counting.month_type_counts(store, c, f),
         EventFilter(type="arrest", province="KP-09")),
        ("map, agency+since", lambda c, f: counting.place_counts(store, c, f),
         EventFilter(agency="mss", since="2020-01-01")),
        ("map, public", lambda c, f: counting.place_counts(store, c, f, public=True), EventFilter(public=True)),
        ("by province, public", lambda c, f: counting.group_counts(store, c, "admin1", f, public=True),
         EventFilter(public=True)),
        ("by month, public", lambda c, f: counting.month_type_counts(store, c, f, public=True),
         EventFilter(public=True)),
        ("by province per year, public", lambda c, f: counting.facet_period_counts(
            store, c, "province", f, 4, undated=True, public=True), EventFilter(public=True)),
        ("by target per year, public", lambda c, f: counting.facet_period_counts(
            store, c, "target", f, 4, undated=True, public=True), EventFilter(public=True)),
        ("map, public, since", lambda c, f: counting.place_counts(store, c, f, public=True),
         EventFilter(since="2020-01-01", public=True)),
    ]
    print("| count | incidents ms | mentions ms |")
    print("|---|---:|---:|")
    for name, run, f in cases:
        row = []
        for what in ("incidents", "mentions"):
            c = counting.Counting(what)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                run(c, f)
                times.append(time.perf_counter() - start)
            row.append(sorted(times)[len(times) // 2] * 1000)
        print(f"| {name} | {row[0]:,.0f} | {row[1]:,.0f} |")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    marks = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--marks=")), 0)
    main(int(args[0]) if args else 100_000, "--store" in sys.argv, "--counts" in sys.argv, marks)
