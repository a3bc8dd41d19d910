"""Name syllables OCR ran together are apart again, nationalities read with a letter
lost or a speck after them take their spelling (indgen dev seeds 73-87, birth)."""

import pytest

from schemas.normalize import name, nationality


@pytest.mark.parametrize(("read", "printed"), [
    ("NGUYỄNANHLỘC", "NGUYỄN ANH LỘC"), ("PHẠM PHƯƠNGHÀ", "PHẠM PHƯƠNG HÀ"),
    ("NGUYỄN THỊĐIỆP", "NGUYỄN THỊ ĐIỆP"), ("HỒ TUYẾTDUYÊN", "HỒ TUYẾT DUYÊN"),
    ("Nguyễn VănAn", "Nguyễn Văn An"),
])
def test_name_syllables_run_together_are_apart_again(read, printed):
    assert name(read)[0] == printed


@pytest.mark.parametrize("value", ["NGUYỄN VĂN THOAN", "KSOR H'BLIN", "TRẦN THỊ HOÀNG",
                                   "NGUYỄN KHÁNH XUNO"])
def test_a_syllable_or_an_unknown_word_is_not_split(value):
    assert name(value)[0] == value


@pytest.mark.parametrize(("read", "printed"), [
    ("Việ Nam", "Việt Nam"), ("Việt Nam pm", "Việt Nam"), ("ViệtNam", "Việt Nam"),
    ("Trung Quốc a", "Trung Quốc"), ("Lào", "Lào"),
])
def test_a_nationality_with_a_letter_lost_or_a_speck_after_it(read, printed):
    assert nationality(read)[0] == printed


def test_a_word_after_a_nationality_that_is_no_speck_is_kept():
    assert nationality("Việt Nam Lào")[0] == "Việt Nam Lào"


@pytest.mark.parametrize(("read", "printed", "specks"), [
    ("CHU THỊ HÀ ò", "CHU THỊ HÀ", "ò"), ("VÕ THANH HỒNG NGỌC . ò ca", "VÕ THANH HỒNG NGỌC", "ò ca"),
])
def test_small_specks_read_after_a_name_in_capitals_are_dropped_and_said(read, printed, specks):
    """indgen dev seed 87 (a 1-bit scan): the scan edge's specks read "ò", "ò ca" after
    three names of the page."""
    value, problems = name(read)
    assert value == printed
    assert problems == [f"specks read after the name: {specks!r}"]


@pytest.mark.parametrize(("read", "printed"), [
    ("NGUYỄN VĂN an", "NGUYỄN VĂN AN"), ("NGUYỄN THỊ NHƯ ý", "NGUYỄN THỊ NHƯ Ý"),
])
def test_a_name_syllable_read_small_after_capitals_is_the_names(read, printed):
    assert name(read) == (printed, [])
