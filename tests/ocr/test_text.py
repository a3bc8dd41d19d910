import unicodedata

from ocr.text import clean_spaces, fold, fold_lower, nfc


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    assert decomposed != "Nguyễn Thị Hồng"
    assert nfc(decomposed) == "Nguyễn Thị Hồng"


def test_fold_strips_every_vietnamese_mark_including_d_bar():
    assert fold("Đặng Thị Ngọc Ánh") == "Dang Thi Ngoc Anh"
    assert fold_lower("ĐỖ ĐỨC HUỲNH") == "do duc huynh"
    assert fold("ễồặợ ửữự ỹ") == "eoao uuu y"


def test_fold_maps_the_icelandic_eth_lookalike():
    # vnfaker and some keyboards produce U+00D0 for Đ
    assert fold("\u00d0inh") == "Dinh"
    assert nfc("\u00d0inh") == "Đinh"


def test_fold_keeps_length_of_nfc_text():
    text = nfc("Ủy ban nhân dân xã Thanh Phong, huyện Như Xuân")
    assert len(fold(text)) == len(text)


def test_clean_spaces():
    assert clean_spaces("  Lê \u00a0 Văn\tAn  ") == "Lê Văn An"
