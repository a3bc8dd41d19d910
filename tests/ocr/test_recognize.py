import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.models import Box, Word
from ocr.recognize import group_lines, ocr_page
from pipeline.samples import font


def w(text, x, y, h=40, conf=0.9):
    return Word(text, conf, Box(x, y, 30 * len(text), h))


def test_words_on_one_row_form_one_line_even_across_wide_gaps():
    words = [w("Quốc", 1600, 502), w("Giới", 200, 500), w("Nam", 420, 498),
             w("Dân", 1000, 503), w("tộc:", 1120, 501), w("tịch:", 1750, 500),
             w("Nơi", 200, 580), w("sinh:", 330, 579)]
    lines = group_lines(words)
    assert [line.text for line in lines] == ["Giới Nam Dân tộc: Quốc tịch:", "Nơi sinh:"]


def test_line_confidence_is_its_weakest_word():
    lines = group_lines([w("a", 0, 0, conf=0.9), w("b", 50, 0, conf=0.4)])
    assert lines[0].confidence == 0.4


def test_no_words_no_lines():
    assert group_lines([]) == ()


@pytest.mark.tesseract
def test_real_tesseract_reads_vietnamese_in_nfc():
    img = Image.new("L", (1800, 200), 255)
    ImageDraw.Draw(img).text((40, 60), "Họ, chữ đệm, tên: NGUYỄN THỊ HỒNG NHUNG",
                             font=font("regular", 56), fill=0)
    page = ocr_page(np.asarray(img), dpi=300)
    assert page.text == "Họ, chữ đệm, tên: NGUYỄN THỊ HỒNG NHUNG"
    assert all(0.0 <= x.confidence <= 1.0 for x in page.words)
    assert page.words[0].box.left >= 30
