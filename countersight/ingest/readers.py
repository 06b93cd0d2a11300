"""Read report files: paths in, :class:`RawReport` or :class:`IngestProblem` out.

Everything here is a generator and never raises for a bad input file: each
file (or JSONL line) that cannot be read becomes an ``IngestProblem`` with a
one-line message, and reading goes on with the next one.

Supported formats:

``.txt``
    Raw text as scraped; or a header block (``title:``, ``url:``,
    ``outlet:``, ``published: YYYY-MM-DD``, then one blank line) followed by
    the report text.
``.html`` / ``.htm``
    A web page; the article text and metadata are extracted with trafilatura.
``.jsonl``
    One report per line: ``{"id", "title", "url", "outlet", "published",
    "text"}``.  Read line by line, never whole.

Body text is exactly the decoded text with ``\\r\\n`` and ``\\r`` turned into
``\\n`` and a leading byte-order mark removed - nothing else - because
evidence offsets point into it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from countersight.ingest.decode import DecodeError, decode_bytes, looks_binary
from countersight.model import IngestProblem, RawReport

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "skipped_in_folders",
    "iter_files",
    "iter_reports",
    "read_file",
]

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000

# ``origin`` says where a stored copy came from (an archive, a data set); it is
# read so that the block is recognised, and not kept.
_HEADER_KEYS = ("title", "url", "outlet", "published", "origin")
# Values that mean "not known" in a header, as archives write them.
_UNKNOWN_VALUES = ("null", "none", "unknown")
_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(.*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SNIFF_BYTES = 8192
_SKIP_CHUNK = 1 << 20

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------
# public API


def iter_reports(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawReport | IngestProblem]:
    """Every report in ``paths`` (files and folders), in order, with a
    problem for everything that could not be read."""
    for item in iter_files(paths):
        if isinstance(item, IngestProblem):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | IngestProblem]:
    """The report files named by ``paths``.

    Folders are walked recursively in sorted order (by path component);
    hidden files and folders (name starts with ".") and files with an
    unsupported suffix inside folders are skipped silently.  A path given
    explicitly that does not exist, is not a regular file or has an
    unsupported suffix is a problem.  A file reached twice is yielded once.
    """
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield IngestProblem(str(path), _os_message("cannot access path", exc))
            continue
        if is_dir:
            for item in _walk(path):
                if isinstance(item, IngestProblem) or first_time(item):
                    yield item
        elif not exists:
            if path.is_symlink():
                yield IngestProblem(str(path), "broken symbolic link")
            else:
                yield IngestProblem(str(path), "path does not exist")
        elif not _supported(path):
            yield IngestProblem(str(path), _unsupported_message(path))
        elif not path.is_file():
            yield IngestProblem(str(path), "not a regular file")
        elif first_time(path):
            yield path


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawReport | IngestProblem]:
    """The report(s) in one file, or problems.  Never raises for bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield IngestProblem(str(path), _unsupported_message(path))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, max_bytes)
        return
    try:
        loaded = _load_text(path, max_bytes)
    except OSError as exc:
        yield IngestProblem(str(path), _os_message("cannot read file", exc))
        return
    if isinstance(loaded, IngestProblem):
        yield loaded
    elif suffix == ".txt":
        yield _parse_txt(path, loaded)
    else:
        yield _parse_html(path, loaded)


# --------------------------------------------------------------------------
# finding files


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _unsupported_message(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "(no suffix)"
    return f"unsupported file type {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})"


def skipped_in_folders(paths: Iterable[str | Path]) -> dict[str, int]:
    """How many files of a type ingest does not read lie in the folders of ``paths``, by
    suffix ("(no suffix)" for none): they are skipped, and the analyst should hear of it
    (a folder of PDFs yields nothing)."""
    skipped: dict[str, int] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for _ in _walk(path, skipped):
                pass
    return dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))


