"""A report's stored body as non-overlapping segments, for the highlighted report page.

Every boundary of an evidence quote, of page furniture and of the inside-source
phrase cuts the text; each segment then knows every event whose quote covers it.
Each segment becomes one element with ``data-start`` = its offset in the stored body,
so a selection in the browser maps back to exact offsets (the "add event" form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from countersight.model import Event
from countersight.vocab import labels


@dataclass
class Segment:
    start: int
    end: int
    text: str
    events: list[Event] = field(default_factory=list)
    furniture: str | None = None
    source: bool = False
    opens: list[str] = field(default_factory=list)  # ids of events whose quote starts here
    closes: list[str] = field(default_factory=list)  # ids of events whose quote ends here


def segments(body: str, events: list[Event], furniture: list[list] | None = None,
             source: tuple[int, int] | None = None) -> list[Segment]:
    n = len(body)

    def clamp(x: int) -> int:
        return max(0, min(n, int(x)))

    spans = [(clamp(e.evidence.start), clamp(e.evidence.end), e) for e in events if e.evidence.end > e.evidence.start]
    furn = [(clamp(s), clamp(t), str(kind)) for s, t, kind in (furniture or []) if t > s]
    cuts = {0, n}
    for s, t, _ in spans:
        cuts.update((s, t))
    for s, t, _ in furn:
        cuts.update((s, t))
    if source:
        cuts.update((clamp(source[0]), clamp(source[1])))
    bounds = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        seg = Segment(a, b, body[a:b])
        seg.events = [e for s, t, e in spans if s <= a and b <= t]
        seg.opens = [e.id for s, _, e in spans if s == a]
        seg.closes = [e.id for _, t, e in spans if t == b]
        seg.furniture = next((kind for s, t, kind in furn if s <= a and b <= t), None)
        seg.source = bool(source and source[0] <= a and b <= source[1])
        out.append(seg)
    return out


def render(segs: list[Segment]) -> Markup:
    """The body as HTML: every character of report text escaped, quotes as ``<mark>``, furniture greyed."""
    parts: list[str] = []
    for seg in segs:
        for eid in seg.opens[1:]:
            parts.append(f'<span class="qanchor" id="q-{escape(eid)}"></span>')
        text = escape(seg.text, quote=False)
        classes = ["seg"]
        if seg.furniture:
            classes += ["furniture", f"f-{escape(seg.furniture)}"]
        if seg.source:
            classes.append("source-phrase")
        attrs = f' data-start="{seg.start}"'
        if seg.events:
            live = [e for e in seg.events if e.status != "rejected"] or seg.events
            classes += ["quote", f"t-{live[0].type}"]
            if len({e.type for e in live}) > 1:
                classes.append("multi")
            if all(e.status == "rejected" for e in seg.events):
                classes.append("rejected")
            ids = " ".join(escape(e.id or "") for e in seg.events)
            types = list(dict.fromkeys(e.type for e in live))
            kinds = ", ".join(labels.name("type", t) for t in sorted({e.type for e in seg.events}))
            attrs += f' data-event-ids="{ids}" title="{escape(kinds)}"'
            if seg.opens:
                attrs += f' id="q-{escape(seg.opens[0])}"'
            # Further types (up to three more) in their own colours: the lower half, a line above,
            # a line below (ui.type_css); the segment stays one flat element.
            classes += [f"u{depth}-{etype}" for depth, etype in enumerate(types[1:4], start=1)]
            parts.append(f'<mark class="{" ".join(classes)}"{attrs}>{text}</mark>')
        else:
            parts.append(f'<span class="{" ".join(classes)}"{attrs}>{text}</span>')
        for eid in seg.closes:
            parts.append(f'<a class="qback" href="#ev-{escape(eid)}" title="end of a quote: back to its event in the list"'
                         f' aria-label="back to the event">&#8617;</a>')
    return Markup("".join(parts))
