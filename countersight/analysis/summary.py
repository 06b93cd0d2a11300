"""A readable summary of what a database holds (the demo's output)."""

from __future__ import annotations

from countersight.counting import choose as counting_of, group_counts, people, people_line
from countersight.describe import country_name, plural
from countersight.describe import place as describe_place
from countersight.store.base import Store
from countersight.terminal import printable
from countersight.store.filters import EventFilter
from countersight.vocab import gazetteer


def province_name(code: str | None) -> str:
    if not code:
        return "(no province)"
    place = gazetteer.provinces().get(code)
    return f"{place.name} ({code})" if place else code


def summary_text(store: Store, *, examples: int = 5, count: str | None = None) -> str:
    """What the database holds; the breakdowns count ``count`` ("incidents", "mentions"; by
    default incidents where they have been built: ``countersight.counting.choose``)."""
    counts = store.counts()
    counting = counting_of(store, count, check_unlinked=True)
    lines = [
        f"Reports: {counts['reports']} ({counts['on_topic']} on North Korea, {counts['off_topic']} off-topic, "
        f"{plural(counts['near_duplicates'], 'near-duplicate')})",
        f"Events:  {counts['events']} ({counts['unreviewed']} waiting for review)",
    ]
    if store.incidents_built_at() is not None:
        lines.append(f"Incidents: {store.count_incidents()} (one real-world act each, told by one or more events)")
    lines += ["", f"Counting {counting.what}" + (f": {counting.note}" if counting.note else
                                                  " (one act told several times counts once)"
                                                  if counting.incidents else " (each time a report tells an act)")]
    if counting.unlinked:
        lines.append(f"  ({plural(counting.unlinked, 'event')} added since the incidents were built are in none yet)")
    if counting.incidents:
        lines.append(f"People: {people_line(people(store))}")
    title = counting.what.capitalize()
    lines += ["", f"{title} by type:"]
    lines += [f"  {etype:<24}{n:>6}" for etype, n in group_counts(store, counting, "type")]
    lines += ["", f"{title} by province:"]
    lines += [f"  {province_name(code):<32}{n:>6}" for code, n in group_counts(store, counting, "admin1") if code]
    abroad = [(c, n) for c, n in group_counts(store, counting, "country") if c and c != "KP"]
    if abroad:
        lines += ["", f"{title} abroad:"] + [f"  {country_name(c) + f' ({c})':<32}{n:>6}" for c, n in abroad]
    lines += ["", f"{title} by agency:"]
    lines += [f"  {agency:<24}{n:>6}" for agency, n in group_counts(store, counting, "agency", limit=8)]
    lines += ["", "Some events with their evidence:"]
    shown = store.list_events(EventFilter(), limit=examples * 8, sort="confidence", descending=True)
    seen_types: set[str] = set()
    for event in shown:
        if event.type in seen_types or len(seen_types) >= examples:
            continue
        seen_types.add(event.type)
        where = describe_place(event.location) if event.location else ""
        actors = ", ".join(event.perpetrators) or "-"
        targets = ", ".join(event.targets) or "-"
        lines.append(printable(f"  [{event.type}] {event.document}  by {actors} against {targets}  at {where or '-'}"))
        lines.append(printable(f"      \u201c{_clip(event.evidence.quote, 160)}\u201d"))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
