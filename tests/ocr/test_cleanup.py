"""Geometry checks of the first cleanup on generated pages with known damage."""

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr.cleanup import (
    binarize,
    clean_page,
    detect_rotation,
    estimate_skew,
    local_threshold,
    otsu,
    rotate_quarter,
    rotation_by_reading,
)
from pipeline.samples import birth_fields, birth_rows, render


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    rng = random.Random(1)
    img, _ = render(birth_rows(birth_fields(rng)), rng, seal=True)
    return np.asarray(img)


@pytest.mark.parametrize("angle", [-9.6, -4.0, -1.5, 0.0, 2.3, 6.0, 9.8])
def test_deskew_recovers_known_angle(page, angle):
    rotated = Image.fromarray(page).rotate(angle, resample=Image.Resampling.BICUBIC,
                                           fillcolor=(255, 255, 255))
    found = estimate_skew(binarize(np.asarray(rotated)))
    # estimate_skew returns the correction, i.e. minus the applied rotation
    assert abs(found + angle) <= 0.2


def test_binarize_removes_red_seal_but_keeps_black_text(page):
    binary = binarize(page)
    red = (page[:, :, 0] > 150) & (page[:, :, 1] < 110) & (page[:, :, 2] < 120)
    dark = page.max(axis=2) < 80
    assert red.sum() > 1000 and dark.sum() > 1000
    assert (binary[red] == 255).mean() > 0.95  # seal ink gone
    assert (binary[dark] == 0).mean() > 0.95  # text kept


def test_blank_page_has_no_skew():
    blank = np.full((1000, 800), 255, np.uint8)
    assert estimate_skew(blank) == 0.0


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_osd_turns_rotated_page_upright(page, turn):
    # rotate the upright page counter-clockwise by `turn`; OSD must undo it clockwise
    upside = rotate_quarter(page, (360 - turn) % 360)
    assert detect_rotation(binarize(upside)) == turn


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [90, 180])
def test_reading_finds_the_orientation_when_osd_is_unsure(page, turn):
    upside = rotate_quarter(binarize(page), (360 - turn) % 360)
    assert rotation_by_reading(upside) == turn
    assert rotation_by_reading(binarize(page)) == 0


@pytest.mark.tesseract
def test_clean_page_keeps_colour_image_and_binary_in_one_geometry(page):
    cleaned = clean_page(page)
    assert cleaned.colour.shape[:2] == cleaned.binary.shape
    assert cleaned.colour.ndim == 3


def test_faint_specks_go_and_small_dark_marks_stay():
    import cv2

    from ocr.cleanup import remove_small

    grey = np.full((200, 400), 240, np.uint8)
    grey[50:90, 40:300] = 30  # text: dark
    grey[120:125, 60:65] = 25  # a period: small and dark
    # a faint emblem's speck the threshold let through, where a mark under the text could be
    grey[96:101, 200:205] = 150
    grey = cv2.GaussianBlur(grey, (3, 3), 0)  # edges in between, as scanned
    binary = np.where(grey < 160, 0, 255).astype(np.uint8)
    level = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    out, _ = remove_small(binary, grey=(grey, level))
    assert (out[121:124, 61:64] == 0).all() and (out[52:88, 42:298] == 0).all()
    assert (out[96:101, 200:205] == 255).all()
    kept, _ = remove_small(binary)  # without the grey page, only its size and place are
    assert (kept[97:100, 201:204] == 0).all()  # known: by a letter, a blob is a mark


@pytest.mark.parametrize("method", ["wolf", "sauvola"])
def test_local_thresholds_drop_the_seal_and_keep_the_text_under_it(page, method):
    binary = clean_page(page, binarize=method, deskew=False).binary
    red = (page[:, :, 0] > 150) & (page[:, :, 1] < 110) & (page[:, :, 2] < 120)
    dark = page.max(axis=2) < 80
    assert (binary[red] == 255).mean() > 0.95
    assert (binary[dark] == 0).mean() > 0.95


def test_local_thresholds_keep_faded_text_that_one_level_drops():
    canvas = np.full((600, 1200), 255, np.uint8)
    for row, ink in enumerate([0, 0, 0, 0, 150, 150]):  # two lines faded: lighter than Otsu's level
        cv2.putText(canvas, "Ho va ten: NGUYEN VAN AN", (40, 80 + 90 * row),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.6, ink, 3)
    faded = canvas == 150
    assert (otsu(canvas)[faded] == 0).mean() < 0.1
    for method in ("wolf", "sauvola"):
        assert (local_threshold(canvas, method)[faded] == 0).mean() > 0.9
        assert (local_threshold(canvas, method)[canvas == 255] == 255).mean() > 0.99
