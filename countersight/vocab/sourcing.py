"""How reports name their own inside sources ("a source in North Hamgyong
Province told Daily NK on Friday").

``SOURCE_PATTERNS`` capture the source's place in the group ``place`` (then
looked up in the gazetteer) and, where given, the outlet in ``outlet``.
"""

from __future__ import annotations

_PLACE = r"(?P<place>(?:[A-Z][\w'’ŏŭŎŬ-]+)(?:[ -](?:[A-Z][\w'’ŏŭŎŬ-]+|do|si|gun|dong)){0,3})"
_OUTLET = r"(?P<outlet>Daily NK|RFA(?:'s Korean Service)?|Radio Free Asia|NK News|Asia ?Press|Rimjin-gang|Yonhap|this outlet|this paper|reporters|us)"

SOURCE_PATTERNS: tuple[str, ...] = (
    rf"\b(?:an?|one|another|the|our|two|several) (?:\w+ ){{0,3}}?(?:sources?|informants?|residents?|locals?|insiders?|reporting partners?|contacts?|traders?|officials?|defectors?)(?: (?:based|living|residing|located|who lives|who works))? (?:in|from|of|at) (?:the )?{_PLACE}(?:[^.]{{0,80}}?\btold {_OUTLET})?",
    rf"\b(?:sources?|informants?|residents?) (?:in|from) {_PLACE}",
    rf"\b{_PLACE}-based (?:source|informant|resident|reporting partner)",
)

# Words that look like a capitalised place in the patterns above but are not.
NOT_PLACES: tuple[str, ...] = ("Daily NK", "South Korea", "North Korea", "Korea", "China", "The", "A", "It")
