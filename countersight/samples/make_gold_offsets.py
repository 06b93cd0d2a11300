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
* ``wire.jsonl``: the ``text`` value of each object; the document id is ``id``;
* an ``.html`` page: the article text the ingest extracts with trafilatura
  (checked only when ``countersight`` and its dependencies are importable).

When the project is importable, every body computed here is also compared
with what ``countersight.ingest`` stores, so the two cannot drift apart.

Offsets are Python string offsets (characters), ``quote == body[start:end]``.

Locating a quote: if it occurs once in the body, that occurrence is used. If
it occurs more than once (e.g. a photo caption that repeats a body sentence),
offsets already in the line that point at one of the occurrences are kept (a
"pin" an annotator can set by hand); otherwise the first occurrence at or after
the start of the previous mention of the same document is taken (gold lines of
a document are kept in reading order). Every such case is reported, so the
choice can be checked. Anything that cannot be resolved is an error.

The script also checks the gold lines against the EVENTS.md vocabularies.
Standard library only (the ingest cross-check is optional).
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

HEADER_KEYS = ("title", "url", "outlet", "published")
HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(.*)")
REPORT_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")


def split_header(text: str) -> tuple[dict[str, str] | None, str]:
    """Return (header, body) for a .txt report; header is None for a raw file.

    A header block is 1-4 ``key: value`` lines with distinct keys from
    title/url/outlet/published (any case, any order), then one blank line;
    anything else means the whole file is the body (same rule as the ingest).
    """
    fields: dict[str, str] = {}
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            return None, text
        line = text[pos:end]
        pos = end + 1
        if not line.strip():
            return (fields, text[pos:]) if fields else (None, text)
        if len(fields) == len(HEADER_KEYS):
            return None, text
        match = HEADER_LINE.fullmatch(line)
        if not match:
            return None, text
        key = match.group(1).lower()
        if key not in HEADER_KEYS or key in fields:
            return None, text
        fields[key] = match.group(2).strip()


def clean_body(text: str) -> str:
    """The only normalisation the ingest applies: unify line endings, drop a BOM."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def load_reports(reports_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """document id -> {"body", "published", "kind" (raw|header|jsonl|html), "file"}; and problems.

    .txt and .jsonl are read here with the standard library. .html/.htm pages
    need the project's own reader (trafilatura); without it they are listed
    with body None and their gold lines cannot be checked.
    """
    docs: dict[str, dict] = {}
    problems = []
    for path in sorted(reports_dir.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in REPORT_SUFFIXES or not path.is_file():
            continue
        suffix = path.suffix.lower()
        raw_bytes = path.read_bytes()
        if suffix in (".html", ".htm"):
            docs[path.stem] = {"body": None, "published": None, "kind": "html", "file": path.name}
            continue
        if raw_bytes.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{path.name}: starts with a BOM")
        if b"\r" in raw_bytes:
            problems.append(f"{path.name}: contains \\r (line endings must be \\n)")
        text = raw_bytes.decode("utf-8")
        if suffix == ".txt":
            header, body = split_header(text)
            if header is None:
                docs[path.stem] = {"body": body, "published": None, "kind": "raw", "file": path.name}
            else:
                for key in HEADER_KEYS:
                    if key not in header:
                        problems.append(f"{path.name}: header lacks {key}:")
                published = header.get("published") or None
                if published in ("null", "None"):
                    published = None
                docs[path.stem] = {"body": body, "published": published, "kind": "header", "file": path.name}
        else:
            for n, line in enumerate(text.split("\n"), 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                missing = {"id", "title", "url", "outlet", "published", "text"} - set(obj)
                if missing:
                    problems.append(f"{path.name}:{n}: missing fields {sorted(missing)}")
                doc_id = str(obj["id"])
                if doc_id in docs:
                    problems.append(f"{path.name}:{n}: duplicate document id {doc_id}")
                docs[doc_id] = {"body": clean_body(obj["text"]), "published": obj.get("published") or None,
                                "kind": "jsonl", "file": f"{path.name}:{n}"}
    return docs, problems


def cross_check_with_ingest(reports_dir: Path, docs: dict[str, dict], notes: list[str]) -> list[str]:
    """Compare with what countersight's own reader stores, when it can be imported.

    Fills in the bodies of HTML pages; any difference for .txt/.jsonl is an error.
    """
    try:
        from countersight.ingest.readers import iter_reports
        from countersight.model import IngestProblem
    except Exception as exc:  # not installed, or trafilatura missing
        notes.append(f"countersight ingest not importable ({type(exc).__name__}); "
                     "bodies not cross-checked, HTML pages not checked")
        return []
    errors = []
    checked = 0
    try:
        for item in iter_reports([reports_dir]):
            checked += 1
            if isinstance(item, IngestProblem):
                errors.append(f"ingest cannot read {item}")
                continue
            mine = docs.get(item.document)
            published = item.published.isoformat() if item.published else None
            if mine is None:
                errors.append(f"{item.document}: read by the ingest but not by this script")
            elif mine["kind"] == "html":
                mine["body"], mine["published"] = item.body, published
            elif mine["body"] != item.body or mine["published"] != published:
                errors.append(f"{item.document}: body or publication date differs from the ingest's")
    except ImportError as exc:  # e.g. trafilatura missing for an HTML page
        notes.append(f"HTML pages not checked ({exc})")
    notes.append(f"bodies cross-checked with countersight.ingest: {checked} reports")
    return errors


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
    errors += cross_check_with_ingest(args.reports, reports, notes)
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
    for doc_id, rep in reports.items():
        if doc_id not in gold_docs:
            if rep["kind"] == "html":  # HTML samples are annotated separately; not an error here
                notes.append(f"{doc_id}: HTML page without gold lines")
            else:
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
        if body is None:
            notes.append(f"{where}: HTML page not readable without the project installed; not checked")
            continue
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
    words = [len((reports[d["document"]]["body"] or "").split()) for d in doc_lines]
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
