"""Draw the learning curve of docs/quality.md: cross-validated F1 on the dev set against
the number of dev reports the model was trained on (10, 20, 40, all of the other folds),
with the rules alone as dashed lines. Needs ../shared.

    .venv/bin/python tools/learning_curve.py [-o docs/learning-curve.svg]

Prints the figures as a Markdown table too. The picture is plain SVG, drawn here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from countersight.analysis.crossval import learning_curve  # noqa: E402
from countersight.analysis.quality import DEV  # noqa: E402

SIZES = (10, 20, 40, 1000)
SERIES = (("mention_f1", "mentions", "#0072B2"), ("perpetrators_f1", "perpetrators", "#D55E00"),
          ("targets_f1", "targets", "#009E73"))
W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 360, 56, 150, 24, 48


def svg(points: list[dict], rules: dict) -> str:
    xs = [p["reports"] for p in points]
    x_max = max(xs)

    def x(v: float) -> float:
        return LEFT + (W - LEFT - RIGHT) * v / x_max

    def y(v: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - v)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
    for v in xs:
        out.append(f'<text x="{x(v):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{v}</text>')
    out.append(f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 10}" text-anchor="middle">'
               'dev reports the model trained on (each fold; seeds and samples not added)</text>')
    out.append(f'<text x="14" y="{(TOP + H - BOTTOM) / 2}" transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})" '
               'text-anchor="middle">cross-validated F1</text>')
    for n, (key, label, colour) in enumerate(SERIES):
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(p['reports']):.1f},{y(p[key]):.1f}" for i, p in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in points:
            out.append(f'<circle cx="{x(p["reports"]):.1f}" cy="{y(p[key]):.1f}" r="3" fill="{colour}"/>')
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(rules[key]):.1f}" y2="{y(rules[key]):.1f}" '
                   f'stroke="{colour}" stroke-dasharray="5,4"/>')
        ly = TOP + 20 + 36 * n
        out.append(f'<line x1="{W - RIGHT + 12}" x2="{W - RIGHT + 32}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{W - RIGHT + 38}" y="{ly + 4}">{label}</text>')
        out.append(f'<line x1="{W - RIGHT + 12}" x2="{W - RIGHT + 32}" y1="{ly + 14}" y2="{ly + 14}" stroke="{colour}" '
                   'stroke-dasharray="5,4"/>')
        out.append(f'<text x="{W - RIGHT + 38}" y="{ly + 18}">… rules alone</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "learning-curve.svg")
    args = parser.parse_args()
    rows = learning_curve(*DEV, SIZES)
    rules = next(r for r in rows if r.get("rules"))
    points = [r for r in rows if not r.get("rules")]
    args.output.write_text(svg(points, rules), encoding="utf-8")
    print("| training reports | mention F1 | perpetrators F1 | targets F1 | place |")
    print("|---:|---:|---:|---:|---:|")
    for r in points:
        print(f"| {r['reports']} | {r['mention_f1']:.3f} | {r['perpetrators_f1']:.3f} | {r['targets_f1']:.3f} | {r['place']:.3f} |")
    print(f"| rules alone | {rules['mention_f1']:.3f} | {rules['perpetrators_f1']:.3f} | {rules['targets_f1']:.3f} | {rules['place']:.3f} |")
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
