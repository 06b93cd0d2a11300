"""Fingerprints for duplicate reports.

* :func:`content_hash` catches exact re-ingestion of the same text, even when
  whitespace or line endings differ.
* :func:`minhash` + :func:`lsh_keys` catch near-duplicates: the same wire
  story republished with another headline, a byline or a few edited words.

Everything here is deterministic across processes and machines (no use of
Python's salted ``hash()``), so fingerprints can be stored and compared later.

How the MinHash is computed
---------------------------
Classic MinHash applies ``num_perm`` hash functions to every shingle, i.e.
64 x ~800 Python-level operations per report - several seconds for a couple of
thousand reports.  We use *one permutation hashing* (Li, Owen & Zhang 2012)
with *rotation densification* (Shrivastava & Li 2014) instead: every shingle
is hashed once (CRC-32), the 32-bit hash range is split into ``num_perm``
equal bins, and the signature holds the smallest hash in each bin.  An empty
bin borrows the value of the next non-empty bin to its right (circularly);
because every value stays inside the range of the bin it came from, a
borrowed value can only ever equal another borrowed value from the same bin.
As with classic MinHash, the share of positions where two signatures agree
estimates the Jaccard similarity of the shingle sets.  All loops run in C
(``sorted``, ``map``, ``dict``), which makes it ~20x faster.
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
import zlib
from collections.abc import Sequence

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "content_hash",
    "estimate_similarity",
    "lsh_keys",
    "minhash",
    "normalise_for_hash",
    "shingles",
]

NEAR_DUPLICATE_THRESHOLD = 0.7

# Signature value of a text without any words (outside the CRC-32 range).
EMPTY_SLOT = 1 << 32

_WORD = re.compile(r"[^\W_]+")
# bytes.translate table: keep a-z and 0-9, every other ASCII byte separates words.
_ASCII_WORDS = bytes(c if (0x30 <= c <= 0x39 or 0x61 <= c <= 0x7A) else 0x20 for c in range(256))
# Common non-ASCII punctuation in English news text.  None of these is (or
# NFKC-normalises to) a letter or digit, so turning them into spaces gives
# exactly the words the regular expression would find, and the text often
# becomes pure ASCII, which takes the fast path.
_PUNCTUATION = (
    "\u00a0\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2013\u2014\u2015\u2026"
    "\u00b4\u00b7\u2022\u00ab\u00bb\u2032\u2033\u200b\u00ad\u00a9\u00ae\u00b0"
    "\u20ac\u00a3\u00a7\u2010\u2011\u2012\u2212\u3000"
)


def normalise_for_hash(text: str) -> str:
    """Casefold, collapse every run of whitespace to one space, strip."""
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """SHA-256 hex digest of :func:`normalise_for_hash` of ``text``."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def _words(text: str) -> list[bytes]:
    """Casefolded, NFKC-normalised runs of letters/digits, UTF-8 encoded."""
    text = text.casefold()
    if not text.isascii():
        for ch in _PUNCTUATION:
            if ch in text:
                text = text.replace(ch, " ")
        if not text.isascii():
            if not unicodedata.is_normalized("NFKC", text):
                text = unicodedata.normalize("NFKC", text).casefold()
            return " ".join(_WORD.findall(text)).encode("utf-8").split()
    return text.encode("ascii").translate(_ASCII_WORDS).split()


def shingles(text: str, k: int = 5) -> set[int]:
    """CRC-32 hashes of the word ``k``-shingles of ``text``.

    Words are runs of letters and digits after casefolding and NFKC
    normalisation; punctuation and whitespace only separate words.  A text
    with fewer than ``k`` words yields one shingle of all its words; a text
    without words yields an empty set.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    words = _words(text)
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(b" ".join(words))}
    return set(map(zlib.crc32, map(b" ".join, zip(*(words[i:] for i in range(k))))))


def minhash(text: str, num_perm: int = 64) -> tuple[int, ...]:
    """A ``num_perm``-slot MinHash signature of the 5-shingles of ``text``
    (one permutation hashing, see the module docstring)."""
    if not 1 <= num_perm <= 1 << 16:
        raise ValueError("num_perm must be between 1 and 65536")
    hashes = shingles(text)
    if not hashes:
        return (EMPTY_SLOT,) * num_perm
    ordered = sorted(hashes, reverse=True)
    # bin of h = floor(h * num_perm / 2**32); assigning in descending order
    # leaves the smallest hash of each bin in the dict.
    bins = map((32).__rrshift__, map(num_perm.__mul__, ordered))
    smallest = dict(zip(bins, ordered))
    if len(smallest) == num_perm:
        return tuple(map(smallest.__getitem__, range(num_perm)))
    signature = []
    for slot in range(num_perm):
        step = 0
        while (slot + step) % num_perm not in smallest:
            step += 1
        signature.append(smallest[(slot + step) % num_perm])
    return tuple(signature)


def lsh_keys(signature: Sequence[int], bands: int = 16) -> list[str]:
    """One bucket key per band of ``signature``: ``"<band>:<hex digest>"``.

    With 64 slots in 16 bands of 4, two reports with Jaccard similarity s
    share at least one key with probability 1 - (1 - s**4)**16: 0.99 at
    s = 0.7, 0.12 at s = 0.3, 0.0001 at s = 0.05.
    """
    if bands < 1 or len(signature) % bands:
        raise ValueError(f"signature of length {len(signature)} cannot be split into {bands} equal bands")
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        chunk = ",".join(map(str, signature[band * rows : (band + 1) * rows]))
        digest = hashlib.blake2b(chunk.encode("ascii"), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def estimate_similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of slots where the signatures agree."""
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures differ in length ({len(sig_a)} and {len(sig_b)})")
    if not sig_a:
        return 0.0
    return sum(map(operator.eq, sig_a, sig_b)) / len(sig_a)
