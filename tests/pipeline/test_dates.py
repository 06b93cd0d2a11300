"""Date expressions: finding, resolving, roles (countersight.pipeline.dates).

The publication date used throughout is Friday 2020-11-06 (``PUB``); every
case is also checked without a publication date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from countersight.model import DateSpan
from countersight.pipeline import dates as D
from countersight.pipeline.dates import DateMention, find_dates, resolve
from countersight.vocab.dates import NOT_DATES

PUB = dt.date(2020, 11, 6)  # a Friday
assert PUB.weekday() == 4


def day(iso: str, text: str) -> DateSpan:
    return DateSpan(iso, iso, "day", text)


def span(start: str, end: str, precision: str, text: str) -> DateSpan:
    return DateSpan(start, end, precision, text)


def unknown(text: str) -> DateSpan:
    return DateSpan(None, None, "unknown", text)


def mention(text: str, expr: str, resolved: DateSpan, role: str = "act", nth: int = 0) -> DateMention:
    """The DateMention of the ``nth`` occurrence of ``expr`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(expr, start + 1)
    return DateMention(start, start + len(expr), expr, resolved, role)


# --------------------------------------------------------------------------
# resolve(): every example of the brief, with and without a publication date
# --------------------------------------------------------------------------

RESOLVE_CASES = [
    # expression, with PUB, without a publication date
    ("on Tuesday", day("2020-11-03", "Tuesday"), unknown("Tuesday")),
    ("Oct. 30", day("2020-10-30", "Oct. 30"), unknown("Oct. 30")),
    ("Dec. 5", day("2019-12-05", "Dec. 5"), unknown("Dec. 5")),
    ("by Dec. 5", day("2020-12-05", "Dec. 5"), unknown("Dec. 5")),
    ("earlier this month", span("2020-11-01", "2020-11-30", "month", "earlier this month"), unknown("earlier this month")),
    ("last month", span("2020-10-01", "2020-10-31", "month", "last month"), unknown("last month")),
    ("mid-July", span("2020-07-01", "2020-07-31", "month", "mid-July"), unknown("mid-July")),
    ("late last year", span("2019-01-01", "2019-12-31", "year", "late last year"), unknown("late last year")),
    ("this year", span("2020-01-01", "2020-12-31", "year", "this year"), unknown("this year")),
    ("in 2019", span("2019-01-01", "2019-12-31", "year", "2019"), span("2019-01-01", "2019-12-31", "year", "2019")),
    (
        "in October 2019",
        span("2019-10-01", "2019-10-31", "month", "October 2019"),
        span("2019-10-01", "2019-10-31", "month", "October 2019"),
    ),
    (
        "October 2019",
        span("2019-10-01", "2019-10-31", "month", "October 2019"),
        span("2019-10-01", "2019-10-31", "month", "October 2019"),
    ),
    ("Oct. 30, 2019", day("2019-10-30", "Oct. 30, 2019"), day("2019-10-30", "Oct. 30, 2019")),
    ("this spring", span("2020-03-01", "2020-05-31", "season", "this spring"), unknown("this spring")),
    ("last summer", span("2020-06-01", "2020-08-31", "season", "last summer"), unknown("last summer")),
    ("in the fall", span("2020-09-01", "2020-11-30", "season", "the fall"), unknown("the fall")),
    ("last week", span("2020-10-26", "2020-11-01", "week", "last week"), unknown("last week")),
    ("this week", span("2020-11-02", "2020-11-08", "week", "this week"), unknown("this week")),
    ("yesterday", day("2020-11-05", "yesterday"), unknown("yesterday")),
    ("the end of the year", span("2020-12-01", "2020-12-31", "month", "the end of the year"), unknown("the end of the year")),
    ("by the end of the year", span("2020-12-01", "2020-12-31", "month", "the end of the year"), unknown("the end of the year")),
    ("last Tuesday", day("2020-11-03", "last Tuesday"), unknown("last Tuesday")),
    # more forms
    ("on Friday", day("2020-11-06", "Friday"), unknown("Friday")),  # the publication day itself
    ("Nov. 6", day("2020-11-06", "Nov. 6"), unknown("Nov. 6")),
    ("last Friday", day("2020-10-30", "last Friday"), unknown("last Friday")),
    ("this past Monday", day("2020-11-02", "this past Monday"), unknown("this past Monday")),
    ("this Tuesday", day("2020-11-03", "this Tuesday"), unknown("this Tuesday")),
    ("next Tuesday", day("2020-11-10", "next Tuesday"), unknown("next Tuesday")),
    ("tomorrow", day("2020-11-07", "tomorrow"), unknown("tomorrow")),
    ("the day before yesterday", day("2020-11-04", "the day before yesterday"), unknown("the day before yesterday")),
    ("September 29", day("2020-09-29", "September 29"), unknown("September 29")),
    ("Sept. 3", day("2020-09-03", "Sept. 3"), unknown("Sept. 3")),
    ("October 12th", day("2020-10-12", "October 12th"), unknown("October 12th")),
    ("30 October", day("2020-10-30", "30 October"), unknown("30 October")),
    ("the 30th of October", day("2020-10-30", "30th of October"), unknown("30th of October")),
    ("30 October 2019", day("2019-10-30", "30 October 2019"), day("2019-10-30", "30 October 2019")),
    ("2019-10-30", day("2019-10-30", "2019-10-30"), day("2019-10-30", "2019-10-30")),
    ("Oct. 15-20", span("2020-10-15", "2020-10-20", "day", "Oct. 15-20"), unknown("Oct. 15-20")),
    ("Tuesday, Sept. 15", day("2020-09-15", "Tuesday, Sept. 15"), unknown("Tuesday, Sept. 15")),
    ("Tuesday, Nov. 3", day("2020-11-03", "Tuesday, Nov. 3"), unknown("Tuesday, Nov. 3")),
    ("in October", span("2020-10-01", "2020-10-31", "month", "October"), unknown("October")),
    ("in November", span("2020-11-01", "2020-11-30", "month", "November"), unknown("November")),
    ("in December", span("2019-12-01", "2019-12-31", "month", "December"), unknown("December")),
    ("in May", span("2020-05-01", "2020-05-31", "month", "May"), unknown("May")),
    ("early October", span("2020-10-01", "2020-10-31", "month", "early October"), unknown("early October")),
    ("late December", span("2019-12-01", "2019-12-31", "month", "late December"), unknown("late December")),
    ("mid-July 2019", span("2019-07-01", "2019-07-31", "month", "mid-July 2019"), span("2019-07-01", "2019-07-31", "month", "mid-July 2019")),
    ("October of 2019", span("2019-10-01", "2019-10-31", "month", "October of 2019"), span("2019-10-01", "2019-10-31", "month", "October of 2019")),
    ("October last year", span("2019-10-01", "2019-10-31", "month", "October last year"), unknown("October last year")),
    ("last October", span("2020-10-01", "2020-10-31", "month", "last October"), unknown("last October")),
    ("last December", span("2019-12-01", "2019-12-31", "month", "last December"), unknown("last December")),
    ("the end of October", span("2020-10-01", "2020-10-31", "month", "the end of October"), unknown("the end of October")),
    ("the end of last year", span("2019-12-01", "2019-12-31", "month", "the end of last year"), unknown("the end of last year")),
    ("the beginning of the year", span("2020-01-01", "2020-01-31", "month", "the beginning of the year"), unknown("the beginning of the year")),
    ("the middle of the year", span("2020-01-01", "2020-12-31", "year", "the middle of the year"), unknown("the middle of the year")),
    ("the end of 2019", span("2019-12-01", "2019-12-31", "month", "the end of 2019"), span("2019-12-01", "2019-12-31", "month", "the end of 2019")),
    ("the end of the month", span("2020-11-01", "2020-11-30", "month", "the end of the month"), unknown("the end of the month")),
    ("mid-2019", span("2019-01-01", "2019-12-31", "year", "mid-2019"), span("2019-01-01", "2019-12-31", "year", "mid-2019")),
    ("early 2020", span("2020-01-01", "2020-12-31", "year", "early 2020"), span("2020-01-01", "2020-12-31", "year", "early 2020")),
    ("earlier this year", span("2020-01-01", "2020-12-31", "year", "earlier this year"), unknown("earlier this year")),
    ("earlier in the month", span("2020-11-01", "2020-11-30", "month", "earlier in the month"), unknown("earlier in the month")),
    ("late last month", span("2020-10-01", "2020-10-31", "month", "late last month"), unknown("late last month")),
    ("last year", span("2019-01-01", "2019-12-31", "year", "last year"), unknown("last year")),
    ("next year", span("2021-01-01", "2021-12-31", "year", "next year"), unknown("next year")),
    ("next month", span("2020-12-01", "2020-12-31", "month", "next month"), unknown("next month")),
    ("next week", span("2020-11-09", "2020-11-15", "week", "next week"), unknown("next week")),
    ("two years ago", span("2018-01-01", "2018-12-31", "year", "two years ago"), unknown("two years ago")),
    ("three weeks ago", span("2020-10-12", "2020-10-18", "week", "three weeks ago"), unknown("three weeks ago")),
    ("a month ago", span("2020-10-01", "2020-10-31", "month", "a month ago"), unknown("a month ago")),
    ("10 days ago", day("2020-10-27", "10 days ago"), unknown("10 days ago")),
    ("over the weekend", span("2020-10-31", "2020-11-01", "week", "the weekend"), unknown("the weekend")),
    ("last weekend", span("2020-10-31", "2020-11-01", "week", "last weekend"), unknown("last weekend")),
    ("this weekend", span("2020-11-07", "2020-11-08", "week", "this weekend"), unknown("this weekend")),
    ("this winter", span("2020-12-01", "2021-02-28", "season", "this winter"), unknown("this winter")),
    ("last winter", span("2019-12-01", "2020-02-29", "season", "last winter"), unknown("last winter")),
    ("next spring", span("2021-03-01", "2021-05-31", "season", "next spring"), unknown("next spring")),
    ("in the summer", span("2020-06-01", "2020-08-31", "season", "the summer"), unknown("the summer")),
    ("in autumn", span("2020-09-01", "2020-11-30", "season", "autumn"), unknown("autumn")),
    ("winter 2019", span("2019-12-01", "2020-02-29", "season", "winter 2019"), span("2019-12-01", "2020-02-29", "season", "winter 2019")),
    ("the summer of 2019", span("2019-06-01", "2019-08-31", "season", "the summer of 2019"), span("2019-06-01", "2019-08-31", "season", "the summer of 2019")),
    ("late summer last year", span("2019-06-01", "2019-08-31", "season", "late summer last year"), unknown("late summer last year")),
    # deadline prefixes pick the nearer occurrence (see the module docstring)
    ("by mid-July", span("2020-07-01", "2020-07-31", "month", "mid-July"), unknown("mid-July")),
    ("until October", span("2020-10-01", "2020-10-31", "month", "October"), unknown("October")),
    ("until January", span("2021-01-01", "2021-01-31", "month", "January"), unknown("January")),
    ("by Oct. 30", day("2020-10-30", "Oct. 30"), unknown("Oct. 30")),
]


@pytest.mark.parametrize(("expression", "with_date", "without_date"), RESOLVE_CASES)
def test_resolve(expression: str, with_date: DateSpan, without_date: DateSpan) -> None:
    assert resolve(expression, PUB) == with_date
    assert resolve(expression, None) == without_date


def test_resolve_leap_day_and_invalid_days() -> None:
    assert resolve("Feb. 29", PUB) == day("2020-02-29", "Feb. 29")
    assert resolve("Feb. 29", dt.date(2021, 3, 1)) == day("2020-02-29", "Feb. 29")
    assert resolve("Feb. 30", PUB) is None
    assert resolve("Feb. 30", None) is None
    assert resolve("2019-02-30", PUB) is None


def test_resolve_anaphoric_days_need_an_anchor() -> None:
    assert resolve("the day before", PUB) == unknown("the day before")
    assert resolve("the day before", PUB, anchor=dt.date(2020, 10, 30)) == day("2020-10-29", "the day before")
    assert resolve("the following day", None, anchor=dt.date(2020, 10, 30)) == day("2020-10-31", "the following day")


def test_resolve_ambiguous_month_words_alone_are_months() -> None:
    # resolve() is told it holds a date; find_dates() wants context for these
    assert resolve("May", PUB) == span("2020-05-01", "2020-05-31", "month", "May")
    assert resolve("March", None) == unknown("March")


@pytest.mark.parametrize(
    "expression",
    [
        *NOT_DATES,
        "",
        "   ",
        "a protest march",
        "march",
        "2000 people",
        "Resolution 2094",
        "Oct. 30 and Nov. 2",  # two expressions, not one
        "Tuesdays",
        "the year",
        "the week",
    ],
)
def test_resolve_not_a_date(expression: str) -> None:
    assert resolve(expression, PUB) is None
    assert resolve(expression, None) is None


# --------------------------------------------------------------------------
# find_dates() on real report sentences (shared/corpus/seeds)
# --------------------------------------------------------------------------

SEED_001 = (
    "A source in North Hamgyong Province told Daily NK on Friday that the leadership of North Korea’s "
    "ruling party on Oct. 30 ordered the Ministry of State Security to capture “fugitives” and “brokers "
    "who help them” to strengthen control over residents “who continue to choose to defect,” even if this "
    "meant “secretly tracking their hidden movements.”"
)
SEED_001_BATTLE = (
    "This latest order is reportedly connected with the so-called “80-day battle” that is ongoing until "
    "the end of this year."
)
SEED_002_REPATRIATED = "Chong was repatriated to North Korea in 2019."
SEED_002_ARREST = (
    "In fact, a man in his 30s in Nammun-dong, Hoeryong – identified by his surname of Chong – was "
    "arrested on October 12 after making comments about food shortages."
)
SEED_002_ORDERS = (
    "He said that North Korean leader Kim Jong Un’s September 29 orders were handed over to attendees, "
    "who then discussed efforts to secure those orders and issued the relevant guidelines."
)
SEED_002_MEETING = (
    "A source from North Hamgyong Province told Daily NK on Wednesday that the provincial branch of the "
    "Ministry of State Security held an emergency meeting earlier this month for senior and senior section "
    "officials."
)
SEED_002_SENTENCED = (
    "Because he had a criminal record for crossing the border illegally, he was reportedly sentenced to "
    "three months in a forced labor brigade for his comments."
)
SEED_002_RECENTLY = (
    "North Korean authorities recently ordered citizens free from ideological suspicion to be excluded "
    "from surveillance, Daily NK has learned."
)
SEED_002_PANDEMIC = (
    "The source said public checks, repression and public scrutiny by legal, security and law enforcement "
    "agencies have been “stifling” since the start of the COVID-19 pandemic."
)
SEED_003 = (
    "A source in Ryanggang Province told Daily NK on October 12 that the “authorities are targeting the "
    "families of ‘traitors’, especially those who have been appearing on TV in the South ‘slandering’ the "
    "North."
)
SEED_004 = (
    "A source in North Hamgyong Province told Daily NK on Wednesday that a three person team from the "
    "Ministry of State Security’s headquarters in Pyongyang have been making rounds in Chongjin, Onsong, "
    "Musan, Saebyol, and Hoeryong since Oct. 15."
)
SEED_004_ONCE_A_YEAR = (
    "The trio is reportedly urging local ministry officials to closely watch the families of defectors, "
    "telling them they would continuously provide them with comprehensive materials once a year based on "
    "investigations into the activities of defectors on a so-called “blacklist.”"
)
SEED_000_TOLD = (
    "North Korea is ordering diplomatic consulates to thoroughly respond to frequent defections by "
    "diplomatic personnel and workers living abroad, a source in Pyongyang told Daily NK on Tuesday."
)
SEED_000_PLAN = (
    "The government plans to complete the lists [of personnel to be repatriated or replaced] by mid-July "
    "and complete personnel changes by the end of the year when decisions [on the lists] are issued in the "
    "fall."
)
SEED_000_WEEK = (
    "Speaking on condition of anonymity for security reasons, the source said North Korea is issuing two "
    "or more orders a week regarding policies aimed at preventing defections."
)
SEED_000_INSPECTIONS = (
    "Specifically, the orders are aimed at bolstering the existing three-ply system of surveillance — that "
    "is to say, three sets of eyes watching an individual — into a four-ply system, and increasing "
    "inspections from once a day to three times per day."
)


def test_seed_order_with_source_day() -> None:
    assert find_dates(SEED_001, PUB) == [
        mention(SEED_001, "Friday", day("2020-11-06", "Friday"), "source_spoke"),
        mention(SEED_001, "Oct. 30", day("2020-10-30", "Oct. 30")),
    ]
    assert find_dates(SEED_001, None) == [
        mention(SEED_001, "Friday", unknown("Friday"), "source_spoke"),
        mention(SEED_001, "Oct. 30", unknown("Oct. 30")),
    ]
    acts = [m for m in find_dates(SEED_001, None) if m.role == "act"]
    assert [m.span.to_dict() for m in acts] == [{"start": None, "end": None, "precision": "unknown", "text": "Oct. 30"}]


def test_seed_explicit_year() -> None:
    expected = [mention(SEED_002_REPATRIATED, "2019", span("2019-01-01", "2019-12-31", "year", "2019"))]
    assert find_dates(SEED_002_REPATRIATED, PUB) == expected
    assert find_dates(SEED_002_REPATRIATED, None) == expected


def test_seed_arrest_day_and_no_age() -> None:
    assert find_dates(SEED_002_ARREST, PUB) == [
        mention(SEED_002_ARREST, "October 12", day("2020-10-12", "October 12"))
    ]
    assert find_dates(SEED_002_ARREST, None) == [mention(SEED_002_ARREST, "October 12", unknown("October 12"))]


def test_seed_possessive_order_date() -> None:
    assert find_dates(SEED_002_ORDERS, PUB) == [
        mention(SEED_002_ORDERS, "September 29", day("2020-09-29", "September 29"))
    ]
    assert find_dates(SEED_002_ORDERS, None) == [
        mention(SEED_002_ORDERS, "September 29", unknown("September 29"))
    ]


def test_seed_meeting_earlier_this_month() -> None:
    assert find_dates(SEED_002_MEETING, PUB) == [
        mention(SEED_002_MEETING, "Wednesday", day("2020-11-04", "Wednesday"), "source_spoke"),
        mention(
            SEED_002_MEETING,
            "earlier this month",
            span("2020-11-01", "2020-11-30", "month", "earlier this month"),
        ),
    ]
    assert find_dates(SEED_002_MEETING, None) == [
        mention(SEED_002_MEETING, "Wednesday", unknown("Wednesday"), "source_spoke"),
        mention(SEED_002_MEETING, "earlier this month", unknown("earlier this month")),
    ]


def test_seed_source_spoke_on_a_date() -> None:
    assert find_dates(SEED_003, PUB) == [
        mention(SEED_003, "October 12", day("2020-10-12", "October 12"), "source_spoke")
    ]
    assert find_dates(SEED_003, None) == [mention(SEED_003, "October 12", unknown("October 12"), "source_spoke")]


def test_seed_since() -> None:
    assert find_dates(SEED_004, PUB) == [
        mention(SEED_004, "Wednesday", day("2020-11-04", "Wednesday"), "source_spoke"),
        mention(SEED_004, "Oct. 15", day("2020-10-15", "Oct. 15")),
    ]
    assert find_dates(SEED_004, None) == [
        mention(SEED_004, "Wednesday", unknown("Wednesday"), "source_spoke"),
        mention(SEED_004, "Oct. 15", unknown("Oct. 15")),
    ]


def test_seed_told_at_sentence_end() -> None:
    assert find_dates(SEED_000_TOLD, PUB) == [
        mention(SEED_000_TOLD, "Tuesday", day("2020-11-03", "Tuesday"), "source_spoke")
    ]


def test_seed_plan_points_forward() -> None:
    # "plans to" makes mid-July the next one; the end of the year is this year's
    # December either way; the fall is the running one
    assert find_dates(SEED_000_PLAN, PUB) == [
        mention(SEED_000_PLAN, "mid-July", span("2021-07-01", "2021-07-31", "month", "mid-July")),
        mention(
            SEED_000_PLAN,
            "the end of the year",
            span("2020-12-01", "2020-12-31", "month", "the end of the year"),
        ),
        mention(SEED_000_PLAN, "the fall", span("2020-09-01", "2020-11-30", "season", "the fall")),
    ]
    assert find_dates(SEED_000_PLAN, None) == [
        mention(SEED_000_PLAN, "mid-July", unknown("mid-July")),
        mention(SEED_000_PLAN, "the end of the year", unknown("the end of the year")),
        mention(SEED_000_PLAN, "the fall", unknown("the fall")),
    ]


def test_seed_until_the_end_of_this_year() -> None:
    assert find_dates(SEED_001_BATTLE, PUB) == [
        mention(
            SEED_001_BATTLE,
            "the end of this year",
            span("2020-12-01", "2020-12-31", "month", "the end of this year"),
        )
    ]
    assert find_dates(SEED_001_BATTLE, None) == [
        mention(SEED_001_BATTLE, "the end of this year", unknown("the end of this year"))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        SEED_002_SENTENCED,
        SEED_002_RECENTLY,
        SEED_002_PANDEMIC,
        SEED_004_ONCE_A_YEAR,
        SEED_000_WEEK,
        SEED_000_INSPECTIONS,
    ],
)
def test_seed_sentences_without_dates(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []
    assert find_dates(sentence, None) == []


# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expr", "resolved"),
    [
        ("The source told RFA on Tuesday that the arrests continued.", "Tuesday", day("2020-11-03", "Tuesday")),
        ("The source said on Monday that agents came.", "Monday", day("2020-11-02", "Monday")),
        ("A resident told Asia Press last week that the market closed.", "last week",
         span("2020-10-26", "2020-11-01", "week", "last week")),
        ("A source told NK News on Sept. 3 that the border was sealed.", "Sept. 3", day("2020-09-03", "Sept. 3")),
        ("The source told Daily NK on October 12 that he was watched.", "October 12", day("2020-10-12", "October 12")),
        ("A source told us on Friday that the order came.", "Friday", day("2020-11-06", "Friday")),
        ("A source told this outlet on Monday that the order came.", "Monday", day("2020-11-02", "Monday")),
        ("A resident told Radio Free Asia’s Korean Service by phone on Monday that", "Monday",
         day("2020-11-02", "Monday")),
        ("Daily NK reported on Monday that the unit was disbanded.", "Monday", day("2020-11-02", "Monday")),
        ("A defector told Voice of America on Monday that", "Monday", day("2020-11-02", "Monday")),
        ("A source who spoke to Daily NK on Tuesday said so.", "Tuesday", day("2020-11-03", "Tuesday")),
        ("An official said Thursday that the talks failed.", "Thursday", day("2020-11-05", "Thursday")),
        ("The ministry said in a statement on Tuesday that it would respond.", "Tuesday",
         day("2020-11-03", "Tuesday")),
    ],
)
def test_source_spoke(sentence: str, expr: str, resolved: DateSpan) -> None:
    assert find_dates(sentence, PUB) == [mention(sentence, expr, resolved, "source_spoke")]


@pytest.mark.parametrize(
    ("sentence", "expr", "resolved"),
    [
        ("Kim Jong Un said on Oct. 10 that the border must be sealed.", "Oct. 10", day("2020-10-10", "Oct. 10")),
        ("The authorities said on Monday that violators would be punished.", "Monday", day("2020-11-02", "Monday")),
        ("Three cases were reported on Oct. 3 in Hyesan.", "Oct. 3", day("2020-10-03", "Oct. 3")),
        ("The police told residents on Monday to report strangers.", "Monday", day("2020-11-02", "Monday")),
        ("Agents arrested him on Tuesday.", "Tuesday", day("2020-11-03", "Tuesday")),
    ],
)
def test_act_dates_near_saying_verbs(sentence: str, expr: str, resolved: DateSpan) -> None:
    assert find_dates(sentence, PUB) == [mention(sentence, expr, resolved, "act")]


# --------------------------------------------------------------------------
# Direction, anaphora, several mentions
# --------------------------------------------------------------------------


def test_future_cues() -> None:
    s = "The committee will hold a public trial on Tuesday in Hyesan."
    assert find_dates(s, PUB) == [mention(s, "Tuesday", day("2020-11-10", "Tuesday"))]
    s = "Officials are scheduled to inspect the border on Dec. 5, the source said."
    assert find_dates(s, PUB) == [mention(s, "Dec. 5", day("2020-12-05", "Dec. 5"))]
    s = "The inspection team will arrive next month."
    assert find_dates(s, PUB) == [mention(s, "next month", span("2020-12-01", "2020-12-31", "month", "next month"))]
    s = "They were ordered to submit the lists by Dec. 5."
    assert find_dates(s, PUB) == [mention(s, "Dec. 5", day("2020-12-05", "Dec. 5"))]
    s = "Without a cue, Dec. 5 is in the past."
    assert find_dates(s, PUB) == [mention(s, "Dec. 5", day("2019-12-05", "Dec. 5"))]


def test_the_day_before_counts_from_the_last_day_of_the_text() -> None:
    s = "He was arrested on Oct. 30 and interrogated the next day, after a raid the day before."
    assert find_dates(s, PUB) == [
        mention(s, "Oct. 30", day("2020-10-30", "Oct. 30")),
        mention(s, "the next day", day("2020-10-31", "the next day")),
        mention(s, "the day before", day("2020-10-30", "the day before")),
    ]
    assert find_dates(s, None) == [
        mention(s, "Oct. 30", unknown("Oct. 30")),
        mention(s, "the next day", unknown("the next day")),
        mention(s, "the day before", unknown("the day before")),
    ]
    s = "The day before, agents searched the house."
    assert find_dates(s, PUB) == [mention(s, "The day before", unknown("The day before"))]


def test_many_expressions_in_one_text_in_order() -> None:
    s = (
        "Between early October and Nov. 2, 2020, at least 12 people were arrested; two years ago "
        "a similar campaign ran from March to May, and last summer another began."
    )
    assert find_dates(s, PUB) == [
        mention(s, "early October", span("2020-10-01", "2020-10-31", "month", "early October")),
        mention(s, "Nov. 2, 2020", day("2020-11-02", "Nov. 2, 2020")),
        mention(s, "two years ago", span("2018-01-01", "2018-12-31", "year", "two years ago")),
        mention(s, "March", span("2020-03-01", "2020-03-31", "month", "March")),
        mention(s, "May", span("2020-05-01", "2020-05-31", "month", "May")),
        mention(s, "last summer", span("2020-06-01", "2020-08-31", "season", "last summer")),
    ]


def test_sentence_initial_and_capitalised_forms() -> None:
    s = "Last week, agents raided the market. Yesterday they returned. On Tuesday, Oct. 27 they left."
    assert find_dates(s, PUB) == [
        mention(s, "Last week", span("2020-10-26", "2020-11-01", "week", "Last week")),
        mention(s, "Yesterday", day("2020-11-05", "Yesterday")),
        mention(s, "Tuesday, Oct. 27", day("2020-10-27", "Tuesday, Oct. 27")),
    ]


# --------------------------------------------------------------------------
# Not dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "He was sentenced to three months in a labor training brigade.",
        "The suspects were held for 24 hours.",
        "The so-called “80-day battle” continues.",
        "Agents inspect the homes once a year.",
        "Checks rose from once a day to three times a day.",
        "The famine of the 1990s killed many.",
        "A man in his 30s was detained.",
        "Residents staged a protest march in Hyesan.",
        "March on, the officer shouted.",
        "May I ask who sent you?",
        "About 2000 people were mobilised.",
        "Resolution 2094 bans such imports.",
        "The store held a Black Friday sale.",
        "He watched Saturday Night Live.",
        "Many expected the fall of the regime.",
        "Crackdowns grew over the last week.",
        "Arrests have risen over the past year.",
        "The Arab Spring unsettled Pyongyang.",
        "Agents have recently stepped up checks.",
        "These days agents visit every home.",
        "He works on Tuesdays.",
        "The 30-year-old woman was fined 2,000 yuan.",
        "Kim’s men spent 2,019 won.",
        "Nothing happened that year.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []
    assert find_dates(sentence, None) == []


@pytest.mark.parametrize("expression", NOT_DATES)
def test_not_dates_vocabulary(expression: str) -> None:
    sentence = f"It happened {expression} as agents said."
    assert find_dates(sentence, PUB) == []


def test_ambiguous_months_with_context() -> None:
    s = "Since March, and again in early May, agents searched homes; on May 5 they left."
    assert find_dates(s, PUB) == [
        mention(s, "March", span("2020-03-01", "2020-03-31", "month", "March")),
        mention(s, "early May", span("2020-05-01", "2020-05-31", "month", "early May")),
        mention(s, "May 5", day("2020-05-05", "May 5")),
    ]


def test_year_after_preposition_beats_count_noun() -> None:
    s = "In 2019 officers arrested him."
    assert find_dates(s, PUB) == [mention(s, "2019", span("2019-01-01", "2019-12-31", "year", "2019"))]


# --------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------

ALL_SENTENCES = [
    SEED_001, SEED_001_BATTLE, SEED_002_REPATRIATED, SEED_002_ARREST, SEED_002_ORDERS, SEED_002_MEETING,
    SEED_002_SENTENCED, SEED_002_RECENTLY, SEED_002_PANDEMIC, SEED_003, SEED_004, SEED_004_ONCE_A_YEAR,
    SEED_000_TOLD, SEED_000_PLAN, SEED_000_WEEK, SEED_000_INSPECTIONS,
    "Between early October and Nov. 2, 2020, at least 12 people were arrested; two years ago a similar "
    "campaign ran from March to May, and last summer another began.",
    " ".join(expr for expr, _, _ in RESOLVE_CASES),
]


@pytest.mark.parametrize("published", [PUB, None, dt.date(2021, 1, 3), dt.date(2024, 2, 29)])
def test_offsets_point_into_the_text(published: dt.date | None) -> None:
    for text in ALL_SENTENCES:
        found = find_dates(text, published)
        for m in found:
            assert text[m.start : m.end] == m.text == m.span.text
            assert m.role in ("act", "source_spoke")
            assert m.span.precision in ("day", "week", "month", "season", "year", "unknown")
            if m.span.start is None:
                assert m.span.end is None and m.span.precision == "unknown"
            else:
                assert m.span.start <= m.span.end
        assert [m.start for m in found] == sorted(m.start for m in found)
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_anchor_search_finds_what_the_full_pattern_finds() -> None:
    # find_dates only tries the pattern near anchor words; that must not lose matches
    for text in ALL_SENTENCES:
        full = [(m.start(), m.end()) for m in D._MASTER.finditer(text)]
        fast = [(m.start(), m.end()) for m in D._matches(text)]
        assert fast == full, text


def test_empty_text() -> None:
    assert find_dates("", PUB) == []
    assert find_dates("No dates here at all.", None) == []
