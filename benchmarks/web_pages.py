"""Response times of the web pages and API with 100,000 events stored.

Run by hand: ``.venv/bin/python benchmarks/web_pages.py [--events 100000] [--reports 5000] [--runs 10] [--db PATH]``.

Fills a temporary SQLite database (or ``--db``, kept for reuse) with synthetic reports and
events inserted in bulk (realistic spread over types, provinces and places, agencies,
target groups, months 2012-2024, review statuses, a few quantities), then requests every
page and API route through the app (``TestClient``, a signed-in viewer: the session check
is part of each timing) and prints the median and the maximum of ``--runs`` requests.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from countersight import accounts
from countersight.model import EVENT_TYPES, MEASURES
from countersight.samples import reports_dir
from countersight.settings import load_settings
from countersight.store import open_store
from countersight.vocab import gazetteer
from countersight.vocab.agencies import AGENCIES
from countersight.vocab.groups import GROUP_IDS

TYPE_WEIGHTS = [6, 14, 13, 6, 9, 5, 4, 3, 3, 4, 6, 6]
PROVINCE_WEIGHTS = {"KP-09": 22, "KP-10": 16, "KP-03": 9, "KP-08": 8, "KP-04": 7, "KP-01": 7, "KP-02": 6, "KP-07": 5,
                     "KP-06": 5, "KP-05": 5, "KP-13": 3, "KP-14": 3, "KP-15": 2}
STATUS_WEIGHTS = {"unreviewed": 85, "confirmed": 10, "edited": 3, "rejected": 2}


def sentences() -> list[str]:
    out = []
    for path in sorted(reports_dir().glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            for s in line.replace("? ", "?\n").replace(". ", ".\n").split("\n"):
                if 40 <= len(s) <= 300:
                    out.append(s.strip())
    return out


def fill(db: str, n_events: int, n_reports: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = sentences()
    cities: dict[str, list[str]] = {}
    for place in gazetteer.load_places():
        if place.country == "KP" and place.admin1 and place.kind in ("city", "county") and place.lat is not None:
            cities.setdefault(place.admin1, []).append(place.name)
    provinces = list(PROVINCE_WEIGHTS)
    agency_ids = [a.id for a in AGENCIES]
    store = open_store(db)
    conn = store.conn
    stamp = "2025-01-01T00:00:00+00:00"
    per_report = n_events // n_reports
    conn.execute("BEGIN")
    report_rows, event_rows, perp_rows, target_rows, measure_rows = [], [], [], [], []
    k = 0
    for r in range(n_reports):
        year = rng.choices(range(2012, 2025), weights=range(1, 14))[0]
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body_sentences = rng.sample(pool, 24)
        body = "Headline of a synthetic report\n\n" + " ".join(body_sentences) + "\n"
        rid = f"bench-{r:05d}"
        home = rng.choices(provinces, weights=list(PROVINCE_WEIGHTS.values()))[0]
        report_rows.append((rid, hashlib.sha256(rid.encode()).hexdigest(), f"Synthetic report {r}", f"https://example.org/{rid}",
                            rng.choice(["Daily NK", "RFA", "ASIAPRESS"]), published, body, "txt", len(body.split()), 1, 5,
                            json.dumps([[0, 30, "headline"]]), home, "bench", stamp))
        offset = body.index("\n\n") + 2
        spans = []
        for s in body_sentences:
            spans.append((offset, offset + len(s)))
            offset += len(s) + 1
        count = per_report + (1 if r < n_events - per_report * n_reports else 0)
        for i in range(count):
            start, end = spans[i % len(spans)]
            etype = rng.choices(EVENT_TYPES, weights=TYPE_WEIGHTS)[0]
            roll = rng.random()
            if roll < 0.18:
                country, admin1, place, precision = "KP", None, None, "country"
            elif roll < 0.23:
                country, admin1, place, precision = "CN", None, rng.choice(["Dandong", "Yanji", "Shenyang", None]), "city"
            else:
                country = "KP"
                admin1 = home if rng.random() < 0.7 else rng.choices(provinces, weights=list(PROVINCE_WEIGHTS.values()))[0]
                place = rng.choice(cities.get(admin1, [None]) + [None, None])
                precision = "city" if place else "province"
            day = f"{published[:7]}-{rng.randint(1, 28):02d}"
            dated = rng.random() < 0.6
            perps = rng.sample(agency_ids, rng.choice([1, 1, 1, 2]))
            targets = rng.sample(GROUP_IDS, rng.choice([0, 1, 1, 2]))
            measures = []
            if rng.random() < 0.03:
                measures = [{"measure": rng.choice(MEASURES), "value": rng.randint(2, 8), "previous": None, "qualifier": None}]
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            eid = f"e-{k:07d}"
            k += 1
            event_rows.append((
                eid, rid, etype, rng.choice([None, None, None, "increase"]) if etype != "directive" else None,
                json.dumps(perps), json.dumps(targets), country, admin1, place, precision,
                day if dated else None, day if dated else None, "day" if dated else "unknown", "last week",
                day if dated else published, json.dumps(measures),
                "labor_camp" if etype == "sentencing" else None, None, body[start:end], start, end,
                round(rng.uniform(0.4, 0.95), 3), status, "machine", "[]", stamp, stamp, 1,
            ))
            timeline = day if dated else published
            perp_rows += [(eid, a, status, timeline) for a in perps]
            target_rows += [(eid, t, status, timeline) for t in targets]
            measure_rows += [(eid, m["measure"], m["value"], None, None, status, timeline) for m in measures]
    conn.executemany(
        "INSERT INTO reports (id, content_hash, title, url, outlet, published, body, format, word_count, on_topic, "
        "topic_hits, furniture, source_admin1, extractor_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        report_rows)
    conn.executemany(
        "INSERT INTO events (id, report_id, type, trend, perpetrators, targets, country, admin1, place, precision, "
        "date_start, date_end, date_precision, date_text, timeline_date, measures, penalty_kind, penalty_months, quote, "
        "start_offset, end_offset, confidence, status, origin, reviewed_fields, created_at, updated_at, quote_in_text) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", event_rows)
    conn.executemany("INSERT INTO event_perpetrators (event_id, agency, status, timeline_date) VALUES (?, ?, ?, ?)",
                     perp_rows)
    conn.executemany("INSERT INTO event_targets (event_id, target_group, status, timeline_date) VALUES (?, ?, ?, ?)",
                     target_rows)
    conn.executemany("INSERT INTO event_measures (event_id, measure, value, previous, qualifier, status, timeline_date) "
                     "VALUES (?,?,?,?,?,?,?)", measure_rows)
    conn.execute("COMMIT")
    store.fold_tallies()  # as an ingest does at its end
    conn.execute("ANALYZE")
    accounts.add_user(store, "bench", "benchmark password", "viewer")
    store.close()


ROUTES = [
    ("overview", "/"),
    ("events", "/events"),
    ("events, 3 filters", "/events?type=arrest&province=KP-09&agency=mss"),
    ("events, search", "/events?search=security+agents"),
    ("events, sorted, page 40", "/events?sort=confidence&order=asc&page=40"),
    ("events, unreviewed", "/events?status=unreviewed&sort=type"),
    ("event", "/events/e-0050000"),
    ("report", "/reports/bench-02500"),
    ("reports", "/reports"),
    ("trends", "/trends"),
    ("trends, filtered", "/trends?type=surveillance"),
    ("map", "/map"),
    ("map, place selected", "/map?at={at}"),
    ("map, filtered", "/map?type=arrest&since=2020-01-01"),
    ("api events", "/api/events"),
    ("api events, filters", "/api/events?type=arrest&province=KP-09&limit=100"),
    ("api event", "/api/events/e-0050000"),
    ("api report", "/api/reports/bench-02500"),
    ("api stats", "/api/stats"),
    ("api trends", "/api/trends"),
    ("api map", "/api/map"),
    ("export csv, 1 province+type", "/export?format=csv&type=arrest&province=KP-13"),
]


def measure(db: str, runs: int) -> list[tuple[str, str, float, float, int]]:
    from fastapi.testclient import TestClient

    from countersight.web.app import create_app
    from countersight.web.deps import COOKIE

    app = create_app(load_settings({"db": db}, environ={}))
    store = open_store(db)
    session = accounts.login(store, "bench", "benchmark password")
    store.close()
    client = TestClient(app)
    client.cookies.set(COOKIE, session.token)
    at = client.get("/api/map").json()["points"][0]
    results = []
    for name, path in ROUTES:
        path = path.format(at=f"{at['lat']},{at['lon']}")
        client.get(path)  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            r = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, (path, r.status_code, r.text[:200])
        results.append((name, path, statistics.median(times), max(times), len(r.content)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", help="Keep the database here (filled when missing).")
    args = parser.parse_args()
    tmp = None
    if args.db:
        db = args.db
    else:
        tmp = tempfile.TemporaryDirectory()
        db = str(Path(tmp.name) / "web-bench.db")
    if not os.path.exists(db):
        start = time.perf_counter()
        fill(db, args.events, args.reports)
        print(f"filled {db}: {args.events:,} events, {args.reports:,} reports in {time.perf_counter() - start:.1f} s",
              file=sys.stderr)
    results = measure(db, args.runs)
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
          f"{args.runs} requests each, after one warm-up")
    print()
    print("| page | path | median ms | max ms | bytes |")
    print("|---|---|---:|---:|---:|")
    for name, path, med, worst, size in results:
        flag = " **over 300 ms**" if worst > 300 else ""
        print(f"| {name} | `{path}` | {med:.0f} | {worst:.0f}{flag} | {size:,} |")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
