"""The privacy rules' place patterns (vocab/privacy.py): place names below the city found by their
form, in each romanisation and in Korean; city, county and province names, people and ordinary
words are not taken for them. How privacy.py uses them (the gazetteer's say): tests/test_privacy.py."""

from __future__ import annotations

import re

import pytest

from countersight.vocab import privacy as rules

ROMANISED = [re.compile(p) for p in rules.FINE_PLACE_PATTERNS]
KOREAN = [re.compile(p) for p in rules.KOREAN_FINE_PLACE_PATTERNS]


def places(text: str, patterns: list[re.Pattern[str]] = ROMANISED) -> list[str]:
    return sorted({m.group("place") for rx in patterns for m in rx.finditer(text)})


def test_every_pattern_names_the_span_to_withhold():
    for rx in ROMANISED + KOREAN:
        assert "place" in rx.groupindex, rx.pattern


@pytest.mark.parametrize("text, expected", [
    # the audit's leaks (quotes of the bundled samples)
    ("police arrested three residents of Sinŭiju's Ryusang-dong who", "Ryusang-dong"),
    ("inminban heads in Hoeryong's [place withheld] and Songchon-dong have", "Songchon-dong"),
    ("a family in Kusong-dong, Sariwon", "Kusong-dong"),
    # other romanisations and forms of a dong
    ("in Sŏngch'ŏn-dong last week", "Sŏngch'ŏn-dong"),
    ("in Songchon dong last week", "Songchon dong"),
    ("in Nammun-tong last week", "Nammun-tong"),
    ("in Osan-Dong's market", "Osan-Dong"),
    ("in Songbong 2-dong", "Songbong 2-dong"),
    ("in Songbong-2-dong", "Songbong-2-dong"),
    ("in Ryusang‑dong", "Ryusang‑dong"),  # a non-breaking hyphen
    # villages
    ("near Punggye-ri", "Punggye-ri"),
    ("the farm at Sohung-Ri", "Sohung-Ri"),
    # workers' districts
    ("a resident of Sakju's Chongsong Workers' District said", "Chongsong Workers' District"),
    ("Onsong's Sambong workers’ district", "Sambong workers’ district"),
    ("in Namyang-rodongjagu", "Namyang-rodongjagu"),
    ("in Namyang nodongjagu", "Namyang nodongjagu"),
    # city districts
    ("in Moranbong-guyok", "Moranbong-guyok"),
    ("in Taedonggang-kuyŏk", "Taedonggang-kuyŏk"),
    ("in Hoesang guyok", "Hoesang guyok"),
    ("in Jung-gu, Seoul", "Jung-gu"),
    ("in Nampo's Waudo District", "Waudo District"),
    ("in the city’s Hoesang district late at night", "Hoesang district"),
    ("in the city’s Zhenxing District", "Zhenxing District"),
    # numbered people's units
    ("of Yonbong 2-ban", "Yonbong 2-ban"),
    ("of Pongchon 5 ban", "Pongchon 5 ban"),
])
def test_romanised_places_below_the_city(text, expected):
    assert places(text) == [expected]


@pytest.mark.parametrize("text", [
    "Hyesan, Sinuiju, Hoeryong, Kangdong, Pyoktong and Dandong in Ryanggang Province and North Hamgyong",
    "Kangdong County and Onsong County, Hyesan City, Sinuiju-si, Musan-gun",
    "Kim Jong Un visited Kim Chaek University; Ri Myong-hui and Choi Min-jae were there",
    "a ding-dong; the Ministry of State Security; the inminban",
    "This district, Every District, A district, the Military District, the Special Economic District",
    "the border district; in each district; districts of Hyesan",
])
def test_cities_provinces_people_and_words_are_not_places_below_the_city(text):
    assert places(text) == []


def test_a_district_after_a_city_name_is_found_for_the_gazetteer_to_judge():
    # "the Hyesan district" may be the city's area: the pattern names it, privacy.py keeps it
    # because the gazetteer knows Hyesan as a city (tests/test_privacy.py)
    m = next(rx.search("the Hyesan district") for rx in ROMANISED if rx.search("the Hyesan district"))
    assert m.group("place") == "Hyesan district" and m.group("name") == "Hyesan"


@pytest.mark.parametrize("text, expected", [
    ("남양로동자구에서 단속이 있었다", "남양로동자구"),
    ("남양노동자구 주민", "남양노동자구"),
    ("연봉2동의 주민", "연봉2동"),
    ("위연동 5반 반장", "5반"),
])
def test_korean_forms_that_are_places_wherever_they_stand(text, expected):
    assert places(text, KOREAN) == [expected]


@pytest.mark.parametrize("text", ["노동자가 체포되었다", "노동자구호를 외쳤다", "2019년 활동", "관리들이 말했다"])
def test_korean_words_that_are_not_places(text):
    assert places(text, KOREAN) == []


@pytest.mark.parametrize("word, unit", [
    ("위연동", True), ("유선동", True), ("칠성리", True), ("대동강구역", True),
    ("혜산시", False), ("주민들", False), ("단속", False),
])
def test_the_korean_unit_word(word, unit):
    assert (re.fullmatch(rules.KOREAN_UNIT_WORD, word) is not None) is unit


def test_common_words_shaped_like_a_unit_are_listed():
    # after a place name these would be taken for a dong or village: the list keeps them
    for word in ("관리", "거리", "활동", "이동", "국경구역"):
        assert re.fullmatch(rules.KOREAN_UNIT_WORD, word) and word in rules.KOREAN_NOT_PLACES
