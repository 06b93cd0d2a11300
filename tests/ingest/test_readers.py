import builtins
import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from countersight.ingest import readers
from countersight.ingest.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    iter_files,
    iter_reports,
    read_file,
)
from countersight.model import IngestProblem, RawReport

BODY = (
    "A source in North Hamgyong Province told reporters on Wednesday that the Ministry of State "
    "Security has assigned two informants to every household near the border.\n"
    "\n"
    "  Residents with relatives in South Korea are now visited at least once a week.\n"
)

ARTICLE_PARAGRAPH = (
    "The Ministry of State Security has ordered its provincial branches to assign two informants to "
    "every household near the border, a source in North Hamgyong Province said on Wednesday."
)

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Security ministry steps up watch on border residents | Border Watch</title>
<meta property="og:site_name" content="Border Watch">
<meta property="og:title" content="Security ministry steps up watch on border residents">
<meta property="og:url" content="https://news.example.org/2021/11/security-ministry-watch">
<meta property="article:published_time" content="2021-11-05T09:30:00+09:00">
<script>var tracker = "analytics-tracker-code"; window.dataLayer = [];</script>
</head>
<body>
<nav><ul>
<li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li>
</ul></nav>
<article>
<h1>Security ministry steps up watch on border residents</h1>
<p>{ARTICLE_PARAGRAPH}</p>
<p>According to the source, several people in Hoeryong were detained last month for making phone
calls to relatives in China, and their families were questioned for days.</p>
<p>"People are afraid to talk even with their neighbours," the source said, adding that the
crackdown began after a family of five crossed the Tumen River in October.</p>
</article>
<script>document.write("injected-script-text")</script>
<footer><p>Copyright 2021 Border Watch. All rights reserved.</p></footer>
</body>
</html>
"""


def one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_constants():
    assert SUPPORTED_SUFFIXES == (".txt", ".html", ".htm", ".jsonl")
    assert DEFAULT_MAX_BYTES == 5_000_000


# ---------------------------------------------------------------- .txt


def test_raw_txt_body_exact_with_line_endings_normalised(tmp_path):
    raw = "Headline or junk\r\n\r\n  First paragraph.\r\nSecond line.\rThird line.  \n"
    path = write(tmp_path / "report-017.txt", "\ufeff" + raw)
    assert one(read_file(path)) == RawReport(
        document="report-017",
        body="Headline or junk\n\n  First paragraph.\nSecond line.\nThird line.  \n",
        source_path=str(path),
        format="txt",
    )


def test_txt_with_header_block(tmp_path):
    text = (
        "Published: 2021-11-05\r\n"
        "TITLE:  Security ministry steps up watch \r\n"
        "url: https://news.example.org/a/1\r\n"
        "Outlet: Border Watch\r\n"
        "\r\n" + BODY.replace("\n", "\r\n")
    )
    path = write(tmp_path / "header.txt", text)
    assert one(read_file(path)) == RawReport(
        document="header",
        body=BODY,
        source_path=str(path),
        format="txt",
        title="Security ministry steps up watch",
        url="https://news.example.org/a/1",
        outlet="Border Watch",
        published=dt.date(2021, 11, 5),
    )


def test_txt_header_block_with_one_key(tmp_path):
    path = write(tmp_path / "t.txt", "title: Only a title\n\n" + BODY)
    report = one(read_file(path))
    assert (report.title, report.url, report.outlet, report.published, report.body) == (
        "Only a title",
        None,
        None,
        None,
        BODY,
    )


@pytest.mark.parametrize("value", ["", "null", "None", "unknown"])
def test_header_published_may_be_unknown(tmp_path, value):
    path = write(tmp_path / "t.txt", f"title: T\npublished: {value}\n\n" + BODY)
    report = one(read_file(path))
    assert (report.title, report.published, report.body) == ("T", None, BODY)


def test_archive_header_with_origin_and_unknown_values(tmp_path):
    text = "title: T\noutlet: CNN\nurl: unknown\npublished: unknown\norigin: an archive's copy\n\n" + BODY
    report = one(read_file(write(tmp_path / "a.txt", text)))
    assert (report.title, report.outlet, report.url, report.published, report.body) == ("T", "CNN", None, None, BODY)


def test_update_colon_line_is_body_not_header(tmp_path):
    text = "Update: the source later corrected the date\n\n" + BODY
    path = write(tmp_path / "update.txt", text)
    report = one(read_file(path))
    assert report.body == text
    assert (report.title, report.url, report.outlet, report.published) == (None, None, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "title: A headline\nAuthor: Someone\n\nBody text.\n",  # unknown key
        "title: A headline\ntitle: Again\n\nBody text.\n",  # repeated key
        "title: A headline\nThe body starts right away.\n",  # no blank line
        "title: A headline",  # nothing else at all
        "\ntitle: A headline\n\nBody text.\n",  # header must start on line 1
    ],
)
def test_invalid_header_blocks_are_body_text(tmp_path, text):
    path = write(tmp_path / "x.txt", text)
    report = one(read_file(path))
    assert report.body == text
    assert report.title is None


def test_header_with_bad_published_date_is_a_problem(tmp_path):
    path = write(tmp_path / "x.txt", "title: A\npublished: 5 Nov 2021\n\nBody text.\n")
    assert one(read_file(path)) == IngestProblem(
        str(path), "header 'published' must be YYYY-MM-DD, got '5 Nov 2021'"
    )


def test_header_without_body_is_a_problem(tmp_path):
    path = write(tmp_path / "x.txt", "title: A\n\n  \n")
    assert one(read_file(path)) == IngestProblem(str(path), "no report text after the header block")


def test_korean_txt_in_euc_kr_and_utf16(tmp_path):
    korean = "북한 국가보위성이 국경 지역 주민 감시를 강화했다.\r\n"
    a = write(tmp_path / "a.txt", korean.encode("euc-kr"))
    b = write(tmp_path / "b.txt", korean.encode("utf-16"))
    assert [r.body for r in iter_reports([a, b])] == [korean.replace("\r\n", "\n")] * 2


# ---------------------------------------------------------------- .html


def test_html_article(tmp_path):
    path = write(tmp_path / "watch.html", HTML_PAGE)
    report = one(read_file(path))
    assert isinstance(report, RawReport)
    assert (report.document, report.format, report.source_path) == ("watch", "html", str(path))
    assert report.title == "Security ministry steps up watch on border residents"
    assert report.published == dt.date(2021, 11, 5)
    assert report.outlet == "Border Watch"
    assert report.url == "https://news.example.org/2021/11/security-ministry-watch"
    assert ARTICLE_PARAGRAPH in report.body
    assert "crossed the Tumen River in October" in report.body
    for junk in ("Subscribe", "Politics", "All rights reserved", "analytics-tracker-code", "injected-script-text"):
        assert junk not in report.body
    assert "\r" not in report.body


def test_html_date_is_not_guessed_from_copyright_or_partial_url(tmp_path):
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2021-11-05T09:30:00+09:00">', "")
    report = one(read_file(write(tmp_path / "undated.html", page)))
    assert report.published is None  # not 2021-01-01 ("Copyright 2021") nor 2021-11-01 ("/2021/11/")
    dated = page.replace("<h1>", '<time datetime="2021-10-02">2 October 2021</time><h1>')
    assert one(read_file(write(tmp_path / "dated.html", dated))).published == dt.date(2021, 10, 2)


def test_htm_suffix_and_hostname_as_outlet(tmp_path):
    page = HTML_PAGE.replace('<meta property="og:site_name" content="Border Watch">\n', "")
    page = page.replace("Border Watch", "")
    report = one(read_file(write(tmp_path / "page.HTM", page)))
    assert report.outlet == "news.example.org"


def test_html_without_article_is_a_problem(tmp_path):
    page = (
        "<html><head><title>Border Watch</title>"
        '<meta property="og:site_name" content="Border Watch"></head>'
        '<body><nav><ul><li><a href="/">Home</a></li><li><a href="/p">Politics</a></li></ul></nav>'
        "<footer><p>Copyright 2021 Border Watch. All rights reserved.</p></footer></body></html>"
    )
    path = write(tmp_path / "index.html", page)
    assert one(read_file(path)) == IngestProblem(str(path), "no article text found in the HTML")


# ---------------------------------------------------------------- .jsonl


def jsonl_line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        jsonl_line(id="r1", title="First", url="https://x.example/1", outlet="Border Watch",
                   published="2021-11-05", text="Agents searched houses.\r\nMore text."),
        "",
        '{"id": "r2", "text": "unterminated',
        jsonl_line(id="r3", title="No text", text="   "),
        jsonl_line(id="r4", published="05/11/2021", text="Some text."),
        "[1, 2, 3]",
        jsonl_line(title="No id", published=None, text="Arrests in Hyesan."),
        jsonl_line(id=42, text="Numeric id."),
        "   ",
        jsonl_line(id="r5", published="2021-02-30", text="Impossible date."),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    src = str(path)
    assert list(read_file(path)) == [
        RawReport(document="r1", body="Agents searched houses.\nMore text.", source_path=src, format="jsonl",
                  title="First", url="https://x.example/1", outlet="Border Watch",
                  published=dt.date(2021, 11, 5), line=1),
        IngestProblem(src, "line is not valid JSON (Unterminated string starting at column 22)", line=3),
        IngestProblem(src, "missing or empty 'text'", line=4),
        IngestProblem(src, "'published' must be YYYY-MM-DD or null, got '05/11/2021'", line=5),
        IngestProblem(src, "line is not a JSON object", line=6),
        RawReport(document="batch-7", body="Arrests in Hyesan.", source_path=src, format="jsonl",
                  title="No id", line=7),
        RawReport(document="42", body="Numeric id.", source_path=src, format="jsonl", line=8),
        IngestProblem(src, "'published' must be YYYY-MM-DD or null, got '2021-02-30'", line=10),
    ]


def test_jsonl_bom_crlf_and_missing_text_key(tmp_path):
    data = "\ufeff" + jsonl_line(id="a", text="x") + "\r\n" + jsonl_line(id="b") + "\r\n"
    path = write(tmp_path / "b.jsonl", data)
    assert [(type(i).__name__, i.line) for i in read_file(path)] == [("RawReport", 1), ("IngestProblem", 2)]
    assert list(read_file(path))[1].message == "missing or empty 'text'"


def test_jsonl_line_over_the_cap_is_skipped_and_reading_goes_on(tmp_path):
    big = jsonl_line(id="big", text="x" * 500)
    path = write(tmp_path / "c.jsonl", "\n".join([jsonl_line(id="a", text="ok"), big, jsonl_line(id="b", text="ok")]))
    items = list(read_file(path, max_bytes=300))
    assert items[1] == IngestProblem(
        str(path), f"line is {len(big)} bytes, over the 300 bytes cap (setting max_report_bytes)", line=2
    )
    assert [(i.document, i.line) for i in (items[0], items[2])] == [("a", 1), ("b", 3)]


def test_jsonl_whitespace_only_and_binary(tmp_path):
    blank = write(tmp_path / "blank.jsonl", "\n  \n\r\n")
    assert one(read_file(blank)) == IngestProblem(str(blank), "empty file (only whitespace)")
    binary = write(tmp_path / "bin.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert one(read_file(binary)) == IngestProblem(str(binary), "binary file (NUL bytes)")
    wide = write(tmp_path / "wide.jsonl", (jsonl_line(id="a", text="x") + "\n").encode("utf-16"))
    assert one(read_file(wide)) == IngestProblem(str(wide), "JSONL must be UTF-8, this file is UTF-16 or UTF-32")


def test_jsonl_is_streamed_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "large.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(50_000):
            out.write(jsonl_line(id=f"r{n}", title=f"Report {n}", published="2021-01-01",
                                 text=f"Report number {n} about inspections in Hyesan. " * 3) + "\n")
    size = path.stat().st_size

    handles = []
    real_open = builtins.open

    def spy_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        handles.append(handle)
        return handle

    monkeypatch.setattr(readers, "open", spy_open, raising=False)
    reports = iter_reports([path])
    first = list(itertools.islice(reports, 2))
    assert [r.document for r in first] == ["r0", "r1"]
    assert len(handles) == 1 and not handles[0].closed
    assert handles[0].tell() < size // 100  # read far less than 1% of the ~9 MB file
    reports.close()
    assert handles[0].closed


# ---------------------------------------------------------------- problems


def test_missing_path_and_unsupported_suffix(tmp_path):
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4")
    missing = tmp_path / "nope.txt"
    assert list(iter_reports([missing, pdf])) == [
        IngestProblem(str(missing), "path does not exist"),
        IngestProblem(str(pdf), "unsupported file type '.pdf' (supported: .txt, .html, .htm, .jsonl)"),
    ]
    assert one(read_file(pdf)) == IngestProblem(
        str(pdf), "unsupported file type '.pdf' (supported: .txt, .html, .htm, .jsonl)"
    )


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b" \r\n\t\n", "empty file (only whitespace)"),
        ("empty.html", b"", "empty file (0 bytes)"),
        ("empty.jsonl", b"", "empty file (0 bytes)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file (NUL bytes)"),
        ("bad.txt", b"abc \xff\xfe\x80 def", "not valid UTF-8, UTF-16, EUC-KR or CP949"),
    ],
)
def test_file_problems(tmp_path, name, data, message):
    path = write(tmp_path / name, data)
    assert one(read_file(path)) == IngestProblem(str(path), message)


def test_file_over_the_cap(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.truncate(7_200_000)  # sparse: no need to write 7 MB
    assert one(read_file(path)) == IngestProblem(
        str(path), "file is 7.2 MB, over the 5.0 MB cap (setting max_report_bytes)"
    )
    small = write(tmp_path / "small.html", HTML_PAGE)
    assert one(iter_reports([small], max_bytes=1000)).message == (
        f"file is {len(HTML_PAGE.encode()) / 1000:.1f} KB, over the 1.0 KB cap (setting max_report_bytes)"
    )


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "text")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert one(read_file(path)) == IngestProblem(str(path), "cannot read file (Permission denied)")
    jsonl = write(tmp_path / "locked.jsonl", "{}")
    assert one(read_file(jsonl)) == IngestProblem(str(jsonl), "cannot read file (Permission denied)")


def test_file_vanishing_before_it_is_read(tmp_path):
    path = write(tmp_path / "gone.txt", "text")
    files = list(iter_files([tmp_path]))
    path.unlink()
    assert files == [path]
    assert one(read_file(path)) == IngestProblem(str(path), "cannot read file (No such file or directory)")


# ---------------------------------------------------------------- folders


def test_folder_recursion_sorted_hidden_and_unsupported_skipped(tmp_path):
    root = tmp_path / "corpus"
    for rel in [
        "b.txt",
        "a/z.html",
        "a/m.jsonl",
        "a.txt",
        "c/d/e.htm",
        ".hidden.txt",
        ".git/config.txt",
        "a/.cache/x.txt",
        "notes.md",
        "c/image.png",
        "C.TXT",
    ]:
        write(root / rel, "{}" if rel.endswith(".jsonl") else "text")
    assert list(iter_files([root])) == [
        root / "C.TXT",
        root / "a" / "m.jsonl",
        root / "a" / "z.html",
        root / "a.txt",
        root / "b.txt",
        root / "c" / "d" / "e.htm",
    ]
    # an explicitly named hidden file is read; a file named twice is read once
    hidden = root / ".hidden.txt"
    assert list(iter_files([hidden, root / "b.txt", str(root / "b.txt")])) == [hidden, root / "b.txt"]


def test_iter_reports_mixes_reports_and_problems_in_order(tmp_path):
    write(tmp_path / "1.txt", "First report.")
    write(tmp_path / "2.txt", b"")
    write(tmp_path / "3.jsonl", jsonl_line(id="j1", text="Third.") + "\nnot json\n")
    results = [(type(r).__name__, getattr(r, "document", None) or r.message) for r in iter_reports([tmp_path])]
    assert results == [
        ("RawReport", "1"),
        ("IngestProblem", "empty file (0 bytes)"),
        ("RawReport", "j1"),
        ("IngestProblem", "line is not valid JSON (Expecting value at column 1)"),
    ]


def test_files_of_other_types_in_folders_are_counted_by_type(tmp_path):
    from countersight.ingest.readers import skipped_in_folders

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "b.pdf", "sub/c.PDF", "sub/d.docx", "notes", ".hidden.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert skipped_in_folders([tmp_path, tmp_path / "a.txt"]) == {".pdf": 2, "(no suffix)": 1, ".docx": 1}
    assert skipped_in_folders([tmp_path / "a.txt"]) == {}