def _walk(folder: Path, skipped: dict[str, int] | None = None) -> Iterator[Path | IngestProblem]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda entry: entry.name)
    except OSError as exc:
        yield IngestProblem(str(folder), _os_message("cannot read folder", exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            # Symlinked folders are not followed: that avoids loops.
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, skipped)
                continue
            if not _supported(path):
                if skipped is not None:
                    kind = path.suffix.lower() or "(no suffix)"
                    skipped[kind] = skipped.get(kind, 0) + 1
                continue
            if entry.is_file():
                yield path
            elif entry.is_symlink():
                yield IngestProblem(str(path), "broken symbolic link")
            else:
                yield IngestProblem(str(path), "not a regular file")
        except OSError as exc:
            yield IngestProblem(str(path), _os_message("cannot access path", exc))


# --------------------------------------------------------------------------
# whole-file formats: .txt and .html


def _load_text(path: Path, max_bytes: int) -> str | IngestProblem:
    """Decoded, body-normalised text of a file, or a problem.  May raise OSError."""
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        return IngestProblem(source, _over_cap("file", size, max_bytes))
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    if len(data) > max_bytes:
        return IngestProblem(source, _over_cap("file", max(size, len(data)), max_bytes))
    if not data:
        return IngestProblem(source, "empty file (0 bytes)")
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        return IngestProblem(source, str(exc))
    text = _clean_body(text)
    if not text.strip():
        return IngestProblem(source, "empty file (only whitespace)")
    return text


def _parse_txt(path: Path, text: str) -> RawReport | IngestProblem:
    header = _split_header(text)
    if header is None:
        return RawReport(document=path.stem, body=text, source_path=str(path), format="txt")
    fields, body = header
    published = fields.get("published")
    date = _parse_date(published)
    if published is not None and date is None:
        return IngestProblem(str(path), f"header 'published' must be YYYY-MM-DD, got {_show(published)}")
    if not body.strip():
        return IngestProblem(str(path), "no report text after the header block")
    return RawReport(
        document=path.stem,
        body=body,
        source_path=str(path),
        format="txt",
        title=fields.get("title"),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        published=date,
    )


def _split_header(text: str) -> tuple[dict[str, str | None], str] | None:
    """``(fields, body)`` if ``text`` starts with a valid header block.

    A header block is 1-4 lines ``key: value`` with distinct keys from
    title/url/outlet/published (any case, any order), then a blank line.
    Anything else - e.g. a first line "Update: ..." - is not a header and the
    whole text is the body.
    """
    fields: dict[str, str | None] = {}
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            return None  # no blank line after the header lines
        line = text[pos:end]
        pos = end + 1
        if not line.strip():
            return (fields, text[pos:]) if fields else None
        if len(fields) == len(_HEADER_KEYS):
            return None
        match = _HEADER_LINE.fullmatch(line)
        if not match:
            return None
        key = match.group(1).lower()
        if key not in _HEADER_KEYS or key in fields:
            return None
        value = match.group(2).strip()
        if key in ("published", "url") and value.lower() in _UNKNOWN_VALUES:
            value = ""  # "published: null" / "unknown" = date unknown, as in JSONL
        fields[key] = value or None


def _parse_html(path: Path, html: str) -> RawReport | IngestProblem:
    import trafilatura  # imported here: it is slow to import and only needed for HTML

    source = str(path)
    try:
        doc = trafilatura.bare_extraction(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            # Only dates the page states (meta tags, <time>, JSON-LD, a full
            # date in the URL or a "Published: ..." line).  The default
            # extensive search turns "Copyright 2021" into 2021-01-01 and a
            # "/2021/11/" URL into 2021-11-01: invented days.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml failures on odd markup
        log.debug("trafilatura failed on %s", source, exc_info=True)
        return IngestProblem(source, f"could not extract text from the HTML ({type(exc).__name__}: {_one_line(exc)})")
    if doc is None:
        return IngestProblem(source, "no article text found in the HTML" + _too_deep_note(html))
    meta: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = _clean_body(meta.get("text") or "")
    if not body.strip():
        return IngestProblem(source, "no article text found in the HTML" + _too_deep_note(html))
    return RawReport(
        document=path.stem,
        body=body,
        source_path=source,
        format="html",
        title=_text_or_none(meta.get("title")),
        url=_text_or_none(meta.get("url")),
        outlet=_text_or_none(meta.get("sitename")) or _text_or_none(meta.get("hostname")),
        published=_parse_date(meta.get("date")),
    )


_MAX_HTML_DEPTH = 255  # libxml2's limit without XML_PARSE_HUGE, which we do not lift (hostile input)


def _too_deep_note(html: str) -> str:
    """Why a page may have shown no text: libxml2 stops reading elements nested
    deeper than its limit (hostile pages nest 10,000+ <div>s). Only checked when no
    text was found, so the second parse costs nothing on good pages."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True, encoding="utf-8")
    try:
        etree.fromstring(html.encode("utf-8", "replace"), parser)
    except Exception:  # an empty or unparsable page: nothing more to say
        return ""
    if any("depth" in (entry.message or "").lower() for entry in parser.error_log):
        return f" (elements nested more than {_MAX_HTML_DEPTH} levels deep are not read)"
    return ""


# --------------------------------------------------------------------------
# JSONL


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[RawReport | IngestProblem]:
    source = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield IngestProblem(source, _os_message("cannot read file", exc))
        return
    with handle:
        try:
            head = handle.read(_SNIFF_BYTES)
            handle.seek(0)
        except OSError as exc:
            yield IngestProblem(source, _os_message("cannot read file", exc))
            return
        if not head:
            yield IngestProblem(source, "empty file (0 bytes)")
            return
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in head and not looks_binary(head)):
            yield IngestProblem(source, "JSONL must be UTF-8, this file is UTF-16 or UTF-32")
            return
        if looks_binary(head):
            yield IngestProblem(source, "binary file (NUL bytes)" if b"\x00" in head else "binary file (control characters)")
            return

        limit = max_bytes + 2  # room for a trailing "\r\n"
        number = 0
        anything = False
        while True:
            try:
                raw = handle.readline(limit)
                if not raw:
                    break
                number += 1
                size, tail = len(raw), raw
                if size == limit and not raw.endswith(b"\n"):
                    # Longer than the cap: skip the rest of the line without holding it.
                    while True:
                        tail = handle.readline(_SKIP_CHUNK)
                        size += len(tail)
                        if not tail or tail.endswith(b"\n"):
                            break
            except OSError as exc:
                yield IngestProblem(source, _os_message("cannot read file", exc), line=number or None)
                return
            content = size - _newline_length(tail)
            if content > max_bytes:
                anything = True
                yield IngestProblem(source, _over_cap("line", content, max_bytes), line=number)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            anything = True
            yield _parse_jsonl_line(path, number, raw[: len(raw) - _newline_length(raw)])
        if not anything:
            yield IngestProblem(source, "empty file (only whitespace)")


def _newline_length(raw: bytes) -> int:
    if raw.endswith(b"\r\n"):
        return 2
    if raw.endswith(b"\n"):
        return 1
    return 0


def _parse_jsonl_line(path: Path, number: int, raw: bytes) -> RawReport | IngestProblem:
    source = str(path)

    def problem(message: str) -> IngestProblem:
        return IngestProblem(source, message, line=number)

    try:
        line = raw.decode("utf-8")  # what JSON Lines should be; fast
    except UnicodeDecodeError:
        try:
            line, _encoding = decode_bytes(raw)
        except DecodeError as exc:
            message = str(exc)
            if message.startswith("binary file"):  # "line is binary (control characters)"
                return problem("line is binary" + message[len("binary file") :])
            return problem(f"line is {message}")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = exc.msg.removesuffix(" at")  # "Invalid control character at"
        return problem(f"line is not valid JSON ({reason} at column {exc.colno})")
    except RecursionError:
        return problem("line is not valid JSON (nested too deeply)")
    if not isinstance(obj, dict):
        return problem("line is not a JSON object")
    for key in ("text", "title", "url", "outlet", "id"):
        bad = _invalid_text(obj.get(key))
        if bad:
            # A JSON escape can spell what no text file can hold: a lone surrogate
            # ("\\ud800") cannot be encoded (hashing and storing it would crash), and
            # PostgreSQL refuses NUL characters. Binary .txt files are refused alike.
            return problem(f"'{key}' contains {bad}")

    text = obj.get("text")
    # Checked once cleaned: a text that is only a byte-order mark would be empty.
    if not isinstance(text, str) or not _clean_body(text).strip():
        if text is None or isinstance(text, str):
            return problem("missing or empty 'text'")
        return problem(f"'text' must be a string, got {type(text).__name__}")

    published = obj.get("published")
    if published is None or published == "":
        date = None
    else:
        date = _parse_date(published)
        if date is None:
            return problem(f"'published' must be YYYY-MM-DD or null, got {_show(published)}")

    meta: dict[str, str | None] = {}
    for key in ("title", "url", "outlet"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return problem(f"'{key}' must be a string or null, got {type(value).__name__}")
        meta[key] = _text_or_none(value)

    ident = obj.get("id")
    if isinstance(ident, (dict, list)):
        return problem(f"'id' must be a string or number, got {type(ident).__name__}")
    document = str(ident).strip() if ident is not None and not isinstance(ident, bool) else ""
    if not document:
        document = f"{path.stem}-{number}"

    return RawReport(
        document=document,
        body=_clean_body(text),
        source_path=source,
        format="jsonl",
        title=meta["title"],
        url=meta["url"],
        outlet=meta["outlet"],
        published=date,
        line=number,
    )


# --------------------------------------------------------------------------
# small helpers


_INVALID_CHAR = re.compile("[\x00\ud800-\udfff]")


def _invalid_text(value: Any) -> str | None:
    """What makes a string from JSON unfit to be report text, or None."""
    if not isinstance(value, str):
        return None
    found = _INVALID_CHAR.search(value)
    if found is None:
        return None
    ch = found.group(0)
    if ch == "\x00":
        return "a NUL character (\\u0000)"
    return f"a lone surrogate (\\u{ord(ch):04x}), which is not valid Unicode"


def _clean_body(text: str) -> str:
    """The only changes ever made to report text: unify line endings, drop a BOM."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _text_or_none(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _show(value: Any, limit: int = 60) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _format_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


def _over_cap(what: str, size: int, cap: int) -> str:
    shown_size, shown_cap = _format_size(size), _format_size(cap)
    if shown_size == shown_cap:  # e.g. 5,000,001 bytes against a 5,000,000-byte cap
        shown_size, shown_cap = f"{size:,} bytes", f"{cap:,} bytes"
    return f"{what} is {shown_size}, over the {shown_cap} cap (setting max_report_bytes)"


def _one_line(exc: BaseException, limit: int = 120) -> str:
    """An exception's message as one short line (library messages may span lines or
    quote the input)."""
    text = " ".join(str(exc).split()) or "no details"
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _os_message(what: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{what} ({reason})"
