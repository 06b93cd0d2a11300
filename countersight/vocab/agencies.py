"""Perpetrator agencies (EVENTS.md "Agencies") and every spelling reports use for them.

Each spelling is a phrase matched case-insensitively on word boundaries, except
spellings written in upper case (acronyms such as ``SSD``), which match case-
sensitively so that "mps" in a URL or "psm" in a word do not count.

``CENTRAL`` agencies issue nationwide orders: an act they order that names no
place is placed at country level (EVENTS.md, location rule 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    id: str
    label: str
    spellings: tuple[str, ...]


AGENCIES: tuple[Agency, ...] = (
    Agency(
        "mss",
        "Ministry of State Security",
        (
            "Ministry of State Security",
            "State Security Ministry",
            "State Security Department",
            "State Security Department's",
            "National Security Agency",
            "State Security Agency",
            "state security agency",
            "Bowibu",
            "Bowibu agents",
            "bowiwon",
            "MSS",
            "SSD",
            "state security agents",
            "state security agent",
            "state security officers",
            "state security officer",
            "state security officials",
            "state security bureau",
            "state security bureaus",
            "state security department",
            "state security ministry",
            "state security",
            "security agents",
            "security agent",
            "security officers",
            "security officer",
            "security personnel",
            "surveillance personnel",
            "counterespionage offices",
            "counterespionage office",
            "counterespionage bureau",
            "counter-espionage agents",
            "counterespionage agents",
            "secret police",
            "provincial security department",
            "provincial state security department",
            "국가보위성",
            "국가보위부",
            "보위부",
            "보위성",
            "보위원",
        ),
    ),
    Agency(
        "msos",
        "Ministry of Social Security",
        (
            "Ministry of Social Security",
            "Social Security Ministry",
            "Ministry of People's Security",
            "Ministry of People’s Security",
            "People's Security Ministry",
            "Ministry of Public Security",
            "People's Safety Ministry",
            "Ministry of People's Safety",
            "People's Safety Agency",
            "MPS",
            "PSM",
            "MSoS",
            "police",
            "police officers",
            "police officer",
            "policemen",
            "policeman",
            "police station",
            "safety agents",
            "safety agent",
            "safety officers",
            "safety agency",
            "social security agents",
            "social security officers",
            "social security department",
            "people's security agents",
            "people's security officers",
            "anjeonbu",
            "boanseong",
            "사회안전성",
            "사회안전부",
            "인민보안성",
            "인민보안부",
            "안전원",
            "보안원",
        ),
    ),
    Agency(
        "wpk",
        "Workers' Party of Korea",
        (
            "Workers' Party of Korea",
            "Workers’ Party of Korea",
            "Korean Workers' Party",
            "WPK",
            "Central Committee",
            "Central Party",
            "party central committee",
            "ruling party",
            "party leadership",
            "leadership of the party",
            "Organization and Guidance Department",
            "Organisation and Guidance Department",
            "OGD",
            "provincial party committee",
            "provincial party committees",
            "city party committee",
            "county party committee",
            "party committee",
            "party committees",
            "party officials",
            "party cadres",
            "party policy",
            "party secretary",
            "party secretaries",
            "inspection team of the Workers' Party",
            "the Party",
            "조선로동당",
            "노동당",
            "당중앙",
        ),
    ),
    Agency(
        "supreme_leader",
        "Kim Jong Un",
        (
            "Kim Jong Un",
            "Kim Jong-un",
            "Kim Jong-Un",
            "Kim Jong Eun",
            "Kim Jong-eun",
            "Kim Jongun",
            "supreme leader",
            "Supreme Leader",
            "Marshal Kim",
            "김정은",
        ),
    ),
    Agency(
        "kpa",
        "Korean People's Army",
        (
            "Korean People's Army",
            "Korean People’s Army",
            "KPA",
            "border guards",
            "border guard",
            "border guard units",
            "border security forces",
            "border patrol",
            "border troops",
            "border soldiers",
            "the military",
            "Military Security Command",
            "Defense Security Command",
            "Defence Security Command",
            "military security",
            "Storm Corps",
            "General Staff",
            "General Political Bureau",
            "frontline units",
            "political officers",
            "military police",
            "border guard regiment",
            "border guard brigade",
            "국경경비대",
            "보위사령부",
        ),
    ),
    Agency(
        "prosecutors",
        "Prosecutors' office",
        (
            "prosecutors",
            "prosecutor",
            "prosecutors' office",
            "prosecutor's office",
            "public prosecutors",
            "procuracy",
            "procurator",
            "procurators",
            "Central Public Prosecutors Office",
            "legal agencies",
            "검찰소",
        ),
    ),
    Agency(
        "courts",
        "Courts",
        (
            "court",
            "courts",
            "people's court",
            "provincial court",
            "Central Court",
            "public trial",
            "public trials",
            "judge",
            "judges",
            "재판소",
        ),
    ),
    Agency(
        "inminban",
        "People's units (inminban)",
        (
            "inminban",
            "inminban head",
            "inminban heads",
            "inminban leaders",
            "people's unit",
            "people's units",
            "neighborhood unit",
            "neighbourhood unit",
            "neighborhood units",
            "neighbourhood units",
            "neighborhood watch unit",
            "popular units",
            "인민반",
            "인민반장",
        ),
    ),
    Agency(
        "diplomatic_mission",
        "North Korean embassies and consulates",
        (
            "North Korean embassy",
            "North Korean embassies",
            "North Korean consulate",
            "North Korean consulates",
            "embassy officials",
            "consulate officials",
            "diplomatic consulates",
            "overseas consulates",
            "the embassy",
            "the consulate",
        ),
    ),
    Agency(
        "china_security",
        "Chinese public security",
        (
            "China's public security",
            "China’s public security",
            "Chinese public security",
            "public security bureau",
            "public security bureaus",
            "public security apparatus",
            "Chinese police",
            "Chinese authorities",
            "Chinese security forces",
            "Chinese security",
            "Chinese border defense",
            "Chinese border defence",
            "Chinese border guards",
            "Chinese border police",
            "gong'an",
            "gongan",
            "공안",
        ),
    ),
    Agency(
        "authorities",
        "North Korean authorities",
        (
            "North Korean authorities",
            "the authorities",
            "authorities",
            "the regime",
            "North Korean regime",
            "Kim regime",
            "North Korean government",
            "the government",
            "the state",
            "the leadership",
            "North Korean leadership",
            "state authorities",
            "local authorities",
            "당국",
        ),
    ),
)

# Actors outside the agency list (EVENTS.md: ``other:<short words>``), as
# (regular expression, id). Foreign police forces other than China's come here.
OTHER_ACTORS: tuple[tuple[str, str], ...] = (
    (r"Group 109|109 (?:sangmu|group|squads?)|(?:the )?non-socialist (?:inspection |crackdown )?(?:squad|group|task force)s?|anti-socialist (?:inspection |crackdown )?(?:squad|group|task force)s?", "other:group_109"),
    (r"customs (?:officials|officers|authorities|agents)", "other:customs"),
    (r"(?:the )?Cabinet", "other:cabinet"),
    (r"Supreme People's Assembly|Supreme People’s Assembly|Standing Committee of the Supreme People's Assembly", "other:supreme_peoples_assembly"),
    (r"(?:Lao|Laotian) (?:police|authorities|security|immigration)", "other:lao_police"),
    (r"(?:Thai|Vietnamese|Cambodian|Mongolian|Malaysian|Burmese|Myanmar) (?:police|authorities|security|immigration)", "other:foreign_police"),
    (r"Russian (?:police|authorities|security|immigration|FSB|officials)|the FSB", "other:russian_security"),
    (r"South Korean (?:police|authorities|intelligence)|National Intelligence Service|the NIS", "other:south_korean_authorities"),
    (r"market management (?:officials|office)", "other:market_management"),
    (r"company (?:managers|security agents?)|managers sent by", "other:company_managers"),
    (r"people's committee|people’s committee", "other:peoples_committee"),
)

# Agencies whose orders apply nationwide (EVENTS.md location rule 1).
CENTRAL: frozenset[str] = frozenset({"authorities", "wpk", "supreme_leader"})

# Names of the state that act as an agency only when they are the subject of a
# verb ("North Korea has ordered", "Pyongyang issued"): elsewhere they are places.
STATE_NAMES: tuple[str, ...] = ("North Korea", "Pyongyang", "the North", "DPRK", "N. Korea")
STATE_NAME_VERBS: tuple[str, ...] = (
    "is", "has", "have", "had", "was", "also", "recently", "reportedly", "ordered", "orders",
    "ordering", "issued", "issues", "issuing", "instructed", "decided", "announced", "began",
    "plans", "demanded", "told", "sent", "dispatched", "deployed", "launched", "stepped",
    "tightened", "called", "urged", "appears", "seems", "continues",
)

# Capitals that reports use for their governments ("brokers who criticize
# Pyongyang"): they are places only after a word of place ("in Pyongyang").
CAPITAL_METONYMS: tuple[str, ...] = ("Pyongyang", "Seoul", "Beijing", "Moscow", "Washington", "Tokyo")
LOCATIVE_WORDS: tuple[str, ...] = (
    "in", "at", "near", "around", "outside", "inside", "across", "throughout", "from", "to", "into",
    "within", "of", "toward", "towards", "via", "downtown", "central", "suburban",
)

# Words that stand for an agency named earlier in the report ("the agents", "the
# ministry"). They resolve to the last security agency named (never to a central one).
AGENT_ANAPHORS: tuple[str, ...] = (
    "agents",
    "agent",
    "officers",
    "officer",
    "officials",
    "operatives",
    "investigators",
    "the ministry",
    "ministry officials",
    "ministry's",
    "the team",
    "the trio",
    "the agency",
    "the department",
    "cadres in charge",
)

# Words that stand for the last named actor of any kind, at the start of a sentence.
SUBJECT_ANAPHORS: tuple[str, ...] = ("they", "it")
