"""Query latency with 1,000,000 stored events: the Events page filters, full-text
search and the Overview aggregates, on SQLite (and PostgreSQL when given a URL).

Run by hand (not in the test suite):

    .venv/bin/python benchmarks/query_benchmark.py [--db URL] [--events 1000000] [--reports 100000] [--repeat 30]

Without ``--db`` a fresh SQLite file in a temporary folder is used. ``--db
postgresql://...`` must name an empty database (it is filled). Events, their facets
and their reports are generated directly into the database in bulk (not through the
pipeline). Each query runs ``--repeat`` times with varying values (first a warm-up);
prints the median and the 95th percentile in milliseconds. Goal: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from countersight.model import EVENT_TYPES, STATUSES
from countersight.settings import SETTINGS
from countersight.store import open_store
from countersight.store.filters import EventFilter
from countersight.vocab.groups import GROUP_IDS

AGENCY_IDS = ("mss", "msos", "wpk", "supreme_leader", "kpa", "prosecutors", "courts", "inminban", "authorities")
PROVINCES = ("KP-01", "KP-02", "KP-03", "KP-04", "KP-05", "KP-06", "KP-07", "KP-08", "KP-09", "KP-10", "KP-13")
PLACES = ("Hyesan", "Chongjin", "Sinuiju", "Hoeryong", "Musan", "Onsong", "Kanggye", "Manpo", "Wonsan", "Hamhung")
COUNT_LIMIT = int(dict((s.name, s.default) for s in SETTINGS)["count_limit"])
WORDS = ("arrested", "detained", "searched", "brokers", "phones", "security", "agents", "market", "border", "river",
         "families", "defectors", "inspection", "team", "night", "residents", "police", "trial", "camp", "smuggling",
         "money", "calls", "China", "crackdown", "patrols", "guards", "orders", "party", "committee", "school")


def generate(store, n_events: int, n_reports: int, seed: int = 1) -> float:
    rng = random.Random(seed)
    start = time.perf_counter()
    cursor = store.conn.cursor()
    sql = store.dialect.sql
    stamp = "2026-01-01T00:00:00+00:00"

    def many(statement: str, rows: list[tuple]) -> None:
        if rows:
            cursor.executemany(sql(statement), rows)

    if store.dialect.name == "sqlite":  # bulk loading: a large page cache (the queries run without it)
        store.execute("PRAGMA cache_size = -400000")
    per_report = max(1, n_events // n_reports)
    eid = 0
    chunk = 2_000
    for first in range(0, n_reports, chunk):
        reports, events, perps, targets, measures = [], [], [], [], []
        for r in range(first, min(first + chunk, n_reports)):
            rid = f"r-{r:07d}"
            place = rng.choice(PLACES)
            day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            words = [f"{place}."] + [rng.choice(WORDS) for _ in range(80)]
            body = " ".join(words)
            starts = [0]
            for word in words[:-1]:
                starts.append(starts[-1] + len(word) + 1)
            reports.append((rid, f"h{r}", f"Report {r} from {place}", body, "jsonl", 81, 1, 5, "[]", "rules-1",
                            stamp, day))
            for _ in range(per_report if eid < n_events else 0):
                e = f"e-{eid:010d}"
                eid += 1
                etype = rng.choice(EVENT_TYPES)
                status = rng.choices(STATUSES, weights=(85, 8, 4, 3))[0]
                when = day if rng.random() < 0.8 else None
                agencies = sorted(set(rng.sample(AGENCY_IDS, rng.randint(0, 2))))
                groups = sorted(set(rng.sample(GROUP_IDS, rng.randint(0, 2))))
                at = rng.randrange(0, len(words) - 18)  # the quote is the report's own text, as always
                quote_start = starts[at]
                quote = " ".join(words[at:at + 18])
                events.append((e, rid, etype, None, json.dumps(agencies), json.dumps(groups), "KP",
                               rng.choice(PROVINCES), place, "city", None, None, when, when,
                               "day" if when else None, None, when or day, "[]", None, None, quote, quote_start,
                               quote_start + len(quote), 0.7, status, "machine", "[]", stamp, stamp, 1))
                timeline = when or day
                perps += [(e, a, status, timeline) for a in agencies]
                targets += [(e, g, status, timeline) for g in groups]
                if rng.random() < 0.05:
                    measures.append((e, "team_size", rng.randint(2, 9), None, "exact", status, timeline))
        store.execute(store.dialect.begin)
        many("INSERT INTO reports (id, content_hash, title, body, format, word_count, on_topic, topic_hits, furniture, "
             "extractor_version, ingested_at, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", reports)
        many("INSERT INTO events (id, report_id, type, trend, perpetrators, targets, country, admin1, place, precision, "
             "lat, lon, date_start, date_end, date_precision, date_text, timeline_date, measures, penalty_kind, "
             "penalty_months, quote, start_offset, end_offset, confidence, status, origin, reviewed_fields, created_at, "
             "updated_at, quote_in_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?)",
             events)
        many("INSERT INTO event_perpetrators (event_id, agency, status, timeline_date) VALUES (?, ?, ?, ?)", perps)
        many("INSERT INTO event_targets (event_id, target_group, status, timeline_date) VALUES (?, ?, ?, ?)", targets)
        many("INSERT INTO event_measures (event_id, measure, value, previous, qualifier, status, timeline_date) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)", measures)
        store.execute("COMMIT")
        if (first // chunk) % 10 == 0:
            print(f"  ... {min(first + chunk, n_reports):,} reports, {eid:,} events "
                  f"({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    store.fold_tallies()  # as an ingest does at its end
    store.execute("ANALYZE")
    if store.dialect.name == "sqlite":
        store.execute("PRAGMA cache_size = -2000")  # back to the default the app runs with
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - start


def timed(fn: Callable[[int], object], repeat: int) -> tuple[float, float]:
    fn(0)  # warm-up
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        fn(i + 1)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95


def queries(store, size: int = 50) -> list[tuple[str, Callable[[int], object]]]:
    rng = random.Random(5)

    def page(make_filter: Callable[[int], EventFilter], deep: bool = False) -> Callable[[int], object]:
        # What the Events page runs (web/pages.py): a count that stops count_limit rows past
        # the page (exact for filters the tallies answer), then the page, newest first.
        def run(i: int) -> object:
            f = make_filter(i)
            number = rng.randint(2, 200) if deep else 1
            offset = (number - 1) * size
            store.count_events(f, cap=offset + COUNT_LIMIT)
            return store.list_events(f, limit=size, offset=offset, sort="date", descending=True)
        return run

    years = list(range(2015, 2026))
    searches = ("hyesan brokers", "arrested", "defectors famil", "border guards", "china calls", "smuggl")
    out: list[tuple[str, Callable[[int], object]]] = [
        ("events: no filter, page 1", page(lambda i: EventFilter())),
        ("events: no filter, page 2-200", page(lambda i: EventFilter(), deep=True)),
        ("events: type", page(lambda i: EventFilter(type=EVENT_TYPES[i % len(EVENT_TYPES)]))),
        ("events: agency", page(lambda i: EventFilter(agency=AGENCY_IDS[i % len(AGENCY_IDS)]))),
        ("events: target", page(lambda i: EventFilter(target=GROUP_IDS[i % len(GROUP_IDS)]))),
        ("events: province", page(lambda i: EventFilter(province=PROVINCES[i % len(PROVINCES)]))),
        ("events: date range (1 year)", page(lambda i: EventFilter(since=f"{years[i % 11]}-01-01",
                                                                    until=f"{years[i % 11]}-12-31"))),
        ("events: status", page(lambda i: EventFilter(status=STATUSES[i % len(STATUSES)]))),
        ("events: search", page(lambda i: EventFilter(search=searches[i % len(searches)]))),
        ("events: type + province + year", page(lambda i: EventFilter(
            type=EVENT_TYPES[i % len(EVENT_TYPES)], province=PROVINCES[i % len(PROVINCES)],
            since=f"{years[i % 11]}-01-01", until=f"{years[i % 11]}-12-31"))),
        ("full-text search (reports)", lambda i: store.search_reports(searches[i % len(searches)], limit=20)),
        ("overview: counts", lambda i: store.counts()),
        ("overview: by type", lambda i: store.group_counts("type")),
        ("overview: by province", lambda i: store.group_counts("admin1")),
        ("overview: by month", lambda i: store.group_counts("month")),
    ]
    try:  # the web app's own Overview queries, where present
        from countersight.web import queries as web

        out += [
            ("overview (web): month x type", lambda i: web.month_type_counts(store)),
            ("overview (web): latest reports", lambda i: web.latest_reports(store, 10)),
            ("overview (web): review queue", lambda i: web.review_queue(store, 10)),
        ]
    except Exception as exc:  # pragma: no cover - depends on the web app's state
        print(f"(web queries not measured: {type(exc).__name__}: {exc})", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="do not generate: measure the database as it is")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or str(Path(folder) / "query-bench.db")
        store = open_store(url)
        backend = store.dialect.name
        if not args.keep:
            seconds = generate(store, args.events, args.reports)
            print(f"generated {args.events:,} events in {args.reports:,} reports in {seconds:.0f} s", flush=True)
        n_events = store.scalar("SELECT COUNT(*) FROM events")
        size = ""
        if backend == "sqlite":
            size = f", database {sum(p.stat().st_size for p in Path(url).parent.glob(Path(url).name + '*')) / 1e6:,.0f} MB"
        print(f"{backend}: {n_events:,} events{size}; {args.repeat} runs each; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'query':<34} {'median ms':>10} {'p95 ms':>10}")
        worst = 0.0
        for name, fn in queries(store):
            median, p95 = timed(fn, args.repeat)
            worst = max(worst, p95)
            flag = "" if p95 < 50 else "   <-- over 50 ms"
            print(f"{name:<34} {median:10.1f} {p95:10.1f}{flag}", flush=True)
        print(f"worst p95: {worst:.1f} ms (goal: under 50 ms)")
        store.close()


if __name__ == "__main__":
    main()
