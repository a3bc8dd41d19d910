"""Blank pages told before reading (ocr/blank.py): grain, specks, a scanner border and
punched holes are no ink; one line of text, or faint pencil, is."""

import numpy as np
import pytest

from ocr.blank import ink, is_blank
from pipeline.samples.prose import prose_page

SHAPE = (3508, 2480)  # A4 at 300 dpi


def grain(sigma: float = 6.0, paper: float = 235.0, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(paper, sigma, SHAPE), 0, 255).astype(np.uint8)


def back_of_duplex() -> np.ndarray:
    page = grain()
    for y, x in np.random.default_rng(1).integers(100, 2400, (15, 2)):
        page[y:y + 3, x:x + 3] = 60  # specks
    return page


def test_paper_grain_and_specks_are_blank():
    assert is_blank(back_of_duplex(), 300)
    assert is_blank(grain(sigma=25, paper=200), 300)  # a noisy grey scan of nothing


def test_a_scanner_border_and_punched_holes_do_not_make_ink():
    page = back_of_duplex()
    page[:, :150] = 15  # black scanner bed down the left side
    page[:90] = 15
    for y in (1000, 2500):  # two punched holes (6 mm), shadowed
        yy, xx = np.ogrid[:SHAPE[0], :SHAPE[1]]
        page[(yy - y) ** 2 + (xx - 300) ** 2 < 35 ** 2] = 70
    assert is_blank(np.dstack([page] * 3), 300)


def test_one_line_of_text_is_not_blank():
    img, _ = prose_page(8.27, 11.69, 300, 11, lines=1)
    assert not is_blank(np.asarray(img), 300)


def test_faint_pencil_small_type_is_not_blank():
    img, _ = prose_page(8.27, 11.69, 300, 9, lines=2, ink=170)
    page = np.minimum(np.asarray(img), 235)  # grey paper, text 65 levels darker
    assert not is_blank(page, 300)


@pytest.mark.parametrize("dpi", [150, 600])
def test_at_any_resolution(dpi):
    img, _ = prose_page(8.27, 3, dpi, 11, lines=1)
    assert not is_blank(np.asarray(img), dpi)
    assert is_blank(np.full((3 * dpi, 8 * dpi), 240, np.uint8), dpi)


def test_a_dark_photo_is_never_called_blank():
    assert not ink(np.full((800, 600), 40, np.uint8), 300).blank


def shadow(page: np.ndarray) -> np.ndarray:
    """A shadow darkening the page from 0 at its middle to 110 levels at its right edge
    (a book's spine, a lid left open), as ``pipeline.samples`` damage draws it."""
    ramp = np.clip(np.linspace(-110, 110, page.shape[1]), 0, None)
    return np.clip(page.astype(np.float32) - ramp, 0, 255).astype(np.uint8)


def test_a_shadow_is_paper_not_ink():
    """A shadow's gradient was taken for paper grain: six times it put the ink level
    under zero, and two register pages of sohoa's own samples were archived unread."""
    assert is_blank(shadow(back_of_duplex()), 300)
    img, _ = prose_page(8.27, 11.69, 300, 11, lines=3)
    assert not is_blank(shadow(np.asarray(img.convert("L"))), 300)
