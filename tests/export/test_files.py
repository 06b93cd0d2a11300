"""Writing an export to a path: whole or not at all; links and special files kept."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from countersight.errors import InputError
from countersight.export.files import write_export


def _write(text: str):
    def write(out):
        out.write(text)
        return len(text)
    return write


def test_a_file_is_replaced_whole_and_a_failure_leaves_the_old_one(tmp_path):
    target = tmp_path / "out.jsonl"
    assert write_export(target, _write("first\n")) == 6
    assert target.read_text() == "first\n"

    def fails(out):
        out.write("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match=f"cannot write {target}: No space left on device"):
        write_export(target, fails)
    assert target.read_text() == "first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_symbolic_link_stays_a_link_and_its_file_gets_the_export(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_export(link, _write("new"))
    assert link.is_symlink() and real.read_text() == "new"


def test_a_pipe_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_export(fifo, _write("through the pipe"))
    reader.join(timeout=10)
    assert received == ["through the pipe"]
    assert fifo.is_fifo()


def test_no_file_name_or_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="give a file name"):
        write_export(Path(""), _write("x"))
    with pytest.raises(InputError, match=f"cannot write {tmp_path}: it is a folder"):
        write_export(tmp_path, _write("x"))
