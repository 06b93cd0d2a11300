"""Words that give a report North Korea context.

A report is on-topic with at least ``MIN_CONTEXT_HITS`` of them (counting
repeats) at a density of ``MIN_CONTEXT_DENSITY`` per 1,000 words, or with
``ALWAYS_ON_TOPIC_HITS``. Off-topic reports are stored and counted, but yield
no events. The list is deliberately
made of unambiguous names: "Korea" alone or "the North" would pull in South
Korean and American news.
"""

from __future__ import annotations

MIN_CONTEXT_HITS = 2
# Hits per 1,000 words: a celebrity story that mentions Kim Jong Un twice in
# 900 words is not about North Korea; a long feature with many hits still is.
MIN_CONTEXT_DENSITY = 5.0
ALWAYS_ON_TOPIC_HITS = 25

NK_CONTEXT: tuple[str, ...] = (
    r"North Korea(?:n|ns|'s|’s)?",
    r"N\. ?Korea(?:n|ns|'s|’s)?",
    r"DPRK",
    r"Democratic People'?’?s Republic of Korea",
    r"Pyongyang(?:'s|’s)?",
    # Matched case-sensitively (so "dprk" in a web address does not count): the
    # romanisations news uses, "Kim Jong Un" and "Kim Jong-un" alike, are spelled out.
    r"Kim Jong[- ]?(?:Un|un|Eun|eun|Il|il)",
    r"Kim Il[- ]?(?:Sung|sung)",
    r"Daily NK",
    r"Bowibu",
    r"inminban",
    r"Workers'?’? Party of Korea",
    r"Korean People'?’?s Army",
    r"Korean Central News Agency|KCNA",
    r"Rodong Sinmun",
    r"Ministry of State Security",
    r"State Security Department",
    r"Ministry of (?:Social|People'?’?s) Security",
    r"Sino-North Korean",
    # Provinces and cities by their McCune-Reischauer, Revised and informal romanisations.
    r"(?:North|South) Ham(?:gy[oŏ]ng|gyeong|ky[oŏ]ng|kyung|kyeong)",
    r"(?:North|South) P(?:y[oŏ]|yeo)ngan|(?:North|South) Hwanghae",
    r"Ryanggang|Ryangkang|Yanggang|Yangkang|Chagang|Jagang",
    r"Hyesan|Hoery[oŏ]ng|Hoeryeong|S(?:h)?in[uŭ]iju|Sineuiju|Ch[oŏ]ngjin|Cheongjin|Musan|Ons[oŏ]ng|Kanggye|Ganggye|Manpo",
    r"Rason|Hamh[uŭ]ng|Hamheung|Wonsan|Kimchaek|Gimchaek|Sakju",
    r"kwalliso|kyohwaso",
    r"북한|조선민주주의인민공화국|평양|김정은|국가보위성|양강도|함경북도",
)
