"""End to end, as an analyst would: log in, filter, read a report, review, add, export, look
at the chart and the map, in Debian's Chromium against ``countersight serve`` on loopback."""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from harness import PASSWORD, USER

pytestmark = pytest.mark.browser

TYPE, PROVINCE, PROVINCE_NAME = "arrest", "KP-10", "Ryanggang"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


IN_VIEWPORT = """el => {
    // an event whose quote starts where another's does is anchored by an empty span before the shared mark
    if (el.classList.contains('qanchor')) el = el.nextElementSibling;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= -1 && r.top < window.innerHeight;
}"""


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, IN_VIEWPORT)


def event_ids(page) -> list[str]:
    return page.locator("#report-events li.event-item").evaluate_all("els => els.map(e => e.dataset.eventId)")


# -- logging in ---------------------------------------------------------------------------------


def test_login_through_the_form(anon_page, base_url):
    page = anon_page
    page.goto(base_url + "/events?type=arrest")
    assert urlsplit(page.url).path == "/login"  # sent to log in, and back afterwards
    form = page.locator("#login-form")
    form.get_by_label("User name").fill(USER)
    form.get_by_label("Password").fill("not the password")
    with page.expect_navigation():
        form.get_by_role("button", name="Log in").click()
    assert page.locator("#login-error").inner_text() == "wrong user name or password"
    assert page.locator("#login-state").inner_text().strip().startswith("Log in")

    form.get_by_label("User name").fill(USER)
    form.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        form.get_by_role("button", name="Log in").click()
    assert urlsplit(page.url).path == "/events" and query(page.url) == {"type": ["arrest"]}
    assert USER in page.locator("#login-state").inner_text()
    assert "analyst" in page.locator("#login-state .role").inner_text()


# -- the events table ---------------------------------------------------------------------------


def test_filter_events_by_type_and_province(page, base_url):
    page.goto(base_url + "/events")
    everything = page.locator("#events-table tbody tr[data-event-id]").count()
    form = page.locator("#filter-form")
    form.get_by_label("Type").select_option(TYPE)
    form.get_by_label("Province").select_option(label=f"{PROVINCE_NAME} ({PROVINCE})")
    with page.expect_navigation():
        form.get_by_role("button", name="Apply").click()

    q = query(page.url)
    assert q["type"] == [TYPE] and q["province"] == [PROVINCE], page.url
    rows = page.locator("#events-table tbody tr[data-event-id]")
    assert 0 < rows.count() < everything
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.locator("td").nth(1).locator(f".badge.t-{TYPE}").count() == 1
        assert PROVINCE_NAME in row.locator("td").nth(2).inner_text()
    total = int(re.sub(r"\D", "", page.locator("#events-total strong").inner_text()))
    assert total == rows.count()
    # The filters stay in the form, and the export links carry them.
    assert form.get_by_label("Type").input_value() == TYPE
    assert query(page.locator("#export-jsonl").get_attribute("href"))["province"] == [PROVINCE]


def test_open_a_report_from_the_table_and_jump_to_quotes(page, base_url):
    page.goto(base_url + f"/events?type={TYPE}&province={PROVINCE}")
    first = page.locator("#events-table tbody tr[data-event-id]").first
    eid = first.get_attribute("data-event-id")
    report_link = first.locator("td").nth(6).locator("a")
    report_id = report_link.inner_text().strip()
    report_link.click()
    page.wait_for_url(f"**/reports/{report_id}#q-{eid}")

    # Evidence highlighted, in its type's colour; the event's own quote scrolled into view.
    marks = page.locator("#report-text mark.quote")
    assert marks.count() > 0
    assert page.locator(f"#report-text mark.quote.t-{TYPE}").count() > 0
    colour = page.locator(f"#report-text mark.quote.t-{TYPE}").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.wait_for_function(f"() => ({IN_VIEWPORT})(document.getElementById('q-{eid}'))")

    # From the top of the page, a click on an event in the side list scrolls to its quote.
    page.evaluate("window.scrollTo(0, 0)")
    below = [i for i in event_ids(page) if not in_viewport(page, f"#q-{i}")]
    assert below, "every quote fits in the first screen: pick a longer report"
    target = below[-1]
    page.locator(f"#ev-{target} a.to-quote").click()
    page.wait_for_url(f"**#q-{target}")
    page.wait_for_function(f"() => ({IN_VIEWPORT})(document.getElementById('q-{target}'))")
    assert in_viewport(page, f"#q-{target}")
    # ... and the arrow after the quote leads back to the event in the list.
    page.locator(f'#report-text a.qback[href="#ev-{target}"]').click()
    page.wait_for_url(f"**#ev-{target}")


