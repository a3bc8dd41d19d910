"""Rule kernels in physical units (ocr/tables.py): sized by the resolution and the
letters, never by the image's height or width, so a slip keeps its letters' stems."""

import numpy as np
import pytest
from PIL import Image

from ocr.letters import letter_height
from ocr.tables import remove_rules, rule_lengths, rule_masks
from pipeline.samples.prose import prose_page


def test_rule_lengths_follow_dpi_and_large_type():
    assert rule_lengths(300) == (99, 141)  # what 1/25 of an A4 page's sides was
    assert rule_lengths(600) == (198, 282)
    assert rule_lengths(300, letters=60.0) == (240, 300)  # 28 pt letters: longer strokes


def test_a_strip_keeps_its_letters_where_the_same_text_on_a4_does():
    strip, _ = prose_page(8.27, 773 / 300, 300, 11)
    binary = np.where(np.asarray(strip) < 128, 0, 255).astype(np.uint8)
    sheet = np.full((3508, binary.shape[1]), 255, np.uint8)
    sheet[:773] = binary
    letters = letter_height(binary)
    for page in (binary, sheet):
        horizontal, vertical = rule_masks(page, 300, letters)
        assert horizontal.sum() == 0 and vertical.sum() == 0  # no letter stroke is a rule
    _, grid, mask = remove_rules(binary, dpi=300, letters=letters)
    assert grid is None and mask is None


def test_a_ruled_slip_still_has_its_rules_found():
    slip = Image.new("L", (2480, 773), 255)
    a = np.asarray(slip).copy()
    for y in (100, 300, 500, 700):
        a[y:y + 3, 100:2380] = 0
    for x in (100, 900, 1600, 2380):
        a[100:703, x:x + 3] = 0
    _, grid, _ = remove_rules(a, dpi=300)
    assert grid is not None and len(grid.ys) == 4 and len(grid.xs) == 4


@pytest.mark.parametrize("dpi", [150, 300])
def test_kernels_do_not_change_with_the_canvas(dpi):
    strip, _ = prose_page(8.27, 2.5, dpi, 11)
    short = np.asarray(strip)
    tall = np.vstack([short, np.full((short.shape[0] * 3, short.shape[1]), 255, np.uint8)])
    a = rule_masks(short, dpi)
    b = rule_masks(tall, dpi)
    assert np.array_equal(a[0], b[0][:short.shape[0]]) and np.array_equal(a[1], b[1][:short.shape[0]])
