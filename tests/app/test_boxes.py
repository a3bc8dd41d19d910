"""app.boxes.locate: the words of a page that print a field's value."""

from app.boxes import locate
from ocr.models import Box, Line, OcrPage, Word


def line(y: int, *texts: str, x: int = 100) -> Line:
    words = []
    for t in texts:
        words.append(Word(t, 0.9, Box(x, y, 20 * len(t), 30)))
        x += 20 * len(t) + 15
    return Line(tuple(words))


PAGE = OcrPage(width=2000, height=2800, dpi=300, lines=(
    line(100, "GIẤY", "KHAI", "SINH"),
    line(200, "Họ,", "chữ", "đệm,", "tên:", "NGUYỄN", "VĂN", "AN"),
    line(300, "Ngày,", "tháng,", "năm", "sinh:", "01/04/2019"),
    line(400, "Họ,", "chữ", "đệm,", "tên", "người", "mẹ:", "TRẦN", "THỊ", "BÌNH"),
    line(1500, "Họ,", "chữ", "đệm,", "tên:", "NGUYỄN", "VĂN", "ANH"),
))


def words_in(box: Box) -> list[str]:
    return [w.text for w in PAGE.words if w.box.left >= box.left and w.box.right <= box.right
            and w.box.top >= box.top and w.box.bottom <= box.bottom]


def test_a_name_is_found_without_its_label():
    box = locate("NGUYỄN VĂN AN", PAGE)
    assert words_in(box) == ["NGUYỄN", "VĂN", "AN"]


def test_diacritics_and_case_are_folded():
    box = locate("tran thi binh", PAGE)
    assert words_in(box) == ["TRẦN", "THỊ", "BÌNH"]


def test_one_ocr_slip_still_matches():
    box = locate("TRẦN THỊ BINHH", PAGE)
    assert words_in(box) == ["TRẦN", "THỊ", "BÌNH"]


def test_an_iso_date_is_found_as_printed():
    box = locate("2019-04-01", PAGE)
    assert words_in(box) == ["01/04/2019"]


def test_the_region_restricts_the_search():
    box = locate("NGUYỄN VĂN ANH", PAGE, region=(0, 1400, 2000, 1600))
    assert box.top == 1500
    assert locate("TRẦN THỊ BÌNH", PAGE, region=(0, 1400, 2000, 1600)) is None


def test_nothing_close_gives_none():
    assert locate("LÊ HOÀNG PHÚC", PAGE) is None
    assert locate("", PAGE) is None
    assert locate("x", OcrPage(width=10, height=10, dpi=300)) is None
