"""Dotted leader lines under typed values: found by their rhythm, removed, read better."""

import random

import cv2
import numpy as np
import pytest

from ocr import leaders
from ocr.cleanup import binarize, remove_small
from ocr.leaders import leader_mask
from ocr.recognize import ocr_page
from pipeline.evaluate import text_errors
from pipeline.samples import birth_fields, birth_rows, render


def drawn(leaders: bool):
    rng = random.Random(8)
    img, lines = render(birth_rows(birth_fields(rng)), rng, seal=False, leaders=leaders)
    return binarize(np.asarray(img)), "\n".join(lines)


def test_leader_dots_are_found_and_letters_dots_are_not():
    with_dots, _ = drawn(True)
    without, _ = drawn(False)
    dots = (with_dots < 128) & (without >= 128)  # exactly the ink the leaders added
    found = leader_mask(with_dots)
    # Nearly all the dots' ink, also of dots run into a letter's foot (at 0.8 before
    # those were cut off the letters; the rest is where a dot and a letter overlap).
    assert found[dots].mean() > 0.95
    assert (found & (without < 128)).sum() < 0.002 * (without < 128).sum()  # letters kept
    # A letter's dot that falls on the leader's beat goes with it (16 of 1,122 letter
    # components on this page; ``restore_marks`` puts nặng marks back where it can).
    marks = cv2.connectedComponents((without < 128).astype(np.uint8))[1]
    hit = np.unique(marks[found & (without < 128)])
    assert hit[hit > 0].size < 0.02 * marks.max()
    assert not leader_mask(without).any()  # i-dots, nặng marks, periods: no leader


@pytest.mark.tesseract
def test_removing_leaders_brings_ocr_back_near_the_page_without_them():
    with_dots, text = drawn(True)
    without, _ = drawn(False)

    def rate(binary):
        e = text_errors(text, ocr_page(binary, dpi=300).text)
        return e["char_edits"] / e["chars"]
    dotted, cleaned, plain = rate(with_dots), rate(remove_small(with_dots, speckle=False)[0]), rate(without)
    assert dotted > 0.1  # leaders wreck tesseract's reading
    assert cleaned < 0.05 and cleaned < dotted / 4, (dotted, cleaned, plain)


def test_a_dot_run_into_a_letter_is_cut_off_and_a_descender_is_not():
    page = np.full((60, 200), 255, np.uint8)
    for x in range(12, 190, 12):  # a dotted line at y 40-44
        cv2.circle(page, (x, 42), 2, 0, -1)
    page[20:41, 46:50] = 0  # a stem whose foot touches the dot at x 48
    page[20:54, 82:86] = 0  # a descender through the line, on the dot at x 84
    out, taken = remove_small(page, speckle=False)
    assert (out[40:45, 10:40] == 255).all()  # free dots gone
    assert (out[41:45, 44:52] == 255).all() and (out[20:38, 46:50] == 0).all()
    assert (out[20:54, 82:86] == 0).all()  # the descender is whole
    assert [48, 42, 1] in taken.tolist()  # the cut is noted, for the nặng marks


def test_a_comma_whose_tail_fell_on_a_dot_stays_whole():
    page = np.full((60, 200), 255, np.uint8)
    for x in range(12, 190, 12):
        cv2.circle(page, (x, 42), 2, 0, -1)
    page[30:38, 71:75] = 0  # a comma's head above the line...
    page[38:43, 71:75] = 0  # ...its tail into the dot at x 72
    page[20:41, 118:122] = 0  # a letter's stem run into the dot at x 120
    out, taken = remove_small(page, speckle=False)
    assert (out[30:43, 71:75] == 0).all()  # cut, the comma was read as a period
    assert (out[41:45, 116:124] == 255).all()  # the letter's dot still goes
    assert [72, 42, 1] not in taken.tolist()


