"""The date vocabulary (countersight.vocab.dates) is consistent data."""

from __future__ import annotations

import re

import pytest

from countersight.vocab import dates as V


def test_months() -> None:
    assert sorted(V.MONTHS.values()) == list(range(1, 13))
    assert list(V.MONTHS) == [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    for abbr, number in V.MONTH_ABBREVIATIONS.items():
        full = next(name for name, n in V.MONTHS.items() if n == number)
        assert full.startswith(abbr), abbr
    assert set(V.MONTH_ABBREVIATIONS.values()) == set(range(1, 13)) - {5}  # "May" is never shortened
    assert V.MONTH_ABBREVIATIONS["Sept"] == V.MONTH_ABBREVIATIONS["Sep"] == 9
    assert V.AMBIGUOUS_MONTHS <= set(V.MONTHS)
    assert {"May", "March"} <= V.AMBIGUOUS_MONTHS
    assert all(w == w.lower() for w in V.MONTH_CONTEXT_WORDS)


def test_weekdays() -> None:
    assert list(V.WEEKDAYS.values()) == list(range(7))
    assert list(V.WEEKDAYS)[0] == "Monday"


def test_seasons_cover_every_month_once() -> None:
    covered: list[int] = []
    for name in ("spring", "summer", "fall", "winter"):
        first, last = V.SEASONS[name]
        month = first
        while True:
            covered.append(month)
            if month == last:
                break
            month = month % 12 + 1
    assert sorted(covered) == list(range(1, 13))
    assert V.SEASONS["autumn"] == V.SEASONS["fall"] == (9, 11)
    assert V.SEASONS["winter"] == (12, 2)


def test_relative_tables() -> None:
    assert V.RELATIVE_DIRECTIONS == {"last": -1, "this": 0, "next": 1}
    assert set(V.RELATIVE_UNITS) == {"week", "month", "year"}
    assert V.DAY_WORDS["yesterday"] == -1 and V.DAY_WORDS["tomorrow"] == 1
    assert V.ANAPHORIC_DAYS["the day before"] == -1
    assert set(V.AGO_UNITS.values()) == {"day", "week", "month", "year"}
    assert V.NUMBER_WORDS["two"] == 2 and V.NUMBER_WORDS["a"] == 1
    assert V.PERIOD_EDGES["end"] == 12 and V.PERIOD_EDGES["beginning"] == 1
    assert "recently" in V.NOT_DATES


def test_attribution_and_future_words_are_lower_case() -> None:
    for words in (
        V.TELL_VERBS, V.SAY_VERBS, V.AUDIENCE_WORDS, V.SPEAKING_MANNERS, V.FUTURE_PREFIXES,
        V.FUTURE_CUES, V.PASSIVE_AUXILIARIES,
    ):
        assert words and all(w == w.lower() for w in words), words
    assert {"told", "spoke to"} <= set(V.TELL_VERBS)
    assert {"said", "reported"} <= set(V.SAY_VERBS)
    assert {"by", "until"} <= set(V.FUTURE_PREFIXES)
    assert "will" in V.FUTURE_CUES


def test_counts_and_labels() -> None:
    assert V.YEAR_MIN <= 1945 < 2020 <= V.YEAR_MAX
    assert "people" in V.COUNT_NOUNS and "resolution" in V.LABEL_WORDS
    assert all(w == w.lower() for w in V.COUNT_NOUNS | V.LABEL_WORDS)


FRAGMENTS = [name for name in dir(V) if name.endswith("_RE")]


@pytest.mark.parametrize("name", FRAGMENTS)
def test_fragments_compile(name: str) -> None:
    re.compile(getattr(V, name))


def _full(fragment: str, text: str) -> bool:
    return re.fullmatch(fragment, text) is not None


def test_month_fragments() -> None:
    for text in ("October", "Oct.", "Oct", "Sept.", "Sept", "Sep.", "May", "December"):
        assert _full(V.MONTH_RE, text), text
    for text in ("october", "OCT", "Octo", "Mayo", "Septem"):
        assert not _full(V.MONTH_RE, text), text
    assert _full(V.MONTH_FULL_RE, "March") and not _full(V.MONTH_FULL_RE, "Mar")


def test_day_and_year_fragments() -> None:
    for text in ("1", "01", "9", "12", "29", "30", "31", "1st", "2nd", "3rd", "30th"):
        assert _full(V.DAY_RE, text), text
    for text in ("0", "32", "40", "100"):
        assert not _full(V.DAY_RE, text), text
    for text in ("30,000", "30.5", "10:30", "30%"):
        assert re.match(V.DAY_RE, text) is None, text  # never part of a number, a time or a share
    for text in ("1900", "1945", "2019", "2099"):
        assert _full(V.YEAR_RE, text), text
    for text in ("1899", "2100", "19999"):
        assert not _full(V.YEAR_RE, text), text
    assert re.match(V.YEAR_RE, "1990s") is None  # a decade
    assert re.match(V.YEAR_RE, "2019.5") is None


def test_other_fragments() -> None:
    assert _full(V.WEEKDAY_RE, "Tuesday") and not _full(V.WEEKDAY_RE, "tuesday")
    assert _full(V.SEASON_RE, "autumn")
    assert _full(V.DAY_WORD_RE, "the day before yesterday")
    assert _full(V.DAY_WORD_RE, "last  night")  # any whitespace between words
    assert _full(V.ANAPHORIC_DAY_RE, "the following day")
    assert _full(V.NUMBER_WORD_RE, "twelve") and _full(V.NUMBER_WORD_RE, "10")
    assert _full(V.FUTURE_PREFIX_RE, "no later than")
    assert _full(V.TELL_VERB_RE, "spoke with")
    assert _full(V.CAPITALISED_WORD_RE, "RFA’s") and _full(V.CAPITALISED_WORD_RE, "NK")
    # longest alternative first: "Sept." is one month token, not "Sep" + "t."
    assert re.match(V.MONTH_ABBR_RE, "Sept. 3").group() == "Sept."


def test_anchor_tables() -> None:
    # every keyword word is found by one of the anchor substrings
    for word in V.KEYWORD_WORDS:
        assert any(sub in word for sub in V.ANCHOR_KEYWORD_SUBSTRINGS), word
    # the words an anchor can stand for
    assert set(V.MONTHS) | set(V.WEEKDAYS) <= V.NAME_WORDS
    assert {"week", "weekend", "years", "yesterday", "Yesterday", "spring"} <= V.KEYWORD_WORDS
    assert {"of", "the", "mid", "last", "two"} <= V.ANCHOR_PRECEDERS
    assert all(w == w.lower() for w in V.ANCHOR_PRECEDERS)
    # "the beginning of this month" fits in the look-back window
    assert len("the beginning of this ") <= V.ANCHOR_LOOKBACK


# -- small words before an expression, joined in their listed order by pipeline/dates.py ---
PREPOSITION_LISTS = {
    "SEASON_PREPOSITIONS": V.SEASON_PREPOSITIONS,
    "WEEKEND_PREPOSITIONS": V.WEEKEND_PREPOSITIONS,
    "LEADING_PREPOSITIONS": V.LEADING_PREPOSITIONS,
    "SAID_IN_NOUNS": V.SAID_IN_NOUNS,
}


@pytest.mark.parametrize("name", sorted(PREPOSITION_LISTS))
def test_preposition_lists_are_plain_lower_case_words(name: str) -> None:
    words = PREPOSITION_LISTS[name]
    assert words and len(words) == len(set(words))
    for w in words:
        assert re.fullmatch(r"[a-z]+(?: [a-z]+)*", w), w


def test_prepositions_gate_seasons_and_weekends() -> None:
    from countersight.pipeline.dates import _SEASON_PREP, _WEEKEND_PREP

    for before in ("arrested in ", "ever since ", "between spring and "):
        assert _SEASON_PREP.search(before), before
    for before in ("the Arab ", "a ", "summer "):
        assert not _SEASON_PREP.search(before), before
    for before in ("agents came over ", "during ", "BY "):
        assert _WEEKEND_PREP.search(before), before
    for before in ("enjoyed ", "in "):
        assert not _WEEKEND_PREP.search(before), before


def test_leading_prepositions_are_cut_whole() -> None:
    from countersight.pipeline.dates import _LEADING_PREP

    assert _LEADING_PREP.match("no later than Dec. 5").group("prep") == "no later than "
    assert _LEADING_PREP.match("as  of\tMarch").group("prep") == "as  of\t"  # a space is any whitespace
    assert _LEADING_PREP.match("throughout 2019").group("prep") == "throughout "
    assert _LEADING_PREP.match("Oct. 30").group("prep") is None


def test_said_in_nouns_put_the_date_on_the_saying() -> None:
    from countersight.pipeline.dates import _role

    text = "The ministry said in a statement on Monday"
    assert _role(text, text.index("Monday")) == "source_spoke"
    text = "Agents raided the house on Monday"
    assert _role(text, text.index("Monday")) == "act"
