"""Find date expressions in a sentence and resolve them against the publication date.

``find_dates(text, published)`` returns every date expression of ``text`` in
text order as a ``DateMention`` (offsets into ``text``, the expression as
written without a leading preposition, its resolved ``DateSpan`` and its
role); ``resolve(expression, published)`` resolves one expression on its own.

How expressions are resolved (EVENTS.md, "Dates"):

* Direction. Expressions without a year resolve to the past of ``published``
  (the publication day itself included: "on Friday" in a report published on
  a Friday is that Friday, "Nov. 6" published 2020-11-06 is 2020-11-06),
  except:
  - after a future cue earlier in the same clause ("will", "plans to",
    "scheduled", "is to", "upcoming", ...): the first occurrence on or after
    publication ("will meet on Tuesday", "plans to finish by mid-July");
  - right after a deadline prefix alone ("by", "until", "till", "no later
    than"): the nearer of the last and the next occurrence, a tie going to
    the future. "by Dec. 5" published 2020-11-06 is 2020-12-05, but "by
    Oct. 30" is 2020-10-30 and "until June 1" published in September the
    June 1 just past: reports often give the deadline of an order issued
    before publication, and "until"/"by" narrate the past as often as not;
  - expressions that say so themselves: "next month", "next Tuesday",
    "tomorrow", "next year".
  The day a source spoke is always in the past.
* Precisions: ``day``, ``month``, ``season``, ``year``, ``unknown`` as in
  EVENTS.md, plus ``week`` (an extension: "last week", "this week", "two weeks
  ago", start Monday, end Sunday; also weekends, "over the weekend", "this
  weekend", start Saturday, end Sunday). A part word does not narrow the span:
  "mid-July", "early October" are the whole month, "late last year" and
  "mid-2019" the whole year. "The end of the year" is December of that year
  (precision ``month``), "the beginning/start of the year" January, "the
  middle of the year" the whole year; "the end of the month/week" is that
  month/week. A day range "Oct. 15-20" is one ``day`` span from the 15th to
  the 20th.
* "This year", "the year", "this month", "the month" (as in "by the end of
  the year", "earlier in the month") are the publication date's year/month in
  either direction.
* Weekdays: "last Tuesday" is the Tuesday 1-7 days before publication, "next
  Tuesday" 1-7 days after, "this Tuesday" the Tuesday of the publication week
  (Monday to Sunday), a bare "(on) Tuesday" 0-6 days before (see Direction).
  "Tuesday, Sept. 15" takes the nearby year in which Sept. 15 is a Tuesday.
  "This weekend" is the last one on a Monday or Tuesday, else the coming one.
* Months: "last October" is the latest October before the publication month,
  "this October" the one of the publication year, "October last year" the one
  of the year before.
* Seasons are meteorological: spring Mar-May, summer Jun-Aug, fall/autumn
  Sep-Nov, winter Dec of its year to Feb of the next ("winter 2019" is
  2019-12-01..2020-02-29). "This spring" is the spring of the publication year
  (for winter: the winter running at publication, else the one starting in
  December of that year); "last summer" the latest summer that ended before
  publication; "next winter" the first that starts after it; "in the fall" the
  running or latest one (past) or the running or next one (future).
* Explicit years resolve without a publication date ("in 2019", "Oct. 30,
  2019", "October 2019", "mid-2019", "the summer of 2019", "2020-10-30").
  Without a publication date anything else is
  ``DateSpan(None, None, "unknown", text)``.
* "The day before", "the next day" and the like resolve against the nearest
  earlier day-precision date of the same text; without one they are
  ``unknown``. "Yesterday"/"last night" are the day before publication,
  "tomorrow" the day after; "two years ago", "three weeks ago" count back from
  publication in that unit.
* Not dates: durations ("three months", "24 hours", "over the last week", "for
  the next month"), frequencies ("once a year", "every year"), "recently",
  "today", decades ("the 1990s": EVENTS.md has no precision for them and a
  year range would claim a start month it does not know), ages ("in his
  30s"), four-digit counts and labels ("2000 people", "Resolution 2094"),
  bare "May"/"March"/"April"/"June" without a date context word right before
  ("a protest March", "May I"; lower-case "march" is never a month), weekday
  names inside names ("Black Friday", "Saturday Night Live"), "the fall of the
  regime", a capitalised season alone ("Arab Spring") and title-case
  keywords ("Last Week Tonight").

Roles: ``source_spoke`` for the day a source spoke to the outlet, i.e. an
expression right after "told/spoke to <1-5 capitalised words | us | this
outlet | reporters | ...> [by phone | in an interview] [on]" or right after
"said/says/reported/added/explained/noted/stated/claimed/confirmed/revealed
[in a statement] [on]" (not passive "was reported", and not when the
speaker in the clause is the supreme leader, the party, the authorities or
the regime, whose words are the act itself). Everything else is ``act``.

Speed: no dateparser (it misses "mid-July", "earlier this month", "late last
year" and misreads "Oct. 30" in search mode), and no scan of every position:
``str.find`` and two cheap regular expressions locate anchor words (month and
weekday names, four-digit years, "week", "month", "year", "day", seasons, ...),
and the full pattern is tried only at the few words before each anchor that
can start an expression, with only the alternatives that can start with such a
word. The result is the same as scanning with the full pattern.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from countersight.model import DateSpan
from countersight.vocab import dates as V

__all__ = ["DateMention", "find_dates", "resolve"]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the text passed in
    end: int
    text: str  # the expression as written, without a leading preposition
    span: DateSpan  # resolved
    role: str  # "act" or "source_spoke"


# --------------------------------------------------------------------------
# Patterns (compiled once at import)
# --------------------------------------------------------------------------

_SP = r"\s+"
_HY = r"(?:\s*-\s*|\s+)"  # "mid-July", "mid July"
_REL_YEAR = r"(?i:last|this|next)"

#: The alternatives of the full pattern, in the order they are tried at one
#: position (longer forms first). Each is wrapped in a group named by its kind,
#: which ``Match.lastgroup`` then reports.
_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    # 2020-10-30
    ("iso", r"(?P<iso_date>(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9])(?![0-9])"),
    # [Tuesday, ] Oct. 30[-31][, 2019]
    (
        "md",
        rf"(?:(?P<md_wd>{V.WEEKDAY_RE}),?{_SP}(?:(?i:the){_SP})?)?"
        rf"(?P<md_month>{V.MONTH_RE}){_SP}(?P<md_day>{V.DAY_RE})"
        rf"(?:\s*[-–]\s*(?P<md_day2>{V.DAY_RE}))?"
        rf"(?:,?{_SP}(?P<md_year>{V.YEAR_RE}))?",
    ),
    # [Tuesday, ] [the] 30[th] [of] October[,] [2019]
    (
        "dm",
        rf"(?:(?P<dm_wd>{V.WEEKDAY_RE}),?{_SP}(?:(?i:the){_SP})?)?"
        rf"(?P<dm_day>{V.DAY_RE})(?:{_SP}(?i:of))?{_SP}(?P<dm_month>{V.MONTH_RE})"
        rf"(?:,?{_SP}(?P<dm_year>{V.YEAR_RE}))?",
    ),
    # mid-July [2019 | of 2019 | last year]
    (
        "pm",
        rf"(?P<pm_part>(?i:{V.PART_RE})){_HY}(?P<pm_month>{V.MONTH_FULL_RE})\b"
        rf"(?:(?:,?{_SP}|{_SP}(?i:of){_SP})(?P<pm_year>{V.YEAR_RE})"
        rf"|{_SP}(?:(?i:of){_SP})?(?P<pm_rel>{_REL_YEAR}){_SP}(?i:year)\b)?",
    ),
    # [the] end of October [2019 | last year]
    (
        "em",
        rf"(?:(?i:the){_SP})?(?P<em_edge>(?i:{V.EDGE_RE})){_SP}(?i:of){_SP}(?P<em_month>{V.MONTH_FULL_RE})\b"
        rf"(?:,?{_SP}(?P<em_year>{V.YEAR_RE})|{_SP}(?:(?i:of){_SP})?(?P<em_rel>{_REL_YEAR}){_SP}(?i:year)\b)?",
    ),
    # [the] end of [the | this | last] year/month/week, the end of 2019
    (
        "ep",
        rf"(?:(?i:the){_SP})?(?P<ep_edge>(?i:{V.EDGE_RE})){_SP}(?i:of){_SP}"
        rf"(?:(?P<ep_year>{V.YEAR_RE})"
        rf"|(?:(?i:the)|(?P<ep_dir>(?i:{V.DIRECTION_RE}))){_SP}(?P<ep_unit>(?i:{V.UNIT_RE}))\b)",
    ),
    # October 2019, Oct. 2019, October of 2019
    ("my", rf"(?P<my_month>{V.MONTH_RE})(?:,?{_SP}|{_SP}(?i:of){_SP})(?P<my_year>{V.YEAR_RE})"),
    # October last year
    ("mr", rf"(?P<mr_month>{V.MONTH_FULL_RE}){_SP}(?:(?i:of){_SP})?(?P<mr_rel>{_REL_YEAR}){_SP}(?i:year)\b"),
    # last October
    ("dmo", rf"(?P<dmo_dir>(?i:{V.DIRECTION_RE})){_SP}(?P<dmo_month>{V.MONTH_FULL_RE})\b"),
    # [early] [this | last | next | the] summer [of 2019 | last year]
    (
        "s",
        rf"(?:(?P<s_part>(?i:early|mid|late)){_HY})?(?:(?P<s_dir>(?i:{V.DIRECTION_RE}|the)){_SP})?"
        rf"(?P<s_name>(?i:{V.SEASON_RE}))"
        rf"(?:(?:{_SP}(?i:of))?{_SP}(?P<s_year>{V.YEAR_RE})"
        rf"|{_SP}(?:(?i:of){_SP})?(?P<s_rel>{_REL_YEAR}){_SP}(?i:year)\b)?",
    ),
    # mid-2019
    ("py", rf"(?P<py_part>(?i:{V.PART_RE})){_HY}(?P<py_year>{V.YEAR_RE})"),
    # earlier this month, late last year, earlier in the year, last week, over the weekend
    (
        "r",
        rf"(?:(?P<r_part>(?i:{V.PART_RE})){_HY}(?:(?i:in){_SP})?)?"
        rf"(?P<r_dir>(?i:{V.DIRECTION_RE}|the)){_SP}(?P<r_unit>(?i:weekend|{V.UNIT_RE}))\b",
    ),
    # yesterday, last night, the day before yesterday
    ("dw", rf"(?P<dw_words>(?i:{V.DAY_WORD_RE}))"),
    # the day before, the following day
    ("ana", rf"(?P<ana_words>(?i:{V.ANAPHORIC_DAY_RE}))"),
    # two years ago
    ("ago", rf"(?P<ago_n>(?i:{V.NUMBER_WORD_RE})){_SP}(?P<ago_unit>(?i:{V.AGO_UNIT_RE})){_SP}(?i:ago)\b"),
    # [last | this | next | this past] Tuesday
    ("w", rf"(?:(?P<w_dir>(?i:this{_SP}past|past|{V.DIRECTION_RE})){_SP})?(?P<w_day>{V.WEEKDAY_RE})"),
    # October
    ("mb", rf"(?P<mb_month>{V.MONTH_FULL_RE})\b"),
    # 2019
    ("y", rf"(?P<y_year>{V.YEAR_RE})"),
)


def _compile(kinds: tuple[str, ...] | None = None) -> re.Pattern[str]:
    parts = [f"(?P<{k}>{src})" for k, src in _ALTERNATIVES if kinds is None or k in kinds]
    return re.compile(rf"\b(?:{'|'.join(parts)})")


#: The full pattern (used by ``resolve``).
_MASTER = _compile()

#: By the class of the word a match starts with, the alternatives that can
#: start with such a word: trying only those keeps each attempt cheap. The
#: order inside each pattern stays the order of ``_ALTERNATIVES``, so the
#: result is the same as the full pattern's.
_START_CLASSES: dict[str, tuple[str, ...]] = {
    "digit": ("iso", "dm", "ago", "y"),
    "month": ("md", "my", "mr", "mb"),
    "weekday": ("md", "dm", "w"),
    "the": ("em", "ep", "s", "r", "dw", "ana"),
    "part": ("pm", "em", "ep", "s", "py", "r"),
    "edge": ("em", "ep"),
    "dir": ("dmo", "s", "r", "dw", "w"),
    "number": ("ago",),
    "season": ("s",),
    "dayword": ("dw",),
}
_BY_CLASS: dict[str, re.Pattern[str]] = {c: _compile(kinds) for c, kinds in _START_CLASSES.items()}


def _word_class_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for w in V.NUMBER_WORDS:
        table[w] = "number"
    for w in V.SEASONS:
        table[w] = "season"
    for w in V.PERIOD_EDGES:
        table[w] = "edge"
    for w in V.PART_WORDS:
        table[w] = "part"  # "middle" is both: the part patterns include the edge ones
    for w in (*V.RELATIVE_DIRECTIONS, "past"):
        table[w] = "dir"
    table["the"] = "the"
    table["yesterday"] = "dayword"
    table["tomorrow"] = "dayword"
    return table


_LOWER_CLASS = _word_class_table()
_MONTH_NAMES = frozenset(V.MONTHS) | frozenset(V.MONTH_ABBREVIATIONS)
_WEEKDAY_NAMES = frozenset(V.WEEKDAYS)


#: Start class of every word an expression can start with, as written
#: (lower case and capitalised); numbers are "digit".
_CLASS_OF: dict[str, str] = {
    **{w: c for w0, c in _LOWER_CLASS.items() for w in (w0, w0.capitalize())},
    **{w: "month" for w in _MONTH_NAMES},
    **{w: "weekday" for w in _WEEKDAY_NAMES},
}


# Anchors (see ``_matches``)
_CAP_WORDS = re.compile(r"[ADFJMNOSTW][a-z]+")
_YEAR_ANCHOR = re.compile(r"(?:19|20)[0-9]{2}")
_WORD = re.compile(r"[A-Za-z]+")
_WORD_OR_NUMBER_ALL = re.compile(r"[A-Za-z]+|[0-9]+").findall
_NAME_WORDS = V.NAME_WORDS
_KEYWORD_WORDS = V.KEYWORD_WORDS
_KEYWORD_SUBSTRINGS = V.ANCHOR_KEYWORD_SUBSTRINGS
_PRECEDERS = V.ANCHOR_PRECEDERS
_PUNCT = ".,;:!?()[]{}\"'“”‘’-–—"


def _in_order(words: tuple[str, ...]) -> str:
    """An alternation of ``words`` as listed (not longest first, unlike the vocabulary's
    fragments), a space matching any run of whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