# -- reviewing ------------------------------------------------------------------------------------


def test_confirm_an_event(page, base_url):
    report = "dnk-musan-public-trial"
    page.goto(base_url + f"/reports/{report}")
    item = page.locator("#report-events li.event-item.status-unreviewed").first
    eid = item.get_attribute("data-event-id")
    with page.expect_navigation():
        item.locator("form.confirm-form button").click()
    assert urlsplit(page.url).path == f"/reports/{report}" and page.url.endswith(f"#ev-{eid}")
    assert page.locator("#saved").inner_text().startswith("Saved: ") and page.locator("#saved").is_visible()
    assert page.locator(f"#ev-{eid} .status-tag").inner_text() == "confirmed"
    assert page.locator(f"#ev-{eid} form.confirm-form").count() == 0

    page.locator(f"#ev-{eid} .actions a").first.click()
    page.wait_for_url(f"**/events/{eid}")
    assert page.locator("#event-status").inner_text() == "confirmed"
    history = page.locator("#history-table tbody tr")
    assert history.count() == 1
    cells = history.first.locator("td").all_inner_texts()
    assert cells[1:4] == [USER, "confirm", "status: unreviewed → confirmed"]
    assert page.locator("#confirm-form").count() == 0 and page.locator("#confirmed-note").inner_text() == "Confirmed"


def test_edit_an_event_then_see_it_in_the_history_and_the_export(page, base_url):
    page.goto(base_url + "/events?type=surveillance&province=KP-10")
    row = page.locator("#events-table tbody tr[data-event-id]").filter(has_not_text="increase").first
    eid = row.get_attribute("data-event-id")
    row.locator("td.quote-cell a").click()
    page.wait_for_url(f"**/events/{eid}")
    assert page.locator("#history-table").count() == 0  # no decisions yet

    form = page.locator("#edit-form")
    form.get_by_label("Trend").select_option("increase")
    form.locator("#edit-perpetrators").get_by_label("Ministry of Social Security").check()
    form.get_by_label("Reason").fill("two sources say it grew")
    with page.expect_navigation():
        form.get_by_role("button", name="Save changes").click()

    assert urlsplit(page.url).path == f"/events/{eid}"
    assert page.locator("#event-status").inner_text() == "edited"
    fields = dict(zip(page.locator("#event-fields th").all_inner_texts(), page.locator("#event-fields td").all_inner_texts()))
    assert fields["Trend"] == "increasing" and "Ministry of Social Security" in fields["Perpetrators"]
    history = {}
    for tr in page.locator("#history-table tbody tr").all():
        cells = tr.locator("td").all_inner_texts()
        history[cells[3].split(":")[0]] = cells
    assert set(history) == {"trend", "perpetrators"}
    assert history["trend"][1:4] == [USER, "edit", "trend: no trend → increasing"]
    assert history["trend"][4] == "two sources say it grew"
    assert history["perpetrators"][3].split(" → ")[1].endswith("Ministry of Social Security")

    # The events table, filtered to edited events growing in Ryanggang, then its JSON Lines download.
    page.goto(base_url + "/events")
    filters = page.locator("#filter-form")
    filters.get_by_label("Province").select_option(PROVINCE)
    filters.get_by_label("Status").select_option("edited")
    filters.get_by_label("Trend").select_option("increase")
    with page.expect_navigation():
        filters.get_by_role("button", name="Apply").click()
    assert page.locator(f'#events-table tr[data-event-id="{eid}"]').count() == 1
    with page.expect_download() as info:
        page.locator("#export-jsonl").click()
    download = info.value
    assert download.suggested_filename == "countersight-events.jsonl"
    lines = [json.loads(line) for line in open(download.path(), encoding="utf-8") if line.strip()]
    assert lines and all(e["status"] == "edited" and e["trend"] == "increase" for e in lines)
    assert all(e["location"]["admin1"] == PROVINCE for e in lines)
    mine = [e for e in lines if e["id"] == eid]
    assert len(mine) == 1 and "msos" in mine[0]["perpetrators"]


