"""Charts as inline SVG, drawn on the server: no JavaScript chart library, nothing from a CDN.

Colours are SVG presentation attributes (``fill=``), which the Content-Security-Policy
allows; there are no ``style`` attributes. Every mark carries a ``<title>`` (a tooltip
and a text alternative) and, where it stands for events, a link to them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from html import escape

from markupsafe import Markup

from countersight.model import EVENT_TYPES
from countersight.vocab import labels
from countersight.web.ui import TYPE_COLOURS, label

MAX_MONTH_BARS = 120  # beyond ten years of months, the timeline shows years


def _shown(text: str) -> str:
    """A bar's label: an event type by its readable name, anything else as it is."""
    return labels.name("type", text) if text in TYPE_COLOURS else label(text)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_max(value: float) -> float:
    """The next "round" number at or above ``value`` (1, 2, 2.5, 5 × 10^k)."""
    if value <= 0:
        return 1
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10 ** exp
        if candidate >= value:
            return candidate
    return 10 ** (exp + 1)  # pragma: no cover


def axis(value: float, *, integer: bool = True, most: int = 5) -> tuple[float, list[float]]:
    """The top of a value axis and its ticks, scaled to the data: from 0 to the first multiple
    of a round step (1, 2 or 5 × 10^k; whole numbers only for counts) at or above ``value``,
    in at most ``most`` steps. 7 -> (8, [0, 2, 4, 6, 8]); 1 -> (1, [0, 1])."""
    if value <= 0:
        return 1, [0, 1]
    exp = math.floor(math.log10(value / most)) if value / most > 0 else 0
    while True:
        for base in (1, 2, 5):
            step = base * 10.0 ** exp
            if integer and step < 1:
                continue
            if math.ceil(value / step - 1e-9) <= most:
                top = round(math.ceil(value / step - 1e-9) * step, 10)
                n = round(top / step)
                return top, [round(i * step, 10) for i in range(n + 1)]
        exp += 1