# Context tests run on the text before (or after) a candidate. Direction and
# role tests run on lower-cased windows with case-sensitive patterns (faster).
_WS_TAIL = r"\s+$"
_NEXT_WORD = re.compile(r"\s*-?\s*([A-Za-z]+)")
_FUTURE_PREFIX = re.compile(rf"\b{V.FUTURE_PREFIX_RE}{_WS_TAIL}")
#: Run on a lower-cased clause: a future cue anywhere in it.
_FUTURE_CUE = re.compile(rf"\b(?:{V.FUTURE_CUE_RE})\b|[’']ll\b")
#: Substrings one of which every match of ``_FUTURE_CUE`` or ``_FUTURE_PREFIX``
#: holds (a cheap test first).
_FUTURE_HINTS: tuple[str, ...] = tuple(sorted({*V.FUTURE_PREFIXES, *V.FUTURE_CUES}))
_SENTENCE_OPENERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ“\"‘'([")
#: The last word before a date (after an "on") when it can be a source_spoke
#: date: a verb of saying, a lower-case audience or manner word; capitalised
#: words (outlet names) pass as well.
_ROLE_LAST_WORDS = frozenset(
    w.split()[-1] for w in (*V.SAY_VERBS, *V.AUDIENCE_WORDS, *V.SPEAKING_MANNERS)
) | frozenset(V.SAID_IN_NOUNS)
_TELL = re.compile(
    rf"\b(?i:{V.TELL_VERB_RE})\s+"
    rf"(?:(?i:{V.AUDIENCE_WORD_RE})|{V.CAPITALISED_WORD_RE}(?:\s+(?:of\s+)?{V.CAPITALISED_WORD_RE}){{0,4}})"
    rf"(?:\s+(?i:{V.SPEAKING_MANNER_RE}))?\s+(?:(?i:on)\s+)?$"
)
_SAY = re.compile(
    rf"\b(?i:{V.SAY_VERB_RE})"
    rf"(?:\s+(?i:in\s+an?\s+(?:{_in_order(V.SAID_IN_NOUNS)})))?"
    rf"\s+(?:(?i:on)\s+)?$"
)
_PASSIVE = re.compile(rf"\b(?i:{V.PASSIVE_RE}){_WS_TAIL}")
_SUBJECT_BOUNDARY = re.compile(r"[,;:.!?“”\"\n]")
_ACT_SPEAKER = re.compile(rf"\b(?i:{V.ACT_SPEAKER_RE})\b")
_DURATION_DET = re.compile(r"\b(?i:the|past|over)\s+$")
_SEASON_PREP = re.compile(rf"\b(?i:{_in_order(V.SEASON_PREPOSITIONS)})\s+$")
_WEEKEND_PREP = re.compile(rf"\b(?i:{_in_order(V.WEEKEND_PREPOSITIONS)})\s+$")
_SEASON_OF_NON_YEAR = re.compile(r"\s+(?i:of)\s+(?!(?:19|20)[0-9]{2}\b)")
_WEEKDAY_NAME_SUFFIX = re.compile(rf"\s+(?:{'|'.join(re.escape(w) for w in V.WEEKDAY_NAME_SUFFIXES)})\b")
_DECADE_POSSESSIVE = re.compile(r"['’]s\b")
_LEADING_PREP = re.compile(rf"^(?P<prep>(?i:{_in_order(V.LEADING_PREPOSITIONS)})\s+)?(?:(?i:the)\s+(?=[0-9]))?")

_YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "until", "till", "during", "before", "after", "by", "through", "throughout"}
)

_CONTEXT = 100  # characters of left context looked at for roles and direction


# --------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _day(d: dt.date, text: str) -> DateSpan:
    return DateSpan(_iso(d), _iso(d), "day", text)


def _month(year: int, month: int, text: str) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month", text)


def _year(year: int, text: str) -> DateSpan:
    return DateSpan(f"{year:04d}-01-01", f"{year:04d}-12-31", "year", text)


def _week(monday: dt.date, text: str) -> DateSpan:
    return DateSpan(_iso(monday), _iso(monday + dt.timedelta(days=6)), "week", text)


def _unknown(text: str) -> DateSpan:
    return DateSpan(None, None, "unknown", text)


def _season_bounds(name: str, year: int) -> tuple[dt.date, dt.date]:
    first, last = V.SEASONS[name]
    end_year = year + 1 if last < first else year
    return (
        dt.date(year, first, 1),
        dt.date(end_year, last, calendar.monthrange(end_year, last)[1]),
    )


def _season(name: str, year: int, text: str) -> DateSpan:
    a, b = _season_bounds(name, year)
    return DateSpan(_iso(a), _iso(b), "season", text)


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    if name in V.MONTHS:
        return V.MONTHS[name]
    return V.MONTH_ABBREVIATIONS[name]


