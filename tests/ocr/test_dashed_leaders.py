"""Dashed leader lines (a dash every 19 px at 300 dpi) are form furniture like dots."""

import random

import cv2
import numpy as np

from ocr.cleanup import binarize
from ocr.leaders import components, find_dashes, leader_mask
from pipeline.samples import birth_fields, birth_rows, render


def _page() -> np.ndarray:
    rng = random.Random(8)
    img, _ = render(birth_rows(birth_fields(rng)), rng, seal=False, leaders=False)
    return binarize(np.asarray(img))


def _dash_row(page: np.ndarray, x0: int, x1: int, y: int, slope: float = 0.0) -> np.ndarray:
    out = page.copy()
    for x in range(x0, x1, 19):
        yy = round(y + slope * (x - x0))
        out[yy:yy + 2, x:x + 11] = 0
    return out


def test_dashed_rows_are_found_and_letters_are_not() -> None:
    page = _page()
    assert find_dashes(components(page)).size == 0  # hyphens, marks, i-dots: no row
    rows = [(1400, 2300, 3300, 0.0), (1200, 2300, 3380, 0.004)]  # one with a slight skew
    dashed = page
    for x0, x1, y, slope in rows:
        dashed = _dash_row(dashed, x0, x1, y, slope)
    added = (dashed < 128) & (page >= 128)
    assert added.sum() > 2 * 40 * 22  # both rows drawn
    found = leader_mask(dashed)
    assert found[added].all()
    assert not (found & (page < 128)).any()


def test_uneven_or_short_rows_stay() -> None:
    page = np.full((400, 2000), 255, np.uint8)
    for x in (100, 119, 138, 157, 176):  # five dashes: an underline's pieces, not a leader
        page[100:102, x:x + 11] = 0
    for x in (100, 119, 170, 190, 260, 300, 380):  # uneven gaps
        page[200:202, x:x + 11] = 0
    assert find_dashes(components(page)).size == 0
    cv2.line(page, (100, 300), (1000, 300), 0, 2)  # an underline is one stroke
    assert find_dashes(components(page)).size == 0
