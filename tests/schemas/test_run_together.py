"""Syllables OCR ran together in a sentence field are apart again (indgen dev seeds
67, 70: a purpose read "mua bánnhàở", "vay vốnngânhàng"; a status "kết hônvớiai")."""

from schemas.normalize import sentence


def test_syllables_run_together_in_a_sentence_are_apart_again():
    assert sentence("Bổ sung hồ sơ vay vốnngânhàng")[0] == "Bổ sung hồ sơ vay vốn ngân hàng"
    assert sentence("Làm thủ tục mua bánnhàở")[0] == "Làm thủ tục mua bán nhà ở"
    assert sentence("Chưa đăng ký kết hônvớiai.")[0] == "Chưa đăng ký kết hôn với ai."


def test_names_codes_and_foreign_words_are_not_split():
    for value in ("Bản án số 134/HNGĐ-ST ngày 24/07/2008",
                  "Làm hồ sơ xin visa online", "Làm thủ tục chuyển nhượng quyền sử dụng đất"):
        assert sentence(value)[0] == value


def test_a_spouse_named_run_together_is_split_by_the_name_rules_not_the_sentence_rules():
    # The spouse a status names in capitals takes the name rules, which split name
    # syllables run together (PHƯƠNGHÀ); a sentence's syllable splitting never sees it.
    assert sentence("Đang có vợ là bà HOÀNGMAIVÂN.")[0] == "Đang có vợ là bà HOÀNG MAI VÂN."
