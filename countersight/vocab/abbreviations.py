"""Abbreviations that end in a full stop inside a sentence, beyond those spaCy's
English tokenizer already knows ("U.S.", "Oct."): after one of them the sentence
goes on ("Camp No. 25", "approx. $160", "Lt. Gen. Kim").

A sentence split after one of these words, or a split before a piece that opens in
lower case or with a digit or currency sign, is undone (``pipeline.sentences``).
"""

from __future__ import annotations

# "No.", "Nos.", "Vol.", "pp.", "Fig." stand before a number, and a piece opening with a
# digit is glued back anyway: listed here, "he said no." would run into the next sentence.
ABBREVIATIONS: frozenset[str] = frozenset({
    "approx", "est", "ca", "vs", "cf", "incl",
    "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "brig",
    "gov", "sen", "rep", "reps", "rev", "fr", "dr", "prof", "st", "mt", "ft",
    "amb", "hon", "pres", "sec", "dept", "univ", "assn", "corp", "co", "ltd", "inc",
    # Written with a stop after every letter, and never the end of a sentence: "Camp No. 25
    # (a.k.a. Kwan-li-so No. 25)", "units (i.e. the MSS's)".
    "a.k.a", "i.e", "e.g",
})
