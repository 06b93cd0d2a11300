#!/usr/bin/env python3
"""Compute and verify the evidence offsets of the sample gold file.

Nobody types offsets by hand: annotators write the ``evidence.quote`` of each
gold mention (``start``/``end`` may be null), then run

    python make_gold_offsets.py --write     # fill in start/end, rewrite gold.jsonl
    python make_gold_offsets.py             # verify only (exit status 1 on any problem)
    python make_gold_offsets.py --stats     # verify and print counts

Body text (what the tool stores and what offsets point into):

* a raw ``.txt`` report: the whole file (UTF-8, "\\n" line endings, no BOM);
* a ``.txt`` report with a header block (``title:``, ``url:``, ``outlet:``,
  ``published:`` lines, then exactly one blank line): everything after that
  blank line;
* ``wire.jsonl``: the ``text`` value of each object; the document id is ``id``.

Offsets are Python string offsets (characters), ``quote == body[start:end]``.

Locating a quote: if it occurs once in the body, that occurrence is used. If
it occurs more than once (e.g. a photo caption that repeats a body sentence),
offsets already in the line that point at one of the occurrences are kept (a
"pin" an annotator can set by hand); otherwise the first occurrence at or after
the start of the previous mention of the same document is taken (gold lines of
a document are kept in reading order). Every such case is reported, so the
choice can be checked. Anything that cannot be resolved is an error.

The script also checks the gold lines against the EVENTS.md vocabularies.
Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

EVENT_TYPES = [
    "directive", "surveillance", "arrest", "interrogation", "sentencing", "repatriation",
    "intimidation", "collective_punishment", "informant_recruitment", "extortion",
    "border_control", "defection",
]
AGENCIES = {
    "mss", "msos", "wpk", "supreme_leader", "kpa", "prosecutors", "courts", "inminban",
    "diplomatic_mission", "china_security", "authorities",
}
TARGETS = {
    "defectors", "defector_families", "brokers", "overseas_workers", "diplomats", "returnees",
    "phone_users", "border_residents", "residents", "officials", "smugglers", "traders",
}
ADMIN1 = {"KP-01", "KP-02", "KP-03", "KP-04", "KP-05", "KP-06", "KP-07", "KP-08", "KP-09",
          "KP-10", "KP-13", "KP-14", "KP-15"}
PRECISIONS = {"district", "city", "province", "country"}
DATE_PRECISIONS = {"day", "month", "season", "year", "unknown"}
MEASURES = ["watchers_per_person", "inspections_per_day", "agents_per_case", "supervision_levels",
            "households_per_watch_group", "orders_per_week", "kinship_degree", "team_size"]
QUALIFIERS = {None, "min", "max", "approx"}
PENALTY_KINDS = ["labor_training_brigade", "labor_camp", "political_prison", "execution", "fine", "other"]
OTHER_RE = re.compile(r"^other:[a-z0-9]+(?:_[a-z0-9]+)*$")
DOC_KEYS = ["document", "published", "source_admin1"]
EVENT_KEYS = ["document", "type", "trend", "perpetrators", "targets", "location", "date",
              "measures", "penalty", "evidence"]
HEADER_LINE_RE = re.compile(r"^[a-z_]+: ?.*$")


# --------------------------------------------------------------------------- bodies

def split_header(text: str) -> tuple[dict[str, str] | None, str]:
    """Return (header, body) for a .txt report; header is None for a raw file."""
    if not text.startswith("title:"):
        return None, text
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise ValueError("header block without the blank line that ends it")
    header = {}
    for line in head.split("\n"):
        if not HEADER_LINE_RE.match(line):
            raise ValueError(f"bad header line {line!r}")
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header, body


def load_reports(reports_dir: Path) -> dict[str, dict]:
    """document id -> {"body": str, "published": str|None, "kind": raw|header|jsonl, "file": str}"""
    docs: dict[str, dict] = {}
    problems = []
    for path in sorted(reports_dir.iterdir()):
        raw_bytes = path.read_bytes()
        if raw_bytes.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{path.name}: starts with a BOM")
        if b"\r" in raw_bytes:
            problems.append(f"{path.name}: contains \\r (line endings must be \\n)")
        text = raw_bytes.decode("utf-8")
        if path.suffix == ".txt":
            doc_id = path.stem
            header, body = split_header(text)
            if header is None:
                docs[doc_id] = {"body": body, "published": None, "kind": "raw", "file": path.name}
            else:
                for key in ("title", "url", "outlet", "published"):
                    if key not in header:
                        problems.append(f"{path.name}: header lacks {key}:")
                published = header.get("published") or None
                if published in ("null", "None"):
                    published = None
                docs[doc_id] = {"body": body, "published": published, "kind": "header", "file": path.name}
        elif path.suffix == ".jsonl":
            for n, line in enumerate(text.split("\n"), 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                missing = {"id", "title", "url", "outlet", "published", "text"} - set(obj)
                if missing:
                    problems.append(f"{path.name}:{n}: missing fields {sorted(missing)}")
                doc_id = obj["id"]
                if doc_id in docs:
                    problems.append(f"{path.name}:{n}: duplicate document id {doc_id}")
                docs[doc_id] = {"body": obj["text"], "published": obj.get("published"),
                                "kind": "jsonl", "file": f"{path.name}:{n}"}
        else:
            problems.append(f"{path.name}: unexpected file type")
    return docs, problems


# --------------------------------------------------------------------------- validation

def is_iso_date(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def check_event(ev: dict, published: str | None) -> list[str]:
    errs = []
    if list(ev) != EVENT_KEYS:
        errs.append(f"keys {list(ev)} != {EVENT_KEYS}")
        return errs
    t = ev["type"]
    if t not in EVENT_TYPES:
        errs.append(f"unknown type {t!r}")
    if ev["trend"] not in (None, "increase", "decrease"):
        errs.append(f"bad trend {ev['trend']!r}")
    for agent in ev["perpetrators"]:
        if agent not in AGENCIES and not OTHER_RE.match(agent):
            errs.append(f"bad perpetrator {agent!r}")
    for target in ev["targets"]:
        if target not in TARGETS and not OTHER_RE.match(target):
            errs.append(f"bad target {target!r}")
    if len(set(ev["perpetrators"])) != len(ev["perpetrators"]) or len(set(ev["targets"])) != len(ev["targets"]):
        errs.append("repeated value in perpetrators/targets")
    loc = ev["location"]
    if loc is not None:
        if list(loc) != ["country", "admin1", "place", "precision"]:
            errs.append(f"location keys {list(loc)}")
        else:
            if not (isinstance(loc["country"], str) and re.fullmatch(r"[A-Z]{2}", loc["country"])):
                errs.append(f"bad country {loc['country']!r}")
            if loc["admin1"] is not None and (loc["country"] != "KP" or loc["admin1"] not in ADMIN1):
                errs.append(f"bad admin1 {loc['admin1']!r}")
            if loc["precision"] not in PRECISIONS:
                errs.append(f"bad precision {loc['precision']!r}")
            if loc["precision"] == "country" and (loc["admin1"] or loc["place"]):
                errs.append("country precision with admin1/place")
            if loc["precision"] == "province" and (loc["place"] or (loc["country"] == "KP" and not loc["admin1"])):
                errs.append("province precision needs admin1 and no place")
            if loc["precision"] in ("city", "district") and not loc["place"]:
                errs.append("city/district precision without place")
            if loc["country"] == "KP" and loc["precision"] != "country" and not loc["admin1"]:
                errs.append("place in North Korea without admin1")
    date = ev["date"]
    quote = ev["evidence"]["quote"] if isinstance(ev.get("evidence"), dict) else ""
    if date is not None:
        if list(date) != ["start", "end", "precision", "text"]:
            errs.append(f"date keys {list(date)}")
        else:
            if date["precision"] not in DATE_PRECISIONS:
                errs.append(f"bad date precision {date['precision']!r}")
            if not date["text"] or date["text"] not in quote:
                errs.append(f"date text {date['text']!r} not in the quote")
            if date["precision"] == "unknown":
                if date["start"] is not None or date["end"] is not None:
                    errs.append("unknown date precision with start/end")
            else:
                if not (is_iso_date(date["start"]) and is_iso_date(date["end"])) or date["end"] < date["start"]:
                    errs.append(f"bad date span {date['start']}..{date['end']}")
                elif published is None and date["start"][:4] not in date["text"]:
                    errs.append("resolved date in a report without publication date, but no year in the text")
                elif published is not None and date["start"] > published:
                    errs.append(f"date {date['start']} after publication {published}")
    for m in ev["measures"]:
        if list(m) != ["measure", "value", "previous", "qualifier"]:
            errs.append(f"measure keys {list(m)}")
            continue
        if m["measure"] not in MEASURES:
            errs.append(f"bad measure {m['measure']!r}")
        if not isinstance(m["value"], (int, float)) or (m["previous"] is not None and not isinstance(m["previous"], (int, float))):
            errs.append(f"bad measure numbers {m}")
        if m["qualifier"] not in QUALIFIERS:
            errs.append(f"bad qualifier {m['qualifier']!r}")
    pen = ev["penalty"]
    if pen is not None:
        if list(pen) != ["kind", "months"] or pen["kind"] not in PENALTY_KINDS:
            errs.append(f"bad penalty {pen}")
        elif pen["months"] is not None and not isinstance(pen["months"], int):
            errs.append(f"bad penalty months {pen['months']!r}")
        if t != "sentencing":
            errs.append("penalty on a type other than sentencing")
    if t == "directive":
        if ev["trend"] is not None or pen is not None:
            errs.append("directive with trend or penalty")
        if any(m.get("measure") != "orders_per_week" for m in ev["measures"]):
            errs.append("directive with a measure other than orders_per_week")
    ex = ev["evidence"]
    if not isinstance(ex, dict) or list(ex) != ["quote", "start", "end"] or not ex["quote"]:
        errs.append(f"bad evidence {ex}")
    return errs


# --------------------------------------------------------------------------- offsets

def occurrences(body: str, quote: str) -> list[int]:
    found, i = [], body.find(quote)
    while i != -1:
        found.append(i)
        i = body.find(quote, i + 1)
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=HERE / "gold.jsonl")
    ap.add_argument("--reports", type=Path, default=HERE / "reports")
    ap.add_argument("--write", action="store_true", help="fill in start/end and rewrite the gold file")
    ap.add_argument("--stats", action="store_true", help="print counts after verifying")
    args = ap.parse_args(argv)

    reports, errors = load_reports(args.reports)
    notes: list[str] = []
    lines = [json.loads(l) for l in args.gold.read_text(encoding="utf-8").split("\n") if l.strip()]

    doc_lines = [l for l in lines if "type" not in l]
    events = [l for l in lines if "type" in l]
    first_event = next((i for i, l in enumerate(lines) if "type" in l), len(lines))
    if any("type" not in l for l in lines[first_event:]):
        errors.append("document lines must all come before the event lines")

    gold_docs = {}
    for d in doc_lines:
        if list(d) != DOC_KEYS:
            errors.append(f"document line keys {list(d)}")
            continue
        if d["document"] in gold_docs:
            errors.append(f"duplicate document line {d['document']}")
        gold_docs[d["document"]] = d
        if d["source_admin1"] is not None and d["source_admin1"] not in ADMIN1:
            errors.append(f"{d['document']}: bad source_admin1 {d['source_admin1']!r}")
        rep = reports.get(d["document"])
        if rep is None:
            errors.append(f"{d['document']}: no such report")
            continue
        if d["published"] != rep["published"]:
            errors.append(f"{d['document']}: published {d['published']!r} but the report says {rep['published']!r}")
        if d["published"] is not None and not is_iso_date(d["published"]):
            errors.append(f"{d['document']}: bad published {d['published']!r}")
    for doc_id in reports:
        if doc_id not in gold_docs:
            errors.append(f"{doc_id}: report without a gold document line")

    cursor: dict[str, int] = {}
    seen = set()
    for n, ev in enumerate(events, 1):
        doc_id = ev.get("document")
        where = f"event {n} ({doc_id}, {ev.get('type')})"
        if doc_id not in gold_docs or doc_id not in reports:
            errors.append(f"{where}: unknown document")
            continue
        for e in check_event(ev, gold_docs[doc_id]["published"]):
            errors.append(f"{where}: {e}")
        ex = ev.get("evidence") or {}
        quote = ex.get("quote") or ""
        key = (doc_id, ev.get("type"), quote)
        if key in seen:
            errors.append(f"{where}: same type and quote twice")
        seen.add(key)
        body = reports[doc_id]["body"]
        occ = occurrences(body, quote)
        if not occ:
            errors.append(f"{where}: quote not found in the body: {quote[:70]!r}")
            continue
        start, end = ex.get("start"), ex.get("end")
        pinned = isinstance(start, int) and start in occ and end == start + len(quote)
        if len(occ) == 1:
            chosen = occ[0]
        elif pinned:
            chosen = start
            notes.append(f"{where}: quote occurs {len(occ)} times at {occ}; kept pinned offset {start}")
        else:
            after = [i for i in occ if i >= cursor.get(doc_id, 0)]
            if not after:
                errors.append(f"{where}: quote occurs {len(occ)} times at {occ}, none after the previous mention")
                continue
            chosen = after[0]
            notes.append(f"{where}: quote occurs {len(occ)} times at {occ}; took {chosen} (first after previous mention)")
        if start is not None or end is not None:
            if (start, end) != (chosen, chosen + len(quote)):
                if args.write:
                    notes.append(f"{where}: offsets {start}-{end} -> {chosen}-{chosen + len(quote)}")
                else:
                    errors.append(f"{where}: offsets {start}-{end}, expected {chosen}-{chosen + len(quote)}")
        elif not args.write:
            errors.append(f"{where}: no offsets (run with --write)")
        ex["start"], ex["end"] = chosen, chosen + len(quote)
        assert body[ex["start"]:ex["end"]] == quote
        cursor[doc_id] = chosen

    for note in notes:
        print("note:", note)
    if args.write:
        if errors:
            for e in errors:
                print("ERROR:", e, file=sys.stderr)
            print(f"{len(errors)} error(s); gold file not written", file=sys.stderr)
            return 1
        with args.gold.open("w", encoding="utf-8", newline="\n") as fh:
            for l in doc_lines + events:
                fh.write(json.dumps(l, ensure_ascii=False) + "\n")
        print(f"wrote {args.gold} ({len(doc_lines)} documents, {len(events)} mentions)")
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(doc_lines)} documents, {len(events)} mentions, every quote == body[start:end]")
    if args.stats:
        print_stats(doc_lines, events, reports)
    return 0


def print_stats(doc_lines, events, reports) -> None:
    def show(title, counter, order=None):
        print(f"\n{title}")
        keys = order if order else sorted(counter, key=lambda k: (-counter[k], str(k)))
        for k in keys:
            print(f"  {k:<28} {counter.get(k, 0)}")

    kinds = collections.Counter(reports[d["document"]]["kind"] for d in doc_lines)
    per_doc = collections.Counter(e["document"] for e in events)
    print(f"\nreports: {len(doc_lines)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
          f"without mentions: {', '.join(d['document'] for d in doc_lines if not per_doc[d['document']]) or '-'}")
    words = [len(reports[d["document"]]["body"].split()) for d in doc_lines]
    print(f"body length in words: min {min(words)}, max {max(words)}, total {sum(words)}")
    show("mentions per type", collections.Counter(e["type"] for e in events), EVENT_TYPES)
    show("measures", collections.Counter(m["measure"] for e in events for m in e["measures"]), MEASURES)
    show("penalties", collections.Counter(e["penalty"]["kind"] for e in events if e["penalty"]), PENALTY_KINDS)
    show("trends", collections.Counter(e["trend"] for e in events if e["trend"]))
    show("perpetrators", collections.Counter(
        ("other:*" if p.startswith("other:") else p) for e in events for p in e["perpetrators"]))
    show("targets", collections.Counter(
        ("other:*" if t.startswith("other:") else t) for e in events for t in e["targets"]))
    show("location country/admin1", collections.Counter(
        (e["location"]["country"] + (" " + e["location"]["admin1"] if e["location"]["admin1"] else ""))
        if e["location"] else "null" for e in events))
    show("date precision", collections.Counter(e["date"]["precision"] if e["date"] else "null" for e in events))


if __name__ == "__main__":
    sys.exit(main())
