"""Page furniture rules (countersight/vocab/furniture.py): well-formed, and they tell
captions, credits, page tails and outlet boilerplate from a report's own copy."""

from __future__ import annotations

import re

import pytest

from countersight.vocab import furniture

LISTS = {
    "CAPTION": furniture.CAPTION,
    "END_CREDIT": furniture.END_CREDIT,
    "TAIL_MARKERS": furniture.TAIL_MARKERS,
    "BOILERPLATE": furniture.BOILERPLATE,
    "DATELINE": furniture.DATELINE,
}


def _any(name: str) -> re.Pattern[str]:
    # As pipeline/segment.py compiles them: one alternation a list, case-sensitive, run on one line.
    return re.compile("|".join(f"(?:{p})" for p in LISTS[name]))


@pytest.mark.parametrize("name", sorted(LISTS))
def test_patterns_compile_without_duplicates(name: str):
    patterns = LISTS[name]
    assert patterns and len(patterns) == len(set(patterns))
    for p in patterns:
        assert re.compile(p).groups == 0, p  # no capturing group: the alternation is searched, never read


def test_no_pattern_in_two_lists():
    everything = [p for patterns in LISTS.values() for p in patterns]
    assert len(everything) == len(set(everything))


def test_numbers_and_marks():
    assert 0 < furniture.CAPTION_TITLE_WORDS <= furniture.SHORT_LINE_WORDS
    assert furniture.END_CREDIT_CAPTION_SENTENCES >= 1
    marks = furniture.SUBHEAD_MARKS
    assert marks and len(marks) == len(set(marks)) and not any(c.isalnum() or c.isspace() for c in marks)


@pytest.mark.parametrize(
    "name, line",
    [
        ("CAPTION", "FILE PHOTO: North Korea's embassy in Malaysia."),
        ("CAPTION", "Photo: Daily NK"),
        ("CAPTION", "Soldiers patrol the Yalu River. / Image: Daily NK"),
        ("CAPTION", "Kim Jong Un (pictured) inspects a farm in South Hwanghae."),
        ("CAPTION", "Residents line up at a market (Photo=Asia Press)"),
        ("CAPTION", "nk-border-patrol-april-2013.jpg An armed soldier patrols the Yalu."),
        ("CAPTION", "Defectors were detained in China, a source said. UPI/Jane Doe | License Photo"),
        ("CAPTION", "The regime tightens phone checks. File Photo by Jane Doe/UPI"),
        ("CAPTION", "(Photo) A man turns over his notebook as he talks on his phone."),
        ("END_CREDIT", "A flag waves near Panmunjom. (File Photo - AP)"),
        ("END_CREDIT", "A man uses his smartphone in Pyongyang, North Korea, in a file photo."),
        ("END_CREDIT", "Workers at a construction site in Vladivostok, in an undated photo."),
        ("END_CREDIT", "Kim inspects a farm. (Yonhap)"),
        ("END_CREDIT", "The border fence near Hyesan. (Photo: Daily NK)"),
        ("TAIL_MARKERS", "Translated by Jane Doe"),
        ("TAIL_MARKERS", "Read in Korean"),
        ("TAIL_MARKERS", "Check Also"),
        ("TAIL_MARKERS", "Related Articles:"),
        ("BOILERPLATE", "Daily NK works with a network of sources living in North Korea."),
        ("BOILERPLATE", "Jeong Tae Joo is one of Daily NK's journalists."),
        ("BOILERPLATE", "ADVERTISEMENT"),
        ("BOILERPLATE", "Reported by Hee Jung Kim for RFA's Korean Service."),
        ("BOILERPLATE", "(Reporting by Jane Doe; Editing by John Roe and Max Moe)"),
        ("BOILERPLATE", "Reporting by Jane Doe; Additional reporting by Kim Min-ji; Editing by John Roe"),
    ],
)
def test_furniture_lines_match(name: str, line: str):
    assert _any(name).search(line), line


@pytest.mark.parametrize(
    "name, line",
    [
        ("CAPTION", "North Korea is ordering consulates to respond to defections, a source told Daily NK."),
        ("CAPTION", "Agents photographed everyone who came to the market."),
        ("CAPTION", "He left (and never came back) after the inspection."),
        ("END_CREDIT", "Agents raided the house (Yonhap) and arrested two brokers."),
        ("END_CREDIT", "The source said the order came from Pyongyang (in Korean)."),
        ("END_CREDIT", "Agents kept the file photos of every defector's family."),
        ("CAPTION", "Agents seized photos.jpg files and phones (photo) of the suspects."),
        ("TAIL_MARKERS", "The order was translated by officials and read out at meetings."),
        ("TAIL_MARKERS", "Related to the case, five people were arrested."),
        ("BOILERPLATE", "By the end of the month, agents had searched every house."),
        ("BOILERPLATE", "The source is a journalist's relative living in Hyesan."),
        ("BOILERPLATE", "Reporting by informants rose after the rewards were announced."),
    ],
)
def test_report_copy_does_not_match(name: str, line: str):
    assert not _any(name).search(line), line


def test_rules_are_case_sensitive_where_case_tells():
    # Labels and tail markers are written capitalised; lower case is prose.
    assert not _any("CAPTION").search("photo: agents at the gate")
    assert not _any("TAIL_MARKERS").search("check also")


def test_a_paragraph_opening_with_by_and_a_date_is_copy():
    assert not _any("BOILERPLATE").search("By October, the authorities had sealed the border near Hyesan.")
    assert not _any("BOILERPLATE").search("By then, the agents had left.")
    assert _any("BOILERPLATE").search("By Kim Min-ji, Seoul")
    assert _any("BOILERPLATE").search("By Mayumi Park")


@pytest.mark.parametrize(("line", "dateline"), [
    ("SEOUL, May 20 (Yonhap) -- North Korea has executed", "SEOUL, May 20 (Yonhap) --"),
    ("BEIJING (Reuters) - Chinese police detained", "BEIJING (Reuters) -"),
    ("SEOUL, South Korea (AP) — North Korea", "SEOUL, South Korea (AP) —"),
    ("GENEVA (10 May 2018) – The UN", "GENEVA (10 May 2018) –"),
    ("Feb. 23 (UPI) -- North Korea state security agents", "Feb. 23 (UPI) --"),
    ("NEW YORK, Jan. 3, 2024 -- A defector", "NEW YORK, Jan. 3, 2024 --"),
    ("SEOUL — Two defectors", "SEOUL —"),
    ("(CNN) -- North Korea has sentenced", "(CNN) --"),
    ("Seoul (CNN) -- A North Korean soldier", "Seoul (CNN) --"),
    ("Yeonpyeong Island, South Korea (CNN) -- The", "Yeonpyeong Island, South Korea (CNN) --"),
    # Copy that only looks like one: a hyphenated word, a dash inside a sentence.
    ("US-led sanctions - the MSS said", None),
    ("The MSS - which runs the camps - said", None),
    ("North Korea -- the source said", None),
    ("In May 20 people were arrested -- a source said", None),
    ("State Security (MSS) agents arrested five", None),
    ("The Ministry of State Security (MSS) — the secret police — arrested", None),
    ("Kim Jong Un (pictured) -- the leader", None),
])
def test_a_wire_dateline_is_told_from_copy(line: str, dateline: str | None):
    found = _any("DATELINE").match(line)
    assert (found.group(0).rstrip() if found else None) == dateline
