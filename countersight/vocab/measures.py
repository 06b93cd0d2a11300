"""Quantities of surveillance (EVENTS.md "Quantities") as patterns.

Each ``MeasurePattern`` is a regular expression with named groups:
``val`` (the value now), optionally ``prev`` (the value before) and
``val2`` (a second value with its own qualifier, for "at least three and at most
five"). Numbers are words or digits; ``NUMBER_WORDS`` turns them into values.
``qualifier`` is fixed by the pattern or read from the words before the value
(``QUALIFIER_CUES``). ``requires``, when set, must also match the sentence.
``MEASURE_TYPES`` says which event type carries each quantity.
"""

from __future__ import annotations

from dataclasses import dataclass

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "a single": 1, "single": 1, "once": 1,
    "two": 2, "twice": 2, "double": 2, "pair": 2,
    "three": 3, "thrice": 3, "triple": 3, "trio": 3,
    "four": 4, "quadruple": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

# Korean degrees of kinship (chon) of the relatives reports name.
KINSHIP_CHON: dict[str, int] = {
    "parents": 1, "children": 1, "sons": 1, "daughters": 1,
    "siblings": 2, "brothers": 2, "sisters": 2, "grandparents": 2, "grandchildren": 2,
    "uncles": 3, "aunts": 3, "nephews": 3, "nieces": 3,
    "first cousins": 4, "cousins": 4,
    "second cousins": 6,
    "third cousins": 8,
    "fourth cousins": 10,
}

# The event type a quantity belongs to (EVENTS.md: a directive carries no measure
# but orders_per_week; the content type carries the rest).
MEASURE_TYPES: dict[str, str] = {
    "watchers_per_person": "surveillance",
    "inspections_per_day": "surveillance",
    "agents_per_case": "surveillance",
    "supervision_levels": "surveillance",
    "households_per_watch_group": "surveillance",
    "orders_per_week": "directive",
    "kinship_degree": "collective_punishment",
    "team_size": "surveillance",
}

_N = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_FREQ = r"(?:once|twice|thrice|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) times)"
_PER_DAY = r"(?:a|per|each|every) day|daily"
_Q = r"[\"“”'‘’]?"  # reports quote the numbers: at least “three levels”
_AGENTS = r"(?:security |state security |surveillance |police |safety )?(?:officers|agents|officials|personnel|operatives|agents and informants|people|minders|watchers)"
_KIN = r"(?:first cousins|second cousins|third cousins|fourth cousins|cousins|parents|children|siblings|brothers|sisters|grandparents|grandchildren|uncles|aunts|nephews|nieces)"


@dataclass(frozen=True)
class MeasurePattern:
    measure: str
    pattern: str
    qualifier: str | None = None  # fixed qualifier of ``val``
    qualifier2: str | None = None  # fixed qualifier of ``val2``
    requires: str | None = None
    kinship: bool = False  # ``val`` names relatives, valued by KINSHIP_CHON


