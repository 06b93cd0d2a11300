"""The trigger vocabulary on sentences written for these tests (none is taken from a
report): each must yield its type, or must not. Three passes wrote them, each in its own
module: the widening of all twelve types (``sentences_widened``), the second pass over
the six weakest (``sentences_weak_types``) and the precision pass (``sentences_precision``:
what may not fire, and what its blockers must leave alone, ``KEPT`` among them)."""

import pytest

from tests.vocab import sentences_precision as precision
from tests.vocab import sentences_weak_types as weak_types
from tests.vocab import sentences_widened as widened
from tests.vocab.rule_types import types_of

FIRE = [*widened.FIRES, *weak_types.FIRES, *precision.MENTIONS, *precision.KEPT]
SILENT = [*widened.NEAR_MISSES, *weak_types.NEAR_MISSES, *precision.NOT_MENTIONS]


@pytest.mark.parametrize("etype, sentence", FIRE)
def test_a_sentence_asserting_the_act_yields_its_type(etype, sentence):
    assert etype in types_of(sentence)


@pytest.mark.parametrize("etype, sentence", SILENT)
def test_a_near_miss_does_not(etype, sentence):
    assert etype not in types_of(sentence)
