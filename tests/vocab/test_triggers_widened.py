"""The trigger tables themselves: no type repeated in a table, every pattern compiling
alone, hostile sentences staying fast. What the tables find in written sentences is
tested in ``test_trigger_sentences.py``."""

import ast
import re
import time
from pathlib import Path

import pytest

from countersight.vocab import triggers
from tests.vocab.rule_types import types_of


def test_trigger_tables_have_no_repeated_type():
    """A repeated key in a dict literal silently drops the first entry."""
    tree = ast.parse(Path(triggers.__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys]
            assert len(keys) == len(set(keys)), node.target.id


def test_every_pattern_compiles_alone():
    for table in (triggers.STRONG, triggers.WEAK, triggers.BLOCKERS):
        for etype, patterns in table.items():
            for p in patterns:
                re.compile(p, re.IGNORECASE)


@pytest.mark.parametrize(
    "hostile",
    [
        "word " * 600,
        "the " * 300 + "border " * 300,
        "crossed " + "the river and " * 200,
        "relatives " + "were sent " * 300,
        "demanded " + "money and cash " * 200,
    ],
)
def test_hostile_sentences_stay_fast(hostile):
    start = time.perf_counter()
    types_of(hostile[:3000])
    assert time.perf_counter() - start < 0.5