def test_add_a_missed_event_by_selecting_text(page, base_url):
    # A sentence that no quote covers yet and that is not the last of its passage (a drag
    # that ends at a passage's very end may run on into the next block), in the first
    # sample report that has one.
    found = None
    for report in ("dnk-hoeryong-three-household-system", "dnk-hyesan-phone-detection-team", "dnk-musan-public-trial",
                   "dnk-pyongsong-market-fines", "dnk-nampo-sailors-watched", "dnk-kaesong-officials-purged"):
        page.goto(base_url + f"/reports/{report}")
        spans = page.locator("#report-text span.seg:not(.furniture)")
        texts = spans.evaluate_all("els => els.map(e => e.textContent)")  # the text node's own characters
        found = next(((i, m) for i in sorted(range(len(texts)), key=lambda i: -len(texts[i]))
                      for m in re.finditer(r"[A-Z][^.\n]{25,}?\.", texts[i]) if texts[i][m.end():].strip()), None)
        if found:
            break
    assert found, "no sample report has an uncovered sentence left"
    index, sentence = found
    before = event_ids(page)
    span = spans.nth(index)
    span.scroll_into_view_if_needed()  # the mouse works on what is on the screen
    # Drag the mouse from the sentence's first character to its last.
    box = span.evaluate("""(el, [a, b]) => {
        const node = el.firstChild, range = document.createRange();
        range.setStart(node, a); range.setEnd(node, a + 1);
        const first = range.getBoundingClientRect();
        range.setStart(node, b - 1); range.setEnd(node, b);
        const last = range.getBoundingClientRect();
        return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
    }""", [sentence.start(), sentence.end()])
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()") == sentence.group()

    offset = int(span.get_attribute("data-start")) + sentence.start()
    form = page.locator("#add-event-form")
    assert page.locator("#add-start").input_value() == str(offset)
    assert page.locator("#add-end").input_value() == str(offset + len(sentence.group()))
    shown = sentence.group() if len(sentence.group()) <= 200 else sentence.group()[:200] + "…"
    assert page.locator("#add-selection").inner_text() == shown
    form.get_by_label("Type").select_option("surveillance")
    form.get_by_label("Province").select_option("KP-09")
    form.get_by_label("Reason").fill("missed by the machine")
    with page.expect_navigation():
        form.get_by_role("button", name="Add event").click()

    new = [i for i in event_ids(page) if i not in before]
    assert len(new) == 1, new
    eid = new[0]
    assert page.url.endswith(f"#ev-{eid}")
    assert page.locator(f"#ev-{eid} .badge.t-surveillance").count() == 1
    assert page.locator(f"#ev-{eid} .status-tag").inner_text() == "confirmed"
    assert page.locator(f"#q-{eid}").inner_text() == sentence.group()  # now highlighted

    page.goto(base_url + f"/events/{eid}")
    assert page.locator("#evidence mark.quote").inner_text() == sentence.group()
    cells = page.locator("#history-table tbody tr").first.locator("td").all_inner_texts()
    assert cells[1:] == [USER, "add", "added a surveillance event", "missed by the machine"]


# -- charts and maps ------------------------------------------------------------------------------


