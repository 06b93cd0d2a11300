"""What the learned components see: features read from a document's layers.

Features are strings (hashed by ``linear.columns``). They are the same at
training and at extraction time because both read the same layers, filled by
the same rulers: words of the sentence (cut to their first letters, a cheap
stem), the rulers' hits in the sentence and around it, and where the sentence
stands in the report. Language-neutral by construction: nothing here knows
English beyond the word pattern; the vocabulary lives in the rulers' data.
"""

from __future__ import annotations

import re

from countersight.model import Event
from countersight.pipeline.doc import Doc, Span
from countersight.pipeline.matchers import fold

WORD = re.compile(r"\w+", re.UNICODE)
STEM = 6  # letters kept of each word: "arrested", "arrests" -> "arrest"
CONTEXT = 3  # sentences back that a role may have been named in


def words(text: str) -> list[str]:
    return [w[:STEM] for w in WORD.findall(fold(text).lower())]


def _labels(spans: list[Span]) -> set[str]:
    return {s.label for s in spans}


class LayerIndex:
    """The layers of a document grouped by sentence, read once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_sentence = doc.layers_by_sentence()
        self._earlier: dict[str, list[frozenset[str]]] = {}
        self.rule_types = {i: {s.label for s in layers.get("mentions", ()) if s.source == "rules"}
                           for i, layers in self.by_sentence.items()}

    def earlier(self, layer: str, sentence: int) -> frozenset[str]:
        """Every label of ``layer`` named before ``sentence`` (built once per layer: linear)."""
        if layer not in self._earlier:
            seen: frozenset[str] = frozenset()
            table = []
            for i in range(len(self.doc.sentences)):
                table.append(seen)
                here = {v for s in self.spans(i, layer) for v in s.label.split("|")}
                if not here <= seen:
                    seen = seen | here
            self._earlier[layer] = table
        table = self._earlier[layer]
        return table[sentence] if sentence < len(table) else frozenset()

    def spans(self, sentence: int, layer: str) -> list[Span]:
        return self.by_sentence.get(sentence, {}).get(layer, [])

    def labels(self, sentence: int, layer: str) -> set[str]:
        return _labels(self.spans(sentence, layer))


def sentence_features(index: LayerIndex, i: int) -> list[str]:
    """Features of sentence ``i`` for "which event types does it assert"."""
    doc = index.doc
    sent = doc.sentences[i]
    w = words(doc.sentence_text(sent))
    features = ["bias"] + ["w:" + x for x in w] + ["b:" + a + "_" + b for a, b in zip(w, w[1:], strict=False)]
    features += ["R:" + t for t in index.rule_types.get(i, ())]
    features += ["T:" + s.label + (":strong" if s.data else "") for s in index.spans(i, "triggers")]
    features += trigger_context(doc, sent, index.spans(i, "triggers"))
    features += ["P:" + t for t in index.rule_types.get(i - 1, ())]
    features += ["N:" + t for t in index.rule_types.get(i + 1, ())]
    features += ["A:" + a for a in index.labels(i, "agencies")]
    features += ["G:" + g for g in index.labels(i, "groups")]
    features += ["M:" + m for m in index.labels(i, "measures")]
    if i == 0:
        features.append("first")
    if sent.block != (doc.sentences[i - 1].block if i else -1):
        features.append("paragraph_start")
    text = doc.sentence_text(sent)
    if '"' in fold(text):
        features.append("quoted")
    return features


def trigger_context(doc: Doc, sent, triggers: list[Span]) -> list[str]:
    """The trigger's own word and its neighbours: "defected" is an act, "defectors who"
    a description, "who had fled" background; the bag of the sentence's words cannot
    tell which word they stand beside."""
    if not triggers:
        return []
    body = doc.report.body
    out: list[str] = []
    for t in triggers:
        word = fold(body[t.start : t.end]).lower()
        left = words(body[max(sent.start, t.start - 40) : t.start])[-2:]
        right = words(body[t.end : min(sent.end, t.end + 40)])[:2]
        out.append(f"Tw:{t.label}:{word}")
        out += [f"Tl:{t.label}:{x}" for x in left] + [f"Tr:{t.label}:{x}" for x in right]
        if left:
            out.append(f"Tl1:{t.label}:{left[-1]}")
        if right:
            out.append(f"Tr1:{t.label}:{right[0]}")
    return out


def role_features(index: LayerIndex, i: int, event: Event, layer: str, labels: list[str],
                  rule_values: list[str], dominant: list[str], always: frozenset[str] = frozenset(),
                  act_words_for_all: bool = False) -> list[str]:
    """Features of one event for "which of ``labels`` fill this role" (perpetrators from
    the agencies layer, targets from the groups layer). Every feature is tied to a
    label, so that one example teaches each label's model about its own candidate.
    The sentence's words are tied only to candidates (named here or before, chosen by
    the rules, the report's own groups) and to the labels in ``always`` (those no
    ruler names: "authorities", "other"): the others cannot be chosen on words alone.
    With ``act_words_for_all`` the act's own words are tied to every label: who
    executes, sentences or shoots is told by the verb as much as by a name."""
    doc = index.doc
    sent = doc.sentences[i]
    w = words(doc.sentence_text(sent))
    in_sentence = index.spans(i, layer)
    named_here = {v for s in in_sentence for v in s.label.split("|")}
    trigger = next((s for s in index.spans(i, "triggers") if s.label == event.type), None)
    # The act's own words and the two before it: "was sentenced", "the court sentenced".
    trigger_words = ([fold(doc.report.body[trigger.start : trigger.end]).lower(),
                      *("<" + x for x in words(doc.report.body[max(sent.start, trigger.start - 30) : trigger.start])[-2:])]
                     if trigger is not None else [])
    before: dict[int, set[str]] = {}
    for back in range(1, CONTEXT + 1):
        before[back] = {v for s in index.spans(i - back, layer) for v in s.label.split("|")}
    earlier = index.earlier(layer, i)
    rule = {fold_other(v) for v in rule_values}
    # Where the act happens says whose act it is: an arrest "in Dandong" is China's police.
    countries = sorted({f"{s.label}:{s.data.country}" for s in index.spans(i, "places") if s.data.country})
    out: list[str] = ["type:" + event.type, "named:" + str(min(len(named_here), 3))]
    for label in labels:
        tag = label + "|"
        f = [label, tag + "type:" + event.type] + [tag + "in:" + c for c in countries]
        if label in rule:
            f += [tag + "rule", tag + "rule:" + event.type]
        if not rule:
            f.append(tag + "rule_empty")
        if label in named_here:
            f += [tag + "here", tag + "here:" + event.type]
            if trigger is not None:
                pos = [s.start for s in in_sentence if label in s.label.split("|")]
                f.append(tag + ("before" if min(pos) < trigger.start else "after"))
                if any(abs(p - trigger.start) <= 60 for p in pos):
                    f.append(tag + "near")
        elif not named_here:
            f.append(tag + "none_here")
        for back, values in before.items():
            if label in values:
                f.append(tag + f"prev{back}")
        if label in earlier:
            f.append(tag + "earlier")
        if label in dominant:
            f.append(tag + "dominant")
        if label in always or label in rule or label in named_here or label in earlier or label in dominant:
            f += [tag + "w:" + x for x in w] + [tag + "t:" + x for x in trigger_words]
        elif act_words_for_all:
            f += [tag + "t:" + x for x in trigger_words]
        out += f
    return out


def fold_other(value: str) -> str:
    """A role value as the models learn it: every ``other:...`` is one label, "other"."""
    return "other" if value.startswith("other:") else value
