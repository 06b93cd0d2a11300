"""Browser tests: a real ``countersight serve`` on loopback, driven by Debian's Chromium.

One session: the bundled samples (and a report in Korean) in a temporary SQLite
database with one analyst account, the server in a child process on a free port, one
headless Chromium, and a login through the login form whose cookie later pages reuse.

Where Chromium (``/usr/bin/chromium``, from ``.ci/browser.sh``) or the playwright
package is missing, the tests marked ``browser`` are deselected, with the reason in
the report header: except in CI (``CI`` set, as ``.ci/run`` does), where they run
and fail with that reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import KOREAN_REPORT, browser_problem, chromium, login, make_demo_db, new_context, running_server

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_report_header(config: pytest.Config) -> str:
    problem = browser_problem()
    if not problem:
        from harness import CHROMIUM

        return f"browser tests: Chromium at {CHROMIUM}"
    return f"browser tests: {'FAIL (CI)' if IN_CI else 'deselected'}: {problem}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IN_CI or not browser_problem():
        return
    drop = [item for item in items if item.get_closest_marker("browser")]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_db(tmp_path_factory.mktemp("e2e") / "demo.db", [("ko-hyesan.txt", KOREAN_REPORT)])


@pytest.fixture(scope="session")
def base_url(e2e_db: Path) -> Iterator[str]:
    with running_server(e2e_db) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator:
    problem = browser_problem()
    if problem:
        pytest.fail(f"browser tests cannot run: {problem}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, chromium(playwright) as b:
        yield b


@pytest.fixture(scope="session")
def signed_in(browser, base_url: str) -> dict:
    """The cookies of one login through the form, for the pages of every test."""
    context = new_context(browser)
    try:
        page = context.new_page()
        login(page, base_url)
        assert page.url == base_url + "/", page.url
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def page(browser, base_url: str, signed_in: dict) -> Iterator:
    """A page of a signed-in analyst; fails the test on a script error in the page."""
    context = new_context(browser, storage_state=signed_in)
    context.set_default_timeout(15_000)
    errors: list[str] = []
    p = context.new_page()
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield p
        assert not errors, f"errors in the browser console: {errors}"
    finally:
        context.close()


@pytest.fixture
def anon_page(browser) -> Iterator:
    context = new_context(browser)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
