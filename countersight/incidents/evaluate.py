"""Scoring incident linking against an incident gold file.

The gold (``samples/incidents_gold.jsonl``) says which gold mentions tell the same act,
by document, type and evidence offsets (never by text). Linking is scored on the gold
mentions themselves, so its figures do not mix in the extractor's errors:

- pairwise precision, recall and F1 over the pairs of mentions put in one incident;
- B-cubed precision, recall and F1 (per mention: how much of its predicted incident is
  in its gold incident, and the reverse, averaged);
- people: of the gold incidents, how many get the right number of people (count and
  qualifier, or none stated) in the predicted incident of their first mention.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from countersight.incidents import ReportInfo, build_incidents
from countersight.model import Event

Key = tuple[str, str, int, int]  # document, type, evidence start, evidence end


@dataclass
class IncidentGold:
    documents: list[str]
    incidents: list[dict[str, Any]]  # {"incident", "mentions": [Key], "people"}


def load_incident_gold(path: str | Path) -> IncidentGold:
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    head, rest = lines[0], lines[1:]
    incidents = [{"incident": r["incident"], "mentions": [tuple(m) for m in r["mentions"]], "people": r.get("people")}
                 for r in rest]
    return IncidentGold(list(head["documents"]), incidents)


def key_of(event: Event) -> Key:
    return (event.document, event.type, event.evidence.start, event.evidence.end)


def gold_mentions(gold_events: Iterable[Event], documents: Iterable[str]) -> list[Event]:
    """The gold mentions of ``documents``, each with an id made of its key."""
    wanted = set(documents)
    out = []
    for e in gold_events:
        if e.document in wanted:
            e.id = "g:" + ":".join(map(str, key_of(e)))
            out.append(e)
    return out


def pairwise(gold: Sequence[Sequence[Key]], predicted: Sequence[Sequence[Key]]) -> dict[str, float]:
    def pairs(clusters: Sequence[Sequence[Key]]) -> set[frozenset]:
        return {frozenset(p) for c in clusters for p in combinations(c, 2)}

    g, p = pairs(gold), pairs(predicted)
    return _prf(len(g & p), len(p), len(g))


def bcubed(gold: Sequence[Sequence[Key]], predicted: Sequence[Sequence[Key]]) -> dict[str, float]:
    gold_of = {k: set(c) for c in gold for k in c}
    pred_of = {k: set(c) for c in predicted for k in c}
    keys = list(gold_of)
    if not keys:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    precision = sum(len(pred_of[k] & gold_of[k]) / len(pred_of[k]) for k in keys) / len(keys)
    recall = sum(len(pred_of[k] & gold_of[k]) / len(gold_of[k]) for k in keys) / len(keys)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _prf(right: int, predicted: int, gold: int) -> dict[str, float]:
    precision = right / predicted if predicted else 1.0
    recall = right / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "right": right, "predicted": predicted, "gold": gold}


def evaluate_linking(gold: IncidentGold, gold_events: Iterable[Event], reports: Iterable[ReportInfo]) -> dict[str, Any]:
    """Link the gold mentions of every report (as a store links every stored event), then
    score the incidents of the gold's documents: their mentions, and any mention of
    another report that was linked to them (a false link counts against precision)."""
    gold_events = list(gold_events)
    everything = gold_mentions(gold_events, {e.document for e in gold_events})
    mentions = [e for e in everything if e.document in set(gold.documents)]
    known = {key_of(e) for e in mentions}
    listed = [k for inc in gold.incidents for k in inc["mentions"]]
    missing = known - set(listed)
    unknown = set(listed) - known
    if missing or unknown or len(listed) != len(set(listed)):
        raise ValueError(f"incident gold does not cover each gold mention once: {len(missing)} missing, "
                         f"{len(unknown)} unknown, {len(listed) - len(set(listed))} repeated")
    by_id = {e.id: key_of(e) for e in everything}
    incidents = [i for i in build_incidents(everything, reports) if set(i.documents) & set(gold.documents)]
    predicted = [[by_id[m] for m in i.mentions] for i in incidents]
    # A mention of another report in a gold incident's cluster is a singleton in the gold.
    extra = {k for c in predicted for k in c} - known
    
    gold_clusters = [inc["mentions"] for inc in gold.incidents] + [[k] for k in sorted(extra)]
    incident_of = {by_id[m]: i for i in incidents for m in i.mentions}
    people_right = sum(1 for inc in gold.incidents
                       if (incident_of[inc["mentions"][0]].people or None) == (inc["people"] or None))
    cross_gold = sum(1 for c in gold_clusters[:len(gold.incidents)] if len({k[0] for k in c}) > 1)
    cross_pred = sum(1 for c in predicted if len({k[0] for k in c}) > 1)
    return {
        "documents": len(gold.documents), "mentions": len(mentions),
        "gold_incidents": len(gold.incidents), "predicted_incidents": len(predicted),
        "linked_from_other_reports": len(extra),
        "across_reports": {"gold": cross_gold, "predicted": cross_pred},
        "pairwise": pairwise(gold_clusters, predicted),
        "bcubed": bcubed(gold_clusters, predicted),
        "people": {"right": people_right, "of": len(gold.incidents),
                   "accuracy": round(people_right / len(gold.incidents), 4) if gold.incidents else 1.0},
    }


def sample_reports(folder: str | Path) -> list[ReportInfo]:
    """Reports of a folder as the ingest reads them, with their near-duplicate links
    (the ingest's MinHash estimate at its default threshold)."""
    from countersight.ingest.dedup import estimate_similarity, minhash
    from countersight.ingest.readers import iter_reports
    from countersight.model import RawReport
    from countersight.settings import load_settings

    threshold = load_settings({}).near_duplicate_threshold
    infos: list[ReportInfo] = []
    signatures: list[tuple[int, ...]] = []
    for raw in iter_reports([folder]):
        if not isinstance(raw, RawReport):
            continue
        signature = minhash(raw.body)
        near = None
        for info, other in zip(infos, signatures):
            if estimate_similarity(signature, other) >= threshold:
                near = info.id
                break
        infos.append(ReportInfo(raw.document, raw.body, raw.outlet,
                                raw.published.isoformat() if raw.published else None, None, near))
        signatures.append(signature)
    return infos