def test_the_line_is_followed_under_a_value_typed_straight_after_its_label():
    page = np.full((60, 600), 255, np.uint8)
    for x in range(12, 590, 12):
        cv2.circle(page, (x, 42), 2, 0, -1)
    for x in range(60, 300, 12):  # letters' feet fused into every dot under the value...
        page[20:41, x - 1:x + 2] = 0
    for x in (168, 180, 192, 204):  # ...and four descenders (``gngy``) through the line
        page[18:54, x - 2:x + 2] = 0
    page[:, :40] = 255  # the label's end: the line starts under the value
    out, _ = remove_small(page, speckle=False)
    under = out[41:45, 40:300] == 255
    under[:, 124:168] = True  # the descenders stay whole
    assert under.all()  # every other dot under the value is gone, left of them too
    assert (out[20:39, 60:300:12] == 0).all() and (out[18:54, 166:206:12] == 0).all()


def test_words_a_leftover_dot_glued_are_split_again():
    from ocr.leaders import unglue
    from ocr.models import Box, Line, OcrPage, Word

    words = [Word(t, 0.9, Box(100 * i, 0, 90, 30)) for i, t in
             enumerate(["xã.Mỹ.", "Việt.Nam", "12.03.2020", "Số:", "hai,mươi"])]
    page = unglue(OcrPage(600, 100, 300, (Line(tuple(words)),)))
    assert page.text == "xã Mỹ. Việt Nam 12.03.2020 Số: hai mươi"  # numbers keep their dots
    assert page.raw_text == "xã.Mỹ. Việt.Nam 12.03.2020 Số: hai,mươi"
    assert page.words[0].box.right <= page.words[1].box.left


def test_components_of_a_page_of_noise_are_labelled_in_32_bits():
    noise = np.full((600, 600), 255, np.uint8)
    noise[::2, ::2] = 0  # 90,000 lone pixels: more labels than 16 bits hold
    n, labels, _, _ = leaders.components(noise)
    assert n == 90_001 and labels.dtype == np.int32 and labels.max() == 90_000
    n, labels, _, _ = leaders.components(noise[:200])  # 30,000: 16 bits
    assert n == 30_001 and labels.dtype == np.uint16


def test_erasing_box_by_box_matches_the_page_wide_lookup(monkeypatch):
    rng = np.random.default_rng(3)
    page = np.where(rng.random((400, 500)) < 0.08, 0, 255).astype(np.uint8)
    page = cv2.erode(page, np.ones((3, 3), np.uint8))  # blobs of many sizes and shapes
    cc = leaders.components(page)
    drop = cc[2][:, cv2.CC_STAT_AREA] <= 20
    assert 10 < drop.sum() < leaders.BOXES
    by_box = leaders.erase_components(page, cc, drop.copy())
    monkeypatch.setattr(leaders, "BOXES", 0)
    by_page = leaders.erase_components(page, cc, drop.copy())
    assert np.array_equal(by_box, by_page) and not np.array_equal(by_box, page)


def test_a_line_whose_dots_straddle_the_beat_is_found():
    # x mod step of these dots is 0 or 11: a plain median of that (5.5) is off every dot
    page = np.full((100, 600), 255, np.uint8)
    xs = [96 + 12 * k - (k >= 10) for k in range(20)]  # a 1 px slip half way
    for x in xs:
        cv2.circle(page, (x, 50), 2, 0, -1)
    ids, rows = leaders.find_leaders(leaders.components(page))
    assert len(rows) == 1 and ids.size == len(xs)
    assert rows[0].x0 < xs[0] + 1 and rows[0].x1 > xs[-1] - 1


def test_a_full_stop_on_the_baseline_just_before_the_leader_stays():
    """indgen dev seed 11 (TT 04/2020 paper, 1-bit 300 dpi): "với ai." then the leader,
    its dots 3 px under the baseline, the stop the dots' size and on their beat; the stop
    went with the dots and the status lost its full stop."""
    page = np.full((60, 400), 255, np.uint8)
    page[20:40, 20:60] = 0  # the last letters
    page[36:41, 63:68] = 0  # the full stop on the baseline (centre y 38)
    for x in range(72, 380, 7):  # the leader: 5 px dots, centre y 41, a dot every 7 px
        page[39:44, x:x + 5] = 0
    found = leader_mask(page)
    assert not found[36:41, 63:68].any()  # the stop stays
    assert found[39:44, 72:77].all() and found[39:44, 373:378].all()  # the dots go
    assert not found[20:40, 20:60].any()
