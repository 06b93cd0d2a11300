"""Event mentions from sentences: the rules that read a sentence the way an analyst does.

The vocabulary (triggers, agencies, groups, measures, penalties) is data in
``countersight.vocab``; this module only says how the pieces combine:

1. a sentence holds a mention of a type when a trigger of that type matches and
   is not cancelled (blocked phrase, negation, hypothetical, part of a group
   name), EVENTS.md "Count a sentence only when ...";
2. a sentence that orders something is a ``directive`` whose perpetrator is who
   orders (named before the order word); the ordered acts are done by who is
   named after it;
3. "the agents", "they", "the ministry" stand for the agency last named, and a
   sentence without a target group keeps the report's last one;
4. places: the most specific place where the act happened, else the centre
   (country level) for nationwide orders, else the source's province.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from countersight.model import Evidence, Event, Location, Measure, Penalty
from countersight.pipeline.dates import find_dates
from countersight.pipeline.doc import LAYERS, RULES_VERSION, Doc, Sentence, Span  # noqa: F401 (RULES_VERSION: importable from here)
from countersight.pipeline.matchers import Hit, fold, vocabulary
from countersight.pipeline.places import PlaceHit, find_places, place_label
from countersight.vocab import gazetteer
from countersight.vocab.agencies import CAPITAL_METONYMS, CENTRAL, LOCATIVE_WORDS
from countersight.vocab.groups import (DEFAULT_TARGETS, GENERIC_GROUP, OFFICIALS_ACTING_AFTER, OFFICIALS_OF_THE_STATE,
                                       OFFICIALS_ORDERED_BY, OTHER_RELATIVES)
from countersight.vocab.measures import KINSHIP_CHON, MEASURE_TYPES, NUMBER_WORDS
from countersight.vocab.places import DESTINATION_WORDS
from countersight.vocab.triggers import HYPOTHETICAL_EXEMPT, ORDER_NOUNS, ORDER_REFERENCE_DETERMINERS, TREND_TYPES

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b")
_DESTINATION = re.compile(r"(?:" + "|".join(rf"\b{word}" for word in DESTINATION_WORDS) + r")\s+(?:the\s+)?$", re.IGNORECASE)
_ORIGIN = re.compile(r"\bfrom\b(?:\W+\w+){0,5}\W*$", re.IGNORECASE)
_ORDER_REFERENCE = re.compile(
    r"(?:^\W*|\b(?:" + "|".join(ORDER_REFERENCE_DETERMINERS) + r")\s+(?:[\w-]+\s+){0,3})"
    r"(?:" + "|".join(ORDER_NOUNS) + r")\b",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:" + "|".join(LOCATIVE_WORDS) + r")\s+(?:the\s+)?(?:city\s+of\s+)?$", re.IGNORECASE)
_BACK_REFERENCE_TYPES = frozenset({"arrest", "defection", "sentencing", "repatriation", "interrogation"})
TREND_WINDOW = 120
# Real sentences in reports stay under ~600 characters; this bound also keeps the
# rule matching linear on hostile input (a 10 MB line without a full stop).
MAX_SENTENCE_CHARS = 3000
# An act told without its agent takes the agency named this many sentences back at most.
PASSIVE_AGENT_REACH = 1  # characters either side of the trigger that cue words may stand in
_ACTING_OFFICIALS = re.compile(
    r"(?:" + "|".join(OFFICIALS_ORDERED_BY) + r")\s+(?:\w+\s+){0,3}officials\b"
    r"|(?:" + "|".join(OFFICIALS_OF_THE_STATE) + r")\s+officials\b"
    r"|officials\s+(?:" + "|".join(OFFICIALS_ACTING_AFTER) + r")\b",
    re.IGNORECASE,
)
_BY_AGENT = re.compile(r"^\W*(?:\w+\W+){0,3}?by\s+(?:the\s+|a\s+|local\s+)*$", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+$", re.IGNORECASE)


@dataclass
class TriggerHit:
    type: str
    start: int
    end: int
    strong: bool


@dataclass
class ReportContext:
    """What an analyst remembers while reading a report."""

    last_agencies: list[str] = field(default_factory=list)
    last_security: list[str] = field(default_factory=list)
    last_security_sentence: int = -100
    sentence: int = 0
    last_issuer: list[str] = field(default_factory=list)
    last_targets: list[str] = field(default_factory=list)
    last_targets_block: int = -1
    block: int = -1
    dominant_targets: list[str] = field(default_factory=list)
    source_seen: bool = False
    last_place: Location | None = None  # the last North Korean place an event of the report was placed at


def extract_events(doc: Doc) -> Doc:
    """The rule extractor in one call: ``rulers`` then ``assemble``."""
    return assemble_events(apply_rulers(doc))


# -- rulers: fill the layers from the vocabulary ------------------------------
def apply_rulers(doc: Doc) -> Doc:
    """Component: fill the layers (agencies, groups, triggers, measures, places,
    dates) of every sentence, and the ``mentions`` layer with the event types the
    rules find in each sentence."""
    doc.spans = {layer: [] for layer in LAYERS}
    doc.events = []
    if not doc.on_topic:
        return doc
    for index, sent in enumerate(doc.sentences):
        _rule_sentence(doc, index, sent)
    return doc


def _add(doc: Doc, layer: str, sent: Sentence, index: int, start: int, end: int, label: str, data=None,
         score: float = 1.0) -> None:
    doc.spans[layer].append(Span(sent.start + start, sent.start + end, label, index, score, "rules", data))


def _rule_sentence(doc: Doc, index: int, sent: Sentence) -> None:
    if sent.end - sent.start > MAX_SENTENCE_CHARS:
        return  # a "sentence" this long is a table, a list or garbage: no evidence quote to offer
    vocab = vocabulary()
    text = fold(doc.sentence_text(sent))
    agencies = vocab.find_agencies(text)
    groups = vocab.find_groups(text)
    source_span = _source_span(doc, sent)
    if source_span:
        # The source's own title ("a state security cadre who spoke to Daily NK") is no perpetrator.
        agencies = [a for a in agencies if not (source_span[0] <= a.start < source_span[1])]
    for a in agencies:
        _add(doc, "agencies", sent, index, a.start, a.end, a.value)
    for g in groups:
        _add(doc, "groups", sent, index, g.start, g.end, g.value)
    anaphors = bool(vocab.agent_anaphors and vocab.agent_anaphors.search(text))
    has_actor = bool(agencies or groups or anaphors or vocab.subject_anaphor.search(text))
    triggers = [] if vocab.non_assertive.search(text) else _find_triggers(text, groups, has_actor)
    for t in triggers:
        _add(doc, "triggers", sent, index, t.start, t.end, t.type, data=t.strong)
    types = _ordered_types(triggers)
    measures = _find_measures(text) if types or agencies else []
    for m in measures:
        _add(doc, "measures", sent, index, 0, len(text), m.measure, data=m)
        mtype = MEASURE_TYPES[m.measure]
        if mtype not in types and (types or agencies):
            types.append(mtype)
    for etype in types:
        strong = any(t.strong for t in triggers if t.type == etype) or any(
            MEASURE_TYPES[m.measure] == etype for m in measures)
        _add(doc, "mentions", sent, index, 0, sent.end - sent.start, etype,
             score=_confidence(strong, bool(agencies), bool(_targets(groups, agencies, text))))
    if types or agencies or groups:
        sentence_details(doc, index)


def sentence_details(doc: Doc, index: int) -> None:
    """Places and dates of one sentence, into their layers (once): the rulers fill them
    where something happens, ``assemble`` for a sentence a learned component chose."""
    if index in doc.detailed:
        return
    doc.detailed.add(index)
    sent = doc.sentences[index]
    raw = doc.sentence_text(sent)
    for hit, role in _places(raw, _source_span(doc, sent)):
        _add(doc, "places", sent, index, hit.start, hit.end, role, data=hit)
    for d in find_dates(raw, doc.report.published):
        if d.role == "act":
            _add(doc, "dates", sent, index, d.start, d.end, d.role, data=d.span)
            break


# -- assemble: layers -> events ----------------------------------------------
def assemble_events(doc: Doc) -> Doc:
    """Component: turn the layers into events, sentence by sentence, carrying what
    an analyst remembers (the agency last named, the report's groups, its scene)."""
    doc.events = []
    if not doc.on_topic:
        return doc
    by_sentence = doc.layers_by_sentence()
    ctx = ReportContext(dominant_targets=_dominant_targets(doc, by_sentence))
    doc.dominant = ctx.dominant_targets
    for index, sent in enumerate(doc.sentences):
        ctx.block = sent.block
        ctx.sentence = index
        layers = by_sentence.get(index, {})
        if layers.get("mentions") and index not in doc.detailed:
            sentence_details(doc, index)
            layers = doc.sentence_layers(index)
        doc.events.extend(_sentence_events(doc, sent, ctx, layers))
    return doc


def _hits(sent: Sentence, spans: list[Span] | None) -> list[Hit]:
    return [Hit(s.start - sent.start, s.end - sent.start, s.label) for s in spans or ()]


def _dominant_targets(doc: Doc, by_sentence: dict[int, dict[str, list[Span]]]) -> list[str]:
    """The group the report is mostly about: named in the most sentences
    (the catch-all ``residents`` only when nothing else is named)."""
    counts: dict[str, int] = {}
    for index, sent in enumerate(doc.sentences):
        layers = by_sentence.get(index)
        if not layers or not layers.get("groups"):
            continue
        text = fold(doc.sentence_text(sent))
        ids = _targets(_hits(sent, layers.get("groups")), _hits(sent, layers.get("agencies")), text)
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
    if not counts:
        return []
    # "officials" are as often the ones acting as the ones targeted: never the default.
    counts.pop("officials", None)
    if not counts:
        return []
    specific = {k: v for k, v in counts.items() if k != GENERIC_GROUP} or counts
    best = max(specific.values())
    # Groups named together nearly as often share the role ("diplomats and workers abroad").
    return [k for k, v in specific.items() if v * 2 >= best and v >= 2 or v == best][:2]


def _sentence_events(doc: Doc, sent: Sentence, ctx: ReportContext, layers: dict[str, list[Span]]) -> list[Event]:
    if sent.end - sent.start > MAX_SENTENCE_CHARS:
        return []
    vocab = vocabulary()
    raw = doc.sentence_text(sent)
    text = fold(raw)
    agencies = _hits(sent, layers.get("agencies"))
    groups = _hits(sent, layers.get("groups"))
    if _source_span(doc, sent):
        ctx.source_seen = True
    anaphors = list(vocab.agent_anaphors.finditer(text)) if vocab.agent_anaphors else []
    subject_anaphor = bool(vocab.subject_anaphor.search(text))
    triggers = [TriggerHit(s.label, s.start - sent.start, s.end - sent.start, bool(s.data))
                for s in layers.get("triggers", ())]
    mention_spans = layers.get("mentions", [])
    types = [s.label for s in mention_spans]
    measures = [s.data for s in layers.get("measures", ())]

    events: list[Event] = []
    if types:
        directive_hits = sorted(t.start for t in triggers if t.type == "directive")
        issuers, explicit_issuer = _issuers(text, agencies, directive_hits, ctx) if "directive" in types else ([], False)
        explicit_targets = _targets(groups, agencies, text)
        places = [(s.data, s.label) for s in layers.get("places", ())]
        act_date = next((s.data for s in layers.get("dates", ())), None)
        central_order = bool(issuers) and any(i in CENTRAL for i in issuers)
        for span in mention_spans:
            etype = span.label
            trigger = min((t for t in triggers if t.type == etype), key=lambda t: t.start, default=None)
            at = trigger.start if trigger else None
            if etype == "directive":
                perps = issuers
            elif etype == "defection":
                perps = []
            else:
                perps = _perpetrators(text, trigger, agencies, anaphors, subject_anaphor, directive_hits, issuers, ctx)
            targets = _event_targets(etype, explicit_targets, ctx, _targets(_near(groups, at), agencies, text))
            location = _location(doc, sent, etype, places, central_order, ctx)
            event_measures = [m for m in measures if MEASURE_TYPES[m.measure] == etype]
            event = Event(
                document=doc.document,
                type=etype,
                evidence=Evidence(raw, sent.start, sent.end),
                trend=_trend(text, at, etype, event_measures),
                perpetrators=perps,
                targets=targets,
                location=location,
                date=act_date,
                measures=event_measures,
                penalty=_penalty(text) if etype == "sentencing" else None,
                confidence=span.score,
                extractor=doc.extractor,
            )
            event.id = event_id(event)
            events.append(event)
        if explicit_issuer:
            ctx.last_issuer = issuers

    _remember(ctx, agencies, groups, agencies_targets=_targets(groups, agencies, text))
    return events


# -- triggers ---------------------------------------------------------------
def _find_triggers(text: str, groups: list[Hit], has_actor: bool) -> list[TriggerHit]:
    vocab = vocabulary()
    found: list[TriggerHit] = []
    for etype, rx in vocab.strong.items():
        found += [TriggerHit(etype, m.start(), m.end(), True) for m in rx.finditer(text)]
    if has_actor:
        for etype, rx in vocab.weak.items():
            found += [TriggerHit(etype, m.start(), m.end(), False) for m in rx.finditer(text)]
    if not found:
        return []
    # Only the blockers of the types found (and the general ones) can cancel anything.
    wanted = {t.type for t in found} | {"*"}
    blocked = {etype: [(m.start(), m.end()) for m in rx.finditer(text)]
               for etype, rx in vocab.blockers.items() if etype in wanted}

    def is_blocked(t: TriggerHit) -> bool:
        spans = blocked.get(t.type, []) + blocked.get("*", [])
        return any(s <= t.start and t.end <= e for s, e in spans)

    # Only an order that stands lifts the hypothetical check of what it orders.
    has_directive = any(t.type == "directive" and not is_blocked(t) for t in found)
    kept = []
    for t in found:
        if is_blocked(t):
            continue
        if any(g.start <= t.start and t.end <= g.end for g in groups):
            continue  # "repatriated defectors" names a group, it asserts no repatriation
        before = _clause_before(text, t.start)
        if vocab.negation.search(before) or vocab.clause_negation.search(before):
            continue
        if (
            not has_directive
            and t.type not in HYPOTHETICAL_EXEMPT
            and (vocab.hypothetical.search(before) or vocab.hypothetical_may.search(before))
        ):
            continue
        if t.type in _BACK_REFERENCE_TYPES and _POSSESSIVE_BEFORE.search(text[: t.start]):
            continue  # "his arrest" points back to an arrest already told
        if (
            t.type in _BACK_REFERENCE_TYPES
            and text[t.start : t.end].lower().endswith(("s", "ion"))
            and vocab.back_reference.search(text[: t.start])
        ):
            continue  # "The executions have shaken residents": the acts were told before
        kept.append(t)
    # Punishing relatives is collective punishment, not a sentence of its own:
    # a sentencing word inside a kin-punishment phrase yields to it.
    kin = [t for t in kept if t.type == "collective_punishment"]
    kept = [t for t in kept if not (t.type == "sentencing" and any(k.start <= t.start and t.end <= k.end for k in kin))]
    return kept


def _clause_before(text: str, position: int) -> str:
    head = text[:position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _ordered_types(triggers: list[TriggerHit]) -> list[str]:
    seen: list[str] = []
    for t in sorted(triggers, key=lambda t: t.start):
        if t.type not in seen:
            seen.append(t.type)
    # directive first: it frames the rest of the sentence
    return sorted(seen, key=lambda t: t != "directive")


# -- perpetrators -------------------------------------------------------------
def _issuers(text: str, agencies: list[Hit], directive_hits: list[int], ctx: ReportContext) -> tuple[list[str], bool]:
    """Who orders: the agency nearest before an order word; else whoever issued
    "the orders" the sentence points back to; else the authorities. The flag
    says whether the sentence itself named the issuer."""
    for at in reversed(directive_hits):
        before = [a for a in agencies if a.end <= at + 1]
        if before:
            return [before[-1].value], True
    anaphors = vocabulary().agent_anaphors
    if directive_hits and anaphors and ctx.last_security and any(m.end() <= directive_hits[0] + 1 for m in anaphors.finditer(text)):
        return list(ctx.last_security), False  # "the trio ... giving instructions"
    if directive_hits and (_ORDER_REFERENCE.search(text) or vocabulary().subject_anaphor.search(text)) and ctx.last_issuer:
        return list(ctx.last_issuer), False
    return ["authorities"], False


def _perpetrators(
    text: str,
    trigger: TriggerHit | None,
    agencies: list[Hit],
    anaphors: list[re.Match],
    subject_anaphor: bool,
    directive_hits: list[int],
    issuers: list[str],
    ctx: ReportContext,
) -> list[str]:
    """Who carries out the act of ``trigger``."""
    if trigger is None:  # a type added for a quantity: the sentence's actors
        return _specific(_unique(a.value for a in agencies)) or _resolve_anaphora(anaphors, subject_anaphor, ctx)
    at, end = trigger.start, trigger.end
    passive = [a.value for a in agencies if a.start >= end and _BY_AGENT.search(text[end : a.start])]
    if passive:
        return _specific(_unique(passive))  # "caught by Chinese security forces"
    orders_before = [d for d in directive_hits if d < at]
    if directive_hits and not orders_before:
        # "despite Pyongyang's sealing of the border, the authorities ordered ...": the act
        # told before the order is the issuer's own.
        return issuers or _specific(_unique(a.value for a in agencies if a.start < end))
    if orders_before:
        pivot = orders_before[-1]
        ordered = _specific(_unique(a.value for a in agencies if pivot < a.start < end))
        if ordered:
            return ordered
        if any(pivot < m.start() < end for m in anaphors) and (ctx.last_security or ctx.last_agencies):
            return list(ctx.last_security or ctx.last_agencies)
        return issuers
    before = _specific(_unique(a.value for a in agencies if a.start < end))
    if before:
        return before
    after = _specific(_unique(a.value for a in agencies if a.start >= end))
    if after:
        return after
    return _resolve_anaphora(anaphors, subject_anaphor, ctx)


def _specific(ids: list[str]) -> list[str]:
    """``authorities`` stands for the state only when no agency is named."""
    named = [i for i in ids if i != "authorities"]
    return named or ids


def _resolve_anaphora(anaphors: list[re.Match], subject_anaphor: bool, ctx: ReportContext) -> list[str]:
    if anaphors:
        return list(ctx.last_security or ctx.last_agencies)
    if subject_anaphor:
        return list(ctx.last_agencies)
    if ctx.last_security and ctx.sentence - ctx.last_security_sentence <= PASSIVE_AGENT_REACH:
        # "Two brokers were arrested" right after the agents were named: the same agents
        return list(ctx.last_security)
    return []


# -- targets ----------------------------------------------------------------
def _targets(groups: list[Hit], agencies: list[Hit], text: str = "") -> list[str]:
    ids: list[str] = []
    for g in groups:
        if any(a.start <= g.start and g.end <= a.end for a in agencies):
            continue
        if g.value == "officials" and text and (
            _ACTING_OFFICIALS.search(text[max(0, g.start - 40) : g.end + 12])
            or any(0 <= g.start - a.end <= 2 for a in agencies)  # "Ministry of State Security officials"
        ):
            continue  # "instructed officials to ...", "officials said": they act, they are not targeted
        ids.extend(g.value.split("|"))
    ids = _unique(ids)
    if len(ids) > 1 and GENERIC_GROUP in ids:
        ids.remove(GENERIC_GROUP)
    return ids


def _event_targets(etype: str, explicit: list[str], ctx: ReportContext, near: list[str]) -> list[str]:
    """Groups the sentence names; for flights and border measures only those
    named next to the trigger, else the type's default; otherwise the report's
    last named groups."""
    if etype in DEFAULT_TARGETS:
        named = [t for t in near if t != GENERIC_GROUP or etype != "defection"]
        return named or list(DEFAULT_TARGETS[etype])
    if etype == "collective_punishment" and "defector_families" not in explicit:
        # kin punished for a defector, or for someone who is not one (EVENTS.md conventions)
        about_defectors = {"defectors", "defector_families"} & set(ctx.dominant_targets + ctx.last_targets)
        return ["defector_families"] if about_defectors else [OTHER_RELATIVES]
    if explicit:
        return explicit
    if ctx.last_targets and ctx.last_targets_block == ctx.block:
        return list(ctx.last_targets)  # the paragraph's own subject
    return list(ctx.dominant_targets or ctx.last_targets)


def _near(hits: list[Hit], at: int | None, window: int = 60) -> list[Hit]:
    if at is None:
        return hits
    return [h for h in hits if at - window <= h.start <= at + window]


def _remember(ctx: ReportContext, agencies: list[Hit], groups: list[Hit], agencies_targets: list[str]) -> None:
    if agencies:
        ctx.last_agencies = [agencies[-1].value]
        security = [a.value for a in agencies if a.value not in CENTRAL]
        if security:
            ctx.last_security = _unique(security)
            ctx.last_security_sentence = ctx.sentence
    if agencies_targets:
        ctx.last_targets = agencies_targets
        ctx.last_targets_block = ctx.block


# -- places -----------------------------------------------------------------
def _places(raw: str, source_span: tuple[int, int] | None) -> list[tuple[PlaceHit, str]]:
    """Places where something happens, each with its role: "at", "from" or "to"."""
    out = []
    for hit in find_places(raw):
        if source_span and source_span[0] <= hit.start < source_span[1]:
            continue
        head = raw[: hit.start]
        if hit.surface in CAPITAL_METONYMS and not _LOCATIVE_BEFORE.search(head):
            continue  # "brokers who criticize Pyongyang": the government, not the city
        if _DESTINATION.search(head):
            role = "to"
        elif _ORIGIN.search(head):
            role = "from"
        else:
            role = "at"
        out.append((hit, role))
    return out


def _location(
    doc: Doc,
    sent: Sentence,
    etype: str,
    places: list[tuple[PlaceHit, str]],
    central_order: bool,
    ctx: ReportContext,
) -> Location | None:
    """Where the act happened (EVENTS.md "Places"): a place the sentence names;
    else the country for a nationwide order and for the report's opening claim;
    else the province the report's source speaks from."""
    if etype == "directive" and central_order:
        return Location("KP", None, None, "country")
    roles = {"at", "from"} if etype == "defection" else {"at"}
    located = _most_specific([h for h, role in places if role in roles])
    if located:
        if located.country == "KP" and located.admin1:
            ctx.last_place = located
        return located
    lede = bool(doc.sentences) and sent is doc.sentences[0] and not ctx.source_seen
    source = doc.source
    if central_order or lede:
        return Location("KP", None, None, "country")
    if ctx.last_place is not None and (not (source and source.admin1) or ctx.last_place.admin1 == source.admin1):
        # the report's own scene ("in Chongjin ...", then "two brokers were arrested")
        return Location(**ctx.last_place.__dict__)
    if not (source and source.admin1):
        return Location("KP", None, None, "country")
    if source.place:
        for place in gazetteer.lookup(source.place):
            if place.admin1 == source.admin1 and place.kind != "province":
                return Location("KP", source.admin1, source.place, place.precision, lat=place.lat, lon=place.lon)
    province = gazetteer.provinces().get(source.admin1)
    return Location(
        "KP", source.admin1, None, "province",
        lat=province.lat if province else None, lon=province.lon if province else None,
    )


def location_of(hit: PlaceHit) -> Location | None:
    """The location one place name stands for (a province, a city, a country)."""
    return _most_specific([hit])


def _most_specific(hits: list[PlaceHit]) -> Location | None:
    nk = [h for h in hits if h.place is not None and h.country == "KP"]
    if nk:
        rank = {"dong": 0, "district": 0, "city": 1, "county": 1, "province": 2}
        nk.sort(key=lambda h: rank.get(h.place.kind, 3))
        best = nk[0]
        same_level = [h for h in nk if rank.get(h.place.kind) == rank.get(best.place.kind)]
        names = {h.place.name for h in same_level}
        if len(names) > 1 and best.place.kind not in ("dong", "district"):
            admin1s = {h.place.admin1 for h in same_level}
            if len(admin1s) == 1:
                province = gazetteer.provinces().get(best.place.admin1)
                return Location("KP", best.place.admin1, None, "province",
                                lat=province.lat if province else None, lon=province.lon if province else None)
        if best.place.kind == "province":
            return Location("KP", best.place.admin1, None, "province", lat=best.place.lat, lon=best.place.lon)
        return Location("KP", best.place.admin1, place_label(best), best.place.precision,
                        lat=best.place.lat, lon=best.place.lon)
    foreign = [h for h in hits if h.country != "KP"]
    if foreign:
        best = next((h for h in foreign if h.place is not None), foreign[0])
        if best.place is not None:
            return Location(best.country, None, place_label(best), best.place.precision,
                            lat=best.place.lat, lon=best.place.lon)
        return Location(best.country, None, None, "country")
    if any(h.country == "KP" for h in hits):
        return Location("KP", None, None, "country")
    return None


def _source_span(doc: Doc, sent: Sentence) -> tuple[int, int] | None:
    src = doc.source
    if src and sent.start <= src.start < sent.end:
        return (src.start - sent.start, src.end - sent.start)
    return None


# -- quantities, penalties, trend ---------------------------------------------
def _number(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
    if digits:
        return int(digits.group(1))
    word = re.sub(r"\s+times$", "", word)
    return NUMBER_WORDS.get(word)


def _find_measures(text: str) -> list[Measure]:
    vocab = vocabulary()
    found: list[Measure] = []
    done: set[str] = set()
    for pattern, rx, requires in vocab.measures:
        if pattern.measure in done:
            continue
        if requires is not None and not requires.search(text):
            continue
        m = rx.search(text)
        if not m:
            continue
        groups = m.groupdict()
        if pattern.kinship:
            value = KINSHIP_CHON.get(groups["val"].lower())
        else:
            value = _number(groups["val"])
        if value is None:
            continue
        previous = _number(groups["prev"]) if groups.get("prev") else None
        qualifier = pattern.qualifier
        if qualifier is None and not pattern.kinship:
            qualifier = _qualifier(text[max(0, m.start() - 40) : m.start("val")])
        found.append(Measure(pattern.measure, value, previous, qualifier))
        if groups.get("val2"):
            value2 = _number(groups["val2"])
            if value2 is not None:
                found.append(Measure(pattern.measure, value2, None, pattern.qualifier2))
        done.add(pattern.measure)
    return found


def _qualifier(before: str) -> str | None:
    for qualifier, rx in vocabulary().qualifier_cues.items():
        if rx.search(before):
            return qualifier
    return None


def _penalty(text: str) -> Penalty:
    vocab = vocabulary()
    kind = next((k for k, rx in vocab.penalties if rx.search(text)), "other")
    months = None
    if not vocab.life_term.search(text):
        term = vocab.term.search(text)
        if term:
            n = _number(term.group("num")) if term.group("num").lower() not in ("a", "an") else 1
            if n is not None:
                months = n * 12 if term.group("unit").lower().startswith("year") else n
    return Penalty(kind, months)


def _trend(text: str, at: int | None, etype: str, measures: list[Measure]) -> str | None:
    """Stepped up or relaxed: from the quantities, else from cue words near the trigger."""
    if etype not in TREND_TYPES:
        return None
    for m in measures:
        if m.previous is not None and m.previous != m.value:
            return "increase" if m.value > m.previous else "decrease"
    window = text if at is None else text[max(0, at - TREND_WINDOW) : at + TREND_WINDOW]
    vocab = vocabulary()
    if vocab.trend_down.search(window):
        return "decrease"
    if vocab.trend_up.search(window):
        return "increase"
    return None


def _confidence(strong: bool, named_agency: bool, named_target: bool) -> float:
    score = 0.55 if strong else 0.4
    score += 0.2 if named_agency else 0.0
    score += 0.15 if named_target else 0.0
    return round(min(score, 0.95), 2)


def event_id(event: Event) -> str:
    """Stable id: the same mention re-extracted keeps its id (and its reviews)."""
    key = f"{event.document}\x1f{event.type}\x1f{event.evidence.start}\x1f{event.evidence.end}"
    return "e-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out
