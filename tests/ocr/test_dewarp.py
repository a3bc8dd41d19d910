"""Book curl near the gutter: the curve measured, straightened, and read."""

import random

import numpy as np
import pytest

from ocr.cleanup import binarize
from ocr.dewarp import apply_shifts, line_shifts
from ocr.read import page_image, read_page
from pipeline.evaluate import text_errors
from pipeline.samples import block_rows, render
from pipeline.samples.draw import spread
from pipeline.samples.register import register_page


@pytest.fixture(scope="module")
def book():
    rng = random.Random(12)
    header, entries = register_page(rng, "birth", "blocks", 8)
    left, left_lines = render(block_rows("birth", header, entries[:4]), rng, seal=False)
    right, right_lines = render(block_rows("birth", header, entries[4:]), rng, seal=False)
    return left, right, "\n".join(left_lines + right_lines)


def test_the_curve_is_measured_where_the_lines_sink(book):
    left, right, _ = book
    curled = binarize(np.asarray(spread(left, right, curl=35)))
    shifts = line_shifts(curled[:, :left.width])
    assert shifts is not None
    # the text ends a margin (230 px) before the spine, where the page has sunk
    # 35 * exp(-(230 / 420)^2) = 26 px
    assert 23 <= shifts[-1] <= 30
    assert np.abs(shifts[: len(shifts) // 2]).max() <= 4  # the outer half is flat
    straight = apply_shifts(curled[:, :left.width], shifts, 255)
    assert line_shifts(straight) is None


def test_a_flat_page_is_left_alone(book):
    left, _, _ = book
    assert line_shifts(binarize(np.asarray(left))) is None


@pytest.mark.tesseract
def test_a_curled_spread_reads_like_a_flat_one(book):
    left, right, text = book
    _, page = read_page(np.asarray(spread(left, right, curl=40)), dpi=300, osd=False,
                        correct=False)
    e = text_errors(text, page.text)
    assert e["char_edits"] / e["chars"] < 0.01


@pytest.mark.tesseract
def test_page_image_gives_again_the_pixels_a_low_res_spread_was_read_on(book):
    # entry PDFs cut a register entry out of the page read again (pipeline.entry_pages):
    # the words' geometry must be exactly that page's, upscaled, dewarped and all
    left, right, _ = book
    curled = spread(left, right, curl=40)
    rgb = np.asarray(curled.resize((curled.width // 2, curled.height // 2)))  # 150 dpi
    cleaned, page = read_page(rgb, dpi=150, osd=False, correct=False)
    again, dpi = page_image(rgb, dpi=150)
    assert dpi == page.dpi == 300 and again.binary.shape == (page.height, page.width)
    assert again.gutter == page.gutter is not None
    assert np.array_equal(again.colour, cleaned.colour)
    assert np.array_equal(again.binary, cleaned.binary)
