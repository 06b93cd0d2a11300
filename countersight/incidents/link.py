"""Linking event mentions into incidents: one real-world act with the mentions that tell it.

Two passes, both greedy against a group's merged profile (never by transitivity alone,
so A~B and B~C cannot pull two different acts A and C together):

1. **Within a report**, in reading order: a mention joins the latest group of the same
   type whose profile it is compatible with (place, dates, people count, penalty kind,
   perpetrators), else starts a group.
2. **Across reports**: groups of different reports are compared only inside a block
   (type, country, province, month of the act's date, or of publication for undated
   mentions), so the work grows with the block sizes, not with the square of the
   archive. A near-duplicate's group links to its original's group of the same type
   with the most similar quotes; other pairs need a dated act and similar quotes
   (content words) or the same stated number of people in the same place. A group never
   holds two groups of the same report: within a report, pass 1 already decided.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from countersight.model import Event
from countersight.vocab import incidents as vocab

LOCATION_RANK = {"district": 0, "city": 1, "province": 2, "country": 3}
DATE_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "unknown": 4}
# Perpetrator labels that say nothing about which agency acted (compatible with any).
GENERIC_AGENCIES = frozenset({"authorities"})

# Quote similarity (overlap of content words, over the smaller set) for a link across reports.
DUPLICATE_SIMILARITY = 0.5   # a near-duplicate's mention and its original's
DATED_SIMILARITY = 0.5       # two reports' mentions of the same month and place
UNDATED_SIMILARITY = 0.7     # undated mentions, blocked by the reports' publication month
MIN_SHARED_WORDS = 4         # fewer shared content words are no evidence
# Two reports' whole accounts of an act (all the words of a group's mentions), published
# the same month: shared words weighted by how rare they are in the archive, over the
# smaller account. Rare words ("superior", "daughter", "ambassador") tell one act from a
# look-alike; "North Korean" does not.
ACCOUNT_SIMILARITY = 0.3


@dataclass
class Mention:
    """What linking reads of an event mention (built from an ``Event``)."""

    id: str
    document: str
    type: str
    order: int
    country: str | None
    admin1: str | None
    place: str | None
    precision: str | None
    start: str | None
    end: str | None
    date_precision: str
    perpetrators: frozenset[str]
    penalty: str | None
    people: tuple[int, str | None] | None
    words: frozenset[str]
    published: str | None = None
    aggregate: bool = False  # many acts or a standing practice, not one act


@dataclass
class Group:
    """Mentions linked so far, with the profile a newcomer must be compatible with."""

    type: str
    mentions: list[Mention] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    start: str | None = None
    end: str | None = None
    perpetrators: set[str] = field(default_factory=set)
    penalties: set[str] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    aggregate: bool = False
    parent: Group | None = None

    def root(self) -> Group:
        group = self
        while group.parent is not None:
            group = group.parent
        return group

    def accepts(self, m: Mention | Group) -> bool:
        if self.aggregate != m.aggregate:
            return False
        if self.country and m.country and self.country != m.country:
            return False
        if self.admin1 and m.admin1 and self.admin1 != m.admin1:
            return False
        if self.place and m.place and self.place.casefold() != m.place.casefold():
            return False
        if self.start and m.start and self.end and m.end and (m.start > self.end or self.start > m.end):
            return False
        perps = m.perpetrators - GENERIC_AGENCIES
        if self.perpetrators and perps and not (self.perpetrators & perps):
            return False
        penalties = {m.penalty} - {None} if isinstance(m, Mention) else m.penalties
        if self.penalties and penalties and not (self.penalties & penalties):
            return False
        people = {m.people[0]} if isinstance(m, Mention) and m.people else (m.people if isinstance(m, Group) else set())
        return not (self.people and people and not (self.people & people))

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.documents.add(m.document)
        self._narrow(m.country, m.admin1, m.place, m.start, m.end)
        self.perpetrators |= m.perpetrators - GENERIC_AGENCIES
        if m.penalty:
            self.penalties.add(m.penalty)
        if m.people:
            self.people.add(m.people[0])

    def absorb(self, other: Group) -> None:
        self.mentions += other.mentions
        self.documents |= other.documents
        self._narrow(other.country, other.admin1, other.place, other.start, other.end)
        self.perpetrators |= other.perpetrators
        self.penalties |= other.penalties
        self.people |= other.people
        other.parent = self

    def _narrow(self, country, admin1, place, start, end) -> None:  # noqa: ANN001 - plain fields
        self.country = self.country or country
        self.admin1 = self.admin1 or admin1
        self.place = self.place or place
        if start and end:
            self.start = max(self.start, start) if self.start else start
            self.end = min(self.end, end) if self.end else end


@cache
def _people_rx() -> re.Pattern[str]:
    return re.compile(vocab.PEOPLE_PATTERN)


def people_count(text: str) -> tuple[int, str | None] | None:
    """(count, qualifier) of the first stated number of people in ``text``, else None."""
    m = _people_rx().search(text)
    if m is None:
        return None
    raw = m.group("number").lower()
    count = int(raw.replace(",", "")) if raw[0].isdigit() else vocab.NUMBER_WORDS[raw]
    if count < 2 or (1900 <= count <= 2100 and "," not in raw):
        return None  # "a man" is not a count; "2020 people" is a year misread
    qualifier = vocab.QUALIFIERS.get((m.group("qualifier") or "").lower())
    if raw in vocab.VAGUE_NUMBERS:
        qualifier = "min"
    return count, qualifier


_WORD = re.compile(r"[^\W\d_]{3,}|\d+")


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (t.casefold() for t in _WORD.findall(text)) if w not in vocab.STOPWORDS)


def mention_of(event: Event, order: int, published: str | None = None) -> Mention:
    loc, date = event.location, event.date
    return Mention(
        id=event.id or "", document=event.document, type=event.type, order=order,
        country=loc.country if loc else None, admin1=loc.admin1 if loc else None, place=loc.place if loc else None,
        precision=loc.precision if loc else None,
        start=date.start if date and date.start else None, end=(date.end or date.start) if date and date.start else None,
        date_precision=date.precision if date and date.start else "unknown",
        perpetrators=frozenset(event.perpetrators), penalty=event.penalty.kind if event.penalty else None,
        people=people_count(event.evidence.quote), words=content_words(event.evidence.quote), published=published,
        aggregate=is_aggregate(event.evidence.quote),
    )


@cache
def _aggregate_rx() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in vocab.AGGREGATE_PATTERNS), re.IGNORECASE)


def is_aggregate(text: str) -> bool:
    """The quote tells many acts or a standing practice ("three public executions since the
    spring", "inspections three times a day"), not one act."""
    return _aggregate_rx().search(text) is not None


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared content words over the smaller set; 0 below ``MIN_SHARED_WORDS`` shared."""
    shared = len(a & b)
    if shared < MIN_SHARED_WORDS:
        return 0.0
    return shared / min(len(a), len(b))


def link(mentions: Iterable[Mention], near_duplicate_of: Mapping[str, str | None] | None = None) -> list[list[Mention]]:
    """Mentions grouped into incidents; each incident's mentions in document and reading order."""
    near_duplicate_of = near_duplicate_of or {}
    by_document: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_document[m.document].append(m)
    groups: list[Group] = []
    of_document: dict[str, list[Group]] = {}
    for document, ms in by_document.items():
        ms.sort(key=lambda m: m.order)
        local: list[Group] = []
        for m in ms:
            for g in reversed(local):  # the latest compatible act told in this report
                if g.type == m.type and g.accepts(m):
                    g.add(m)
                    break
            else:
                g = Group(m.type, aggregate=m.aggregate)
                g.add(m)
                local.append(g)
        of_document[document] = local
        groups += local

    pairs: list[tuple[float, int, int]] = []
    index = {id(g): i for i, g in enumerate(groups)}
    # Near-duplicates: the same text told again; its acts are its original's.
    for document, original in near_duplicate_of.items():
        if not original or document not in of_document or original not in of_document:
            continue
        for g in of_document[document]:
            best, score = None, 0.0
            for h in of_document[original]:
                if h.type != g.type:
                    continue
                s = max((similarity(a.words, b.words) for a in g.mentions for b in h.mentions), default=0.0)
                if s >= DUPLICATE_SIMILARITY and s > score:
                    best, score = h, s
            if best is not None:
                pairs.append((score + 1.0, index[id(g)], index[id(best)]))  # before any other link
    # Other reports: compared only within a block.
    blocks: dict[tuple, list[tuple[Group, Mention]]] = defaultdict(list)
    for g in groups:
        for m in g.mentions:
            for key in _block_keys(m):
                blocks[key].append((g, m))
    for key, members in blocks.items():
        dated = key[-1] == "dated"
        threshold = DATED_SIMILARITY if dated else UNDATED_SIMILARITY
        for i, (g, a) in enumerate(members):
            for h, b in members[i + 1:]:
                if g is h or g.documents & h.documents:
                    continue
                s = similarity(a.words, b.words)
                if s < threshold and not (dated and _same_people_and_place(a, b)):
                    continue
                pairs.append((max(s, threshold), index[id(g)], index[id(h)]))
    # Whole accounts of reports published the same month, or of acts dated the same year.
    weight = _rarity(groups)
    accounts: dict[tuple, list[Group]] = defaultdict(list)
    for g in groups:
        first = g.mentions[0]
        if first.published:
            accounts[(g.type, g.country, g.admin1, first.published[:7])].append(g)
        # An act retold years later, as background in a later report ("In 2013, Kim executed
        # his uncle"): the accounts of one type and year of the act are compared too.
        if not g.aggregate:
            for year in sorted({m.start[:4] for m in g.mentions if m.start}):
                accounts[(g.type, "act year", year)].append(g)
    for members in accounts.values():
        words = [frozenset().union(*(m.words for m in g.mentions)) for g in members]
        for i, g in enumerate(members):
            for j in range(i + 1, len(members)):
                h = members[j]
                if g.documents & h.documents:
                    continue
                s = _weighted(words[i], words[j], weight)
                if s >= ACCOUNT_SIMILARITY:
                    pairs.append((s, index[id(g)], index[id(h)]))
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        g, h = groups[i].root(), groups[j].root()
        if g is h or g.documents & h.documents or not g.accepts(h) or not h.accepts(g):
            continue
        g.absorb(h)
    return [sorted(g.mentions, key=lambda m: (m.document, m.order)) for g in groups if g.parent is None]


def _rarity(groups: list[Group]) -> dict[str, float]:
    """Each content word's weight: log of (mentions / mentions holding it)."""
    df: dict[str, int] = defaultdict(int)
    n = 0
    for g in groups:
        for m in g.mentions:
            n += 1
            for w in m.words:
                df[w] += 1
    return {w: math.log((n + 1) / d) for w, d in df.items()}


def _weighted(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float]) -> float:
    shared = a & b
    if len(shared) < MIN_SHARED_WORDS:
        return 0.0
    smaller = min(sum(weight.get(w, 0.0) for w in a), sum(weight.get(w, 0.0) for w in b))
    return sum(weight.get(w, 0.0) for w in shared) / smaller if smaller else 0.0


def _block_keys(m: Mention) -> list[tuple]:
    """A mention's blocks: type, country, province and month of the act (or, undated, of
    the report's publication). A month-precision act spans one month; a longer span
    (a season, a year) is too vague to link across reports on its own."""
    if m.start and m.end and m.date_precision in ("day", "month"):
        return [(m.type, m.country, m.admin1, m.start[:7], "dated")]
    if m.published and m.date_precision == "unknown":
        return [(m.type, m.country, m.admin1, m.published[:7], "undated")]
    return []


def _same_people_and_place(a: Mention, b: Mention) -> bool:
    """The same stated number of people, in the same named place: the same act told twice."""
    return bool(a.people and b.people and a.people[0] == b.people[0] and a.place and b.place
                and a.place.casefold() == b.place.casefold())