MEASURE_PATTERNS: tuple[MeasurePattern, ...] = (
    # --- watchers per person -------------------------------------------------
    MeasurePattern("watchers_per_person", rf"(?P<prev>{_N})[- ]ply\b.{{0,160}}?\b(?:into|to|with) (?:an? )?(?P<val>{_N})[- ]ply"),
    MeasurePattern("watchers_per_person", rf"from (?P<prev>{_N}) (?:sets of eyes|watchers|minders) to (?P<val>{_N})"),
    MeasurePattern("watchers_per_person", rf"(?P<val>{_N})[- ]ply (?:system|surveillance|monitoring|watch)"),
    MeasurePattern("watchers_per_person", rf"(?P<val>{_N}) sets of eyes"),
    MeasurePattern("watchers_per_person", rf"(?P<val>{_N}) (?:watchers|minders) (?:per|for each|on each|assigned to each) (?:person|individual|worker|resident)"),
    # --- inspections per day -------------------------------------------------
    MeasurePattern("inspections_per_day", rf"from (?P<prev>{_FREQ}) (?:{_PER_DAY}) to (?P<val>{_FREQ})(?: (?:{_PER_DAY}))?"),
    MeasurePattern("inspections_per_day", rf"(?P<prev>{_FREQ}) (?:{_PER_DAY}) to (?P<val>{_FREQ}) (?:{_PER_DAY})"),
    MeasurePattern("inspections_per_day", rf"(?P<val>{_FREQ}) (?:{_PER_DAY})[^.]{{0,80}}?instead of (?P<prev>{_FREQ})"),
    MeasurePattern(
        "inspections_per_day",
        rf"(?P<val>{_FREQ}) (?:{_PER_DAY})",
        requires=r"inspect|check|monitor|visit|report|roll call|surveillance|watch|search|counted|went around|rounds|patrol",
    ),
    # --- agents per case -----------------------------------------------------
    MeasurePattern("agents_per_case", rf"from (?:around |about )?(?P<prev>{_N}) to (?:as many as |up to )?(?P<val>{_N}) {_AGENTS}"),
    MeasurePattern("agents_per_case", rf"(?P<prev>{_N}) to as many as (?P<val>{_N}) {_AGENTS}", qualifier="max"),
    MeasurePattern(
        "agents_per_case",
        rf"(?P<val>{_N}) {_AGENTS} (?:per|for each|for every|to each|assigned to (?:each|every|one|a single)|on each) (?:case|person|family|household|target|defector|individual|suspect)",
    ),
    MeasurePattern(
        "agents_per_case",
        rf"{_AGENTS} assigned to (?:each|every) (?:[\w-]+ ){{0,2}}(?:family|household|person|worker|diplomat|case|target|defector)[^.]{{0,30}}?from (?P<prev>{_N}) to (?P<val>{_N})",
    ),
    MeasurePattern(
        "agents_per_case",
        rf"(?:each|every) (?:case|family|household|target|defector|suspect) (?:is|was|now) (?:\w+ ){{0,2}}(?:assigned|watched by|monitored by|handled by) (?:up to |as many as |at least )?(?P<val>{_N}) {_AGENTS}",
    ),
    # --- supervision levels --------------------------------------------------
    MeasurePattern(
        "supervision_levels",
        rf"at least {_Q}(?P<val>{_N}) levels?{_Q}.{{0,40}}?at most {_Q}(?P<val2>{_N}) levels?",
        qualifier="min",
        qualifier2="max",
    ),
    MeasurePattern(
        "supervision_levels",
        rf"(?:between )?{_Q}(?P<val>{_N}){_Q} (?:and|to) {_Q}(?P<val2>{_N}) levels? of (?:supervision|surveillance|monitoring)",
        qualifier="min",
        qualifier2="max",
    ),
    MeasurePattern(
        "supervision_levels",
        rf"{_Q}(?P<val>{_N})[- ](?:levels?|tiers?|layers?){_Q} of (?:supervision|surveillance|monitoring|control)",
    ),
    MeasurePattern(
        "supervision_levels",
        rf"(?:supervision|surveillance|monitoring) (?:at|on|of) {_Q}(?P<val>{_N})[- ](?:levels?|tiers?|layers?)",
    ),
    # --- households per watch group ------------------------------------------
    MeasurePattern(
        "households_per_watch_group",
        rf"(?P<prev>{_N})[- ]household.{{0,80}}?\b(?:to|into|with) (?:an? |the )?(?P<val>{_N})[- ]household",
    ),
    MeasurePattern("households_per_watch_group", rf"(?P<val>{_N})[- ]household (?:system|units?|groups?|watch|teams?|cells?)"),
    MeasurePattern("households_per_watch_group", rf"(?:groups|units|teams|cells) of (?P<val>{_N}) households"),
    # --- orders per week -----------------------------------------------------
    MeasurePattern("orders_per_week", rf"(?P<val>{_N}) or more (?:\w+ )?(?:orders|directives|instructions|decrees) (?:a|per|each|every) week", qualifier="min"),
    MeasurePattern("orders_per_week", rf"(?:more than|at least|over) (?P<val>{_N}) (?:\w+ )?(?:orders|directives|instructions|decrees) (?:a|per|each|every) week", qualifier="min"),
    MeasurePattern("orders_per_week", rf"(?:up to|as many as) (?P<val>{_N}) (?:\w+ )?(?:orders|directives|instructions|decrees) (?:a|per|each|every) week", qualifier="max"),
    MeasurePattern("orders_per_week", rf"(?P<val>{_N}|once|twice|thrice) (?:\w+ )?(?:orders|directives|instructions|decrees)? ?(?:a|per|each|every) week", requires=r"orders?|directives?|instructions?|decrees?"),
    # --- kinship degree ------------------------------------------------------
    MeasurePattern("kinship_degree", rf"(?:down to|up to|as far as|extend(?:s|ed|ing)? to|reach(?:es|ed|ing)? (?:even )?|even|including|all the way to) (?:their |the |his |her )?(?:own )?(?P<val>{_KIN})", kinship=True),
    MeasurePattern("kinship_degree", rf"(?P<val>{_N}|first|second|third|fourth|fifth|sixth|seventh|eighth|\d+(?:st|nd|rd|th))[- ]degree (?:of kinship|relatives|kin)", requires=None),
    MeasurePattern("kinship_degree", rf"(?:the )?(?P<val>first|second|third|fourth|fifth|sixth|seventh|eighth|\d+(?:st|nd|rd|th)) degree of (?:kinship|relatives|relation)"),
    MeasurePattern("kinship_degree", rf"(?P<val>{_N})[- ]chon"),
    # --- team size -----------------------------------------------------------
    MeasurePattern(
        "team_size",
        rf"(?P<val>{_N})[- ](?:person|people|member|man|strong|officer|agent)(?: \w+){{0,2}}? (?:team|group|unit|squad|delegation|task force|inspection team|crew|patrol)",
    ),
    MeasurePattern(
        "team_size",
        rf"(?:team|group|squad|task force|unit|delegation|crew) (?:of|made up of|consisting of|comprising) (?P<val>{_N}) (?:people|members|officers|agents|officials|inspectors|men|investigators)",
    ),
)

# Words right before a value that set its qualifier.
QUALIFIER_CUES: dict[str, tuple[str, ...]] = {
    "max": ("up to", "as many as", "at most", "no more than", "a maximum of", "up to as many as"),
    "min": ("at least", "more than", "over", "or more", "a minimum of", "no fewer than"),
    "approx": ("about", "around", "roughly", "approximately", "some", "nearly", "almost"),
}
