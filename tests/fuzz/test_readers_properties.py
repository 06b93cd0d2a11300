"""Property-based tests of the readers (.txt, .html/.htm, .jsonl) on hostile input.

Whatever bytes a file holds, ``iter_reports`` yields only ``RawReport`` or
``IngestProblem``, never raises, and returns within a bound; a problem's message
is one printable line that says what is wrong (not where, not the file's text);
a report's body is text that can be hashed and stored.

Budgets are small enough for CI (the whole file in well under 40 s). For a long
fuzzing run set ``FUZZ_EXAMPLES`` (examples per property, e.g. 20000) - see
``benchmarks/fuzz_run.py``, which also reads ``TRIED`` to count the inputs.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from countersight.ingest.decode import looks_binary
from countersight.ingest.readers import DEFAULT_MAX_BYTES, iter_reports, read_file
from countersight.model import IngestProblem, RawReport

# Inputs tried per property (read by benchmarks/fuzz_run.py).
TRIED: Counter[str] = Counter()
SLOWEST: dict[str, float] = {}  # the longest a single input took, per kind of file
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0") or 0)
# A long run on a busy machine: one bound for every example (a hang, not a hiccup).
FUZZ_DEADLINE_MS = int(os.environ.get("FUZZ_DEADLINE_MS", "0") or 0)
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
RTL = "\u202e\u202b\u200f\u061c\u2067"  # RIGHT-TO-LEFT OVERRIDE / EMBEDDING / MARK, ARABIC LETTER MARK, RLI
KOREAN = "북한 국가보위성이 국경 지역 주민들에 대한 감시를 강화했다고 소식통이 전했다"
_WORK = Path(tempfile.mkdtemp(prefix="cs-fuzz-readers-"))


def budget(n: int, deadline_ms: int | None = 1000, **extra) -> settings:
    """CI budget of ``n`` examples (``FUZZ_EXAMPLES`` overrides it) with a per-example deadline."""
    return settings(
        max_examples=FUZZ_EXAMPLES or n,
        deadline=(FUZZ_DEADLINE_MS or deadline_ms) if deadline_ms else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        **extra,
    )


def fresh(name: str) -> Path:
    path = _WORK / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def read_all(path: Path, *, bound_s: float = 10.0, max_bytes: int = DEFAULT_MAX_BYTES) -> list:
    """Every item the readers yield for ``path``, checked to be one of the two kinds, in time."""
    started = time.perf_counter()
    items = list(iter_reports([path], max_bytes=max_bytes))
    took = time.perf_counter() - started
    SLOWEST[path.suffix] = max(SLOWEST.get(path.suffix, 0.0), took)
    assert took < bound_s, f"reading {path.name} took {took:.1f} s"
    assert items, "every file gives at least one report or one problem"
    for item in items:
        assert isinstance(item, (RawReport, IngestProblem)), type(item)
        if isinstance(item, IngestProblem):
            check_problem(item, path)
        else:
            check_report(item, path)
    return items


def check_problem(problem: IngestProblem, path: Path) -> None:
    message = problem.message
    assert isinstance(message, str) and message, problem
    assert "\n" not in message and "\r" not in message, f"multi-line message: {message!r}"
    assert message.isprintable(), f"unprintable characters in the message: {message!r}"
    assert len(message) <= 200, f"message too long ({len(message)} chars): {message[:100]!r}..."
    assert "Traceback" not in message
    # It names the problem only: where it is (file, line) is kept apart.
    assert problem.source_path == str(path)
    assert str(path) not in message and path.name not in message, message
    assert problem.line is None or (path.suffix == ".jsonl" and problem.line >= 1)


def check_report(report: RawReport, path: Path) -> None:
    body = report.body
    assert isinstance(body, str)
    assert "\r" not in body
    assert body.strip()
    for value in (body, report.document, report.title, report.url, report.outlet):
        if value is not None:
            assert isinstance(value, str)
            value.encode("utf-8")  # no lone surrogates: it can be hashed and stored
            assert "\x00" not in value  # PostgreSQL cannot store NUL in text
    assert report.document
    assert report.source_path == str(path)
    expected = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}[path.suffix]
    assert report.format == expected
    assert (report.line is not None) == (expected == "jsonl")


@pytest.fixture(scope="module", autouse=True)
def _warm_up():
    """trafilatura's first call imports a lot; do it before any deadline counts."""
    path = fresh("warm/warm.html")
    path.write_text("<html><body><article><p>" + "A source said agents arrested people. " * 20
                    + "</p></article></body></html>", encoding="utf-8")
    list(read_file(path))
    yield


