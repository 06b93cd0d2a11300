"""What the browser tests and ``tools/screenshots.py`` share: a database of the bundled
samples with an analyst account, the real ``countersight serve`` in a child process on
a free loopback port, and Debian's Chromium driven by Playwright.

Playwright's own browser download (``playwright install``) is never used: the browser is
the system's ``/usr/bin/chromium`` (``.ci/browser.sh`` installs it with fonts-nanum), or
the one named by ``COUNTERSIGHT_CHROMIUM``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("COUNTERSIGHT_CHROMIUM", "/usr/bin/chromium")
# Headless, and quiet on this machine's closed network: no background connections to Google.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
USER = "anna"
PASSWORD = "correct horse battery"
VIEWPORT = {"width": 1280, "height": 800}

# A report in Korean (fictional, like every sample): Hangul must render, not as boxes.
KOREAN_REPORT = """양강도 혜산시에서 손전화 단속 강화

양강도 소식통은 "최근 혜산시에서 국가보위성 요원들이 중국 손전화 사용자를 단속하고 있다"고 전했다.

소식통에 따르면 보위부는 국경 지역 주민들을 상대로 감시를 강화했으며, 적발된 주민 세 명이 구류되었다.
"""


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (run .ci/browser.sh as root: apt-get install chromium fonts-nanum)"
    return None


def make_demo_db(path: Path, extra_reports: Iterable[tuple[str, str]] = (), *, user: str = USER,
                 password: str = PASSWORD, role: str = "analyst") -> Path:
    """The bundled samples (what ``countersight demo`` ingests), any extra (file name, text)
    reports, and one account."""
    from countersight import accounts
    from countersight.ingest.service import ingest
    from countersight.samples import reports_dir
    from countersight.settings import load_settings
    from countersight.store import open_store

    sources: list[Path] = [reports_dir()]
    extra = list(extra_reports)
    if extra:
        folder = path.parent / "extra-reports"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in extra:
            (folder / name).write_text(text, encoding="utf-8")
        sources.append(folder)
    store = open_store(str(path))
    try:
        ingest(sources, store, load_settings({"db": str(path)}, environ={}))
        accounts.add_user(store, user, password, role)
    finally:
        store.close()
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, *, timeout: float = 60.0) -> Iterator[str]:
    """``countersight serve`` on 127.0.0.1 and a free port; yields its base URL, stops it on exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGHT_")}
    log = tempfile.TemporaryFile()
    for attempt in range(3):  # the port may be taken between choosing it and binding it
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "countersight", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if _wait_ready(proc, base + "/login", timeout):
                break
        except BaseException:
            _stop(proc)
            raise
        _stop(proc)
    else:
        log.seek(0)
        raise RuntimeError("countersight serve did not start:\n" + log.read().decode("utf-8", "replace")[-4000:])
    try:
        yield base
    finally:
        _stop(proc)
        log.close()


def _wait_ready(proc: subprocess.Popen, url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@contextmanager
def chromium(playwright) -> Iterator:
    """Debian's Chromium, headless (Playwright gives it a new empty profile folder)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


def new_context(browser, **options):
    return browser.new_context(viewport=VIEWPORT, accept_downloads=True, **options)


def login(page, base: str, user: str = USER, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto(base + "/login")
    form = page.locator("#login-form")
    form.get_by_label("User name").fill(user)
    form.get_by_label("Password").fill(password)
    with page.expect_navigation():
        form.get_by_role("button", name="Log in").click()
