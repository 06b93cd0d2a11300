"""What a public export must not show: rules that find what could identify a
private person in a report (EVENTS.md events are about state acts; the people
they hurt are not the story).

- ``PERSON_PATTERNS``: names and surnames of private people ("identified by his
  surname of Chong", "Mr. Kim", "a woman named Ri Myong-hui", "Kim Chol-su").
- ``AGE_PATTERNS``: ages ("in his 30s", "a 22-year-old", "aged 45").
- ``SOURCE_DETAIL_PATTERNS``: what a source's description gives away beyond a
  province ("a source who works at the Hyesan Mine", "a source whose brother ...").
- ``PUBLIC_FIGURES``: names that stay (leaders, officials acting in office).
Places at district/dong level are generalised with the gazetteer (a victim's
street is no evidence of a state act; the city is).
"""

from __future__ import annotations

# Common Korean surnames as reports romanise them.
SURNAMES: tuple[str, ...] = (
    "Kim", "Lee", "Ri", "Rhee", "Yi", "Park", "Pak", "Choi", "Choe", "Chong", "Jung", "Jeong", "Cho", "Jo",
    "Kang", "Han", "Yoon", "Yun", "Jang", "Chang", "Lim", "Rim", "Im", "Oh", "O", "Shin", "Sin", "Hwang",
    "Ahn", "An", "Song", "Ryu", "Yu", "Hong", "Jeon", "Jon", "Ko", "Go", "Moon", "Mun", "Yang", "Son",
    "Bae", "Pae", "Baek", "Paek", "Heo", "Ho", "Nam", "Noh", "No", "Ha", "Kwak", "Seo", "So", "Hyon", "Hyun",
    "Ju", "Joo", "Ryom", "Yom", "Kye", "Tak", "Chu", "Mo", "Ok", "Won", "Wang", "Chae", "Min", "Ku", "Koo",
)

_SURNAME = r"(?:" + "|".join(SURNAMES) + r")"
_GIVEN = r"[A-Z][a-z]+(?:[- ][a-z]+|[- ][A-Z][a-z]+)?"

PERSON_PATTERNS: tuple[str, ...] = (
    # "identified by his surname of Chong", "surnamed Kim", "only by her family name, Pak"
    rf"(?:identified (?:only )?by (?:his|her|their) (?:sur|family )?name(?: of)?|surnamed|(?:sur|family )?name(?:d)? is|known as|only as|called|named)[ ,:]+(?P<name>{_SURNAME}(?: {_GIVEN})?|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}})",
    # "Mr. Kim", "Ms. Ri", "Mrs. Pak Kyong-ae"
    rf"\b(?:Mr|Ms|Mrs|Miss|Dr)\.? (?P<name>{_SURNAME}(?: {_GIVEN})?|[A-Z][a-z]+)",
    # full Korean names: "Kim Chol-su", "Ri Myong Hui"
    rf"\b(?P<name>{_SURNAME} [A-Z][a-z]+(?:-[a-z]+| [A-Z][a-z]+))\b",
    # a surname standing alone as a person later in the text: "Chong was repatriated"
    rf"(?<![\w-])(?P<name>{_SURNAME})(?= (?:was|is|had|has|said|told|who|and his|and her|'s|’s)\b)",
    # Korean names in Hangul: surname + 1-2 syllables (3-character names), not agency words
    r"(?P<name>[김이리박최정조강한윤장임오신황안송류홍전고문양손배백허남노하곽서현주염계탁추모옥원왕채민구][가-힣]{2})(?:씨|氏)?(?=[\s,.은는이가을를의에])",
)

AGE_PATTERNS: tuple[str, ...] = (
    r"\bin (?:his|her|their) (?:early |mid-|mid |late )?(?:teens|\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b",
    r"\b\d{1,3}[- ]year[- ]old\b",
    r"\baged? \d{1,3}\b",
    r"\b\d{1,3} years old\b",
    r"\b(?:teenage|elderly)\b",
)

SOURCE_DETAIL_PATTERNS: tuple[str, ...] = (
    r"(?:(?<=source)|(?<=informant)|(?<=resident)|(?<=contact)),? (?:who|whose) (?:works?|worked|lives?|lived|is|was|has|had|runs?|ran|sells?|sold|owns?|serves?|served|teaches|taught)\b(?:\s+(?!said\b|told\b|reported\b|says\b)[\w'’-]+){1,8}",
    r"(?:(?<=source)|(?<=informant)) (?:working|living|employed|serving) (?:at|in|for|as)(?:\s+(?!said\b|told\b|reported\b|says\b)[\w'’-]+){1,8}",
)

# Names that stay in a public export: leaders and officials acting in office.
PUBLIC_FIGURES: tuple[str, ...] = (
    "Kim Jong Un", "Kim Jong-un", "Kim Jong Eun", "Kim Jong Il", "Kim Jong-il", "Kim Il Sung", "Kim Il-sung",
    "Kim Yo Jong", "Kim Yo-jong", "Kim Tok Hun", "Kim Tok-hun", "Choe Ryong Hae", "Choe Ryong-hae",
    "Jang Song Thaek", "Jang Song-thaek", "Ri Sol Ju", "Ri Sol-ju", "Pak Pong Ju", "Pak Pong-ju", "Kim Jae Ryong",
    "Jo Yong Won", "Jo Yong-won", "Ri Pyong Chol", "Ri Pyong-chol", "Kim Yong Chol", "Kim Yong-chol",
    "Choe Son Hui", "Choe Son-hui", "Ri Yong Ho", "Ri Yong-ho", "Jong Kyong Thaek", "Jong Kyong-thaek",
    "Kim Won Hong", "Kim Won-hong", "Moon Jae-in", "Moon Jae In", "Yoon Suk Yeol", "Lee Jae-myung",
    "Xi Jinping", "Vladimir Putin", "Donald Trump", "Joe Biden",
)

# A "name" followed by one of these is an institution or a place named after a
# person ("Kim Chaek University", "Kim Il Sung Square"), not a private person.
INSTITUTION_WORDS: tuple[str, ...] = (
    "University", "College", "School", "Institute", "Academy", "Mine", "Factory", "Complex", "Works",
    "Enterprise", "Street", "Square", "Station", "County", "City", "District", "Bridge", "Stadium", "Hall",
    "Hospital", "Library", "Park", "Port", "Airport", "Farm", "Company", "Corporation", "Group", "Prize",
)

NAME_PLACEHOLDER = "[name withheld]"
AGE_PLACEHOLDER = "[age withheld]"
SOURCE_PLACEHOLDER = "[source details withheld]"
PLACE_PLACEHOLDER = "[place withheld]"
QUOTE_PLACEHOLDER = "[quote withheld]"

# Place kinds generalised in public exports (victims' streets and neighbourhoods).
FINE_PLACE_KINDS: frozenset[str] = frozenset({"district", "dong"})
# The only place kinds an event's place name is published as: a name the gazetteer knows
# only as one of these. Any other (a district, a dong, a name it does not know, a name also
# used for a district) becomes its province, whatever precision the event was given.
PUBLIC_PLACE_KINDS: frozenset[str] = frozenset({"province", "region", "city", "county"})
