"""Post-correction on real tesseract error pairs (from generated pages, seed 606)."""

import pytest

from ocr.correct import CORRECTED_CONFIDENCE, correct_page, correct_words
from ocr.lexicon import Lexicon, default_lexicon
from ocr.models import Box, Line, OcrPage, Word


def words(text: str, confidence: float = 0.95) -> list[Word]:
    return [Word(t, confidence, Box(40 * i, 0, 30, 20)) for i, t in enumerate(text.split())]


def corrected(text: str) -> str:
    return " ".join(w.text for w in correct_words(words(text), default_lexicon()))


@pytest.mark.parametrize("read, printed", [
    ("SỐ ĐĂNG KÝ KHAI SINH", "SỔ ĐĂNG KÝ KHAI SINH"),
    ("Quyến số: 03", "Quyển số: 03"),
    ("(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng đấu)", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"),
    ("Số định danh cá nhần: 001090012345", "Số định danh cá nhân: 001090012345"),
    ("Quyết định này có hiệu lực kế từ ngày ký.", "Quyết định này có hiệu lực kể từ ngày ký."),
    ("Căn cứ Luật Tố chức chính quyền địa phương", "Căn cứ Luật Tổ chức chính quyền địa phương"),
    ("GIẤY CHỨNG NHẬN KẾT HỒN", "GIẤY CHỨNG NHẬN KẾT HÔN"),
    ("Giấy tờ tùy thần: Căn cước công dân", "Giấy tờ tùy thân: Căn cước công dân"),
    ("Nguyên nhân chết: Suy hồ hấp", "Nguyên nhân chết: Suy hô hấp"),
    ("Bố sung hồ sơ vay vốn", "Bổ sung hồ sơ vay vốn"),  # a sentence's first word, not a name
    ("Ủng thư phổi", "Ung thư phổi"),
    ("thành lập Tổ công tác chuyến đối số cấp xã", "thành lập Tổ công tác chuyển đổi số cấp xã"),
])
def test_real_errors_are_corrected(read, printed):
    assert corrected(read) == printed


@pytest.mark.parametrize("text", [
    "chuyển đổi số cấp xã",  # valid words in no known phrase: left alone
    "huyện Tiên Lãng, tỉnh Hải Phòng",  # place names are not context for changing a word
    # names: any syllables may follow each other
    "NGUYỄN THỊ THÙY VY", "Trịnh Thùy Vy", "PHẠM BẢO YÊN", "Bố Trạch",
    "Số: 05/QĐ-UBND", "Căn cước công dân số 025188001010", "ngày 12/03/2020",
    "Ủy ban nhân dân xã Đông Hưng",
])
def test_right_text_digits_and_codes_are_left_alone(text):
    assert corrected(text) == text


def test_a_correction_keeps_the_raw_reading_and_lowers_confidence():
    page = OcrPage(600, 100, 300, lines=(Line(tuple(words("SỐ ĐĂNG KÝ", 0.96))),
                                         Line(tuple(words("`“ ⁄", 0.1)))))
    fixed = correct_page(page, default_lexicon())
    first = fixed.words[0]
    assert (first.text, first.raw) == ("SỔ", "SỐ")
    assert first.confidence == CORRECTED_CONFIDENCE
    assert fixed.words[1].raw is None and fixed.words[1].confidence == 0.96
    assert fixed.text == "SỔ ĐĂNG KÝ"  # the signature's scribble, read as quotes, is gone
    assert fixed.raw_text == "SỐ ĐĂNG KÝ\n`“ ⁄"


def test_an_unknown_word_without_candidates_is_kept_but_doubted():
    lexicon = Lexicon.build(["ba", "na"])
    [word] = correct_words(words("xoong", 0.9), lexicon)
    assert word.text == "xoong" and word.raw is None
    assert word.confidence < 0.8


def test_without_hunspell_the_phrase_lists_still_give_syllables():
    lexicon = Lexicon.build([], words=["đóng dấu"], forms=["Quyển số"])
    assert "dấu" in lexicon and "quyển" in lexicon and "tỉnh" not in lexicon
    assert [w.text for w in correct_words(words("đóng đấu"), lexicon)] == ["đóng", "dấu"]
