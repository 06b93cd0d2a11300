"""What a public export must not show: rules that find what could identify a
private person in a report (EVENTS.md events are about state acts; the people
they hurt are not the story).

- ``PERSON_PATTERNS``: names and surnames of private people ("identified by his
  surname of Chong", "Mr. Kim", "a woman named Ri Myong-hui", "Kim Chol-su").
- ``AGE_PATTERNS``: ages ("in his 30s", "a 22-year-old", "aged 45").
- ``SOURCE_DETAIL_PATTERNS``: what a source's description gives away beyond a
  province ("a source who works at the Hyesan Mine", "a source whose brother ...").
- ``PUBLIC_FIGURES``: names that stay (leaders, officials acting in office).
- ``FINE_PLACE_PATTERNS``, ``KOREAN_FINE_PLACE_PATTERNS``, ``KOREAN_UNIT_WORD``: place
  names below the city found by their form (``Ryusang-dong``, ``Punggye-ri``, ``Waudo
  District``, ``남양로동자구``), whether or not the gazetteer knows them.
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


# -- places below the city --------------------------------------------------------------------
# The gazetteer knows a few dozen of North Korea's thousands of dongs, villages and workers'
# districts; a report may name any of them. So a name is also withheld by its form: a romanised
# word followed by the suffix of a unit below the city, in every romanisation reports use
# (McCune-Reischauer with and without breves, Revised Romanization, spelled out in English).
# Each pattern's group ``place`` is withheld, unless the gazetteer knows that exact name as a
# city, county or province only (``PUBLIC_PLACE_KINDS``). A pattern may also name a group
# ``name``: its suffix is an English word that can mean a city's area ("the Hyesan district"),
# so the hit stays when the gazetteer knows ``name`` as a city, county or province and does not
# know the whole ``place``.

# A romanised proper name: a capital, then letters (with breves or accents) and apostrophes
# inside the word (Sŏngch'ŏn); not the tail of a longer word or a hyphenated name.
_STEM = r"(?<![\w'’ʼ‐‑-])[A-ZŎŬ](?:[^\W\d_]|['’ʼ](?=[^\W\d_]))*"
_HYPHEN = r"[-‐‑]"
_END = r"(?![^\W\d_])"  # the suffix ends the word ("Ryusang-dong's" still ends at "dong")
# Capitalised words that precede "district" without naming one: determiners at the start of a
# sentence or title ("This district", "Every District") and kinds of district.
NOT_DISTRICT_NAMES: tuple[str, ...] = (
    "A", "An", "The", "This", "That", "These", "Those", "Each", "Every", "One", "Another", "Any", "Some", "No",
    "Which", "What", "Whose", "Our", "Their", "His", "Her", "Its", "My", "Your", "Same", "Whole", "Entire",
    "Neighbouring", "Neighboring", "Nearby", "Local", "Rural", "Urban", "Border", "Central", "Military", "Special",
    "Economic", "Administrative", "Electoral", "Industrial", "Residential", "Business", "Commercial", "Financial",
    "School", "Police", "Security", "Party", "Federal", "Judicial", "Tourist", "Development", "Trade", "Export",
    "Historic", "Autonomous", "New", "Old", "Northern", "Southern", "Eastern", "Western", "North", "South", "East",
    "West", "Mining", "Farming", "Coastal", "Mountain", "Frontier", "Capital", "Home",
)
_NOT_DISTRICT = r"(?!(?:" + "|".join(NOT_DISTRICT_NAMES) + r")\s)"

FINE_PLACE_PATTERNS: tuple[str, ...] = (
    # neighbourhoods: "Ryusang-dong", "Kangan dong", "Songbong 2-dong", "Nammun-tong", "Osan-Dong"
    rf"(?P<place>{_STEM}(?:[ ‐‑-]?\d{{1,2}})?(?:{_HYPHEN}(?:dong|tong|Dong|Tong)| (?:dong|tong))){_END}",
    # villages: "Punggye-ri", "Songnae-ri", "Sohung-Ri"
    rf"(?P<place>{_STEM}{_HYPHEN}(?:ri|Ri)){_END}",
    # workers' districts: "Chongsong-rodongjagu", "Namyang nodongjagu", "Sambong workers' district"
    rf"(?P<place>{_STEM}(?:{_HYPHEN}| )(?:[RrNn]odongja[gk]u|[Ww]orkers['’]? [Dd]istrict)){_END}",
    # city districts: "Moranbong-guyok", "Taedonggang-kuyŏk", "Jung-gu", "Hoesang guyok"
    rf"(?P<place>{_STEM}(?:{_HYPHEN}(?:[GgKk]u)|(?:{_HYPHEN}| )[GgKk]uy(?:o|ŏ|eo)k)){_END}",
    # people's units, numbered: "Yonbong 2-ban", "Pongchon 5 ban"
    rf"(?P<place>{_STEM}[ ‐‑-]\d{{1,3}}(?:{_HYPHEN}| )?(?:ban|Ban)){_END}",
    # districts spelled out: "Waudo District", "Hamhung's Hoesang district", "Zhenxing District"
    # (a city's area, "the Hyesan district", stays: see ``name`` above)
    rf"(?P<place>{_NOT_DISTRICT}(?P<name>{_STEM}) [Dd]istrict){_END}",
)

# Korean particles that follow a place name in the same word ("위연동에서", "유선동의"): the
# name is withheld without them.
KOREAN_PARTICLES: tuple[str, ...] = (
    "에서는", "에서도", "에서", "에게", "에는", "에도", "으로", "까지", "부터", "이나", "에", "의", "은", "는", "이",
    "가", "을", "를", "로", "과", "와", "도", "만",
)
_KO_PARTICLE = "(?:" + "|".join(KOREAN_PARTICLES) + ")"
_KO_END = rf"(?={_KO_PARTICLE}?(?![가-힣]))"

# Korean forms that name a unit below the city wherever they stand: a workers' district
# (로동자구, 노동자구 in the South's spelling) and a numbered dong, village or people's unit
# ("연봉2동", "위연동 5반"). Group ``place``, as above.
KOREAN_FINE_PLACE_PATTERNS: tuple[str, ...] = (
    rf"(?<![가-힣])(?P<place>[가-힣]{{1,6}}?[로노]동자구){_KO_END}",
    rf"(?<![가-힣\d])(?P<place>[가-힣]{{1,5}}\d{{1,3}}(?:동|리|반)){_KO_END}",
    rf"(?<![가-힣\d])(?P<place>\d{{1,3}}반){_KO_END}",
)
# A word that names a dong (동), village (리) or city district (구역) when it follows a place
# name ("혜산시 위연동", "회령 유선동에서", "평양시 대동강구역 문수동"). Alone it is no evidence:
# 활동 'activity', 관리 'official', 거리 'street' end the same way (``KOREAN_NOT_PLACES``).
KOREAN_UNIT_WORD = r"[가-힣]{1,6}?(?:동|리|구역)"
# Common words shaped like a unit name that may follow a place name ("혜산시 관리가", "회령 거리").
KOREAN_NOT_PLACES: frozenset[str] = frozenset({
    "관리", "거리", "우리", "처리", "정리", "자리", "무리", "머리", "소리", "다리", "요리", "논리", "원리", "권리",
    "진리", "유리", "수리", "심리", "총리", "경리", "대리", "부리", "도리", "마리", "고리", "가리",
    "활동", "행동", "이동", "노동", "로동", "운동", "폭동", "공동", "변동", "충동", "출동", "작동", "가동", "소동",
    "선동", "책동", "감동", "연동", "발동", "동동", "협동", "아동", "동",
    "구역", "관할구역", "경비구역", "통제구역", "보호구역", "금지구역", "국경구역", "경계구역", "담당구역",
    "책임구역", "출입금지구역", "봉쇄구역", "격리구역",
})
