"""The learned place layer: where an event happened, chosen among candidates.

Candidates are what an analyst weighs: the rules' own choice, each place the
sentence names (with its role: at, from, to), places named in the sentences just
before, the report's inside source's province, the report's most named North
Korean province and foreign country, and North Korea as a whole. One logistic
regression scores each candidate (is it the event's country and province?); the
best one wins.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from countersight.learn.features import LayerIndex, fold_other, words
from countersight.model import Event, Location
from countersight.pipeline.doc import Doc
from countersight.pipeline.extract import location_of, sentence_details
from countersight.vocab import gazetteer

BACK = 3  # sentences before the event's that may name its place
LABEL = "right"


@dataclass
class Candidate:
    location: Location
    kinds: set[str]

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.location.country, self.location.admin1)


def _province(admin1: str) -> Location:
    province = gazetteer.provinces().get(admin1)
    return Location("KP", admin1, None, "province", lat=province.lat if province else None,
                    lon=province.lon if province else None)


class PlaceContext:
    """The places of a report, read once: by sentence (filling the places layer of a
    sentence the rulers skipped, once), and the report's most named province and
    foreign country."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_sentence: dict[int, list] = {}
        for span in doc.spans["places"]:
            self.by_sentence.setdefault(span.sentence, []).append(span)
        counts_kp: Counter[str] = Counter()
        counts_foreign: Counter[str] = Counter()
        for span in doc.spans["places"]:
            hit = span.data
            if hit.country == "KP" and hit.place is not None and hit.place.admin1:
                counts_kp[hit.place.admin1] += 1
            elif hit.country != "KP":
                counts_foreign[hit.country] += 1
        self.report_kp = _province(counts_kp.most_common(1)[0][0]) if counts_kp else None
        self.report_foreign = (Location(counts_foreign.most_common(1)[0][0], None, None, "country")
                               if counts_foreign else None)

    def places(self, sentence: int) -> list:
        if sentence not in self.doc.detailed:
            known = len(self.doc.spans["places"])
            sentence_details(self.doc, sentence)
            for span in self.doc.spans["places"][known:]:
                self.by_sentence.setdefault(span.sentence, []).append(span)
        return self.by_sentence.get(sentence, [])


def candidates(doc: Doc, index: LayerIndex, i: int, event: Event, context: PlaceContext | None = None) -> list[Candidate]:
    context = context or PlaceContext(doc)
    found: dict[tuple[str, str | None], Candidate] = {}

    def add(location: Location | None, kind: str) -> None:
        if location is None:
            return
        key = (location.country, location.admin1)
        if key in found:
            found[key].kinds.add(kind)
        else:
            found[key] = Candidate(location, {kind})

    add(event.location, "rule")
    for back in range(0, BACK + 1):
        j = i - back
        if j < 0:
            break
        for span in context.places(j):
            add(location_of(span.data), f"{'here' if back == 0 else 'before'}:{span.label}")
    if doc.source and doc.source.admin1:
        add(_province(doc.source.admin1), "source")
    add(context.report_kp, "report_kp")
    add(context.report_foreign, "report_foreign")
    add(Location("KP", None, None, "country"), "kp_country")
    return list(found.values())


def candidate_features(index: LayerIndex, i: int, event: Event, candidate: Candidate) -> list[str]:
    country = candidate.location.country
    where = "KP" if country == "KP" else "abroad"
    level = "province" if candidate.location.admin1 else "country"
    f = ["bias", f"country:{where}", f"level:{where}:{level}", f"type:{event.type}|{where}:{level}"]
    for kind in sorted(candidate.kinds):
        f += [f"kind:{kind}", f"kind:{kind}|{level}", f"kind:{kind}|type:{event.type}", f"kind:{kind}|{where}"]
    f.append(f"kinds:{len(candidate.kinds)}")
    if "rule" not in candidate.kinds:
        f.append("not_rule")
    # Whose act and against whom say where: overseas workers defect where they are posted,
    # China's police arrest in China.
    f += [f"target:{fold_other(t)}|{where}" for t in event.targets]
    f += [f"perpetrator:{fold_other(p)}|{where}" for p in event.perpetrators]
    stems = words(index.doc.sentence_text(index.doc.sentences[i]))
    f += [f"{where}:{level}|w:{w}" for w in stems]
    return f


def choose_location(model, doc: Doc, index: LayerIndex, i: int, event: Event,
                    context: PlaceContext | None = None) -> Location | None:
    options = candidates(doc, index, i, event, context)
    if len(options) <= 1:
        return event.location
    scored = [(model.probabilities(candidate_features(index, i, event, c))[LABEL], n, c)
              for n, c in enumerate(options)]
    best = max(scored, key=lambda t: (t[0], -t[1]))
    return best[2].location
