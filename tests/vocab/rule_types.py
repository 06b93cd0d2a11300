"""What the rule layer makes of one sentence: the helper the trigger-sentence tests share."""

from countersight.pipeline.extract import _find_triggers
from countersight.pipeline.matchers import fold, vocabulary


def types_of(sentence: str) -> set[str]:
    """The event types the rules find in one sentence (as ``_rule_sentence`` does, without measures)."""
    v = vocabulary()
    text = fold(sentence)
    if v.non_assertive.search(text):
        return set()
    groups = v.find_groups(text)
    has_actor = bool(
        v.find_agencies(text) or groups
        or (v.agent_anaphors and v.agent_anaphors.search(text)) or v.subject_anaphor.search(text)
    )
    return {t.type for t in _find_triggers(text, groups, has_actor)}
