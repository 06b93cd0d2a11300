"""Words around place names: the kind a name says it is, "the South" / "the
North" as the two Koreas, and the small words that say where an act goes.

The place names themselves are the gazetteer's (``vocab.gazetteer``). These
lists are data only: ``pipeline.places`` and ``pipeline.extract`` join them,
as written and in this order, into their regular expressions.
"""

from __future__ import annotations

# Words closing a place name that say its kind ("North Hamgyong Province", "Rason
# Special Economic Zone"): a name the gazetteer does not know with one of them is
# looked up without it. Matched case-insensitively at the end of the name.
PLACE_SUFFIXES: tuple[str, ...] = (
    "Province", "City", "County", "District", "Special City", "Special Economic Zone", "Region",
)

# Prepositions before "the South" / "the North" when they stand for the two Koreas
# ("fled to the South", "people in the North"); "the North" after other words is
# too often a direction or a region.
KOREAS_PREPOSITIONS: tuple[str, ...] = ("in", "to", "into", "from", "across", "of")

# Words after "South" / "North" that make it part of a name ("the North Hamgyong
# border", "the South Korean government"), not one of the two Koreas.
NORTH_SOUTH_NAMES: tuple[str, ...] = (
    "Korea", "Hamgyong", "Pyongan", "Hwanghae", "Chungcheong", "Gyeongsang", "Jeolla",
)

# Words right before a place (an optional "the" between) that make it where an act
# goes, not where it happens ("sent to Hyesan", "moved towards the border").
# Regular-expression fragments ("towards?"), matched case-insensitively from a word start.
DESTINATION_WORDS: tuple[str, ...] = ("to", "into", "towards?", "for", "via", "through")
