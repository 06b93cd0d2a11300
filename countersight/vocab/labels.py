"""Readable names of the vocabulary's codes, for people: pages, charts, the map, CLI tables.

Codes stay the data (stored, exported, filtered on); these names are only what a person
reads. An ``other:...`` code, which the EVENTS.md contract allows for agencies and target
groups outside the list, reads as its words followed by "(other)":
``other:south korean authorities`` → "South Korean authorities (other)".
"""

from __future__ import annotations

import re

from countersight.model import EVENT_TYPES, MEASURES, PENALTY_KINDS
from countersight.vocab.agencies import AGENCIES
from countersight.vocab.groups import GROUP_IDS

TYPE_NAMES: dict[str, str] = {
    "directive": "Directive",
    "surveillance": "Surveillance",
    "arrest": "Arrest",
    "interrogation": "Interrogation",
    "sentencing": "Sentencing",
    "repatriation": "Repatriation",
    "intimidation": "Intimidation",
    "collective_punishment": "Collective punishment",
    "informant_recruitment": "Informant recruitment",
    "extortion": "Extortion",
    "border_control": "Border control",
    "defection": "Defection",
}

AGENCY_NAMES: dict[str, str] = {a.id: a.label for a in AGENCIES}

GROUP_NAMES: dict[str, str] = {
    "defectors": "Defectors",
    "defector_families": "Defectors' families",
    "brokers": "Brokers",
    "overseas_workers": "Overseas workers",
    "diplomats": "Diplomats",
    "returnees": "Returnees (repatriated)",
    "phone_users": "Users of illegal phones",
    "border_residents": "Border residents",
    "residents": "Residents",
    "officials": "Officials",
    "smugglers": "Smugglers",
    "traders": "Traders",
    # "other:" groups the extractor itself names (vocab.groups)
    "other:students": "Students (other)",
    "other:soldiers": "Soldiers (other)",
    "other:workers": "Workers (other)",
    "other:seafarers": "Seafarers (other)",
    "other:professionals": "Professionals (other)",
    "other:religious_believers": "Religious believers (other)",
    "other:relatives": "Relatives (other)",
}

PENALTY_NAMES: dict[str, str] = {
    "labor_training_brigade": "Labour training brigade",
    "labor_camp": "Labour camp (kyohwaso)",
    "political_prison": "Political prison camp (kwalliso)",
    "execution": "Execution",
    "fine": "Fine",
    "other": "Other penalty",
}

MEASURE_NAMES: dict[str, str] = {
    "watchers_per_person": "Watchers per person",
    "inspections_per_day": "Inspections per day",
    "agents_per_case": "Agents per case",
    "supervision_levels": "Levels of supervision",
    "households_per_watch_group": "Households per watch group",
    "orders_per_week": "Orders per week",
    "kinship_degree": "Degree of kinship punished",
    "team_size": "Team size",
}

TREND_NAMES: dict[str, str] = {"increase": "increasing", "decrease": "decreasing"}

# Words an "other:" code writes in lower case that are proper names.
_PROPER = {
    "korean": "Korean", "korea": "Korea", "koreans": "Koreans", "chinese": "Chinese", "china": "China",
    "russian": "Russian", "russia": "Russia", "lao": "Lao", "laos": "Laos", "laotian": "Laotian",
    "vietnam": "Vietnam", "vietnamese": "Vietnamese", "thai": "Thai", "thailand": "Thailand",
    "mongolian": "Mongolian", "mongolia": "Mongolia", "japanese": "Japanese", "japan": "Japan", "un": "UN",
    "nis": "NIS",
    "christian": "Christian", "christians": "Christians", "kim": "Kim", "jong": "Jong",
}

_VOCABULARIES: dict[str, dict[str, str]] = {
    "type": TYPE_NAMES,
    "agency": AGENCY_NAMES,
    "target": GROUP_NAMES,
    "penalty": PENALTY_NAMES,
    "measure": MEASURE_NAMES,
    "trend": TREND_NAMES,
}
KINDS: tuple[str, ...] = tuple(_VOCABULARIES)


def _words(code: str) -> str:
    words = re.split(r"[\s_]+", code.strip())
    out = [_PROPER.get(w.lower(), w) for w in words if w]
    if out and out[0][:1].islower():
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def name(kind: str, code: str | None) -> str:
    """The readable name of ``code`` in the vocabulary ``kind`` (type, agency, target, penalty,
    measure, trend); an unknown code reads as its words, an ``other:`` code with "(other)"."""
    if kind not in _VOCABULARIES:
        raise ValueError(f"unknown vocabulary {kind!r}; known: {', '.join(KINDS)}")
    if not code:
        return ""
    known = _VOCABULARIES[kind].get(code)
    if known:
        return known
    if code.startswith("other:"):
        return f"{_words(code[len('other:'):])} (other)"
    return _words(code)


def names(kind: str, codes: list[str] | tuple[str, ...] | None) -> list[str]:
    return [name(kind, c) for c in codes or ()]


# Every code of the closed vocabularies has a name (a new code without one fails the import's test).
assert set(TYPE_NAMES) == set(EVENT_TYPES)
assert set(PENALTY_NAMES) == set(PENALTY_KINDS)
assert set(MEASURE_NAMES) == set(MEASURES)
assert set(GROUP_IDS) <= set(GROUP_NAMES)
