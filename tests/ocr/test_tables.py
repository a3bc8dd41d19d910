"""Ruling lines on generated register pages: the grid is found where it was drawn, the
lines leave the OCR image, and real tesseract reads every row (one record per row)."""

import random

import numpy as np
import pytest

from ocr.cleanup import clean_page
from ocr.read import read_page
from ocr.tables import remove_rules
from pipeline.extract import extract
from pipeline.samples import render
from pipeline.samples.register import TABLE_COLUMNS, block_rows, register_page, table_page


def drawn_table(book: str = "birth", rows: int = 6, seed: int = 2):
    header, entries = register_page(random.Random(seed), book, "table", rows)
    img, _ = table_page(book, header, entries)
    return np.asarray(img), entries


def test_grid_is_found_at_the_drawn_rules():
    rgb, entries = drawn_table()
    _, grid, mask = remove_rules(clean_page(rgb, rules=False).binary)
    assert grid is not None and mask is not None
    widths = [w for _, _, w in TABLE_COLUMNS["birth"]]
    assert len(grid.xs) == len(widths) + 1
    assert np.allclose(np.diff(grid.xs), widths, atol=3)
    assert len(grid.ys) == len(entries) + 2  # top rule, header row, one row per entry


def test_rules_leave_the_ocr_image_but_not_the_archive_image():
    rgb, _ = drawn_table()
    cleaned = clean_page(rgb)
    x = cleaned.grid.xs[3]
    column = slice(cleaned.grid.ys[0] + 10, cleaned.grid.ys[-1] - 10)
    assert (cleaned.binary[column, x] < 128).mean() > 0.9  # the archived ink keeps the rule
    assert (cleaned.for_ocr[column, x] < 128).mean() < 0.05


def test_register_blocks_have_no_grid():
    header, entries = register_page(random.Random(4), "death", "blocks", 4)
    img, _ = render(block_rows("death", header, entries), random.Random(1), seal=False)
    assert clean_page(np.asarray(img)).grid is None


@pytest.mark.tesseract
@pytest.mark.parametrize("book", ["birth", "death"])
def test_real_ocr_reads_one_record_per_table_row(book):
    rgb, entries = drawn_table(book, rows=6, seed=9)
    _, page = read_page(rgb, dpi=300)
    records = extract([page], 0.8)
    assert [r.entry for r in records] == list(range(1, 7))
    name = "full_name" if book == "birth" else "deceased_full_name"
    read = [r.value("registration_date") for r in records]
    assert read == [e["registration_date"] for e in entries]
    assert sum(r.value(name) == e[name] for r, e in zip(records, entries, strict=True)) >= 5


def test_a_dark_band_left_by_the_scanner_lid_does_not_hide_the_grid():
    # a ragged dark edge taller than the table (indgen dev seed 31, "border" at 200 dpi):
    # its strokes are the longest "rules" of the page, so every real column rule fell
    # under half their length and no grid was found
    rgb, _ = drawn_table()
    _, grid, _ = remove_rules(clean_page(rgb, rules=False).binary)
    binary = clean_page(rgb, rules=False).binary.copy()
    rng = np.random.default_rng(1)
    for y in range(0, binary.shape[0], 8):
        binary[y:y + 8, :int(rng.integers(40, 90))] = 0
    _, banded, _ = remove_rules(binary)
    assert banded is not None
    assert banded.xs == grid.xs and banded.ys == grid.ys


def test_the_ragged_sides_of_a_dark_gutter_are_no_table():
    # a bilevel spread's gutter shadow (indgen dev seed 26): once the band is no rule, the
    # thin straight strokes along its sides must not make a "grid" that hides the fold
    binary = np.full((2800, 5200), 255, np.uint8)
    rng = np.random.default_rng(2)
    for y in range(200, 2600, 8):
        binary[y:y + 8, 2520:2680 + int(rng.integers(0, 8))] = 0
    for x in (2510, 2515):  # the band's side, split from it by a hair of paper
        binary[200:2600, x:x + 2] = 0
    binary[200:2600, 2692:2694] = 0
    for y in (263, 891, 1522):  # the heads' underlines on both pages, across the fold
        binary[y:y + 3, 2300:2900] = 0
    assert remove_rules(binary)[1] is None