def _day_number(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _month_day_year(month: int, day: int, published: dt.date, direction: str) -> int | None:
    """The year of a month-day without a year: the latest on or before
    publication ("past"), the first on or after it ("future"), or whichever of
    the two is nearer to publication ("nearest"; a tie goes to the future)."""
    if direction == "nearest":
        past = _month_day_year(month, day, published, "past")
        future = _month_day_year(month, day, published, "future")
        if past is None or future is None:
            return future if past is None else past
        before = (published - dt.date(past, month, day)).days
        after = (dt.date(future, month, day) - published).days
        return past if before < after else future
    if direction == "future":
        year = published.year if (month, day) >= (published.month, published.day) else published.year + 1
        step = 1
    else:
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        step = -1
    for _ in range(9):  # Feb. 29
        if _valid(year, month, day):
            return year
        year += step
    return None


def _month_year(month: int, published: dt.date, direction: str) -> int:
    """The year of a month without a year (the publication month counts as both past and future)."""
    before = (published.month - month) % 12
    after = (month - published.month) % 12
    if direction == "future" or (direction == "nearest" and after <= before):
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _rel_year(word: str | None, published: dt.date) -> int:
    return published.year + (V.RELATIVE_DIRECTIONS[word.lower()] if word else 0)


# --------------------------------------------------------------------------
# Resolving one match
# --------------------------------------------------------------------------

#: Asked for the direction of an expression when it matters: "past",
#: "future" or "nearest" (see ``_direction``).
DirectionTest = Callable[[], str]


def _resolve_match(
    m: re.Match[str],
    text: str,
    published: dt.date | None,
    direction: DirectionTest,
    anchor: dt.date | None,
    lenient: bool = False,
) -> DateSpan | None:
    """The DateSpan of a match, or None when the match is not a date after all.

    ``direction`` is asked only when it matters. ``lenient`` (used by
    ``resolve``, whose caller already knows it holds a date) drops the context
    tests for bare ambiguous months and bare seasons."""
    g = m.group
    expr = m.group(0)
    kind = m.lastgroup

    if kind == "iso":
        try:
            return _day(dt.date.fromisoformat(g("iso_date")), expr)
        except ValueError:
            return None

    if kind == "md" or kind == "dm":
        month = _month_number(g(f"{kind}_month"))
        day = _day_number(g(f"{kind}_day"))
        day2 = _day_number(g("md_day2")) if kind == "md" and g("md_day2") else None
        if g(f"{kind}_year"):
            year = int(g(f"{kind}_year"))
        elif published is None:
            return _unknown(expr) if _valid(2000, month, day) else None
        else:
            found = _month_day_year(month, day, published, direction())
            if found is None:
                return None
            year = found
            weekday = g(f"{kind}_wd")
            if weekday and dt.date(year, month, day).weekday() != V.WEEKDAYS[weekday]:
                # "Tuesday, Sept. 15": take the nearby year where Sept. 15 is a Tuesday
                fits = [
                    y
                    for y in (published.year - 1, published.year, published.year + 1)
                    if _valid(y, month, day) and dt.date(y, month, day).weekday() == V.WEEKDAYS[weekday]
                ]
                if fits:
                    year = min(fits, key=lambda y: abs((dt.date(y, month, day) - published).days))
        if not _valid(year, month, day):
            return None
        start = dt.date(year, month, day)
        end = start
        if day2 is not None and day2 > day and _valid(year, month, day2):
            end = dt.date(year, month, day2)
        return DateSpan(_iso(start), _iso(end), "day", expr)

    if kind == "pm" or kind == "em":
        month = _month_number(g(f"{kind}_month"))
        if g(f"{kind}_year"):
            return _month(int(g(f"{kind}_year")), month, expr)
        if published is None:
            return _unknown(expr)
        if g(f"{kind}_rel"):
            return _month(_rel_year(g(f"{kind}_rel"), published), month, expr)
        return _month(_month_year(month, published, direction()), month, expr)

    if kind == "ep":
        edge = V.PERIOD_EDGES[g("ep_edge").lower()]
        if g("ep_year"):
            year = int(g("ep_year"))
            return _year(year, expr) if edge is None else _month(year, edge, expr)
        if published is None:
            return _unknown(expr)
        unit = g("ep_unit").lower()
        step = V.RELATIVE_DIRECTIONS[g("ep_dir").lower()] if g("ep_dir") else 0
        if unit == "year":
            year = published.year + step
            return _year(year, expr) if edge is None else _month(year, edge, expr)
        if unit == "month":
            return _month(*_shift_month(published.year, published.month, step), expr)
        return _week(_monday(published) + dt.timedelta(weeks=step), expr)

    if kind == "my":
        return _month(int(g("my_year")), _month_number(g("my_month")), expr)

    if kind == "mr":
        if published is None:
            return _unknown(expr)
        return _month(_rel_year(g("mr_rel"), published), _month_number(g("mr_month")), expr)

    if kind == "dmo":
        if published is None:
            return _unknown(expr)
        month = _month_number(g("dmo_month"))
        step = V.RELATIVE_DIRECTIONS[g("dmo_dir").lower()]
        if step == 0:
            year = published.year
        elif step < 0:
            year = published.year if month < published.month else published.year - 1
        else:
            year = published.year if month > published.month else published.year + 1
        return _month(year, month, expr)

    if kind == "s":
        return _resolve_season(m, text, published, direction, lenient)

    if kind == "py":
        return _year(int(g("py_year")), expr)

    if kind == "r":
        return _resolve_relative(m, text, published)

    if kind == "dw":
        if published is None:
            return _unknown(expr)
        offset = V.DAY_WORDS[" ".join(g("dw_words").lower().split())]
        return _day(published + dt.timedelta(days=offset), expr)

    if kind == "ana":
        if anchor is None:
            return _unknown(expr)
        offset = V.ANAPHORIC_DAYS[" ".join(g("ana_words").lower().split())]
        return _day(anchor + dt.timedelta(days=offset), expr)

    if kind == "ago":
        if published is None:
            return _unknown(expr)
        n_word = g("ago_n").lower()
        n = int(n_word) if n_word.isdigit() else V.NUMBER_WORDS[n_word]
        unit = V.AGO_UNITS[g("ago_unit").lower()]
        if unit == "day":
            return _day(published - dt.timedelta(days=n), expr)
        if unit == "week":
            return _week(_monday(published - dt.timedelta(weeks=n)), expr)
        if unit == "month":
            return _month(*_shift_month(published.year, published.month, -n), expr)
        return _year(published.year - n, expr)

    if kind == "w":
        if _prev_word(text, m.start()) in V.WEEKDAY_NAME_PREFIXES:
            return None  # "Black Friday"
        if _WEEKDAY_NAME_SUFFIX.match(text, m.end()):
            return None  # "Saturday Night Live", "the Sunday Times"
        if published is None:
            return _unknown(expr)
        wd = V.WEEKDAYS[g("w_day")]
        modifier = " ".join(g("w_dir").lower().split()) if g("w_dir") else None
        pw = published.weekday()
        after, before = (wd - pw) % 7, (pw - wd) % 7
        if modifier in ("last", "past", "this past"):
            delta = -(((pw - wd - 1) % 7) + 1)
        elif modifier == "next":
            delta = ((wd - pw - 1) % 7) + 1
        elif modifier == "this":
            delta = wd - pw
        else:
            way = direction()
            delta = after if way == "future" or (way == "nearest" and after <= before) else -before
        return _day(published + dt.timedelta(days=delta), expr)

    if kind == "mb":
        name = g("mb_month")
        if name in V.AMBIGUOUS_MONTHS and not lenient and not _month_context_before(text, m.start()):
            return None
        if published is None:
            return _unknown(expr)
        month = V.MONTHS[name]
        return _month(_month_year(month, published, direction()), month, expr)

    if kind == "y":
        year = int(g("y_year"))
        if not (V.YEAR_MIN <= year <= V.YEAR_MAX):
            return None
        if published is not None and year > published.year + 15:
            return None
        prev = _prev_word(text, m.start()).lower()
        if text[m.start() - 1 : m.start()] in V.LABEL_WORDS or prev in V.LABEL_WORDS:
            return None  # "$2000", "Resolution 2094"
        after = text[m.end() : m.end() + 20]
        nxt = _NEXT_WORD.match(after)
        if nxt and nxt.group(1).lower() in V.COUNT_NOUNS and prev not in _YEAR_PREPOSITIONS:
            return None
        if year % 10 == 0 and _DECADE_POSSESSIVE.match(after):
            return None  # "the 1990's": a decade
        return _year(year, expr)

    return None  # pragma: no cover - every alternative is handled above


def _prev_word(text: str, start: int) -> str:
    """The whitespace-delimited word right before ``start`` ("" at the start)."""
    parts = text[max(0, start - 24) : start].split()
    return parts[-1] if parts else ""


def _month_context_before(text: str, start: int) -> bool:
    return _prev_word(text, start).strip(_PUNCT).lower() in V.MONTH_CONTEXT_WORDS


def _resolve_season(
    m: re.Match[str], text: str, published: dt.date | None, direction: DirectionTest, lenient: bool
) -> DateSpan | None:
    g = m.group
    expr = m.group(0)
    name = g("s_name").lower()
    det = g("s_dir").lower() if g("s_dir") else None
    after = text[m.end() : m.end() + 12]
    before = text[max(0, m.start() - 16) : m.start()]
    if not g("s_year") and not g("s_rel") and not lenient:
        if det in (None, "the"):
            # "in (the) spring", not "Arab Spring", "summer camp" or "the winter was harsh"
            if not _SEASON_PREP.search(before):
                return None
            # "the fall of the regime"
            if _SEASON_OF_NON_YEAR.match(after):
                return None
            if det is None and g("s_name")[0].isupper() and not g("s_part"):
                return None  # "in Spring Festival"; seasons are lower case in running text
    if g("s_year"):
        return _season(name, int(g("s_year")), expr)
    if published is None:
        return _unknown(expr)
    if g("s_rel"):
        return _season(name, _rel_year(g("s_rel"), published), expr)
    y = published.year
    candidates = [(y + k, *_season_bounds(name, y + k)) for k in (-2, -1, 0, 1)]
    if det == "this":
        for year, a, b in candidates:
            if a <= published <= b:
                return _season(name, year, expr)
        return _season(name, y, expr)
    if det == "last":
        year = max(year for year, a, b in candidates if b < published)
        return _season(name, year, expr)
    if det == "next":
        year = min(year for year, a, b in candidates if a > published)
        return _season(name, year, expr)
    way = direction()
    upcoming = min((year, a) for year, a, b in candidates if b >= published)  # running or next
    latest = max((year, b) for year, a, b in candidates if a <= published)  # running or last
    if way == "future":
        year = upcoming[0]
    elif way == "nearest" and upcoming[0] != latest[0]:
        year = upcoming[0] if (upcoming[1] - published) <= (published - latest[1]) else latest[0]
    else:
        year = latest[0]
    return _season(name, year, expr)


def _resolve_relative(m: re.Match[str], text: str, published: dt.date | None) -> DateSpan | None:
    g = m.group
    expr = m.group(0)
    det = g("r_dir").lower()
    unit = g("r_unit").lower()
    before = text[max(0, m.start() - 12) : m.start()]
    if det == "the":
        # "earlier in the month", "over the weekend"; never "the year" alone
        if unit == "weekend":
            if not g("r_part") and not _WEEKEND_PREP.search(before):
                return None
        elif not g("r_part"):
            return None
    elif det in ("last", "next") and not g("r_part") and _DURATION_DET.search(before):
        return None  # "over the last week", "for the next month": durations
    if published is None:
        return _unknown(expr)
    step = 0 if det == "the" else V.RELATIVE_DIRECTIONS[det]
    if unit == "year":
        return _year(published.year + step, expr)
    if unit == "month":
        return _month(*_shift_month(published.year, published.month, step), expr)
    monday = _monday(published)
    if unit == "week":
        return _week(monday + dt.timedelta(weeks=step), expr)
    # weekend: Saturday and Sunday
    saturday = monday + dt.timedelta(days=5)
    if det == "the":  # "over the weekend": the latest that started
        if saturday > published:
            saturday -= dt.timedelta(weeks=1)
    elif det == "this":  # the nearer of the last and the coming one (Mon, Tue: the last)
        if published.weekday() < 2:
            saturday -= dt.timedelta(weeks=1)
    else:
        saturday += dt.timedelta(weeks=step)
    return DateSpan(_iso(saturday), _iso(saturday + dt.timedelta(days=1)), "week", expr)


# --------------------------------------------------------------------------
# Context: direction and role
# --------------------------------------------------------------------------


def _clause_before(text: str, start: int) -> str:
    """The text of the clause that ends at ``start`` (at most ``_CONTEXT`` characters)."""
    lo = max(0, start - _CONTEXT)
    cut = max(text.rfind("\n", lo, start), text.rfind(";", lo, start))
    for mark in (". ", "? ", "! ", ": "):
        i = text.rfind(mark, lo, start)
        # a sentence end is followed by a capital or a quote ("Oct. 30" is not one)
        while i > cut and not (i + 2 < len(text) and text[i + 2] in _SENTENCE_OPENERS):
            i = text.rfind(mark, lo, i)
        cut = max(cut, i)
    return text[cut + 1 if cut >= 0 else lo : start]


def _direction(text: str, start: int) -> str:
    """Which way an expression at ``start`` points: "future" after a future cue
    in its clause ("will", "plans to", "scheduled"), "nearest" right after a
    future prefix alone ("by Dec. 5", "until October": deadlines that may have
    passed by publication), else "past"."""
    clause = _clause_before(text, start).lower()
    if not any(hint in clause for hint in _FUTURE_HINTS):
        return "past"
    if _FUTURE_CUE.search(clause):
        return "future"
    if _FUTURE_PREFIX.search(clause):
        return "nearest"
    return "past"


def _role(text: str, start: int) -> str:
    words = text[max(0, start - 40) : start].split()
    if words and words[-1].lower() == "on":
        words.pop()
    if not words:
        return "act"
    last = words[-1].strip(_PUNCT)
    if not last or not (last[0].isupper() or last.lower() in _ROLE_LAST_WORDS):
        return "act"  # the word before the date is no verb of saying, no audience
    window = text[max(0, start - _CONTEXT) : start]
    if _TELL.search(window):
        return "source_spoke"
    say = _SAY.search(window)
    if say:
        head = window[: say.start()]
        if _PASSIVE.search(head):
            return "act"
        cut = None
        for cut in _SUBJECT_BOUNDARY.finditer(head):
            pass
        subject = head[cut.end() :] if cut else head
        if _ACT_SPEAKER.search(subject[-60:]):
            return "act"
        return "source_spoke"
    return "act"


# --------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------


def _anchors(text: str) -> list[tuple[int, str | None]]:
    """Word-start positions of anchor words, sorted, each with the start class
    of its word (None for words that cannot start an expression: "week")."""
    found: dict[int, str | None] = {}
    find = text.find
    for sub in _KEYWORD_SUBSTRINGS:
        i = find(sub)
        while i != -1:
            j = i - 1 if sub[0] in "eo" else i  # "esterday", "omorrow"
            if j >= 0 and (j == 0 or not text[j - 1].isalpha()):
                w = _WORD.match(text, j)
                if w is not None and w.group() in _KEYWORD_WORDS:
                    found[j] = _CLASS_OF.get(w.group())
            i = find(sub, i + len(sub))
    caps = _CAP_WORDS.findall(text)
    if caps and not _NAME_WORDS.isdisjoint(caps):
        for name in _NAME_WORDS.intersection(caps):
            i = find(name)
            while i != -1:
                end = i + len(name)
                if (i == 0 or not text[i - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                    found[i] = _CLASS_OF[name]
                i = find(name, end)
    if "19" in text or "20" in text:
        for m in _YEAR_ANCHOR.finditer(text):
            i = m.start()
            if i == 0 or not text[i - 1].isdigit():
                found[i] = "digit"
    return sorted(found.items())


def _starters(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Positions and classes of the words in text[lo:hi] an expression can start with."""
    window = text[lo:hi]
    out = []
    cursor = 0
    get = _CLASS_OF.get
    for word in _WORD_OR_NUMBER_ALL(window):
        p = window.find(word, cursor)
        cursor = p + len(word)
        cls = get(word) or ("digit" if word[0] <= "9" else None)
        if cls is not None:
            out.append((lo + p, cls))
    return out


def _matches(text: str) -> list[re.Match[str]]:
    """What ``_MASTER.finditer(text)`` yields (for anchors that are words, not
    title-case keywords), found by trying only the alternatives that fit the
    word, at starter words shortly before each anchor."""
    anchors = _anchors(text)
    if not anchors:
        return []
    out: list[re.Match[str]] = []
    tried = 0  # every position below this has been tried or consumed
    for a, a_class in anchors:
        if a < tried:
            continue
        words = text[max(tried, a - 24) : a].split()
        prev = words[-1].strip(_PUNCT).replace("/", "-").rsplit("-", 1)[-1].lower() if words else ""
        if prev and (prev in _PRECEDERS or prev[0].isdigit()):
            candidates = _starters(text, max(tried, a - V.ANCHOR_LOOKBACK), a)
        else:  # the expression can only start at the anchor itself
            candidates = []
        if a_class is not None:
            candidates.append((a, a_class))
        for p, cls in candidates:
            if p < tried:
                continue
            m = _BY_CLASS[cls].match(text, p)
            if m is None:
                continue
            out.append(m)
            tried = m.end()
            if tried > a:
                break
        if tried <= a:
            tried = a + 1
    return out


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text``, in text order, resolved against ``published``."""
    if not text:
        return []
    found = _matches(text)
    if not found:
        return []
    mentions: list[DateMention] = []
    anchor: dt.date | None = None
    for m in found:
        start = m.start()
        role = _role(text, start)
        if role == "source_spoke":
            direction: DirectionTest = _past
        else:
            direction = partial(_direction, text, start)
        span = _resolve_match(m, text, published, direction, anchor)
        if span is None:
            continue
        if span.precision == "day" and span.start is not None:
            anchor = dt.date.fromisoformat(span.start)
        mentions.append(DateMention(start, m.end(), m.group(0), span, role))
    return mentions


def _past() -> str:
    return "past"


def _nearest() -> str:
    return "nearest"


def resolve(
    expression: str,
    published: dt.date | None,
    *,
    anchor: dt.date | None = None,
) -> DateSpan | None:
    """Resolve one date expression ("Oct. 30", "by mid-July", "late last year").

    A leading preposition (and "the" before a day number) is allowed and
    dropped from the text ("in 2019" -> text "2019"); a deadline prefix ("by",
    "until") picks the nearer of the last and the next occurrence, as in
    ``find_dates``; otherwise the expression points to the past unless it says
    otherwise ("next month"). There is no clause around the expression, so no
    future cue. Returns None when ``expression`` is not exactly one date
    expression (``"recently"``, ``"three months"``). ``anchor`` is the date
    that "the day before" and its kind count from; without it they are
    ``unknown``.
    """
    expr = " ".join(expression.split()).rstrip(",;:!?")
    if not expr:
        return None
    lead = _LEADING_PREP.match(expr)
    assert lead is not None  # every part of it is optional
    body_start = lead.end()
    m = _MASTER.match(expr, body_start)
    if m is None or m.end() != len(expr):
        return None
    direction = _nearest if _FUTURE_PREFIX.search((lead.group("prep") or "").lower()) else _past
    return _resolve_match(m, expr, published, direction, anchor, lenient=True)
