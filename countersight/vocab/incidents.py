"""Words for linking mentions into incidents: who a report cites, how many people an act
concerns, and which words say nothing about an act's content.

``OUTLETS`` maps an outlet's canonical name to the spellings reports use. A report's
sources are its own outlet and the outlets it cites. ``RELAY_PATTERNS`` say that the
report passes on another outlet's reporting ("citing Radio Free Asia", "according to a
report by Daily NK", "Yonhap reported", "first appeared on Daily NK"): the report then
depends on that outlet. ``OWN_PATTERNS`` say that an outlet did its own reporting
("told Daily NK", "Daily NK has learned"): the outlet is an original source. Every
pattern has the group ``outlet``, filled in from ``OUTLETS`` (``{outlet}``).
``WHOLE_PAGE_PATTERNS`` say that the whole page is a copy of another outlet's.

``PEOPLE_PATTERN`` finds a stated number of people ("five officials", "about 500
people", "at least 15 residents"): groups ``qualifier``, ``number``, ``noun``.
"""

from __future__ import annotations

import re

OUTLETS: dict[str, tuple[str, ...]] = {
    "Daily NK": ("Daily NK", "DailyNK"),
    "Radio Free Asia": ("Radio Free Asia", "RFA's Korean Service", "RFA"),
    "Yonhap": ("Yonhap News Agency", "Yonhap"),
    "ASIAPRESS": ("ASIAPRESS", "Asia Press"),
    "NK News": ("NK News",),
    "Korean Central News Agency": ("Korean Central News Agency", "KCNA"),
    "Rodong Sinmun": ("Rodong Sinmun",),
    "Voice of America": ("Voice of America", "VOA"),
    "Korea JoongAng Daily": ("Korea JoongAng Daily", "JoongAng Ilbo", "JoongAng"),
    "Chosun Ilbo": ("Chosun Ilbo", "Chosun"),
    "Dong-A Ilbo": ("Dong-A Ilbo",),
    "The Korea Herald": ("Korea Herald",),
    "The Korea Times": ("Korea Times",),
    "KBS": ("KBS",),
    "Reuters": ("Reuters",),
    "Associated Press": ("Associated Press", "AP"),
    "AFP": ("Agence France-Presse", "AFP"),
    "BBC": ("BBC",),
    "CNN": ("CNN",),
    "The New York Times": ("New York Times",),
    "The Washington Post": ("Washington Post",),
    "The Guardian": ("Guardian",),
    "National Intelligence Service": ("National Intelligence Service", "NIS"),
    "Unification Ministry": ("Unification Ministry", "Ministry of Unification"),
    "Seoul Wire Service": ("Seoul Wire Service", "SWS"),
    "Korea Rights Digest": ("Korea Rights Digest",),
    "North Korea Monitor": ("North Korea Monitor",),
    "Seoul Daily": ("Seoul Daily",),
    "Northeast Asia Rights Project": ("Northeast Asia Rights Project",),
}

RELAY_PATTERNS: tuple[str, ...] = (
    r"\bciting (?:a (?:report|story|broadcast) (?:by|from|in) |reports? (?:by|from|in) )?(?:the )?{outlet}",
    r"\baccording to (?:a |an |the )?(?:\w+ )?(?:report|reports|story|broadcast|article)s? (?:by|from|in|of) (?:the )?{outlet}",
    r"\b(?:as )?(?:first )?reported by (?:the )?{outlet}",
    r"\b{outlet} (?:first )?(?:reported|said in a report|cited)",
    r"\b(?:first )?(?:appeared|published) (?:on|in|by) (?:the )?{outlet}",
    r"\b{outlet},? which first reported",
)

# Words that say the whole page is a copy, wherever they stand (usually at the end:
# "This article first appeared on Daily NK", "Reproduced with permission"): a citation
# near one makes the report a relay even far from its lead. Case-insensitive; no ``{outlet}``.
WHOLE_PAGE_PATTERNS: tuple[str, ...] = (
    r"\b(?:first )?(?:appeared|published) (?:on|in|by)\b",
    r"\breproduced\b",
)

