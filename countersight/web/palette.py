"""The colours of the twelve event types, defined once: the SVG charts and the map read them
here, and ``/assets/types.css`` (``ui.type_css``) is generated from them.

Twelve colours chosen from Paul Tol's documented colour-blind-safe qualitative schemes
("bright", "vibrant", "muted", "light"; https://personal.sron.nl/~pault/) and the
Okabe-Ito palette (https://jfly.uni-koeln.de/color/): the twelve of those 39 whose
smallest pairwise CIEDE2000 difference is largest for normal vision and under simulated
protanopia, deuteranopia and tritanopia (Machado et al. 2009). ``tests/web/test_palette.py``
checks every pair under all four (ΔE2000 of at least 10) and that every type's text colour
reads on it (WCAG contrast of at least 4.5).
"""

from __future__ import annotations

from countersight.model import EVENT_TYPES

#: type -> (fill colour, text colour on it, the colour's name in its source palette)
PALETTE: dict[str, tuple[str, str, str]] = {
    "directive": ("#332288", "#ffffff", "Tol muted indigo"),
    "surveillance": ("#56B4E9", "#111111", "Okabe-Ito sky blue"),
    "arrest": ("#CC3311", "#ffffff", "Tol vibrant red"),
    "interrogation": ("#AA3377", "#ffffff", "Tol bright purple"),
    "sentencing": ("#999933", "#111111", "Tol muted olive"),
    "repatriation": ("#009E73", "#111111", "Okabe-Ito bluish green"),
    "intimidation": ("#EEDD88", "#111111", "Tol light yellow"),
    "collective_punishment": ("#BBBBBB", "#111111", "Tol bright grey"),
    "informant_recruitment": ("#CC79A7", "#111111", "Okabe-Ito reddish purple"),
    "extortion": ("#EE6677", "#111111", "Tol bright red"),
    "border_control": ("#0077BB", "#ffffff", "Tol vibrant blue"),
    "defection": ("#99DDFF", "#111111", "Tol light cyan"),
}
assert tuple(PALETTE) == EVENT_TYPES

#: type -> fill colour (the highlight of its quotes, its chart bars, its badge)
TYPE_COLOURS: dict[str, str] = {etype: fill for etype, (fill, _, _) in PALETTE.items()}
#: type -> the colour of text drawn on its fill
TEXT_COLOURS: dict[str, str] = {etype: text for etype, (_, text, _) in PALETTE.items()}

#: The map's circles (one colour: their size, not their colour, says how many events).
MAP_CIRCLE = ("#c0392b", "#7b241c")
