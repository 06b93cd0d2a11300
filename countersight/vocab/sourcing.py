"""How reports name their own inside sources ("a source in North Hamgyong
Province told Daily NK on Friday", "according to ASIAPRESS's reporting partner
in the city").

``SOURCE_PATTERNS`` capture the source's place in the group ``place`` (looked up
in the gazetteer) or, for "the city" / "the province", in ``anaphor`` (resolved
to the last place the report named before). ``ATTRIBUTION`` marks the sentences
that attribute something to a source; a match there is preferred.
"""

from __future__ import annotations

_PLACE = r"(?P<place>(?:[A-Z][\w'’ŏŭŎŬ-]+)(?:[ -](?:[A-Z][\w'’ŏŭŎŬ-]+|do|si|gun|dong)){0,3})"
_ANAPHOR = r"(?P<anaphor>the (?:city|province|county|region|area|town|district))\b"
_WHO = r"(?:sources?|informants?|residents?|locals?|insiders?|reporting partners?|partners?|contacts?|correspondents?|stringers?)"

SOURCE_PATTERNS: tuple[str, ...] = (
    rf"\b(?:(?i:an?|one|another|our|two|three|several|the|its)|ASIAPRESS's|ASIAPRESS'|RFA's|Daily NK's) (?:[\w-]+ ){{0,3}}?{_WHO}(?: (?:based|living|residing|located|who lives|who works))? (?:in|from|of|at|inside) (?:the )?(?:{_ANAPHOR}|{_PLACE})",
    rf"\b{_WHO} (?:based |living |residing )?(?:in|from|inside) (?:the )?(?:{_ANAPHOR}|{_PLACE})",
    rf"\b{_PLACE}-based (?:sources?|informants?|residents?|reporting partners?|contacts?)",
)

ATTRIBUTION = r"\b(?:told|tells|according to|said|says|reported|explained|added|spoke)\b"