def size_of(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box["width"], box["height"]


def test_overview_chart_and_province_map_are_drawn(page, base_url):
    page.goto(base_url + "/")
    chart = page.locator("svg#timeline-chart")
    width, height = size_of(chart)
    assert width > 400 and height > 100
    bars = chart.locator("rect.bar")
    assert bars.count() > 10
    assert max(size_of(bars.nth(i))[1] for i in range(bars.count())) > 10
    assert page.locator("#type-legend li").count() >= 5

    svg = page.locator("svg#province-map")
    assert min(size_of(svg)) > 100
    land = svg.locator("path#land-KP")
    assert len(land.get_attribute("d")) > 100 and min(size_of(land)) > 50
    circles = svg.locator("circle.place")
    assert circles.count() >= 3 and min(size_of(circles.first)) > 2
    # A province's circle leads to its incidents (the demo database has them built, as
    # `countersight demo` and every ingest leave it).
    circles.last.click()  # drawn last: on top of any larger circle nearby
    page.wait_for_url("**/incidents?province=*")
    assert page.locator("#incidents-table tbody tr[data-incident-id]").count() > 0


def test_map_page_lists_the_events_at_a_place(page, base_url):
    page.goto(base_url + "/map")
    svg = page.locator("svg#map")
    assert min(size_of(svg)) > 200
    assert min(size_of(svg.locator("path#land-KP"))) > 50
    circles = svg.locator("circle.place")
    assert circles.count() >= 5
    circles.last.click()  # drawn last: on top of any larger circle nearby
    page.wait_for_url("**/map?at=*#selection")
    assert page.locator("#selection .place-events li[data-event-id]").count() > 0
    assert page.locator("svg#map circle.selected").count() == 1


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_type_legend_shows_each_types_colour_as_the_chart_draws_it(page, base_url):
    from countersight.web.palette import TYPE_COLOURS

    def rgb(hex_colour: str) -> str:
        h = hex_colour.lstrip("#")
        return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))

    page.goto(base_url + "/")
    legend = page.locator("#type-legend li")
    assert legend.count() == len(TYPE_COLOURS)  # the samples have events of every type
    swatches = page.locator("#type-legend .swatch").evaluate_all(
        "els => els.map(e => [e.className.replace('swatch t-', ''), getComputedStyle(e).backgroundColor,"
        " e.getBoundingClientRect().width])")
    assert {etype: colour for etype, colour, _ in swatches} == {t: rgb(c) for t, c in TYPE_COLOURS.items()}
    assert min(width for *_, width in swatches) > 8
    bars = page.locator("svg#timeline-chart rect.bar").evaluate_all(
        "els => els.map(e => [e.getAttribute('class').split(' t-')[1], getComputedStyle(e).fill])")
    assert bars and all(fill == rgb(TYPE_COLOURS[etype]) for etype, fill in bars)


def test_the_map_has_a_size_legend_labels_and_zooms_into_the_border_region(page, base_url):
    page.goto(base_url + "/map")
    svg = page.locator("svg#map")
    legend = svg.locator("#size-legend")
    assert legend.is_visible()
    sizes = [size_of(c)[0] for c in legend.locator("circle.legend-circle").all()]
    values = [int(t.replace(",", "").split()[0]) for t in legend.locator("text.legend-value").all_text_contents()]
    assert len(sizes) == len(values) >= 2 and sizes == sorted(sizes) and values == sorted(values)
    # the biggest place is drawn as big as the legend's biggest circle, which gives its count
    places = svg.locator("circle.place")
    counts = [int(c.get_attribute("data-events")) for c in places.all()]
    biggest = places.nth(counts.index(max(counts)))
    assert max(counts) == values[-1] and abs(size_of(biggest)[0] - sizes[-1]) < 1.5
    labels = svg.locator("text.place-label").all_text_contents()
    assert any(label.startswith("Hyesan") for label in labels) and len(labels) >= 5

    def where(name: str):
        return svg.locator(f'circle.place[data-at="{name}"]')

    hyesan, onsong = "41.4017,128.1778", "42.9572,129.9933"
    whole_gap = math.dist(centre(where(hyesan)), centre(where(onsong)))
    whole_size = size_of(where(hyesan))[0]
    page.locator("#map-views").get_by_role("link", name="Border region").click()
    page.wait_for_url("**/map?view=border")
    assert svg.get_attribute("data-view") == "border"
    assert page.locator("#map-views [aria-current=true]").inner_text() == "Border region"
    border_gap = math.dist(centre(where(hyesan)), centre(where(onsong)))
    assert border_gap > 2 * whole_gap  # zoomed in
    assert abs(size_of(where(hyesan))[0] - whole_size) < 1.5  # circles keep their size on the screen
    assert any(t.startswith("Hyesan") for t in svg.locator("text.place-label").all_text_contents()) and legend.is_visible()
    # a circle's page keeps the view
    where(onsong).click(force=True)
    page.wait_for_url("**/map?view=border&at=*#selection")
    assert svg.get_attribute("data-view") == "border"
    assert page.locator("#selection .place-events li[data-event-id]").count() > 0
    page.locator("#map-views").get_by_role("link", name="Whole map").click()
    page.wait_for_url(re.compile(r".*/map\?at=[^&]+$"))
    assert svg.get_attribute("data-view") == "all"