# --------------------------------------------------------------------------
# strategies

def _text_alphabet() -> st.SearchStrategy[str]:
    return st.one_of(
        st.characters(codec="utf-8"),  # no surrogates: real files cannot hold them
        st.sampled_from(list(RTL) + ["\ufeff", "\u200b", "\u00a0", "\u3000", "\x0b", "\x0c", "\x1b", "\x7f", "\r", "\n", "\t"]),
        st.sampled_from(list(KOREAN)),
        st.sampled_from(list("North Korea State Security agents arrested. ")),
    )


texts = st.text(_text_alphabet(), max_size=400)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "euc-kr", "cp949", "cp1252")


@st.composite
def encoded_text(draw) -> bytes:
    """Text in one of the encodings reports come in, perhaps with a BOM, perhaps cut short."""
    text = draw(texts)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and data:
        data = data[: draw(st.integers(0, len(data)))]  # cut in the middle of a character
    return data


any_bytes = st.one_of(st.binary(max_size=3000), encoded_text())


@st.composite
def html_documents(draw) -> bytes:
    """Random tag soup: nested elements, attributes, entities, scripts, broken markup."""
    tags = st.sampled_from(["div", "p", "article", "span", "b", "script", "style", "table", "td", "h1", "title",
                            "meta", "a", "main", "section", "!--", "![CDATA[", "svg", "math", "html", "body", "x:y"])
    pieces: list[str] = []
    depth = draw(st.integers(0, 300))
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 6))
        if kind == 0:
            tag = draw(tags)
            attr = draw(st.text(_text_alphabet(), max_size=50)).replace('"', "&quot;")
            pieces.append(f'<{tag} class="{attr}" data-x={draw(st.text(max_size=5))}>')
        elif kind == 1:
            pieces.append(f"</{draw(tags)}>")
        elif kind == 2:
            pieces.append(draw(st.sampled_from(["&#0;", "&#xD800;", "&#x110000;", "&amp", "&#x202E;", "&nbsp;", "&#13;", "&bogus;"])))
        elif kind == 3:
            pieces.append('<meta property="article:published_time" content="' + draw(st.text(max_size=30)) + '">')
        else:
            pieces.append(draw(texts))
    body = "".join(pieces)
    page = "<html><head><title>" + draw(texts) + "</title></head><body>" + "<div>" * depth + body + "</div>" * draw(st.integers(0, depth)) + "</body></html>"
    encoding = draw(st.sampled_from(("utf-8", "utf-16", "cp1252", "euc-kr")))
    return page.encode(encoding, errors="replace")


# --------------------------------------------------------------------------
# arbitrary bytes under every suffix


@budget(300)
@given(data=any_bytes, suffix=st.sampled_from(SUFFIXES))
@example(data=b"", suffix=".txt")
@example(data=b"\xef\xbb\xbf", suffix=".jsonl")
@example(data=b"\xff\xfe", suffix=".html")
@example(data=b"\r\n\r\n \t", suffix=".jsonl")
@example(data=b"title: x\n\n", suffix=".txt")
@example(data=b"published: 2021-02-30\n\nbody", suffix=".txt")
@example(data=b'{"text": "\\ud800"}', suffix=".jsonl")
@example(data=b'{"text": "a\\u0000b"}', suffix=".jsonl")
@example(data=b'{"text": "x", "id": "\\udfff"}', suffix=".jsonl")
@example(data=b"[" * 50_000, suffix=".jsonl")
@example(data=b"\x1b[31m" * 100, suffix=".txt")
def test_arbitrary_bytes_give_reports_or_problems(data: bytes, suffix: str):
    TRIED["arbitrary bytes"] += 1
    path = fresh("any/report" + suffix)
    path.write_bytes(data)
    items = read_all(path)
    if suffix != ".jsonl":
        assert len(items) == 1


