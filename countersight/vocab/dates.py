"""Vocabulary for finding and resolving date expressions in English reports.

This module is data only: word lists, small tables and the regular-expression
fragments built from them. ``countersight.pipeline.dates`` assembles the
fragments into compiled patterns and does the resolving.

Month and weekday names are matched case-sensitively with a capital first
letter ("March", never "march"); seasons and the small words around names
("last", "this", "early", "by") are matched case-insensitively, but only their
lower-case forms (and a sentence-initial "Yesterday") make the pipeline look
for a date at all (see the anchors at the end).
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "January": 1,
    "February": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "August": 8,
    "September": 9,
    "October": 10,
    "November": 11,
    "December": 12,
}

#: Abbreviations as news agencies write them, with or without the full stop
#: ("Oct. 30", "Sept 3"). An abbreviation is only a date with a day or a year
#: after it ("Jan" alone is more often a first name).
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}

#: Month names that are also ordinary words or first names ("May I", "a march",
#: "April Kim", "June Lee"). Alone, they count as a month only right after one of
#: ``MONTH_CONTEXT_WORDS`` ("in May", "since March", "mid-June"); with a day or a
#: year after them ("May 5", "March 2019") they always count.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"May", "March", "April", "June"})

#: Words that, right before a bare month name, make it a date.
MONTH_CONTEXT_WORDS: frozenset[str] = frozenset(
    {
        "in", "on", "since", "until", "till", "by", "from", "to", "through", "throughout",
        "during", "before", "after", "between", "and", "or", "of", "around", "early", "late",
        "mid", "last", "this", "next",
    }
)

# --------------------------------------------------------------------------
# Weekdays
# --------------------------------------------------------------------------

#: Monday is 0, as in ``datetime.date.weekday()``.
WEEKDAYS: dict[str, int] = {
    "Monday": 0,
    "Tuesday": 1,
    "Wednesday": 2,
    "Thursday": 3,
    "Friday": 4,
    "Saturday": 5,
    "Sunday": 6,
}

#: Capitalised words that turn a weekday into a name, not a date ("Black Friday").
WEEKDAY_NAME_PREFIXES: tuple[str, ...] = ("Black", "Good", "Super", "Holy", "Ash", "Cyber", "Bloody", "Maundy")
#: Capitalised words after a weekday that make it a name ("Saturday Night Live",
#: "the Sunday Times").
WEEKDAY_NAME_SUFFIXES: tuple[str, ...] = (
    "Night Live", "Night Football", "Times", "Telegraph", "Mirror", "Express", "Post", "Mail",
    "Herald", "Independent", "Sport", "People", "Star", "Tribune", "Journal", "Edition", "School",
)

# --------------------------------------------------------------------------
# Seasons (meteorological, northern hemisphere)
# --------------------------------------------------------------------------

#: Season -> (first month, last month). Winter runs from December of its year to
#: February of the next year, so "winter 2019" is 2019-12-01..2020-02-29.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}

#: Words right before a season without a year or a direction ("in spring", "by the
#: summer", "between spring and autumn"): without one of them a season word is no
#: date ("Arab Spring", "summer camp", "the winter was harsh"). Joined in this order.
SEASON_PREPOSITIONS: tuple[str, ...] = (
    "in", "during", "since", "until", "till", "by", "before", "after", "through", "throughout",
    "over", "from", "of", "to", "and", "or", "between", "around",
)

# --------------------------------------------------------------------------
# Parts of a period
# --------------------------------------------------------------------------

#: Modifiers before a month, a year or a relative period: "mid-July", "early 2019",
#: "late last year", "earlier this month". They do not narrow the span: "mid-July"
#: is all of July at precision ``month`` (EVENTS.md has no finer grain than that).
PART_WORDS: tuple[str, ...] = ("earlier", "early", "mid", "middle", "later", "late")

#: "the <edge> of <period>": which month of a year it picks. ``None`` keeps the
#: whole year ("the middle of the year"). Of a month or a week it keeps the
#: month or the week.
PERIOD_EDGES: dict[str, int | None] = {
    "beginning": 1,
    "start": 1,
    "middle": None,
    "end": 12,
}

# --------------------------------------------------------------------------
# Relative expressions
# --------------------------------------------------------------------------

#: "last/this/next" + unit; the value is the step from the publication date's unit.
RELATIVE_DIRECTIONS: dict[str, int] = {"last": -1, "this": 0, "next": 1}
RELATIVE_UNITS: tuple[str, ...] = ("week", "month", "year")

#: Words right before "the weekend" that make it a date ("over the weekend", "by the
#: weekend"); "the weekend" alone is too often no particular one. Joined in this order.
WEEKEND_PREPOSITIONS: tuple[str, ...] = ("over", "at", "during", "on", "by", "until", "till", "since")

#: Single words or fixed phrases naming a day relative to the publication date.
DAY_WORDS: dict[str, int] = {
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}

#: Phrases naming a day relative to another date of the text, not to the
#: publication date ("the day before", "the following day"). They are resolved
#: against the nearest earlier day-precision date of the same text, and are
#: ``unknown`` without one.
ANAPHORIC_DAYS: dict[str, int] = {
    "the day before": -1,
    "the previous day": -1,
    "the day after": 1,
    "the next day": 1,
    "the following day": 1,
}

#: Counts before "... ago": "two years ago", "a week ago", "3 days ago".
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
AGO_UNITS: dict[str, str] = {
    "day": "day", "days": "day",
    "week": "week", "weeks": "week",
    "month": "month", "months": "month",
    "year": "year", "years": "year",
}

#: Expressions that look temporal but are not dates; the pipeline never
#: returns them. Kept here as documentation and test data.
NOT_DATES: tuple[str, ...] = (
    "recently",
    "lately",
    "these days",
    "nowadays",
    "in recent days",
    "in recent months",
    "in the past",
    "over the past year",
    "the last week",  # "over the last week" is a duration
    "24 hours",
    "three months",
    "80-day battle",
    "once a year",
    "three times a day",
    "every year",
    "the 1990s",  # decades are skipped: EVENTS.md has no precision for them
    "in his 30s",
    "that year",  # anaphoric, no anchor
)

# --------------------------------------------------------------------------
# Future markers
# --------------------------------------------------------------------------

#: Words right before an expression that make it point forward: "by Dec. 5",
#: "until October", "by the end of the year" (the expression is then
#: "the end of the year").
FUTURE_PREFIXES: tuple[str, ...] = ("by", "until", "till", "no later than", "not later than")

#: Words earlier in the same clause that make it point forward:
#: "will hold a meeting on Tuesday", "plans to finish by mid-July".
FUTURE_CUES: tuple[str, ...] = (
    "will",
    "shall",
    "’ll",
    "'ll",
    "plans to",
    "plan to",
    "planning to",
    "scheduled",
    "set to",
    "expected to",
    "intends to",
    "intend to",
    "going to",
    "is to",
    "are to",
    "upcoming",
)

#: Prepositions that an expression resolved on its own may open with ("by Dec. 5",
#: "as of March"): they are no part of the date; a future prefix among them still
#: sets the direction. Joined in this order, a space matching any whitespace.
LEADING_PREPOSITIONS: tuple[str, ...] = (
    "on", "in", "at", "during", "since", "from", "by", "until", "till", "before", "after", "around",
    "as of", "no later than", "not later than", "through", "throughout", "over",
)

# --------------------------------------------------------------------------
# Attribution: the day a source spoke to the outlet
# --------------------------------------------------------------------------

#: Verbs of telling an audience: "<source> told Daily NK on Friday".
TELL_VERBS: tuple[str, ...] = (
    "told",
    "tells",
    "telling",
    "spoke to",
    "spoke with",
    "speaking to",
    "speaking with",
    "talked to",
    "talking to",
    "said to",
)

#: Lower-case audiences after a telling verb; otherwise the audience is 1-5
#: capitalised words, "of" allowed between them ("Daily NK", "Radio Free Asia’s
#: Korean Service", "The Associated Press", "Voice of America").
AUDIENCE_WORDS: tuple[str, ...] = (
    "us",
    "this outlet",
    "this newspaper",
    "this website",
    "this site",
    "reporters",
    "journalists",
    "a reporter",
    "the outlet",
)

#: Ways of speaking between the audience and the date: "told Daily NK by phone on Friday".
SPEAKING_MANNERS: tuple[str, ...] = (
    "by phone",
    "by telephone",
    "over the phone",
    "in an interview",
    "in a phone interview",
    "in a telephone interview",
    "in a phone call",
    "in a telephone call",
)

#: Verbs of saying that put the date on the saying: "the source said on Monday",
#: "RFA reported last week".
SAY_VERBS: tuple[str, ...] = (
    "said",
    "says",
    "reported",
    "added",
    "explained",
    "noted",
    "stated",
    "claimed",
    "confirmed",
    "revealed",
)

#: What a saying is made in: "said in a statement on Monday" puts the date on the
#: saying, as "said on Monday" does. Joined in this order.
SAID_IN_NOUNS: tuple[str, ...] = ("statement", "report", "interview", "broadcast", "article")

#: Speakers whose words are themselves the act (an order, a speech): after them
#: "said on Monday" stays an ``act`` date. Matched in the clause before the verb.
ACT_SPEAKERS: tuple[str, ...] = (
    "Kim Jong Un",
    "Kim Jong Eun",
    "Kim Yo Jong",
    "Kim",
    "leader",
    "authorities",
    "regime",
    "the party",
    "Central Committee",
    "Politburo",
    "the state",
    "the government",
)

#: Auxiliaries that make "reported"/"said" passive ("cases were reported on
#: Oct. 3"): the date is then the act's.
PASSIVE_AUXILIARIES: tuple[str, ...] = ("was", "were", "is", "are", "be", "been", "being")

# --------------------------------------------------------------------------
# Years and numbers
# --------------------------------------------------------------------------

#: Four-digit years accepted as dates (others are counts or labels).
YEAR_MIN = 1900
YEAR_MAX = 2039

#: A four-digit number followed by one of these is a count, not a year ("2000 people").
COUNT_NOUNS: frozenset[str] = frozenset(
    {
        "people", "persons", "person", "men", "women", "children", "soldiers", "troops",
        "residents", "workers", "defectors", "households", "families", "officers", "agents",
        "won", "yuan", "dollars", "usd", "euros", "units", "cases", "km", "kilometers",
        "kilometres", "meters", "metres", "miles", "tons", "tonnes", "kg", "pages", "votes",
        "copies", "hours", "minutes", "seconds", "times", "members", "students", "protesters",
        "prisoners", "inmates", "deaths", "infections", "miners", "feet", "ft", "m",
    }
)

#: A four-digit number after one of these is a label, not a year ("Resolution 2094").
LABEL_WORDS: frozenset[str] = frozenset(
    {
        "resolution", "no", "no.", "number", "article", "route", "highway", "flight",
        "page", "room", "unit", "model", "code", "bus", "camp", "chapter", "section",
        "paragraph", "item", "case", "file", "#", "$", "€", "£", "¥", "₩",
    }
)

# --------------------------------------------------------------------------
# Regular-expression fragments (uncompiled)
# --------------------------------------------------------------------------


def _alternation(words: object) -> str:
    """Longest first, so that "Sept" wins over "Sep" and "last night" over "last"."""
    items = sorted(set(words), key=lambda w: (-len(w), w))  # type: ignore[arg-type]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


#: A full month name (case-sensitive).
MONTH_FULL_RE = rf"(?:{_alternation(MONTHS)})"
#: A month abbreviation with an optional full stop ("Oct.", "Sept").
MONTH_ABBR_RE = rf"(?:(?:{_alternation(MONTH_ABBREVIATIONS)})\b\.?)"
#: Any month name usable before a day or a year.
MONTH_RE = rf"(?:{MONTH_FULL_RE}\b|{MONTH_ABBR_RE})"
#: A day of the month, 1-31, with an optional ordinal suffix; never part of a
#: longer number ("30,000", "30.5") and never a time ("10:30").
DAY_RE = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9]|[.,:][0-9]|%)"
#: A four-digit year, 1900-2099, not a decade ("1990s") or part of a longer number.
YEAR_RE = r"(?:19[0-9]{2}|20[0-9]{2})(?![0-9]|s\b|[.,][0-9])"
WEEKDAY_RE = rf"(?:{_alternation(WEEKDAYS)})\b"
SEASON_RE = rf"(?:{_alternation(SEASONS)})\b"
PART_RE = rf"(?:{_alternation(PART_WORDS)})"
EDGE_RE = rf"(?:{_alternation(PERIOD_EDGES)})"
DIRECTION_RE = rf"(?:{_alternation(RELATIVE_DIRECTIONS)})"
UNIT_RE = rf"(?:{_alternation(RELATIVE_UNITS)})"
DAY_WORD_RE = rf"(?:{_alternation(DAY_WORDS)})\b"
ANAPHORIC_DAY_RE = rf"(?:{_alternation(ANAPHORIC_DAYS)})\b"
NUMBER_WORD_RE = rf"(?:{_alternation(NUMBER_WORDS)}|[1-9][0-9]?)"
AGO_UNIT_RE = rf"(?:{_alternation(AGO_UNITS)})"
FUTURE_PREFIX_RE = rf"(?:{_alternation(FUTURE_PREFIXES)})"
FUTURE_CUE_RE = rf"(?:{_alternation(FUTURE_CUES)})"
TELL_VERB_RE = rf"(?:{_alternation(TELL_VERBS)})"
AUDIENCE_WORD_RE = rf"(?:{_alternation(AUDIENCE_WORDS)})"
SPEAKING_MANNER_RE = rf"(?:{_alternation(SPEAKING_MANNERS)})"
SAY_VERB_RE = rf"(?:{_alternation(SAY_VERBS)})"
ACT_SPEAKER_RE = rf"(?:{_alternation(ACT_SPEAKERS)})"
PASSIVE_RE = rf"(?:{_alternation(PASSIVE_AUXILIARIES)})"
#: One capitalised word of an outlet's name, possessive allowed ("RFA’s").
CAPITALISED_WORD_RE = r"(?:[A-Z][\w.&-]*(?:[’']s)?)"

# --------------------------------------------------------------------------
# Anchors: what the pipeline looks for before running the full pattern
# --------------------------------------------------------------------------

#: Substrings searched with ``str.find`` on every sentence, besides month and
#: weekday names (found as capitalised words) and four-digit years. Every date
#: expression holds an anchor at a word start; a sentence with none is rejected
#: without running the full pattern. Only lower-case keywords anchor ("Last
#: Week Tonight" and "Summer" in titles are names), except a sentence-initial
#: "Yesterday"/"Tomorrow" (hence the substrings without their first letter).
ANCHOR_KEYWORD_SUBSTRINGS: tuple[str, ...] = (
    "day", "week", "month", "year", "night", "esterday", "omorrow",
    "spring", "summer", "fall", "autumn", "winter",
)

#: Whole words that anchor an expression when an anchor substring starts them.
NAME_WORDS: frozenset[str] = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(WEEKDAYS)
KEYWORD_WORDS: frozenset[str] = frozenset(
    {
        "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "night",
        "yesterday", "tomorrow", "Yesterday", "Tomorrow",
    }
) | frozenset(SEASONS)

#: Words that can come right before an anchor inside an expression ("the end
#: *of* October", "*mid*-July", "*two* years ago"; numbers too). An anchor after
#: any other word can only start an expression itself ("in 2019").
ANCHOR_PRECEDERS: frozenset[str] = (
    frozenset({"of", "the", "past", "previous", "following"})
    | frozenset(PART_WORDS)
    | frozenset(RELATIVE_DIRECTIONS)
    | frozenset(NUMBER_WORDS)
    | frozenset(SEASONS)
)

#: How far before an anchor an expression can start ("the beginning of this month").
ANCHOR_LOOKBACK = 32
