import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countersight.ingest.decode import DecodeError, decode_bytes, looks_binary

KOREAN = "북한 국가보위성"
UNDECODABLE = "not valid UTF-8, UTF-16, EUC-KR or CP949"


def test_utf8():
    assert decode_bytes(KOREAN.encode("utf-8")) == (KOREAN, "utf-8")
    assert decode_bytes(b"plain ASCII report\n") == ("plain ASCII report\n", "utf-8")


def test_utf8_with_bom_strips_the_bom():
    assert decode_bytes(codecs.BOM_UTF8 + KOREAN.encode("utf-8")) == (KOREAN, "utf-8-sig")


def test_utf8_bom_but_invalid_utf8():
    with pytest.raises(DecodeError, match=r"^not valid UTF-8 although the file starts with a UTF-8 byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"abc \xff def")


@pytest.mark.parametrize(
    "bom, codec, name",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_utf16_and_utf32_with_bom(bom, codec, name):
    text = f"{KOREAN} said a source.\r\n"
    assert decode_bytes(bom + text.encode(codec)) == (text, name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec):
    english = "The Ministry of State Security ordered arrests.\n"
    assert decode_bytes(english.encode(codec)) == (english, codec)
    korean = "북한 국가보위성이 국경 지역 주민들에 대한 감시를 강화했다."
    assert decode_bytes(korean.encode(codec)) == (korean, codec)


def test_euc_kr():
    assert decode_bytes(KOREAN.encode("euc-kr")) == (KOREAN, "euc-kr")


def test_cp949_with_a_syllable_outside_euc_kr():
    text = f"{KOREAN} 똠방각하"  # 똠 exists only in CP949's extension area
    data = text.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")
    assert decode_bytes(data) == (text, "cp949")


def test_cp1252_apostrophes_are_not_mistaken_for_cp949():
    # b"Korea\x92s" is valid CP949 (it decodes to "Korea뭩"), but it is not Korean.
    text = "North Korea’s security ministry’s new orders"
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_latin1_stray_byte_does_not_crash():
    data = b"Residents of Hyesan said the caf\xe9 near the market was closed.\n"
    assert decode_bytes(data) == ("Residents of Hyesan said the café near the market was closed.\n", "cp1252")


def test_chinese_gb2312_is_not_passed_off_as_korean():
    with pytest.raises(DecodeError) as info:
        decode_bytes("朝鲜国家安全保卫部加强监视边境居民".encode("gb2312"))
    assert str(info.value) == UNDECODABLE


def test_binary_png_header():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    assert looks_binary(data) is True
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert str(info.value) == "binary file (NUL bytes)"


def test_binary_control_characters_without_nul():
    data = bytes(range(1, 9)) * 10 + b"some text"
    assert looks_binary(data) is True
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert str(info.value) == "binary file (control characters)"


def test_text_is_not_binary():
    assert looks_binary("A source said\tthat\r\nthe MSS\f...".encode()) is False
    assert looks_binary(KOREAN.encode("utf-16")) is False
    assert looks_binary(b"") is False


def test_invalid_bytes():
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"abc \xff\xfe\x80 def")
    assert str(info.value) == UNDECODABLE
    assert isinstance(info.value, ValueError)


def test_cyrillic_cp1251_is_not_turned_into_mojibake():
    with pytest.raises(DecodeError) as info:
        decode_bytes("Северная Корея усиливает надзор".encode("cp1251"))
    assert str(info.value) == UNDECODABLE


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_decode_or_raise_decode_error(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and isinstance(encoding, str)
    assert "\x00" not in text
    assert not looks_binary(data)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from("\n\t"),
        max_size=300,
    )
)
def test_any_utf8_text_round_trips(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
