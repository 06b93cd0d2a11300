import hashlib
import os
import re
import subprocess
import sys
import zlib

import pytest

from countersight.ingest.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    content_hash,
    estimate_similarity,
    lsh_keys,
    minhash,
    normalise_for_hash,
    shingles,
)

REPORT = """\
North Korea's Ministry of State Security has begun assigning informants to watch the families of people who \
fled the country, according to a source in Ryanggang Province.

The source said that since early October, officers from the provincial security bureau have visited the homes \
of defectors' relatives in Hyesan and Pochon at least twice a week. During the visits the officers ask who the \
family has spoken to by phone, whether money has arrived from China, and whether anyone has talked about leaving.

"The officers tell the families that if another member disappears, the whole household will be sent to the \
countryside," the source said. Several families have already been moved to farms far from the border.

In addition to the visits, each neighbourhood watch unit has been told to name one resident who will report on \
the movements of the families every evening. Residents who refuse to cooperate are questioned at the local \
security office, and some have been threatened with the loss of their jobs at state enterprises.

The source added that the crackdown followed the disappearance of a woman and her two sons in September. The \
authorities believe a broker in Hyesan helped the family cross the Yalu River, and the broker's relatives were \
detained for questioning. Local officials have also ordered a new inspection of mobile phones in the city, \
searching for Chinese devices that can reach networks across the river.

Residents say the mood in the border towns has grown tense. People avoid visiting the families of defectors, \
and traders at the market no longer talk openly about prices in China or about relatives who live abroad.
"""

# The same story as republished elsewhere: a new headline line, a byline, a few words edited.
EDITED = (
    "Security ministry tightens watch on defector families in Ryanggang\n"
    "By a staff reporter\n\n"
    + REPORT.replace("at least twice a week", "at least three times a week")
    .replace("Several families", "Some families")
    .replace("tense", "very tense")
    .replace("early October", "the start of October")
)

# A different report on the same topic.
OTHER = """\
Authorities in North Hamgyong Province have ordered security agents to step up surveillance of residents who \
receive remittances from South Korea, a source in Chongjin said on Monday.

According to the source, agents from the city security department now check the bank records of suspected \
recipients and question brokers who carry cash across the Tumen River. At least four people in Hoeryong were \
arrested in November after agents intercepted a phone call arranging a transfer.

The arrested residents were sent to a labor training camp for six months, the source said, while their \
relatives were warned that a second offence would bring harsher punishment. Since the arrests, families who \
depend on money from relatives in the South have been hiding their savings and buying rice in small amounts to \
avoid attention.

The source said the order came from the central party leadership, which has described remittances as a channel \
for foreign ideas. Security agents have also been told to recruit informants among market traders, who are \
promised lighter inspections in exchange for reports on their neighbours.
"""


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


# ---------------------------------------------------------------- exact duplicates


def test_normalise_for_hash():
    assert normalise_for_hash("  Ministry OF\r\nState\t\tSecurity \u00a0 ") == "ministry of state security"
    assert normalise_for_hash("Straße") == "strasse"
    assert normalise_for_hash("") == ""


def test_content_hash_ignores_whitespace_line_endings_and_case():
    a = "North Korea's MSS\nordered arrests.\n\nA source said so."
    b = "  north korea's mss ordered   arrests.\r\n\r\nA source  said so.  "
    expected = hashlib.sha256(b"north korea's mss ordered arrests. a source said so.").hexdigest()
    assert content_hash(a) == content_hash(b) == expected
    assert content_hash(a) != content_hash(a.replace("arrests", "searches"))


# ---------------------------------------------------------------- shingles


def test_shingles_use_letters_and_digits_only():
    expected = {zlib.crc32(b"the mss arrested 12 people"), zlib.crc32(b"mss arrested 12 people in")}
    assert shingles("The MSS arrested 12 people in") == expected
    assert shingles("The MSS — arrested “12” people, in!") == expected
    assert shingles("the mss arrested 12 people in", k=5) == expected


