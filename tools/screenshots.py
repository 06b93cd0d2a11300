"""Screenshots of the web app's main pages, for the README: ``docs/screenshots/*.png``.

    python tools/screenshots.py [--out docs/screenshots]

Ingests the bundled sample reports into a temporary database (as ``countersight demo``
does), adds an analyst, runs ``countersight serve`` on a free loopback port and drives
Debian's Chromium (``/usr/bin/chromium``; ``.ci/browser.sh`` installs it) at 1280x800:
the login page, the overview, the events table, a report with its highlighted
evidence, an event with its review history (made through the page's own forms), the
review queue, the map (zoomed into the border region) and the trends. Needs the test extra (playwright); never ``playwright install``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import PASSWORD, USER, browser_problem, chromium, make_demo_db, new_context, running_server  # noqa: E402

REPORT = "dnk-hyesan-phone-detection-team"
PAGES = ("login", "overview", "events", "report", "event", "review", "map", "trends")


def capture(browser, base: str, out: Path) -> list[Path]:
    """One PNG per page of ``PAGES`` in ``out``; reviews one event through its forms first."""
    out.mkdir(parents=True, exist_ok=True)
    context = new_context(browser)
    page = context.new_page()
    shots: list[Path] = []

    def shot(name: str, full_page: bool = False) -> None:
        page.wait_for_load_state("load")
        path = out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        shots.append(path)

    try:
        page.goto(base + "/login?next=/")
        form = page.locator("#login-form")
        form.get_by_label("User name").fill(USER)
        shot("login")
        form.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            form.get_by_role("button", name="Log in").click()
        shot("overview")

        page.goto(base + "/events")
        filters = page.locator("#filter-form")
        filters.get_by_label("Province").select_option("KP-10")
        with page.expect_navigation():
            filters.get_by_role("button", name="Apply").click()
        shot("events")

        page.goto(base + f"/reports/{REPORT}")
        page.evaluate("window.scrollBy(0, document.getElementById('report-text').getBoundingClientRect().top - 70)")
        shot("report")

        # An event with a history: edit one field with a reason, then confirm it.
        eid = page.locator("#report-events li.event-item").first.get_attribute("data-event-id")
        page.goto(base + f"/events/{eid}")
        edit = page.locator("#edit-form")
        edit.get_by_label("Trend").select_option("increase")
        edit.get_by_label("Reason").fill("the source compares with last year")
        with page.expect_navigation():
            edit.get_by_role("button", name="Save changes").click()
        with page.expect_navigation():
            page.locator("#confirm-form button").click()
        shot("event", full_page=True)  # the evidence and fields on top, the review forms, the history below

        # The review queue, most uncertain first, after one event was confirmed by its key.
        page.goto(base + "/review?order=uncertain")
        with page.expect_navigation():
            page.keyboard.press("c")
        shot("review")

        page.goto(base + "/map?view=border")  # zoomed into the border region, where most events are
        page.locator('svg#map circle.place[data-at="42.9572,129.9933"]').click(force=True)  # Onsong
        page.wait_for_url("**#selection")
        page.evaluate("window.scrollTo(0, document.querySelector('.map-layout').getBoundingClientRect().top + window.scrollY - 10)")
        shot("map")

        page.goto(base + "/trends")
        page.evaluate("window.scrollTo(0, document.getElementById('measure-charts').getBoundingClientRect().top + window.scrollY - 60)")
        shot("trends")
    finally:
        context.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNG files")
    args = parser.parse_args(argv)
    problem = browser_problem()
    if problem:
        print(f"screenshots: {problem}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    def link_incidents(db: Path) -> None:
        from countersight.incidents import rebuild
        from countersight.store import open_store

        store = open_store(str(db))
        try:
            rebuild(store)
        finally:
            store.close()

    with tempfile.TemporaryDirectory(prefix="countersight-shots-") as tmp:
        db = make_demo_db(Path(tmp) / "demo.db")
        link_incidents(db)  # as `countersight demo` does after its ingest
        with running_server(db) as base, sync_playwright() as playwright, chromium(playwright) as browser:
            for path in capture(browser, base, args.out):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
