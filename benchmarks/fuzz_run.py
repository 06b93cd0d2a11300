"""A long fuzzing run of the readers and the extraction pipeline (hypothesis at scale).

Runs every property of ``tests/fuzz`` with many more examples than CI does, each
in its own process (two at a time by default), and prints how many inputs each
tried, how long it took, the slowest single input, and any failure.

    .venv/bin/python benchmarks/fuzz_run.py                  # the recorded run (~15 min on 2 cores)
    .venv/bin/python benchmarks/fuzz_run.py --scale 0.05     # a quick look
    .venv/bin/python benchmarks/fuzz_run.py --json out.json  # also write the results

A failing property prints hypothesis' minimal failing example; it is kept in the
hypothesis database (.hypothesis/) and replayed first by the next run, CI included.
Not part of the test suite. Results are recorded in docs/security.md ("Fuzzing").
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUZZ_TESTS = ROOT / "tests" / "fuzz"

# (module, property, examples in the recorded run)
TARGETS: tuple[tuple[str, str, int], ...] = (
    ("test_readers_properties", "test_arbitrary_bytes_give_reports_or_problems", 20_000),
    ("test_readers_properties", "test_txt_body_is_the_text_with_line_endings_unified", 20_000),
    ("test_readers_properties", "test_jsonl_gives_one_item_per_non_blank_line", 20_000),
    ("test_readers_properties", "test_a_euc_kr_line_among_utf8_lines", 20_000),
    ("test_readers_properties", "test_tag_soup_gives_a_report_or_a_problem", 3_000),
    ("test_pipeline_properties", "test_any_text", 5_000),
    ("test_pipeline_properties", "test_word_salad_of_report_words", 5_000),
    ("test_pipeline_properties", "test_long_reports_of_repeated_salad", 100),
)
DEADLINE_MS = 10_000  # per input: a hang, not a busy machine


def run_one(module_name: str, function: str) -> dict:
    """In this process: warm up, run one property with FUZZ_EXAMPLES examples, report."""
    sys.path.insert(0, str(FUZZ_TESTS))
    module = importlib.import_module(module_name)
    _warm_up(module)
    test = getattr(module, function)
    started = time.perf_counter()
    error = None
    try:
        test()
    except BaseException as exc:  # noqa: BLE001 - a failure is a result here
        error = "".join(traceback.format_exception(exc))[-6000:]
    return {
        "module": module_name,
        "property": function,
        "tried": sum(module.TRIED.values()),
        "seconds": round(time.perf_counter() - started, 1),
        "slowest_input_s": {k: round(v, 3) for k, v in sorted(module.SLOWEST.items())},
        "error": error,
    }


def _warm_up(module) -> None:
    """What the modules' pytest fixtures do: first calls import a lot, outside any deadline."""
    from countersight.ingest.readers import read_file
    from countersight.model import RawReport

    if hasattr(module, "fresh"):
        path = module.fresh("warm/warm.html")
        path.write_text("<html><body><article><p>" + "A source said agents arrested people. " * 20
                        + "</p></article></body></html>", encoding="utf-8")
        list(read_file(path))
    if hasattr(module, "PIPELINE"):
        module.PIPELINE(RawReport("warm", module.ON_TOPIC, "warm.txt", "txt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every example count (default 1)")
    parser.add_argument("--parallel", type=int, default=2, help="properties run at once (default 2)")
    parser.add_argument("--only", help="run only properties whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # module:function, in a child process
    args = parser.parse_args()

    if args.one:
        module_name, function = args.one.split(":")
        print(json.dumps(run_one(module_name, function)))
        return 0

    targets = [t for t in TARGETS if not args.only or args.only in t[1]]
    started = time.perf_counter()

    def child(target: tuple[str, str, int]) -> dict:
        module_name, function, examples = target
        n = max(1, int(examples * args.scale))
        env = dict(os.environ, FUZZ_EXAMPLES=str(n), FUZZ_EXAMPLES_PIPELINE=str(n), FUZZ_DEADLINE_MS=str(DEADLINE_MS))
        proc = subprocess.run([sys.executable, __file__, "--one", f"{module_name}:{function}"],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            result = {"module": module_name, "property": function, "tried": None, "seconds": None,
                      "slowest_input_s": {}, "error": f"exit {proc.returncode}: {proc.stderr[-4000:]}"}
        result["examples_asked"] = n
        status = "FAILED" if result["error"] else "ok"
        print(f"{status:6} {function}: {result['tried']} inputs in {result['seconds']} s, "
              f"slowest {result['slowest_input_s']}", flush=True)
        if result["error"]:
            print(result["error"], flush=True)
        return result

    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        results = list(pool.map(child, targets))
    total = {
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "wall_seconds": round(time.perf_counter() - started, 1),
        "inputs": sum(r["tried"] or 0 for r in results),
        "failures": sum(1 for r in results if r["error"]),
        "results": results,
    }
    print(f"\n{total['inputs']:,} inputs in {total['wall_seconds']} s ({total['machine']}); "
          f"{total['failures']} failing properties")
    print("\n| target | property | inputs | seconds | slowest input |\n|---|---|---|---|---|")
    for r in results:
        slowest = max(r["slowest_input_s"].values(), default=0.0)
        print(f"| {r['module'].removeprefix('test_').removesuffix('_properties')} | {r['property']} | "
              f"{r['tried']} | {r['seconds']} | {slowest} s |")
    if args.json:
        args.json.write_text(json.dumps(total, indent=2), encoding="utf-8")
    return 1 if total["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