def test_shingles_short_and_empty_texts():
    assert shingles("Only three words") == {zlib.crc32(b"only three words")}
    assert shingles("  ... !!! ") == set()
    assert shingles("") == set()
    with pytest.raises(ValueError):
        shingles("a b c", k=0)


def test_shingles_korean_and_unicode_normalisation():
    nfc = "북한 국가보위성 요원들이 국경 주민을 감시한다"
    nfd = __import__("unicodedata").normalize("NFD", nfc)
    assert shingles(nfc) == shingles(nfd) and len(shingles(nfc)) == 2
    assert shingles("ＭＳＳ agents watched the border") == shingles("MSS agents watched the border")


# ---------------------------------------------------------------- minhash / LSH


def test_minhash_shape_and_determinism():
    sig = minhash(REPORT)
    assert len(sig) == 64 and all(isinstance(v, int) and 0 <= v < 2**32 for v in sig)
    assert minhash(REPORT) == sig
    assert len(minhash(REPORT, num_perm=128)) == 128
    assert estimate_similarity(sig, minhash(REPORT.upper().replace("\n", " \r\n"))) == 1.0


def test_minhash_is_stable_across_processes():
    code = (
        "import sys; from countersight.ingest.dedup import minhash, lsh_keys; "
        "print(lsh_keys(minhash(sys.stdin.read())))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", code], input=REPORT, capture_output=True, text=True, env=env, check=True
        )
        outputs.add(result.stdout.strip())
    assert outputs == {str(lsh_keys(minhash(REPORT)))}


def test_lightly_edited_copy_is_a_near_duplicate():
    assert jaccard(REPORT, EDITED) > 0.8
    sig_a, sig_b = minhash(REPORT), minhash(EDITED)
    assert estimate_similarity(sig_a, sig_b) >= NEAR_DUPLICATE_THRESHOLD == 0.7
    assert set(lsh_keys(sig_a)) & set(lsh_keys(sig_b))


def test_different_report_on_the_same_topic_is_not():
    assert jaccard(REPORT, OTHER) < 0.05
    sig_a, sig_b = minhash(REPORT), minhash(OTHER)
    assert estimate_similarity(sig_a, sig_b) < 0.3
    assert not set(lsh_keys(sig_a)) & set(lsh_keys(sig_b))


def test_estimate_tracks_true_jaccard():
    words = [f"w{n}" for n in range(1500)]
    a = " ".join(words[:1000])
    b = " ".join(words[400:1400])
    true = jaccard(a, b)
    assert true == pytest.approx(596 / 1396, abs=1e-9)
    assert estimate_similarity(minhash(a), minhash(b)) == pytest.approx(true, abs=0.15)


def test_short_texts_fill_every_slot():
    # Fewer shingles than slots: empty bins borrow from their neighbours.
    sig = minhash("The security ministry arrested two brokers in Hyesan last week.")
    assert len(sig) == 64 and len(set(sig)) <= 6
    assert estimate_similarity(sig, minhash("the security ministry arrested two brokers in hyesan last week")) == 1.0


def test_empty_text_signature():
    assert minhash("") == minhash("!!!") == (2**32,) * 64


def test_lsh_keys_format():
    keys = lsh_keys(minhash(REPORT))
    assert len(keys) == 16
    assert [k.split(":")[0] for k in keys] == [str(n) for n in range(16)]
    assert all(re.fullmatch(r"\d+:[0-9a-f]{16}", k) for k in keys)
    assert len(lsh_keys(minhash(REPORT), bands=8)) == 8
    with pytest.raises(ValueError):
        lsh_keys(minhash(REPORT), bands=10)


def test_estimate_similarity_edge_cases():
    assert estimate_similarity((1, 2, 3, 4), (1, 2, 0, 0)) == 0.5
    assert estimate_similarity((), ()) == 0.0
    with pytest.raises(ValueError):
        estimate_similarity((1, 2), (1, 2, 3))
