"""A small l misread in marital-status values (indgen dev seeds 50-60)."""
from schemas.normalize import id_document, sentence


def test_l_read_t_in_a_sentence_is_l_again() -> None:
    value, _ = sentence("Đã đăng ký kết hôn, nhưng đã ty hôn theo Bản án số 69/HNGĐ-ST")
    assert value == "Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án số 69/HNGĐ-ST"


def test_t_words_of_known_compounds_stay() -> None:
    assert sentence("Làm thủ tục mua bán nhà ở")[0] == "Làm thủ tục mua bán nhà ở"


def test_issuer_small_l_read_capital_is_small_again() -> None:
    value, _ = id_document("Căn cước công dân số 025183372414 do Cục Cảnh sát quản Lý hành chính")
    assert value == "Căn cước công dân số 025183372414 do Cục Cảnh sát quản lý hành chính"


def test_l_read_t_before_the_spouse_is_l_again() -> None:
    """``tà ông``: ``là`` makes the status's printed wording ("có chồng là ông",
    ``ocr/data/forms.txt``), ``tà`` nothing (indgen dev seeds 83, 86)."""
    assert sentence("Đang có chồng tà ông NGUYỄN THANH BẢO.")[0] == (
        "Đang có chồng là ông NGUYỄN THANH BẢO.")
    assert sentence("Đang có vợ tà bà VŨ MAI HÒA.")[0] == "Đang có vợ là bà VŨ MAI HÒA."


def test_the_spouse_named_in_a_status_takes_the_name_rules() -> None:
    """indgen dev seed 83: ``là bà NGUYÊN MAI`` (NGUYÊN is no surname); a name in small
    letters or with an apostrophe is left as read."""
    assert sentence("Đang có vợ là bà NGUYÊN MAI.")[0] == "Đang có vợ là bà NGUYỄN MAI."
    assert sentence("Đang có chồng là ông KSOR H'BLIN.")[0] == "Đang có chồng là ông KSOR H'BLIN."
