"""Writing an export to a path: never half a file under the real name, never a special file replaced.

A regular file is written beside its target (``NAME.part``) and renamed over it once
complete, so that a failed export leaves the previous file as it was. A symbolic link
is followed (the file it points to gets the export; the link stays). A pipe, a device or
another special file (``/dev/stdout``, a FIFO a reader waits on) is written into
directly: renaming over it would replace it with a regular file nobody reads.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from countersight.errors import InputError

T = TypeVar("T")


def write_export(output: Path, write: Callable[[TextIO], T]) -> T:
    """Call ``write(stream)`` with a text stream for ``output`` and return its result."""
    if not str(output) or output.name == "":
        raise InputError(f"cannot write to {str(output)!r}: give a file name")
    target = Path(os.path.realpath(output))  # through symbolic links: the link stays a link
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"cannot write {output}: it is a folder")
    try:
        if mode is not None and not stat.S_ISREG(mode):
            with target.open("w", encoding="utf-8", newline="") as out:
                return write(out)
        part = target.with_name(target.name + ".part")
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                result = write(out)
            part.replace(target)
            return result
        finally:
            part.unlink(missing_ok=True)  # nor a stray .part file when it failed
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