def month_span(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    y2, m2 = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a YYYY or YYYY-MM period."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    y, m = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(y, m)[1]:02d}"


def periods_for(months: Iterable[str]) -> tuple[list[str], int]:
    """The continuous run of periods covering ``months`` and the prefix length: 7 (months) or 4 (years)."""
    months = sorted(m for m in months if m and len(m) >= 7)
    if not months:
        return [], 7
    span = month_span(months[0], months[-1])
    if len(span) <= MAX_MONTH_BARS:
        return span, 7
    return [str(y) for y in range(int(months[0][:4]), int(months[-1][:4]) + 1)], 4


def timeline(rows: Sequence[tuple[str, str, int]], link: Callable[[str], str] | None = None,
             width: int = 760, height: int = 240, what: str = "events") -> Markup:
    """Stacked bars of events (``what``: incidents, mentions) per month (or year) by type; each bar
    links to them."""
    periods, size = periods_for(r[0] for r in rows)
    if not periods:
        return Markup(f'<p class="empty">No dated {_e(what)}.</p>')
    counts: dict[str, dict[str, int]] = {p: {} for p in periods}
    for month, etype, n in rows:
        bucket = counts.get(month[:size])
        if bucket is not None:
            bucket[etype] = bucket.get(etype, 0) + n
    top, ticks = axis(max(sum(c.values()) for c in counts.values()))
    left, right, bottom, top_pad = 44, 8, 22, 8
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    bar_w = plot_w / len(periods)
    out = [f'<svg class="chart timeline" id="timeline-chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{_e(what.capitalize())} per {"month" if size == 7 else "year"} by type">']
    for tick in ticks:
        y = top_pad + plot_h * (1 - tick / top)
        out.append(f'<line class="grid" x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#ddd"/>')
        out.append(f'<text class="tick" x="{left - 4}" y="{_n(y + 4)}" text-anchor="end">{_e(_n(tick))}</text>')
    label_every = max(1, math.ceil(len(periods) / 12)) if size == 4 else 0
    for i, period in enumerate(periods):
        x = left + i * bar_w
        total = sum(counts[period].values())
        start, end = period_bounds(period)
        if total:
            href = link(period) if link else None
            out.append(f'<a href="{_e(href)}">' if href else "<g>")
            y = top_pad + plot_h
            for etype in EVENT_TYPES:
                n = counts[period].get(etype, 0)
                if not n:
                    continue
                h = plot_h * n / top
                y -= h
                out.append(
                    f'<rect class="bar t-{etype}" x="{_n(x + 0.5)}" y="{_n(y)}" width="{_n(max(bar_w - 1, 0.8))}" '
                    f'height="{_n(h)}" fill="{TYPE_COLOURS[etype]}"><title>{_e(period)}: {n} {_e(_shown(etype))}'
                    f' (of {total} {_e(what)})</title></rect>'
                )
            out.append("</a>" if href else "</g>")
        show = (period.endswith("-01") or i == 0) if size == 7 else (i % label_every == 0)
        if show and (size == 4 or len(periods) <= 60 or int(period[:4]) % 2 == 0 or i == 0):
            text = period[:4] if size == 7 else period
            out.append(f'<text class="tick" x="{_n(x + 1)}" y="{height - 6}">{_e(text)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _date_number(value: str) -> float:
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return dt.date(int(value[:4]), 1, 1).toordinal()


def scatter(points: Sequence[dict], href: Callable[[dict], str], title: Callable[[dict], str],
            width: int = 360, height: int = 170, chart_id: str = "") -> Markup:
    """Values over time: a thin line through the points, each point a link (to the report behind it)."""
    if not points:
        return Markup('<p class="empty">No values.</p>')
    left, right, bottom, top_pad = 34, 10, 22, 10
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    xs = [_date_number(p["date"]) for p in points]
    lo, hi = min(xs), max(xs)
    if hi == lo:
        lo, hi = lo - 15, hi + 15
    values = [float(p["value"]) for p in points]
    top, ticks = axis(max(values), integer=all(v.is_integer() for v in values))

    def xy(x: float, value: float) -> tuple[float, float]:
        return left + plot_w * (x - lo) / (hi - lo), top_pad + plot_h * (1 - float(value) / top)

    ident = f' id="{_e(chart_id)}"' if chart_id else ""
    out = [f'<svg class="chart scatter"{ident} viewBox="0 0 {width} {height}" role="img">']
    for tick in ticks:
        y = top_pad + plot_h * (1 - tick / top)
        out.append(f'<line class="grid" x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#ddd"/>')
        out.append(f'<text class="tick" x="{left - 4}" y="{_n(y + 4)}" text-anchor="end">{_e(_n(tick))}</text>')
    line = " ".join(f"{_n(a)},{_n(b)}" for a, b in (xy(x, p["value"]) for x, p in zip(xs, points, strict=True)))
    out.append(f'<polyline class="trace" points="{line}" fill="none" stroke="#999" stroke-width="1"/>')
    for x, p in zip(xs, points, strict=True):
        cx, cy = xy(x, p["value"])
        colour = TYPE_COLOURS.get(p.get("type", ""), "#555")
        out.append(f'<a href="{_e(href(p))}"><circle class="point" cx="{_n(cx)}" cy="{_n(cy)}" r="4" fill="{colour}" '
                   f'stroke="#333" stroke-width="0.7"><title>{_e(title(p))}</title></circle></a>')
    first, last = dt.date.fromordinal(int(min(xs))), dt.date.fromordinal(int(max(xs)))
    out.append(f'<text class="tick" x="{left}" y="{height - 6}">{first.isoformat()}</text>')
    if last != first:
        out.append(f'<text class="tick" x="{width - right}" y="{height - 6}" text-anchor="end">{last.isoformat()}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def bars(items: Sequence[tuple[str, int, str | None]], width: int = 360, row: int = 18,
         css: Callable[[str], str] | None = None, chart_id: str = "") -> Markup:
    """Horizontal bars: (label, count, link)."""
    if not items:
        return Markup('<p class="empty">No events.</p>')
    label_w = 150
    top = max(n for _, n, _ in items) or 1
    height = row * len(items) + 4
    ident = f' id="{_e(chart_id)}"' if chart_id else ""
    out = [f'<svg class="chart bars"{ident} viewBox="0 0 {width} {height}" role="img">']
    for i, (text, n, href) in enumerate(items):
        y = 2 + i * row
        w = max((width - label_w - 50) * n / top, 1)
        klass = css(text) if css else ""
        out.append(f'<a href="{_e(href)}">' if href else "<g>")
        out.append(f'<text class="label" x="{label_w - 6}" y="{y + row - 5}" text-anchor="end">{_e(_shown(text))}</text>')
        out.append(f'<rect class="bar {klass}" x="{label_w}" y="{y + 2}" width="{_n(w)}" height="{row - 5}" '
                   f'fill="{TYPE_COLOURS.get(text, "#6b8fb5")}"><title>{_e(_shown(text))}: {n}</title></rect>')
        out.append(f'<text class="count" x="{_n(label_w + w + 4)}" y="{y + row - 5}">{n:,}</text>')
        out.append("</a>" if href else "</g>")
    out.append("</svg>")
    return Markup("".join(out))


def heat_class(n: int, top: int) -> str:
    """A shading class h0..h8 for a heatmap cell (classes, not inline styles: the CSP forbids those)."""
    if n <= 0 or top <= 0:
        return "h0"
    share = math.log1p(n) / math.log1p(top)
    return f"h{min(8, 1 + round(7 * share))}"
