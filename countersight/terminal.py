"""Text for a terminal: data shown, never obeyed."""

from __future__ import annotations

import re

# What a terminal obeys instead of showing: C0 and C1 controls, DEL, and the bidirectional
# marks that reorder what follows. Ids, titles, file names and quotes may hold any of them
# (an id with "\n" forges an output line, one with ESC ] sets the terminal's title).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"  # also a JSON escape: --json output stays valid


def printable(text: object) -> str:
    """``text`` as one line, every control character shown as an escape (``\\u001b``)."""
    return _CONTROLS.sub(_escape, str(text))


def printable_lines(text: object) -> str:
    """``text`` with its lines and tabs kept and every other control character escaped."""
    return _CONTROLS_BUT_LINES.sub(_escape, str(text))