@budget(60, deadline_ms=3000)
@given(page=html_documents(), suffix=st.sampled_from((".html", ".htm")))
def test_tag_soup_gives_a_report_or_a_problem(page: bytes, suffix: str):
    TRIED["html tag soup"] += 1
    path = fresh("soup/page" + suffix)
    path.write_bytes(page)
    assert len(read_all(path)) == 1


@budget(200)
@given(text=texts.map(lambda t: t.replace("\x00", "")),  # "0\x00" is UTF-16 for "0", rightly
       with_header=st.booleans(), ending=st.sampled_from(("\n", "\r\n", "\r")))
def test_txt_body_is_the_text_with_line_endings_unified(text: str, with_header: bool, ending: str):
    """A UTF-8 .txt file: the body is the text itself, but for line endings and a BOM."""
    TRIED["txt text"] += 1
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", ending)
    header = f"title: Fuzz{ending}published: 2021-03-04{ending}{ending}" if with_header else ""
    path = fresh("txt/report.txt")
    path.write_bytes((header + text).encode("utf-8"))
    item = read_all(path)[0]
    raw = (header + text).encode("utf-8")
    if looks_binary(raw) or not (text if with_header else text.removeprefix("\ufeff")).strip():
        assert isinstance(item, IngestProblem)
        return
    assert isinstance(item, RawReport)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if not with_header:
        expected = expected.removeprefix("\ufeff")
    # A body that itself starts like a header block is read as one: only check the end.
    assert expected.endswith(item.body) or item.body == expected


# --------------------------------------------------------------------------
# JSONL: one item per non-blank line, at the right line number


def _valid_line(text: str, ident: str | None) -> bytes:
    obj = {"id": ident, "title": "t", "outlet": None, "published": "2020-01-31", "text": text}
    return json.dumps(obj, ensure_ascii=bool(len(text) % 2)).encode("utf-8")


junk_lines = st.one_of(
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" ").replace(b"\x00", b"0")),
    st.sampled_from([b"[]", b"null", b"42", b'"text"', b"{}", b'{"text": 5}', b'{"text": ""}', b'{"text": "x",',
                     b'{"text": "x", "published": "31/01/2020"}', b'{"text": "x", "title": ["a"]}',
                     b'{"text": "\\ud800"}', b'{"text": "a\\u0000"}', b'{"text": "x", "id": {}}', b"\xff\xfe\xfd",
                     b'{"text": "\\ufeff"}', b'{"text": "\\ufeff \\r\\n"}']),
)
blank_lines = st.sampled_from([b"", b" ", b"\t", b"\r", b"  \r"])


@st.composite
def jsonl_files(draw):
    lines: list[tuple[str, bytes, str | None]] = []  # (kind, bytes, text of a valid line)
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(("valid", "valid", "junk", "blank")))
        if kind == "valid":
            text = draw(st.text(_text_alphabet(), min_size=1, max_size=200)
                        .filter(lambda t: t.removeprefix("\ufeff").strip() and "\x00" not in t))
            ident = draw(st.one_of(st.none(), st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=10)))
            lines.append(("valid", _valid_line(text, ident), text))
        elif kind == "junk":
            lines.append(("junk", draw(junk_lines), None))
        else:
            lines.append(("blank", draw(blank_lines), None))
    newline = draw(st.sampled_from((b"\n", b"\r\n")))
    data = newline.join(line for _, line, _ in lines) + draw(st.sampled_from((b"", newline)))
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
        lines[0] = (lines[0][0], codecs.BOM_UTF8 + lines[0][1], lines[0][2])  # the first line as the file has it
    return lines, data


