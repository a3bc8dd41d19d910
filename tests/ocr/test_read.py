"""Orientation handled end to end: upright pages skip OSD, turned pages are turned back."""

import random

import numpy as np
import pytest

import ocr.read as read_module
from ocr.cleanup import rotate_quarter
from ocr.models import Box, Line, OcrPage, Word
from ocr.read import looks_upright, read_page
from pipeline.samples import birth_fields, birth_rows, render


def page_of(words):
    return OcrPage(2480, 3508, 300, (Line(tuple(words)),))


def test_upright_needs_confident_horizontal_words():
    wide = [Word("Nguyễn", 0.95, Box(0, 0, 120, 40)) for _ in range(10)]
    tall = [Word("Nguyễn", 0.95, Box(0, 0, 40, 120)) for _ in range(10)]
    shaky = [Word("Nguyễn", 0.4, Box(0, 0, 120, 40)) for _ in range(10)]
    assert looks_upright(page_of(wide))
    assert not looks_upright(page_of(tall))  # how tesseract reads a page turned 90°
    assert not looks_upright(page_of(shaky))  # how it reads a page upside down
    assert not looks_upright(page_of(wide[:3]))  # too little to tell


@pytest.fixture(scope="module")
def certificate():
    rng = random.Random(2)
    img, lines = render(birth_rows(birth_fields(rng)), rng, seal=True)
    return np.asarray(img), lines


@pytest.mark.tesseract
def test_upright_page_does_not_pay_for_osd(certificate, monkeypatch):
    def no_osd(_):
        raise AssertionError("OSD ran on an upright page")
    monkeypatch.setattr(read_module, "detect_rotation", no_osd)
    cleaned, page = read_page(certificate[0], dpi=300)
    assert cleaned.rotation == 0 and "GIẤY KHAI SINH" in page.text


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_page_is_read_upright(certificate, turn):
    rgb, lines = certificate
    cleaned, page = read_page(rotate_quarter(rgb, (360 - turn) % 360), dpi=300)
    assert cleaned.rotation == turn
    assert cleaned.colour.shape == rgb.shape  # archived upright too
    assert "GIẤY KHAI SINH" in page.text and lines[4] in page.text
