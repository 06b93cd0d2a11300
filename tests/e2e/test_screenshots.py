"""``tools/screenshots.py`` (the README's pictures) still works: one PNG per main page, 1280 wide."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("countersight_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_screenshots_of_the_main_pages(browser, base_url, tmp_path):
    script = load_script()
    shots = script.capture(browser, base_url, tmp_path)
    assert [p.stem for p in shots] == list(script.PAGES)
    for path in shots:
        width, height = png_size(path)
        assert width == 1280 and height >= 800, (path.name, width, height)
        assert path.stat().st_size > 10_000, f"{path.name} looks empty"
    # The README shows every one of them.
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    for name in script.PAGES:
        assert f"docs/screenshots/{name}.png" in readme
