"""Post-correction on real tesseract error pairs (from generated pages, seed 606)."""

import numpy as np
import pytest

from ocr.correct import CORRECTED_CONFIDENCE, correct_page, correct_words, restore_marks
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
    ("Nguyên nhân chết: Đột quy", "Nguyên nhân chết: Đột quỵ"),  # the dot under y lost (seed 29)
])
def test_real_errors_are_corrected(read, printed):
    assert corrected(read) == printed


@pytest.mark.parametrize("text", [
    "chuyển đổi số cấp xã",  # valid words in no known phrase: left alone
    "huyện Tiên Lãng, tỉnh Hải Phòng",  # place names are not context for changing a word
    # names: any syllables may follow each other
    "NGUYỄN THỊ THÙY VY", "Trịnh Thùy Vy", "PHẠM BẢO YÊN", "Bố Trạch",
    "ĐINH VĂN AN", "tự nguyên",  # a name, and a word in no phrase with its dotted twin
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


def _on_leaders(text: str, under: dict[str, tuple[int, int]]) -> tuple[OcrPage, np.ndarray]:
    """A line read off a dotted leader; ``under`` gives, per word, the letter a dot was
    taken from under and whether it was cut off the letter (1) or free (0)."""
    ws, dots = [], []
    for i, t in enumerate(text.split()):
        box = Box(100 * i, 0, 20 * len(t), 30)
        ws.append(Word(t, 0.95, box))
        if t in under:
            letter, cut = under[t]
            dots.append((box.left + 20 * letter + 10, 34, cut))
    return OcrPage(800, 100, 300, (Line(tuple(ws)),)), np.array(dots, int).reshape(-1, 3)


@pytest.mark.parametrize("read, under, printed", [
    ("Quốc tịch: Viêt Nam", {"Viêt": (2, 1)}, "Quốc tịch: Việt Nam"),  # no such syllable
    ("MAI XUÂN LÔC", {"LÔC": (1, 1)}, "MAI XUÂN LỘC"),
    ("Nơi chết: Bênh viên đa khoa", {"Bênh": (1, 1), "viên": (2, 0)},
     "Nơi chết: Bệnh viện đa khoa"),  # both words known: the phrase decides
])
def test_a_nang_mark_taken_with_a_leader_dot_is_put_back(read, under, printed):
    page, dots = _on_leaders(read, under)
    assert restore_marks(page, dots, default_lexicon()).text == printed


def test_a_name_that_may_have_lost_its_mark_is_doubted_not_changed():
    page, dots = _on_leaders("Họ và tên: Đăng Văn Khánh", {"Đăng": (2, 1), "Khánh": (2, 1)})
    out = restore_marks(page, dots, default_lexicon())
    assert out.text == "Họ và tên: Đăng Văn Khánh"  # Đặng and Đăng are both names
    assert out.words[3].confidence < 0.8  # under the review threshold: a person looks
    assert out.words[5].confidence == 0.95  # á takes no second mark: nothing was lost
    page, dots = _on_leaders("Đăng Văn Khánh", {"Văn": (1, 0)})  # a free dot: no doubt
    assert [w.confidence for w in restore_marks(page, dots, default_lexicon()).words] == [0.95] * 3


@pytest.mark.parametrize("read, printed", [
    ("Đọc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dâu)",
     "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"),
])
def test_a_real_word_any_mark_away_from_a_printed_phrase_is_corrected(read, printed):
    assert corrected(read) == printed


def test_a_real_word_in_no_printed_phrase_is_left_alone():
    assert corrected("tôi đọc sách và đóng cửa") == "tôi đọc sách và đóng cửa"
