"""Abbreviations that end in a full stop inside a sentence, beyond those spaCy's
English tokenizer already knows ("U.S.", "Oct."): after one of them the sentence
goes on ("Camp No. 25", "approx. $160", "Lt. Gen. Kim").

A sentence split after one of these words, or a split before a piece that opens in
lower case or with a digit or currency sign, is undone (``pipeline.sentences``).
"""

from __future__ import annotations

ABBREVIATIONS: frozenset[str] = frozenset({
    "no", "nos", "approx", "est", "ca", "vs", "cf", "incl", "fig", "vol", "pp",
    "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "brig",
    "gov", "sen", "rep", "reps", "rev", "fr", "dr", "prof", "st", "mt", "ft",
    "amb", "hon", "pres", "sec", "dept", "univ", "assn", "corp", "co", "ltd", "inc",
})