@pytest.mark.parametrize("path", ["/events", "/reports", "/"])
def test_dates_never_wrap(page, base_url, path):
    page.set_viewport_size({"width": 380, "height": 800})
    page.goto(base_url + path)
    lines = page.locator(".date").evaluate_all("""els => els.flatMap(e => {
        const out = [], walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!n.data.trim()) continue;
            const r = document.createRange(); r.selectNodeContents(n);
            out.push([n.data.trim(), new Set(Array.from(r.getClientRects(), x => Math.round(x.top))).size]);
        }
        return out;
    })""")
    assert lines and [(text, n) for text, n in lines if n != 1] == []  # each on one line


def test_trends_are_drawn(page, base_url):
    page.goto(base_url + "/trends")
    charts = page.locator("#measure-charts figure.measure[id^=trend-]")
    assert charts.count() >= 3
    drawn = page.locator("#measure-charts figure.measure svg circle.point")
    assert drawn.count() > 0 and min(size_of(drawn.first)) > 2
    assert page.locator("table#heatmap-province td a").count() > 0


# -- Korean ---------------------------------------------------------------------------------------

KOREAN_FONTS = re.compile(r"Nanum|Noto Sans CJK|Noto Sans KR|Source Han|Baekmuk|UnDotum|Malgun|Apple SD Gothic", re.I)


def test_korean_text_renders_with_a_korean_font(page, base_url):
    page.goto(base_url + "/reports/ko-hyesan")
    text = page.locator("#report-text")
    assert text.get_attribute("lang") == "ko"
    assert "국가보위성 요원들이" in text.inner_text()
    stack = text.evaluate("el => getComputedStyle(el).fontFamily")
    assert KOREAN_FONTS.search(stack), stack
    # The fonts Chromium actually drew the Hangul with (not boxes): a Korean font's glyphs.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#report-text span.seg:not(.furniture)"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    korean = [f for f in fonts if KOREAN_FONTS.search(f["familyName"]) and f["glyphCount"] > 0]
    assert korean, f"Hangul drawn without a Korean font (install fonts-nanum): {fonts}"
    hangul = sum(1 for ch in text.locator("span.seg:not(.furniture)").first.inner_text() if "\uac00" <= ch <= "\ud7a3")
    assert sum(f["glyphCount"] for f in korean) >= hangul


# -- layout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events", f"/events?province={PROVINCE}", "/reports",
                                  "/reports/dnk-hyesan-phone-detection-team", "/map", "/trends"])
def test_pages_fit_the_window_width(page, base_url, path):
    """At 1280 pixels nothing sticks out to the right (long ids and quotes wrap)."""
    page.goto(base_url + path)
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{path} is {width}px wide in a {window}px window"


# -- the review queue -------------------------------------------------------------------------------


