import re

import pytest

from countersight.pipeline.matchers import bounded, vocabulary
from countersight.pipeline.prefilter import MAX_INDEXED_CHARS, Alternation, heads, word_heads, word_starts


@pytest.mark.parametrize("pattern, expected", [
    (r"arrest(?:ed|s)?", {"arr"}),
    (r"(?:a |the )?notices?", {"a", "the", "not"}),
    (r"on the lookout|[Ss]ent to", {"on", "sen"}),
    (r"체포|심문\w*", {"체포", "심문"}),
    # What the parse tree cannot pin down: the pattern always runs.
    (r"(?:\w+)[- ]ply", None),
    (r"\"quoted\"", None),
])
def test_heads_are_the_first_letters_any_match_begins_with(pattern, expected):
    found = heads(bounded(pattern), re.IGNORECASE)
    assert (None if found is None else set(found)) == expected


def test_a_pattern_that_may_begin_inside_a_word_has_no_heads():
    assert heads("arrest") is None


def test_word_heads_hold_every_beginning_and_give_up_on_cased_letters_outside_ascii():
    assert word_heads("The MSS arrested 3") == {"t", "th", "the", "m", "ms", "mss", "a", "ar", "arr", "3"}
    assert word_heads("보위부가 감시") == {"보", "보위", "보위부", "감", "감시"}
    assert word_heads("\u212aim") is None  # the Kelvin sign matches "k" case-insensitively


TEXTS = [
    "Ministry of State Security agents arrested three brokers in Hyesan.",
    "The notice was posted; residents were on the lookout for informants.",
    "보위부가 주민을 체포했다. 심문을 받았다.",
    "Nothing here concerns anybody at all.",
    "\u212aIM JONG UN ordered arrests",
    "",
]


@pytest.mark.parametrize("guard", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_an_alternation_finds_exactly_what_the_plain_regex_finds(text, guard):
    # Order matters where two alternatives match at one place: "arrest" before "arrested".
    patterns = [r"arrest", r"arrest(?:ed|s)?", r"(?:a |the )?notices?", r"on the lookout", r"체포\w*",
                r"(?:\w+)[- ]ply", r"kim jong un", r"ordered", r"ordered arrests"]
    alternation = Alternation(patterns, re.IGNORECASE, wrap=bounded, guard=guard)
    plain = re.compile(bounded("|".join(f"(?:{p})" for p in patterns)), re.IGNORECASE)
    assert [m.span() for m in alternation.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert (alternation.search(text) is None) == (plain.search(text) is None)


def test_word_starts_say_where_each_beginning_of_a_word_stands():
    assert word_starts("The MSS arrested the") == {"t": [0, 17], "th": [0, 17], "the": [0, 17], "m": [4], "ms": [4],
                                                   "mss": [4], "a": [8], "ar": [8], "arr": [8]}
    assert word_starts("\u212aim") is None


def test_a_long_text_gives_its_word_heads_without_being_indexed():
    # Where its words begin would hold every word's place in memory (a 10 MB sentence).
    text = "Agents arrested the brokers. " * (MAX_INDEXED_CHARS // 20)
    assert len(text) > MAX_INDEXED_CHARS
    word_starts.cache_clear()
    assert word_heads(text) == {"a", "ag", "age", "ar", "arr", "t", "th", "the", "b", "br", "bro"}
    assert word_starts.cache_info().currsize == 0
    assert [m.span()[0] for m in Alternation([r"brokers?"], re.IGNORECASE, wrap=bounded).finditer(text)][:2] == [20, 49]


@pytest.mark.parametrize("text", [
    *TEXTS,
    "arrested arrests arrest, notices the notice a notice",  # matches side by side
    "ordered arrests; the arrests ordered",  # a longer alternative that begins where a shorter one does
    "rearrested unarrested",  # heads inside words: no match begins there
    ("filler words " * 90) + "then arrested the notice",  # longer than MAX_INDEXED_CHARS: scanned whole
])
def test_an_alternation_tried_only_at_its_heads_finds_what_the_plain_regex_finds(text):
    # Every alternative has heads, so a short text is tried only at the words that begin with one.
    patterns = [r"arrest", r"arrest(?:ed|s)?", r"(?:a |the )?notices?", r"on the lookout", r"체포\w*",
                r"kim jong un", r"ordered arrests", r"ordered"]
    alternation = Alternation(patterns, re.IGNORECASE, wrap=bounded, guard=True)
    assert alternation.rest is None
    plain = re.compile(bounded("|".join(f"(?:{p})" for p in patterns)), re.IGNORECASE)
    assert [m.span() for m in alternation.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found, expected = alternation.search(text), plain.search(text)
    assert (found and found.span()) == (expected and expected.span())
    if len(text) > MAX_INDEXED_CHARS:
        assert [m.span() for m in alternation.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_the_vocabulary_finds_the_same_with_and_without_the_filter(text, monkeypatch):
    vocab = vocabulary()
    def everything():
        return (vocab.find_agencies(text), vocab.find_groups(text),
                {t: [m.span() for m in rx.finditer(text)] for t, rx in vocab.strong.items()})
    filtered = everything()
    monkeypatch.setattr(Alternation, "_plan", lambda self, text: (re.compile(self.plain, self.full.flags), None))
    assert everything() == filtered


def test_the_prefiltered_trigger_tables_keep_every_match_on_the_vocabulary_sentences():
    """On every sentence of the trigger-vocabulary tests, each table (prefiltered and
    branched by first letter) finds the same as the alternation as written."""
    from countersight.pipeline.matchers import _compile_any, fold
    from countersight.vocab import triggers
    from tests.vocab.test_trigger_sentences import FIRE, SILENT

    texts = [fold((item.values if hasattr(item, "marks") else item)[1]) for item in FIRE + SILENT]
    for table in (triggers.STRONG, triggers.WEAK, triggers.BLOCKERS):
        for patterns in table.values():
            plain = re.compile(bounded("|".join(f"(?:{p})" for p in patterns)), re.IGNORECASE)
            filtered = _compile_any(patterns, guard=True)
            for text in texts:
                assert [m.span() for m in plain.finditer(text)] == [m.span() for m in filtered.finditer(text)], text
