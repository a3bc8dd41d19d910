"""Reading order: a page set in columns is read column by column (``ocr.layout``)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.layout import reading_text
from ocr.models import Box, Line, OcrPage, Word
from ocr.read import read_page
from ocr.recognize import group_lines
from pipeline.samples import font

LEFT = ["Bóng trăng trắng ngà", "Có cây đa to", "Có thằng Cuội già", "Ôm một mối mơ.",
        "Lặng yên ta nói Cuội nghe:", "Ở cung trăng mãi làm chi", "Gió không có nhà",
        "Gió đi muôn phương", "Biền biệt chẳng ngừng"]
RIGHT = ["Sáng rơi xuống đời", "Sáng leo lên cây", "Sáng mỏi chân rồi", "Sáng ngồi xuống đây.",
         "Cùng trông ánh sáng cười vui", "Chị em ta hãy đùa chơi", "Các em thích cười",
         "Muốn lên cung trăng", "Cứ hỏi ông Trời"]


def words_of(text: str, x: int, y: int) -> list[Word]:
    out = []
    for token in text.split():
        out.append(Word(token, 0.9, Box(x, y, 24 * len(token), 40)))
        x += 24 * len(token) + 20
    return out


def rows(pairs: list[tuple[str, str]], top: int = 0, right_x: int = 1300) -> list[Word]:
    out: list[Word] = []
    for i, (left, right) in enumerate(pairs):
        y = top + 60 * i
        out += words_of(left, 300, y) + (words_of(right, right_x, y) if right else [])
    return out


def test_two_columns_are_read_left_column_first_with_title_and_longer_left_column():
    words = (words_of("Thằng cuội", 300, 0) + rows(list(zip(LEFT, RIGHT, strict=True)), 100)
             + words_of("Có con dế mèn", 300, 100 + 60 * len(LEFT)))
    text = reading_text(group_lines(words))
    assert text.split("\n") == ["Thằng cuội", *LEFT, "Có con dế mèn", *RIGHT]


def test_a_line_across_the_gutter_ends_the_section():
    words = (rows(list(zip(LEFT, RIGHT, strict=True)))
             + words_of("Một dòng dài chạy suốt qua cả hai cột của trang này", 300, 60 * 9)
             + rows([("Dưới", "Hết")], 60 * 10))
    text = reading_text(group_lines(words)).split("\n")
    assert text[:18] == [*LEFT, *RIGHT]
    assert text[18:] == ["Một dòng dài chạy suốt qua cả hai cột của trang này", "Dưới Hết"]


def test_a_form_with_a_few_label_value_rows_keeps_its_rows():
    """Form headers and signer blocks are side by side for a few rows only: rows stay."""
    pairs = [("UBND XÃ AN PHÚ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
             ("Số: 12/QĐ-UBND", "Độc lập - Tự do - Hạnh phúc"),
             ("Nơi nhận:", "CHỦ TỊCH"), ("- Như Điều 3;", "(Ký, ghi rõ họ tên)")]
    words = rows(pairs)
    assert reading_text(group_lines(words)) == "\n".join(f"{a} {b}" for a, b in pairs)


def test_value_columns_at_varying_x_are_not_a_gutter():
    """``label: value`` rows whose values start wherever the label ends stay rows."""
    labels = ["Họ, chữ đệm, tên:", "Ngày sinh:", "Giới tính:", "Dân tộc:", "Quốc tịch:",
              "Nơi sinh:", "Quê quán:", "Nơi cư trú:", "Số định danh:"]
    words: list[Word] = []
    for i, label in enumerate(labels):
        left = words_of(label, 300, 60 * i)
        words += left + words_of("GIÁ TRỊ", left[-1].box.right + 90 + 10 * i, 60 * i)
    lines = group_lines(words)
    assert reading_text(lines) == "\n".join(line.text for line in lines)


def test_a_page_with_ruled_tables_keeps_its_rows():
    words = rows(list(zip(LEFT, RIGHT, strict=True)))
    from ocr.models import Grid
    page = OcrPage(2000, 1000, 300, lines=group_lines(words), grid=Grid((0, 1000), (0, 900)))
    assert page.text == "\n".join(line.text for line in page.lines)
    plain = OcrPage(2000, 1000, 300, lines=group_lines(words))
    assert plain.text.split("\n") == [*LEFT, *RIGHT]


def test_empty_page_has_no_text():
    assert reading_text(()) == ""
    assert reading_text((Line(()),)) == ""


@pytest.mark.tesseract
def test_real_tesseract_two_column_page_reads_column_by_column():
    img = Image.new("L", (2400, 1500), 255)
    draw = ImageDraw.Draw(img)
    face = font("regular", 44)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        draw.text((250, 200 + 110 * i), left, font=face, fill=0)
        draw.text((1350, 200 + 110 * i), right, font=face, fill=0)
    _, page = read_page(np.array(img.convert("RGB")), dpi=300, osd=False)
    lines = page.text.split("\n")
    assert len(lines) == 18
    assert lines[0].startswith("Bóng") and lines[8].startswith("Biền")
    assert lines[9].startswith("Sáng") and lines[17].startswith("Cứ")
