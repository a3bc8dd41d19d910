"""A certificate's printed frame: found, taken out of the OCR image whole, never taken
for a table; a page-wide table is not taken for a frame."""

import random

import cv2
import numpy as np
import pytest

from ocr.cleanup import binarize, clean_page
from ocr.frames import detect_frame, find_frame
from ocr.recognize import ocr_page
from ocr.tables import remove_rules, rule_masks
from pipeline.evaluate import text_errors
from pipeline.samples import birth_fields, birth_rows, render
from pipeline.samples.draw import ornament


def certificate(framed: bool, seed: int = 4):
    rng = random.Random(seed)
    img, lines = render(birth_rows(birth_fields(rng)), rng, seal=False)
    if framed:
        ornament(img, random.Random(seed + 1))
    return np.asarray(img), "\n".join(lines)


def test_the_frame_is_found_around_the_text_and_its_ornaments_leave_the_ocr_image():
    plain, _ = certificate(False)
    framed, _ = certificate(True)
    binary = binarize(framed)
    frame = detect_frame(framed)
    assert frame is not None
    text = np.argwhere(binarize(plain) < 128)  # every pixel of the text, signature too
    assert frame.top < text[:, 0].min() and frame.bottom > text[:, 0].max()
    assert frame.left < text[:, 1].min() and frame.right > text[:, 1].max()
    assert frame.left > 100 and frame.top > 100  # inside the motif chain, not at the edge
    ocr, grid, _ = remove_rules(binary, frame)
    assert grid is None
    inside = np.ones(ocr.shape, bool)
    frame.fill_outside(inside, False)
    assert (ocr[~inside] == 255).all()
    assert ((ocr < 128) & inside).sum() >= 0.99 * ((binarize(plain) < 128) & inside).sum()


def test_without_frame_removal_the_frame_looks_like_a_table():
    framed, _ = certificate(True)
    _, grid, _ = remove_rules(binarize(framed))
    assert grid is not None  # why the frame must go before the grid is looked for


def test_the_marriage_papers_red_frame_is_found_though_faint_in_the_red_channel():
    from pipeline.samples.marriage import pink_paper

    page = np.asarray(pink_paper(random.Random(3)))
    frame = detect_frame(page)
    assert frame is not None and 125 < frame.left < 230 and 125 < frame.top < 230


def test_a_plain_page_and_a_page_wide_table_are_no_frame():
    plain, _ = certificate(False)
    assert detect_frame(plain) is None
    table = np.full((3508, 2480), 255, np.uint8)
    for y in (120, 600, 1100, 1600, 2100, 2600, 3100, 3390):
        cv2.line(table, (110, y), (2370, y), 0, 4)
    for x in (110, 700, 1300, 2370):
        cv2.line(table, (x, 120), (x, 3390), 0, 4)
    assert find_frame(*rule_masks(table)) is None and detect_frame(table) is None
    assert remove_rules(table)[1] is not None  # still read as the table it is


@pytest.mark.tesseract
def test_a_framed_certificate_reads_like_the_same_page_without_its_frame():
    framed, truth = certificate(True)

    def rate(frames: bool) -> float:
        e = text_errors(truth, ocr_page(clean_page(framed, frames=frames).for_ocr, dpi=300).text)
        return e["char_edits"] / e["chars"]
    assert rate(False) > 0.1, "the ornaments should wreck tesseract's reading"
    assert rate(True) < 0.02
