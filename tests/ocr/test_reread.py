"""Issue #16: a doubtful value read a second time from the crop of its own words."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.models import Box, Line, OcrPage, Word
from ocr.recognize import ocr_page
from ocr.reread import reread, reread_all, value_boxes
from pipeline.samples import font


def page_of(*lines: list[Word]) -> OcrPage:
    return OcrPage(width=2000, height=400, dpi=300, lines=tuple(Line(tuple(ws)) for ws in lines))


def test_a_value_is_found_by_its_words_and_stops_short_of_its_label():
    label = Word("tên:", 0.9, Box(100, 50, 80, 40))
    first, second = Word("NGUYỄN", 0.9, Box(200, 50, 180, 40)), Word("AN", 0.9, Box(400, 50, 60, 40))
    boxes = value_boxes("NGUYỄN AN", page_of([label, first, second]))
    assert len(boxes) == 1
    assert boxes[0].left >= label.box.right  # widened, never onto the label
    assert boxes[0].right >= second.box.right and boxes[0].top < 50


def test_a_value_glued_to_its_label_keeps_only_its_share_of_the_word():
    glued = Word("Số293", 0.5, Box(100, 50, 250, 40))  # 5 letters: the number is the last 3
    box = value_boxes("293", page_of([glued]))[0]
    assert box.left == 100 + round(250 * 2 / 5)


def test_a_wrapped_value_gives_one_box_per_line_and_an_unknown_value_none():
    page = page_of([Word("xã", 0.9, Box(100, 50, 60, 40)), Word("Tân", 0.9, Box(180, 50, 90, 40))],
                   [Word("Lập,", 0.9, Box(100, 120, 100, 40))])
    assert [b.top < 100 for b in value_boxes("xã Tân Lập,", page)] == [True, False]
    assert value_boxes("Hà Nội", page) == []


@pytest.mark.tesseract
def test_the_crop_of_a_value_is_read_again_by_real_tesseract():
    img = Image.new("L", (1800, 160), 255)
    ImageDraw.Draw(img).text((40, 40), "Họ, chữ đệm, tên: TRẦN VĂN ĐỊNH", font=font("regular", 48),
                             fill=0)
    pixels = np.asarray(img)
    page = ocr_page(pixels, dpi=300)
    assert page.text.endswith("TRẦN VĂN ĐỊNH")
    second, confidence = reread("TRẦN VĂN ĐỊNH", page, pixels)
    assert second.strip(" .:") == "TRẦN VĂN ĐỊNH"  # the crop alone: the label is not in it
    assert 0.5 < confidence <= 1.0
    assert reread("LÊ THỊ AN", page, pixels) is None  # not on the page: no second reading


@pytest.mark.tesseract
def test_a_pages_doubtful_values_are_read_again_in_one_call():
    img = Image.new("L", (1800, 260), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "Họ, chữ đệm, tên: LÊ THỊ HỒNG", font=font("regular", 44), fill=0)
    draw.text((40, 150), "Nơi sinh: Tân Lập", font=font("regular", 44), fill=0)
    pixels = np.asarray(img)
    page = ocr_page(pixels, dpi=300)
    readings = reread_all(["LÊ THỊ HỒNG", "Tân Lập", "TRẦN AN"], page, pixels)
    assert [r[0].strip(" .:") if r else None for r in readings] == ["LÊ THỊ HỒNG", "Tân Lập", None]
    assert all(0.5 < r[1] <= 1.0 for r in readings if r)
