"""The event types' colours tell all twelve types apart, also for colour-blind readers, and
their text reads on them. The colour math is here, with no dependency: sRGB to CIELAB
(D65), CIEDE2000 (Sharma, Wu & Dalal 2005, checked against their published test pairs) and
the simulation of dichromacy by Machado, Oliveira & Fernandes (2009, severity 1)."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from countersight.model import EVENT_TYPES
from countersight.web import palette, ui

import math

def hex_rgb(h):
    h = h.lstrip("#"); return tuple(int(h[i:i+2], 16) / 255 for i in (0, 2, 4))

def to_linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

def from_linear(c):
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

# Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}

def simulate(rgb, kind):
    lin = [to_linear(c) for c in rgb]
    m = MACHADO[kind]
    return tuple(from_linear(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))

def lab(rgb):
    r, g, b = (to_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / 1.0
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))

def ciede2000(lab1, lab2):
    L1, a1, b1 = lab1; L2, a2, b2 = lab2
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    Cb = (C1 + C2) / 2
    G = 0.5 * (1 - math.sqrt(Cb ** 7 / (Cb ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if C2p else 0.0
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0: dhp = 0.0
    elif abs(h2p - h1p) <= 180: dhp = h2p - h1p
    elif h2p - h1p > 180: dhp = h2p - h1p - 360
    else: dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dhp / 2))
    Lbp, Cbp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0: hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180: hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360: hbp = (h1p + h2p + 360) / 2
    else: hbp = (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    dtheta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cbp, 1 + 0.015 * Cbp * T
    Rt = -math.sin(math.radians(2 * dtheta)) * Rc
    return math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))

def luminance(rgb):
    r, g, b = (to_linear(c) for c in rgb); return 0.2126 * r + 0.7152 * g + 0.0722 * b

def contrast(c1, c2):
    l1, l2 = sorted((luminance(c1), luminance(c2)), reverse=True); return (l1 + 0.05) / (l2 + 0.05)


MIN_DELTA_E = 10.0  # CIEDE2000 between any two types' colours, for every kind of vision below
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")


def seen(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = hex_rgb(colour)
    return lab(rgb if vision == "normal" else simulate(rgb, vision))


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # the first, seventh and last of Sharma, Wu & Dalal's 34 test pairs
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert round(ciede2000(lab1, lab2), 4) == expected


def test_the_simulation_keeps_grey_grey_and_confuses_red_with_green():
    for vision in VISIONS[1:]:
        assert all(abs(c - 0.5) < 0.01 for c in simulate((0.5, 0.5, 0.5), vision))
    # a red and a green a deuteranope is known to confuse
    red, green = "#CC6633", "#888833"
    assert ciede2000(seen(red, "normal"), seen(green, "normal")) > 15
    assert ciede2000(seen(red, "deuteranopia"), seen(green, "deuteranopia")) < 8


def test_every_type_has_one_colour_and_no_two_share_it():
    assert tuple(palette.TYPE_COLOURS) == EVENT_TYPES
    assert len(set(c.lower() for c in palette.TYPE_COLOURS.values())) == len(EVENT_TYPES)
    assert ui.TYPE_COLOURS is palette.TYPE_COLOURS


@pytest.mark.parametrize("vision", VISIONS)
def test_every_pair_of_types_is_told_apart(vision):
    too_close = []
    for (t1, c1), (t2, c2) in itertools.combinations(palette.TYPE_COLOURS.items(), 2):
        delta = ciede2000(seen(c1, vision), seen(c2, vision))
        if delta < MIN_DELTA_E:
            too_close.append((t1, t2, round(delta, 1)))
    assert too_close == []


def test_every_types_text_reads_on_its_colour():
    low = {t: round(contrast(hex_rgb(palette.TYPE_COLOURS[t]), hex_rgb(palette.TEXT_COLOURS[t])), 2)
           for t in EVENT_TYPES}
    assert {t: c for t, c in low.items() if c < 4.5} == {}


def test_the_stylesheet_is_made_from_the_palette():
    css = ui.type_css()
    for etype, colour in palette.TYPE_COLOURS.items():
        ink = palette.TEXT_COLOURS[etype]
        assert f".badge.t-{etype} {{ background-color: {colour}; color: {ink}; }}" in css
        assert f"svg .t-{etype}, .legend .t-{etype} {{ fill: {colour}; }}" in css
    assert set(re.findall(r"#[0-9A-Fa-f]{6}", css)) == (set(palette.TYPE_COLOURS.values())
                                                        | set(palette.TEXT_COLOURS.values()))