@budget(200)
@given(jsonl_files())
def test_jsonl_gives_one_item_per_non_blank_line(case):
    TRIED["jsonl lines"] += 1
    lines, data = case
    path = fresh("jsonl/batch.jsonl")
    path.write_bytes(data)
    items = read_all(path)
    head = data[:8192]
    if b"\x00" in head or looks_binary(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert len(items) == 1 and isinstance(items[0], IngestProblem) and items[0].line is None
        return
    # The reader drops one BOM at the start of the file, then skips blank lines.
    expected = [(n, kind, text) for n, (kind, raw, text) in enumerate(lines, 1)
                if (raw.removeprefix(codecs.BOM_UTF8) if n == 1 else raw).strip()]
    if not expected:
        empty = "empty file (0 bytes)" if not data else "empty file (only whitespace)"
        assert [(type(i), i.message) for i in items] == [(IngestProblem, empty)]
        return
    assert [item.line for item in items] == [n for n, _, _ in expected]
    for item, (n, kind, text) in zip(items, expected):
        if kind == "valid":
            assert isinstance(item, RawReport), item
            assert item.body == text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
            assert item.published is not None and item.title == "t"


SYLLABLES = [ch for ch in "가나다라마바사아자차카타파하국가보위성주민감시강화소식통전했북한탈북자가족회령혜산"
             if len(ch.encode("euc-kr")) == 2]


@budget(150)
@given(
    before=st.lists(st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1, max_size=40)
                    .filter(str.strip), max_size=4),
    words=st.lists(st.text(st.sampled_from(SYLLABLES), min_size=1, max_size=6), min_size=2, max_size=12),
    after=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)
                   .filter(lambda t: t.removeprefix("\ufeff").strip()), max_size=4),
)
def test_a_euc_kr_line_among_utf8_lines(before, words, after):
    """Mixed encodings in one file: each line is decoded on its own."""
    TRIED["jsonl mixed encodings"] += 1
    korean = " ".join(words) + "."
    odd = json.dumps({"text": korean}, ensure_ascii=False).encode("euc-kr")
    try:
        odd.decode("utf-8")
        assume(False)  # by chance also valid UTF-8: not a mixed file
    except UnicodeDecodeError:
        pass
    lines = [_valid_line(t, None) for t in before] + [odd] + [_valid_line(t, None) for t in after]
    path = fresh("mixed/mixed.jsonl")
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read_all(path)
    assert [i.line for i in items] == list(range(1, len(lines) + 1))
    assert all(isinstance(i, RawReport) for i in items), items
    assert items[len(before)].body == korean
    assert [i.body for i in items[len(before) + 1:]] == [t.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff") for t in after]


# --------------------------------------------------------------------------
# the hostile cases named in the issue, one by one


def test_lone_surrogates_in_json_escapes_are_a_clear_problem():
    path = fresh("cases/surrogates.jsonl")
    path.write_bytes(b'{"text": "Agents arrested \\ud800 two brokers."}\n'
                     b'{"text": "A pair is fine: \\ud83d\\ude00."}\n'
                     b'{"text": "ok", "title": "\\udc00"}\n'
                     b'{"text": "NUL \\u0000 here"}\n')
    items = read_all(path)
    assert [(type(i).__name__, i.line) for i in items] == [
        ("IngestProblem", 1), ("RawReport", 2), ("IngestProblem", 3), ("IngestProblem", 4)]
    assert items[0].message == "'text' contains a lone surrogate (\\ud800), which is not valid Unicode"
    assert items[1].body == "A pair is fine: \U0001f600."
    assert items[2].message == "'title' contains a lone surrogate (\\udc00), which is not valid Unicode"
    assert items[3].message == "'text' contains a NUL character (\\u0000)"


def test_a_jsonl_text_of_only_a_bom_is_empty():
    """Found by the long fuzzing run: the text passed the emptiness check, then lost
    its BOM and became an empty report."""
    path = fresh("cases/bom-only.jsonl")
    path.write_bytes(b'{"text": "\\ufeff"}\n{"text": "\\ufeff\\r\\n "}\n{"text": "\\ufeffok"}\n')
    items = read_all(path)
    assert [(type(i).__name__, i.line) for i in items] == [("IngestProblem", 1), ("IngestProblem", 2), ("RawReport", 3)]
    assert items[0].message == items[1].message == "missing or empty 'text'"
    assert items[2].body == "ok"


def test_rtl_marks_and_control_characters_are_kept_in_the_body():
    text = "\u202eNorth Korea\u202c: agents\u200f arrested \x1b[0m brokers\x07 in Hyesan.\n"
    path = fresh("cases/rtl.txt")
    path.write_bytes(text.encode("utf-8"))
    (item,) = read_all(path)
    assert isinstance(item, RawReport) and item.body == text
    path.write_bytes(("\x01\x02\x03\x04" * 50 + text).encode("utf-8"))
    (item,) = read_all(path)
    assert item.message == "binary file (control characters)"
    html = fresh("cases/rtl.html")
    html.write_bytes(("<html><body><article>" + f"<p>{text * 5}</p>" * 4 + "</article></body></html>").encode("utf-8"))
    (item,) = read_all(html)
    # trafilatura drops the invisible characters; the body is what it gives, as always.
    assert isinstance(item, RawReport) and "brokers" in item.body


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_boms(bom: bytes, codec: str):
    path = fresh("cases/bom.txt")
    path.write_bytes(bom + f"{KOREAN}\r\nline two\r".encode(codec))
    (item,) = read_all(path)
    assert item.body == f"{KOREAN}\nline two\n"
    path.write_bytes(bom)  # a BOM and nothing else
    (item,) = read_all(path)
    assert isinstance(item, IngestProblem)


@pytest.mark.parametrize("levels", [10_000, 100_000])
def test_deeply_nested_html(levels: int):
    path = fresh("cases/nested.html")
    para = "<p>" + "Ministry of State Security agents arrested two brokers in Hyesan, a source said. " * 5 + "</p>"
    path.write_bytes(("<html><body>" + "<div>" * levels + para + "</div>" * levels + "</body></html>").encode())
    (item,) = read_all(path, bound_s=20)
    assert item.message == "no article text found in the HTML (elements nested more than 255 levels deep are not read)"
    path.write_bytes(b"<div>" * levels)  # never closed
    (item,) = read_all(path, bound_s=20)
    assert isinstance(item, IngestProblem)
    # The text before the deep part is read.
    path.write_bytes(("<html><body><article>" + para * 3 + "<span>" * levels + "x" + "</article></body></html>").encode())
    (item,) = read_all(path, bound_s=20)
    assert isinstance(item, RawReport) and "brokers" in item.body


def test_megabyte_attributes():
    path = fresh("cases/attrs.html")
    para = "<p>" + "Ministry of State Security agents arrested two brokers in Hyesan, a source said. " * 5 + "</p>"
    page = ('<html><head><meta name="description" content="' + "\u202e" * 500_000 + '"></head><body><article '
            + 'class="' + "a b " * 400_000 + '">' + para * 3 + "</article></body></html>")
    path.write_bytes(page.encode())
    (item,) = read_all(path, bound_s=20)
    assert isinstance(item, RawReport) and "brokers" in item.body


def test_huge_lines(tmp_path: Path):
    line = ("word " * 900_000).strip() + "."  # one 4.5 MB line, under the cap
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    (item,) = read_all(path, bound_s=10)
    assert item.body == line
    path.write_bytes(b"x" * (DEFAULT_MAX_BYTES + 1))
    (item,) = read_all(path)
    assert item.message == "file is 5,000,001 bytes, over the 5,000,000 bytes cap (setting max_report_bytes)"
    jsonl = tmp_path / "long.jsonl"
    jsonl.write_bytes(b'{"text": "' + b"y" * 6_000_000 + b'"}\n{"text": "after"}\n')
    items = read_all(jsonl, bound_s=10)
    assert [(type(i).__name__, i.line) for i in items] == [("IngestProblem", 1), ("RawReport", 2)]
    assert items[0].message == "line is 6.0 MB, over the 5.0 MB cap (setting max_report_bytes)"
