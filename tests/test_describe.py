"""Words for people: places by their names, whatever the country."""

from countersight.describe import place
from countersight.model import Location


def test_a_country_alone_reads_as_its_name():
    names = [place(Location(c, None, None, "country")) for c in ("KP", "KR", "CN", "RU", "KW", "IS", "ZZ")]
    assert names == ["North Korea", "South Korea", "China", "Russia", "Kuwait", "Iceland", "ZZ"]
    assert place(None) == "—"
