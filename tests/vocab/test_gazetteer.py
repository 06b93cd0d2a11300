"""Gazetteer data (vocab/data/places.tsv, countries.tsv) and its loader."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from countersight.vocab import gazetteer as gz

KP_CODES = {
    "KP-01": "Pyongyang",
    "KP-02": "South Pyongan",
    "KP-03": "North Pyongan",
    "KP-04": "Chagang",
    "KP-05": "South Hwanghae",
    "KP-06": "North Hwanghae",
    "KP-07": "Kangwon",
    "KP-08": "South Hamgyong",
    "KP-09": "North Hamgyong",
    "KP-10": "Ryanggang",
    "KP-13": "Rason",
    "KP-14": "Nampo",
    "KP-15": "Kaesong",
}

# North Korea's bounding box (generous by a few km).
LAT_MIN, LAT_MAX = 37.6, 43.1
LON_MIN, LON_MAX = 124.1, 130.8


def kp_places(*kinds: str) -> list[gz.Place]:
    return [p for p in gz.load_places() if p.country == "KP" and (not kinds or p.kind in kinds)]


def first_data_line(filename: str) -> str:
    text = resources.files("countersight.vocab").joinpath("data", filename).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


# --- file format -------------------------------------------------------------


def test_places_tsv_has_exact_header():
    assert first_data_line("places.tsv") == "name\tkind\tcountry\tadmin1\tlat\tlon\tkorean\tvariants\tnote"


def test_countries_tsv_has_exact_header():
    assert first_data_line("countries.tsv") == "iso2\tname\tvariants\tdemonyms"


def test_loads_once_and_rows_are_well_formed():
    places = gz.load_places()
    assert gz.load_places() is places  # cached
    assert len(places) > 200
    for p in places:
        assert p.kind in gz.KINDS, p
        assert len(p.country) == 2 and p.country.isupper(), p
        assert p.variants[0] == p.name, p
        if p.korean:
            assert p.korean in p.variants, p
        assert len(set(p.variants)) == len(p.variants), p
        assert (p.lat is None) == (p.lon is None), p


def test_no_duplicate_name_kind_admin1():
    keys = Counter((p.name, p.kind, p.admin1, p.country) for p in gz.load_places())
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_variant_folds_to_a_non_empty_key():
    for p in gz.load_places():
        for v in p.variants:
            assert gz.fold(v), (p.name, v)
    for c in gz.load_countries().values():
        for v in c.variants + c.demonyms:
            assert gz.fold(v), (c.iso2, v)


# --- fold ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hoeryŏng", "hoeryong"),
        ("HOERYONG", "hoeryong"),
        ("Sinŭiju", "sinuiju"),
        ("Ch’ŏngjin", "ch'ongjin"),
        ("Ch‘ŏngjin", "ch'ongjin"),
        ("Chʼŏngjin", "ch'ongjin"),
        ("Hyesan–si", "hyesan-si"),
        ("  North   Hamgyong\tProvince ", "north hamgyong province"),
        ("양강도", "양강도"),
        ("혜산시", "혜산시"),
    ],
)
def test_fold(text, key):
    assert gz.fold(text) == key


# --- provinces -----------------------------------------------------------------


def test_all_thirteen_provinces_with_iso_codes():
    provs = gz.provinces()
    assert {code: p.name for code, p in provs.items()} == KP_CODES
    for code, p in provs.items():
        assert p.kind == "province" and p.country == "KP" and p.admin1 == code
        assert p.precision == "province"
        assert LAT_MIN <= p.lat <= LAT_MAX and LON_MIN <= p.lon <= LON_MAX, p


def test_province_codes_match_pycountry():
    pycountry = pytest.importorskip("pycountry")
    iso = {s.code for s in pycountry.subdivisions.get(country_code="KP")}
    assert iso == set(gz.provinces())


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("North Hamgyong", "KP-09"),
        ("North Hamgyong Province", "KP-09"),
        ("North Hamkyung", "KP-09"),
        ("Hamgyong-bukto", "KP-09"),
        ("Hamgyŏng-bukto", "KP-09"),
        ("함경북도", "KP-09"),
        ("South Hamgyong Province", "KP-08"),
        ("Ryanggang", "KP-10"),
        ("Ryanggang Province", "KP-10"),
        ("ryanggang province", "KP-10"),
        ("Yanggang", "KP-10"),
        ("Yangkang", "KP-10"),
        ("량강도", "KP-10"),
        ("양강도", "KP-10"),
        ("Chagang", "KP-04"),
        ("Jagang", "KP-04"),
        ("Jagang Province", "KP-04"),
        ("자강도", "KP-04"),
        ("North Pyongan", "KP-03"),
        ("North Pyongan Province", "KP-03"),
        ("Pyongan-bukto", "KP-03"),
        ("Phyŏngan-pukto", "KP-03"),
        ("평안북도", "KP-03"),
        ("South Pyongan", "KP-02"),
        ("South Hwanghae", "KP-05"),
        ("North Hwanghae Province", "KP-06"),
        ("Rason", "KP-13"),
        ("Nampo", "KP-14"),
        ("Kaesong", "KP-15"),
    ],
)
def test_province_spellings(spelling, code):
    provinces = [p for p in gz.lookup(spelling) if p.kind == "province"]
    assert [p.admin1 for p in provinces] == [code]


def test_special_cities_have_a_province_row_and_a_city_row():
    for name, code in [("Pyongyang", "KP-01"), ("Rason", "KP-13"), ("Nampo", "KP-14"), ("Kaesong", "KP-15")]:
        found = {(p.kind, p.admin1) for p in gz.lookup(name)}
        assert found == {("province", code), ("city", code)}, name


# --- North Korean cities, counties, districts ---------------------------------


def test_at_least_100_cities_and_counties_inside_north_korea():
    rows = kp_places("city", "county")
    assert len(rows) >= 100
    for p in rows:
        assert p.admin1 in KP_CODES, p
        assert p.lat is not None and LAT_MIN <= p.lat <= LAT_MAX, p
        assert p.lon is not None and LON_MIN <= p.lon <= LON_MAX, p
        assert p.precision == "city"


def test_every_north_korean_row_has_admin1_and_coordinates():
    for p in kp_places():
        assert p.admin1 in KP_CODES, p
        assert LAT_MIN <= p.lat <= LAT_MAX and LON_MIN <= p.lon <= LON_MAX, p
        assert p.korean, p


def test_border_provinces_are_complete():
    # cities and counties of the four border provinces (administrative divisions of the 2020s)
    expected = {
        "KP-09": {"Chongjin", "Hoeryong", "Kimchaek", "Hwadae", "Hwasong", "Kilju", "Kyongsong", "Musan",
                  "Myongchon", "Onsong", "Orang", "Puryong", "Saebyol", "Undok", "Yonsa"},
        "KP-10": {"Hyesan", "Samjiyon", "Kapsan", "Kimhyonggwon", "Kimhyongjik", "Kimjongsuk", "Paegam",
                  "Pochon", "Pungso", "Samsu", "Taehongdan", "Unhung"},
        "KP-04": {"Kanggye", "Huichon", "Manpo", "Changgang", "Chasong", "Chonchon", "Chosan", "Chunggang",
                  "Hwapyong", "Kopung", "Rangrim", "Ryongrim", "Sijung", "Songgan", "Songwon", "Tongsin",
                  "Usi", "Wiwon"},
        "KP-03": {"Sinuiju", "Chongju", "Kusong", "Changsong", "Cholsan", "Chonma", "Hyangsan", "Kujang",
                  "Kwaksan", "Nyongbyon", "Pakchon", "Pihyon", "Pyoktong", "Ryongchon", "Sakchu", "Sindo",
                  "Sonchon", "Taechon", "Taegwan", "Tongchang", "Tongrim", "Uiju", "Unjon", "Unsan", "Yomju"},
    }
    for code, names in expected.items():
        got = {p.name for p in kp_places("city", "county") if p.admin1 == code}
        assert got == names, code


@pytest.mark.parametrize(
    ("spelling", "code", "precision"),
    [
        ("Hyesan", "KP-10", "city"),
        ("Hyesan-si", "KP-10", "city"),
        ("혜산", "KP-10", "city"),
        ("혜산시", "KP-10", "city"),
        ("Hoeryŏng", "KP-09", "city"),
        ("Hoeryong", "KP-09", "city"),
        ("Hoeryung", "KP-09", "city"),
        ("Hoeryong City", "KP-09", "city"),
        ("회령", "KP-09", "city"),
        ("Sinŭiju", "KP-03", "city"),
        ("Sinuiju", "KP-03", "city"),
        ("Shinuiju", "KP-03", "city"),
        ("Onsŏng", "KP-09", "city"),
        ("Onsong", "KP-09", "city"),
        ("Musan", "KP-09", "city"),
        ("Musan County", "KP-09", "city"),
        ("Musan-gun", "KP-09", "city"),
        ("무산군", "KP-09", "city"),
        ("Kanggye", "KP-04", "city"),
        ("Manpo", "KP-04", "city"),
        ("Manp’o", "KP-04", "city"),
        ("Sakju", "KP-03", "city"),
        ("Sakju County", "KP-03", "city"),
        ("Chongjin", "KP-09", "city"),
        ("Chŏngjin", "KP-09", "city"),
        ("Ch'ŏngjin", "KP-09", "city"),
        ("Cheongjin", "KP-09", "city"),
        ("Saebyol", "KP-09", "city"),
        ("Kyongwon", "KP-09", "city"),
        ("Undok", "KP-09", "city"),
        ("Kyonghung", "KP-09", "city"),
        ("Kimchaek", "KP-09", "city"),
        ("Songjin", "KP-09", "city"),
        ("Junggang", "KP-04", "city"),
        ("Samjiyon", "KP-10", "city"),
        ("Kimjongsuk County", "KP-10", "city"),
        ("Hamhung", "KP-08", "city"),
        ("Yongbyon", "KP-03", "city"),
        ("Nammun-dong", "KP-09", "district"),
        ("Hyemyong-dong", "KP-10", "district"),
        ("Sunam District", "KP-09", "district"),
        ("Mangyongdae", "KP-01", "district"),
    ],
)
def test_resolves_to_admin1(spelling, code, precision):
    hits = gz.lookup(spelling)
    assert len(hits) == 1, (spelling, hits)
    assert hits[0].country == "KP"
    assert hits[0].admin1 == code
    assert hits[0].precision == precision


def test_former_names_are_noted():
    for current, former in [("Saebyol", "Kyongwon"), ("Undok", "Kyonghung"), ("Kimchaek", "Songjin")]:
        (place,) = gz.lookup(current)
        assert former in place.note
        assert gz.lookup(former) == (place,)


def test_coordinates_of_well_known_places():
    expected = {  # GeoNames
        ("Hoeryong", "city"): (42.44, 129.75),
        ("Hyesan", "city"): (41.40, 128.18),
        ("Sinuiju", "city"): (40.10, 124.40),
        ("Chongjin", "city"): (41.80, 129.78),
        ("Kanggye", "city"): (40.97, 126.59),
        ("Pyongyang", "city"): (39.03, 125.75),
    }
    places = {(p.name, p.kind): p for p in kp_places()}
    for key, (lat, lon) in expected.items():
        p = places[key]
        assert abs(p.lat - lat) < 0.05 and abs(p.lon - lon) < 0.05, p


# --- ambiguity -----------------------------------------------------------------


def test_ambiguous_spellings_return_every_place():
    kangwon = {(p.country, p.admin1, p.kind) for p in gz.lookup("Kangwon")}
    assert kangwon == {("KP", "KP-07", "province"), ("KR", None, "region")}
    assert {p.kind for p in gz.lookup("Jilin")} == {"city", "region"}


def test_unknown_spelling():
    assert gz.lookup("Atlantis") == ()
    assert gz.lookup("") == ()


# --- foreign places and countries ---------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "country"),
    [
        ("Dandong", "CN"),
        ("단둥", "CN"),
        ("Yanji", "CN"),
        ("Tumen", "CN"),
        ("Hunchun", "CN"),
        ("Changbai", "CN"),
        ("Ji'an", "CN"),
        ("Ji’an", "CN"),
        ("Shenyang", "CN"),
        ("Beijing", "CN"),
        ("Jilin Province", "CN"),
        ("Liaoning Province", "CN"),
        ("Yanbian", "CN"),
        ("Vladivostok", "RU"),
        ("Moscow", "RU"),
        ("Khabarovsk", "RU"),
        ("Seoul", "KR"),
        ("Kuala Lumpur", "MY"),
    ],
)
def test_foreign_places(spelling, country):
    hits = gz.lookup(spelling)
    assert hits and {p.country for p in hits} == {country}
    for p in hits:
        assert p.admin1 is None
        assert p.kind in ("city", "region")
        assert p.lat is not None and p.lon is not None


@pytest.mark.parametrize(
    ("spelling", "iso2"),
    [
        ("China", "CN"),
        ("PRC", "CN"),
        ("mainland China", "CN"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("ROK", "KR"),
        ("North Korea", "KP"),
        ("N. Korea", "KP"),
        ("DPRK", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Democratic People’s Republic of Korea", "KP"),
        ("Malaysia", "MY"),
        ("Laos", "LA"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Myanmar", "MM"),
        ("Burma", "MM"),
        ("Kuwait", "KW"),
        ("Qatar", "QA"),
        ("UAE", "AE"),
        ("Poland", "PL"),
        ("Nepal", "NP"),
        ("U.S.", "US"),
        ("United States", "US"),
        ("United Kingdom", "GB"),
        ("Equatorial Guinea", "GQ"),
        ("중국", "CN"),
    ],
)
def test_country_spellings(spelling, iso2):
    assert gz.country_spelling_index()[gz.fold(spelling)] == iso2
    assert gz.lookup_country(spelling) == iso2


def test_country_rows():
    countries = gz.load_countries()
    assert countries["CN"].name == "China"
    assert "Chinese" in countries["CN"].demonyms
    for iso2, c in countries.items():
        assert c.iso2 == iso2 and c.variants[0] == c.name


def test_country_codes_are_iso_3166_1():
    pycountry = pytest.importorskip("pycountry")
    for iso2 in gz.load_countries():
        assert pycountry.countries.get(alpha_2=iso2) is not None, iso2


def test_iso_country_list_is_pycountry_s_and_holds_every_gazetteer_country():
    pycountry = pytest.importorskip("pycountry")
    assert gz.iso_countries() == {c.alpha_2: c.name for c in pycountry.countries}
    assert set(gz.load_countries()) <= set(gz.iso_countries())
    assert {p.country for p in gz.load_places()} <= set(gz.iso_countries())


def test_demonyms_are_not_places_or_countries():
    assert gz.lookup("Chinese") == ()
    assert gz.lookup_country("Chinese") is None
    index = gz.country_spelling_index()
    for c in gz.load_countries().values():
        for d in c.demonyms:
            assert gz.fold(d) not in index, d
            assert gz.lookup(d) == (), d


def test_foreign_place_countries_are_known():
    countries = gz.load_countries()
    for p in gz.load_places():
        if p.country != "KP":
            assert p.country in countries, p
            assert p.admin1 is None, p