OWN_PATTERNS: tuple[str, ...] = (
    r"\btold (?:the )?{outlet}",
    r"\b{outlet} (?:has|had) (?:learned|confirmed)",
    r"\bin an interview with (?:the )?{outlet}",
)

NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100,
    "hundreds": 100, "dozens": 24, "a dozen": 12, "several dozen": 24,
}
# Words before the number and the qualifier each gives (EVENTS.md's measure qualifiers).
QUALIFIERS: dict[str, str] = {
    "about": "approx", "around": "approx", "approximately": "approx", "some": "approx", "roughly": "approx",
    "nearly": "approx", "almost": "approx", "an estimated": "approx", "estimated": "approx",
    "at least": "min", "more than": "min", "over": "min", "no fewer than": "min",
    "up to": "max", "as many as": "max", "fewer than": "max", "less than": "max",
}
# Counts that are not exact by their words ("hundreds of people", "dozens of residents").
VAGUE_NUMBERS: frozenset[str] = frozenset({"hundreds", "dozens", "several dozen"})
# Nouns for the people an act is done to. Agents, officers and guards are left out on
# purpose: a number of them ("four agents assigned to each returnee") is the state's
# side of the act, not the people it concerns.
PEOPLE_NOUNS: tuple[str, ...] = (
    "people", "persons", "individuals", "officials", "cadres", "residents", "citizens", "women", "men",
    "workers", "laborers", "labourers", "students", "North Koreans", "defectors", "escapees", "soldiers", "sailors",
    "fishermen", "traders", "smugglers", "brokers", "returnees", "families", "households", "villagers", "prisoners",
    "inmates", "detainees", "teenagers", "children", "youths", "believers", "Christians", "diplomats", "miners",
    "farmers", "members", "relatives", "suspects", "listeners", "users",
)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_QUALIFIER = "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))
PEOPLE_PATTERN: str = (
    rf"(?i:\b(?:(?P<qualifier>{_QUALIFIER}) )?(?P<number>{_NUMBER}))(?: of)?(?: (?:the|these|those|other))?"
    rf"(?: [a-z][\w-]*){{0,2}}? (?P<noun>{'|'.join(PEOPLE_NOUNS)})\b"
)

# Words that tell nothing about which act a quote is about (content similarity ignores them).
STOPWORDS: frozenset[str] = frozenset("""
a an the and or but of in on at to for from by with as is are was were be been being has have had it its this that
these those they them their he she his her him who whom which what when where while said says told source sources
according also would will could may might not no than then there here into over after before about more most one
such some other said reportedly reported report reports new last this month year week day daily nk rfa
""".split())

# A mention that tells many acts or a standing practice, not one act ("at least three public
# executions since the spring", "inspections three times a day", "routinely arrested"):
# it is an incident of its own and never absorbs, nor joins, one act of the same type.
AGGREGATE_PATTERNS: tuple[str, ...] = (
    r"\b(?:every|each) (?:day|week|month|year|night|morning|evening)\b",
    r"\b(?:daily(?! ?NK)|weekly|monthly|nightly|regularly|routinely|repeatedly|constantly|periodically|habitually|frequently)\b",
    r"\b(?:[\w-]+|\d+) times (?:a|per|each|every) (?:day|week|month|year)\b",
    r"\b(?:once|twice) (?:a|per|each|every) (?:day|week|month|year)\b",
    r"\b(?:a|an|the) (?:series|wave|spate|string|number|rash) of\b",
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous|dozens of|hundreds of|a few)"
    r" (?:more )?(?:(?:public|secret|separate|other) )?(?:executions|arrests|raids|inspections|crackdowns|trials|purges"
    r"|searches|sentences|detentions|interrogations|deportations|repatriations|defections|cases|incidents)\b",
    r"\bso far this year\b",
    r"\b(?:has|have) been (?:\w+ )?(?:executing|arresting|detaining|searching|inspecting|punishing|sending|deporting)\b",
)
