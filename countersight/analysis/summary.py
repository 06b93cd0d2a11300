"""A readable summary of what a database holds (the demo's output)."""

from __future__ import annotations

from countersight.describe import plural
from countersight.store.base import Store
from countersight.terminal import printable
from countersight.store.filters import EventFilter
from countersight.vocab import gazetteer


def province_name(code: str | None) -> str:
    if not code:
        return "(no province)"
    place = gazetteer.provinces().get(code)
    return f"{place.name} ({code})" if place else code


def summary_text(store: Store, *, examples: int = 5) -> str:
    counts = store.counts()
    lines = [
        f"Reports: {counts['reports']} ({counts['on_topic']} on North Korea, {counts['off_topic']} off-topic, "
        f"{plural(counts['near_duplicates'], 'near-duplicate')})",
        f"Events:  {counts['events']} ({counts['unreviewed']} waiting for review)",
        "",
        "Events by type:",
    ]
    lines += [f"  {etype:<24}{n:>6}" for etype, n in store.group_counts("type")]
    lines += ["", "Events by province:"]
    lines += [f"  {province_name(code):<32}{n:>6}" for code, n in store.group_counts("admin1") if code]
    abroad = [(c, n) for c, n in store.group_counts("country") if c and c != "KP"]
    if abroad:
        lines += ["", "Events abroad:"] + [f"  {c:<32}{n:>6}" for c, n in abroad]
    lines += ["", "Events by agency:"]
    lines += [f"  {agency:<24}{n:>6}" for agency, n in store.group_counts("agency", limit=8)]
    lines += ["", "Some events with their evidence:"]
    shown = store.list_events(EventFilter(), limit=examples * 8, sort="confidence", descending=True)
    seen_types: set[str] = set()
    for event in shown:
        if event.type in seen_types or len(seen_types) >= examples:
            continue
        seen_types.add(event.type)
        where = ""
        if event.location:
            loc = event.location
            where = loc.place or (province_name(loc.admin1) if loc.admin1 else loc.country or "")
        actors = ", ".join(event.perpetrators) or "-"
        targets = ", ".join(event.targets) or "-"
        lines.append(printable(f"  [{event.type}] {event.document}  by {actors} against {targets}  at {where or '-'}"))
        lines.append(printable(f"      \u201c{_clip(event.evidence.quote, 160)}\u201d"))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
