"""Turn the bytes of a report file into text, or say clearly why not.

Why the order is what it is
---------------------------
1. **Byte-order marks** (UTF-32, UTF-8, UTF-16) come first: a BOM is an
   explicit statement by the writer.  UTF-32 is checked before UTF-16 because
   the UTF-32 LE mark ``FF FE 00 00`` starts with the UTF-16 LE mark ``FF FE``.
2. **UTF-16 without a BOM** is recognised by its NUL-byte pattern (ASCII
   characters become ``xx 00`` or ``00 xx``).  This has to run *before* the
   binary check and before UTF-8, because UTF-16 text is full of NUL bytes and
   NUL is a valid UTF-8 character.
3. **Binary detection**: any other NUL byte, or a high share of control
   characters, means the file is not text at all.  Saying "binary file" is a
   far more useful message than "not valid UTF-8".
4. **UTF-8** is strict and self-validating: bytes in another encoding almost
   never form valid UTF-8 by accident, so a success is trustworthy.  It is
   also what nearly every modern source uses.
5. **EUC-KR, then CP949** for Korean-language reports (South Korean sites and
   older Windows exports).  CP949 is a superset of EUC-KR, but its extension
   area accepts ASCII letters as trail bytes, so *any* byte in 0x81-0xFE
   followed by a letter decodes: a CP1252 file with ``Korea\\x92s`` becomes
   ``Korea뭩``.  Hence EUC-KR (strict) first, and a plausibility check for
   both: the non-ASCII characters must be mostly Hangul from the KS X 1001
   repertoire, which real Korean text always is and mis-decoded Western text
   never is.
6. **CP1252** last, as a rescue for English files with a stray ``0xE9`` or
   Windows curly quotes.  CP1252 maps almost every byte to *something*, so it
   is accepted only when the result is mostly ASCII and printable; otherwise
   the file is reported as undecodable rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes", "looks_binary"]

UNDECODABLE = "not valid UTF-8, UTF-16, EUC-KR or CP949"

# Control bytes that do not occur in text: everything below 0x20 except
# \t \n \f \r, plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = frozenset(map(chr, _CONTROL_BYTES))
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.10
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]+")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding name)``.

    A byte-order mark is removed from the text.  Raises :class:`DecodeError`
    (and nothing else) when the data is binary or in no accepted encoding.
    """
    data = bytes(data)

    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if name == "utf-8-sig":
                if _bytes_look_binary(body):
                    raise DecodeError(_binary_reason(body))
                try:
                    return body.decode("utf-8"), name
                except UnicodeDecodeError as exc:
                    raise DecodeError(
                        f"not valid UTF-8 although the file starts with a UTF-8 byte-order mark "
                        f"(byte 0x{body[exc.start]:02X} at offset {exc.start + len(bom)})"
                    ) from None
            return _decode_wide(body, name, with_bom=True), name

    wide = _utf16_without_bom(data)
    if wide is not None:
        try:
            return _decode_wide(data, wide, with_bom=False), wide
        except DecodeError:
            # Not UTF-16 text after all, so its NUL bytes make it binary.
            raise DecodeError("binary file (NUL bytes)") from None

    if _bytes_look_binary(data):
        raise DecodeError(_binary_reason(data))

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    for name in ("euc-kr", "cp949"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible_korean(text):
            return text, name

    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DecodeError(UNDECODABLE) from None
    if _mostly_printable_ascii(text):
        return text, "cp1252"
    raise DecodeError(UNDECODABLE)


def looks_binary(data: bytes) -> bool:
    """True if ``data`` is not text: NUL bytes (outside UTF-16/32 text) or
    more than 10% control characters other than tab, newline, form feed and
    carriage return in the first 8 KB."""
    data = bytes(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-8-sig":
                data = data[len(bom):]
                break
            return _wide_sample_is_binary(data[len(bom):], name)
    else:
        wide = _utf16_without_bom(data)
        if wide is not None:
            try:
                _decode_wide(data, wide, with_bom=False)
            except DecodeError:
                return True  # NUL bytes that are not UTF-16 text
            return False
    return _bytes_look_binary(data)


# --------------------------------------------------------------------------
# helpers


def _bytes_look_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _binary_reason(data: bytes) -> str:
    if b"\x00" in data:
        return "binary file (NUL bytes)"
    return "binary file (control characters)"


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by where its NUL bytes are.

    Text that is mostly Latin script has a NUL in every other byte; Korean
    text still has NULs around its spaces and line breaks (and a few inside
    syllables such as 가 U+AC00).  Binary data has NULs at even and odd
    offsets alike.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= max(1, pairs // 10) and even < odd and even <= max(1, odd // 2):
        return "utf-16-le"
    if even >= max(1, pairs // 10) and odd < even and odd <= max(1, even // 2):
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, name: str, *, with_bom: bool) -> str:
    label = "UTF-32" if name.startswith("utf-32") else "UTF-16"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        how = "despite its byte-order mark" if with_bom else "although it looks like it"
        raise DecodeError(f"not valid {label} {how} ({exc.reason})") from None
    if "\x00" in text:
        raise DecodeError(f"binary file (NUL characters in {label} text)")
    unit = 4 if label == "UTF-32" else 2
    if _control_share(text[: _SAMPLE // unit]) > _MAX_CONTROL_SHARE:
        raise DecodeError("binary file (control characters)")
    return text


def _wide_sample_is_binary(data: bytes, name: str) -> bool:
    unit = 4 if name.startswith("utf-32") else 2
    sample = data[: _SAMPLE - _SAMPLE % unit]
    sample = sample[: len(sample) - len(sample) % unit]
    text = sample.decode(name, errors="replace")
    return "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if ch in _CONTROL_CHARS) / len(text)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


def _plausible_korean(text: str) -> bool:
    """At least half of the non-ASCII characters are Hangul that EUC-KR can
    encode as a single two-byte code (the KS X 1001 repertoire), and the
    Korean is split into words by spaces as Korean prose is.  The second test
    rejects GB2312 Chinese, whose bytes are mostly valid EUC-KR too but
    decode to long unbroken runs of syllables."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch > "\x7f":
            counts[ch] = counts.get(ch, 0) + 1
    total = sum(counts.values())
    if not total:
        return False
    runs = _NON_ASCII_RUN.findall(text)
    if not runs:  # only non-ASCII whitespace (e.g. U+3000)
        return False
    if total / len(runs) > 10:
        return False
    good = 0
    for ch, n in counts.items():
        if _is_hangul(ch):
            try:
                if len(ch.encode("euc-kr")) == 2:
                    good += n
            except UnicodeEncodeError:
                pass
    return good * 2 >= total


def _mostly_printable_ascii(text: str) -> bool:
    """English with the odd accented letter or curly quote, not mojibake."""
    if not text:
        return False
    non_ascii = sum(1 for ch in text if ch > "\x7f")
    unprintable = sum(1 for ch in text if not (ch.isprintable() or ch in "\t\n\r\f"))
    return non_ascii <= 0.2 * len(text) and unprintable <= 0.02 * len(text)