def test_review_queue_by_keyboard(page, base_url):
    page.goto(base_url + "/review?order=uncertain")
    queue = page.locator("#review-queue")
    first = queue.get_attribute("data-event-id")
    position = page.locator("#queue-position").inner_text()
    # n and p walk the queue.
    with page.expect_navigation():
        page.keyboard.press("n")
    second = queue.get_attribute("data-event-id")
    assert second != first and "at=1" in page.url
    with page.expect_navigation():
        page.keyboard.press("p")
    assert queue.get_attribute("data-event-id") == first
    # c confirms, a saved message says so, and the next event is shown.
    heading = " ".join(page.locator("#event-heading").inner_text().split())
    badge = " ".join(page.locator("#event-heading .badge").inner_text().split())  # the type: one word or more
    with page.expect_navigation():
        page.keyboard.press("c")
    saved = page.locator("#saved")
    said = f"Saved: {badge} · {heading[len(badge):].strip()} confirmed."
    assert saved.is_visible() and " ".join(saved.inner_text().split()) == said
    assert queue.get_attribute("data-event-id") == second
    assert page.locator("#queue-position").inner_text() != position  # one fewer waits
    # r puts the cursor in the reason; Enter rejects.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "reject-reason"
    page.keyboard.type("n and c typed here are words, not keys")
    assert "at=" not in page.url and queue.get_attribute("data-event-id") == second
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#saved").inner_text().endswith(" rejected.")
    third = queue.get_attribute("data-event-id")
    assert third not in (first, second)
    # e opens the edit form: checkboxes, and the evidence chosen by selecting text.
    page.keyboard.press("e")
    assert page.locator("#edit-panel").evaluate("d => d.open")
    assert page.evaluate("document.activeElement.id") == "edit-type"
    assert page.locator("#edit-form select[multiple]").count() == 0
    assert page.locator("#edit-perpetrators input[type=checkbox]").count() >= 10
    page.keyboard.press("Escape")
    before = page.locator("#ev-start").input_value(), page.locator("#ev-end").input_value()
    mark = page.locator("#evidence mark")
    start = int(mark.get_attribute("data-start"))
    # Select the quote's first 30 characters, as a mouse would, and let go.
    mark.evaluate("""m => {
        const range = document.createRange();
        range.setStart(m.firstChild, 0);
        range.setEnd(m.firstChild, 30);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        m.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
    }""")
    selected = page.evaluate("window.getSelection().toString()")
    after = page.locator("#ev-start").input_value(), page.locator("#ev-end").input_value()
    lead = len(selected) - len(selected.lstrip())
    assert after == (str(start + lead), str(start + len(selected.rstrip()))) and after != before
    assert page.locator("#ev-range").inner_text().endswith("(changed: save to keep)")
    selected = page.evaluate("window.getSelection().toString().trim()")
    assert page.locator("#ev-preview").inner_text() == selected
    with page.expect_navigation():
        page.locator("#save-edit").click()
    assert page.locator("#saved").inner_text().startswith("Saved the changes to ")
    assert queue.get_attribute("data-event-id") != third


def test_report_legend_and_shared_quotes(page, base_url):
    page.goto(base_url + "/reports/dnk-musan-public-trial")
    legend = page.locator("#type-legend")
    assert legend.is_visible()
    names = legend.locator("li").all_inner_texts()
    marked = set(page.locator("#report-text mark.quote").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('t-')).slice(2))"))
    assert len(names) >= len(marked) and "↩" in legend.inner_text()
    # A passage shared by several types shows the second type's colour too.
    shared = page.locator("#report-text mark.multi")
    if shared.count():
        assert shared.first.evaluate("e => getComputedStyle(e).backgroundImage").startswith("linear-gradient")
    back = page.locator("#report-text a.qback").first
    assert "back to its event" in back.get_attribute("title")


# -- small screens ----------------------------------------------------------------------------------


def test_narrow_window(browser, base_url, signed_in):
    from harness import new_context

    context = new_context(browser, storage_state=signed_in)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 420, "height": 800})
        page.goto(base_url + "/events")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 420, f"the events page is {width}px wide in a 420px window"
        box = page.locator("#events-scroll")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX === 'auto'")
        # The navigation wraps onto more lines instead of running off the side.
        links = page.locator("#nav a").all()
        right = max(link.bounding_box()["x"] + link.bounding_box()["width"] for link in links)
        tops = {round(link.bounding_box()["y"]) for link in links}
        assert right <= 420 and len(tops) > 1
        # Dates stay on one line.
        date = page.locator("#events-table td.date").first
        assert date.evaluate("d => getComputedStyle(d).whiteSpace") == "nowrap"
    finally:
        context.close()
