"""A one-line progress display for long ingests: reports done, reports per second and,
when the number of reports is known, time left. Redrawn in place at most a few times
a second; standard library only."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from countersight.ingest.readers import iter_files

COUNT_LIMIT_BYTES = 2_000_000_000  # above this, counting lines first would cost too much reading
_BLOCK = 1 << 20


def count_reports(paths: Iterable[str | Path], *, limit_bytes: int = COUNT_LIMIT_BYTES) -> int | None:
    """How many reports (and problems) ``iter_reports`` will yield, about: one per
    file, one per line of a JSONL file. ``None`` when the input is larger than
    ``limit_bytes`` (reading it twice would cost too much). Streams; holds nothing."""
    files: list[Path] = []
    total = 0
    size = 0
    for item in iter_files(paths):
        if not isinstance(item, Path):
            total += 1  # a problem is one item too
            continue
        if item.suffix.lower() == ".jsonl":
            try:
                size += item.stat().st_size
            except OSError:
                total += 1
                continue
            if size > limit_bytes:
                return None
            files.append(item)
        else:
            total += 1
    for path in files:
        total += _count_lines(path)
    return total


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_BLOCK):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    return lines + (last != b"\n")


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """``tick()`` once per report; ``clear()`` before printing anything else on the
    same terminal; ``close()`` at the end (draws the final state and a newline)."""

    def __init__(self, total: int | None = None, stream: TextIO | None = None, *, interval: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.clock = clock
        self.done = 0
        self.start = clock()
        self.last_draw = float("-inf")
        self.shown = False

    def tick(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.last_draw >= self.interval:
            self.draw(now)

    def line(self, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            shown = f"{self.done:,}/{self.total:,} reports ({min(self.done / self.total, 1):.0%})"
        else:
            shown = f"{self.done:,} reports"
        text = f"{shown}  {rate:,.0f} reports/s  {_clock(elapsed)} elapsed"
        if self.total and self.done and self.done < self.total:
            text += f"  {_clock((self.total - self.done) / rate)} left"
        return text

    def draw(self, now: float | None = None) -> None:
        now = self.clock() if now is None else now
        self.last_draw = now
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
            self.last_draw = float("-inf")  # redraw at the next tick

    def close(self) -> None:
        self.draw()
        self.stream.write("\n")
        self.stream.flush()
        self.shown = False


def wanted(flag: bool | None, stream: TextIO | None = None) -> bool:
    """``--progress`` / ``--no-progress`` when given; otherwise only on a terminal
    (and not with ``TERM=dumb``)."""
    if flag is not None:
        return flag
    stream = stream if stream is not None else sys.stderr
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
