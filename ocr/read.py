"""Cleanup and recognition of one page, with orientation detection only when needed.

tesseract's OSD costs about a second per page, most of tesseract's start-up. Nearly all
scanned pages are upright, so the page is read first as it is; OSD runs only when that
reading does not look upright (low confidence, or word boxes taller than wide, which is
how tesseract reads a page turned 90°), and the page is then turned and read again.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from ocr.borders import find_gutter
from ocr.choose import choose_page
from ocr.cleanup import (
    CleanPage,
    Debug,
    clean_page,
    detect_rotation,
    plain_page,
    rotate_quarter,
)
from ocr.correct import correct_page, restore_marks
from ocr.dewarp import apply_shifts, line_shifts
from ocr.leaders import unglue
from ocr.lexicon import default_lexicon
from ocr.models import Binarize, Grid, OcrPage
from ocr.recognize import ocr_page
from ocr.tables import find_grid, rule_masks, side_by_side

MIN_CONFIDENCE = 0.7
MIN_HORIZONTAL = 0.8


def looks_upright(page: OcrPage) -> bool:
    words = [w for w in page.words if len(w.text) >= 3]
    if len(words) < 5:
        return False  # too little text to tell: let OSD decide (it is cheap on blank pages)
    horizontal = sum(w.box.width >= w.box.height for w in words) / len(words)
    return page.mean_confidence >= MIN_CONFIDENCE and horizontal >= MIN_HORIZONTAL


MIN_DPI = 250  # below this, pages are enlarged (towards 300 dpi) before cleanup and OCR


def upscale(rgb: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """A 150-200 dpi scan enlarged to 300 dpi: tesseract's models are trained on text
    about 30 px high, and small text loses its marks first."""
    if dpi >= MIN_DPI:
        return rgb, dpi
    factor = min(2.0, 300 / dpi)  # a 100 dpi scan is not made of 9 times the pixels
    return (cv2.resize(rgb, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC),
            round(dpi * factor))


def page_image(rgb: np.ndarray, *, dpi: int, rotation: int = 0, deskew: bool = True,
               cleanup: bool = True, binarize: Binarize = "otsu",
               debug: Debug | None = None) -> tuple[CleanPage, int]:
    """The page whose pixel space words, grids and record regions use, from the scan's
    RGB pixels: enlarged below ``MIN_DPI``, turned ``rotation`` degrees clockwise (0, 90,
    180, 270), cleaned (``ocr.cleanup.clean_page``) and, on a two-page spread, each page
    dewarped (``CleanPage.gutter`` is then the fold's x). Returns (page, the dpi it is at).

    Deterministic: the one path from pixels to page geometry, for reading a page and for
    cutting a register entry out of it again (``pipeline.entry_pages``).
    ``cleanup=False``: the scan as it is, Otsu on grey (``ocr.cleanup.plain_page``)."""
    if cleanup:
        rgb, dpi = upscale(rgb, dpi)
    if rotation:
        rgb = rotate_quarter(rgb, rotation)
    if not cleanup:
        return replace(plain_page(rgb), rotation=rotation), dpi
    cleaned = clean_page(rgb, deskew=deskew, dpi=dpi, binarize=binarize, debug=debug)
    gutter = find_gutter(cleaned.for_ocr)
    if gutter is not None and cleaned.grid is not None and _one_table(cleaned, gutter):
        gutter = None  # a landscape table whose column gap looked like a fold
    if gutter is not None:
        cleaned = _dewarp_halves(cleaned, gutter, dpi)
        if debug:  # what tesseract reads now: the spread split and each half dewarped
            debug("spread-dewarped-for-ocr", cleaned.for_ocr)
    return replace(cleaned, rotation=rotation, gutter=gutter), dpi


def read_page(rgb: np.ndarray, *, dpi: int, osd: bool = True, deskew: bool = True,
              language: str = "vie", tessdata_dir: str | None = None,
              timeout: int = 0, correct: bool = True, cleanup: bool = True,
              binarize: Binarize = "otsu", debug: Debug | None = None
              ) -> tuple[CleanPage, OcrPage]:
    """Clean up and read one page; with ``correct``, post-correct its Vietnamese
    (``ocr.correct``; the raw reading is kept on the page). ``cleanup=False`` hands
    tesseract the scan as it is (Otsu on grey, nothing else): the baseline ``sohoa eval``
    compares cleanup against. The returned page's ``dpi`` is the one it was read at; its
    pixels are ``page_image``'s (the page's ``rotation`` gives them again)."""
    options = {"language": language, "tessdata_dir": tessdata_dir, "timeout": timeout}

    def read(rotation: int) -> tuple[CleanPage, OcrPage]:
        cleaned, at = page_image(rgb, dpi=dpi, rotation=rotation, deskew=deskew,
                                 cleanup=cleanup, binarize=binarize, debug=debug)
        if not cleanup:
            return cleaned, ocr_page(cleaned.binary, dpi=at, rotation=rotation, **options)
        gutter = cleaned.gutter
        reading = cleaned.for_reading
        halves = [reading] if gutter is None else _halves(reading, gutter)
        grids = _grids(cleaned, gutter, at)
        pages = [ocr_page(half, dpi=at, rotation=rotation, skew=cleaned.skew,
                          grid=grid, table_image=cleaned.soft, **options)
                 for half, grid in zip(halves, grids, strict=True)]
        tables = (tuple(g for g in grids if g is not None) if gutter is not None
                  else _side_by_side(cleaned))
        page = replace(pages[0], lines=tuple(ln for p in pages for ln in p.lines),
                       gutter=gutter, grid=grids[0] if gutter is None else next(iter(tables), None),
                       grids=tables)
        if cleaned.leaders:
            page = unglue(page)
        return cleaned, page

    cleaned, page = read(0)
    if osd and not looks_upright(page):
        rotation = detect_rotation(cleaned.binary, language)
        if rotation:
            cleaned, page = read(rotation)
    if not correct:
        return cleaned, page
    lexicon = default_lexicon()
    # tesseract's close second guesses first (image evidence), each change looked at twice
    page = choose_page(page, lexicon, cleaned.for_reading, **options)
    return cleaned, correct_page(restore_marks(page, cleaned.leader_dots, lexicon), lexicon)


def _dewarp_halves(cleaned: CleanPage, gutter: int, dpi: int) -> CleanPage:
    """Each page of a spread with its lines straightened (``ocr.dewarp``), in every image
    of the page alike, so word boxes still fit the archived colour image."""
    images = {"colour": cleaned.colour, "binary": cleaned.binary, "ocr": cleaned.ocr,
              "soft": cleaned.soft, "grey": cleaned.grey}
    images = {k: (v.copy() if v is not None else None) for k, v in images.items()}
    width = cleaned.for_ocr.shape[1]
    for a, b in ((0, gutter), (gutter, width)):
        shifts = line_shifts(cleaned.for_ocr[:, a:b], dpi)
        if shifts is None:
            continue
        for image in images.values():
            if image is not None:
                fill = (255, 255, 255) if image.ndim == 3 else 255
                image[:, a:b] = apply_shifts(image[:, a:b], shifts, fill)
    return replace(cleaned, **images)


def _grids(cleaned: CleanPage, gutter: int | None, dpi: int) -> list[Grid | None]:
    """The ruled table of each page to read: the page's own, or on a spread of tables
    each page's, found again on the dewarped page (rule masks are cheap next to OCR)."""
    if gutter is None:
        return [cleaned.grid]
    if cleaned.grid is None:
        return [None, None]
    letters = cleaned.steps.letter_height if cleaned.steps else None
    return [find_grid(*rule_masks(half, dpi, letters or None))
            for half in _halves(cleaned.binary, gutter)]


def _side_by_side(cleaned: CleanPage) -> tuple[Grid, ...]:
    """Two tables side by side in one page's grid (a spread whose fold was not found), or
    () when the grid is one table (``OcrPage.grid`` alone then)."""
    if cleaned.grid is None:
        return ()
    tables = side_by_side(cleaned.binary, cleaned.grid)
    return tables if len(tables) > 1 else ()


def _one_table(cleaned: CleanPage, gutter: int) -> bool:
    """Whether the page's grid is one table across ``gutter``: its rules cross it. The two
    tables of a spread leave the fold bare (their rules together made one grid)."""
    grid = cleaned.grid
    assert grid is not None
    ink = cleaned.binary[:, max(0, gutter - 2):gutter + 3] < 128
    crossing = sum(bool(ink[max(0, y - 3):y + 4].any()) for y in grid.ys)
    return crossing * 2 >= len(grid.ys)


def _halves(binary: np.ndarray, gutter: int) -> list[np.ndarray]:
    """The two pages of a spread, each on a full-size canvas (word boxes stay in page
    coordinates), left first: that is the reading order."""
    left, right = binary.copy(), binary.copy()
    left[:, gutter:] = 255
    right[:, :gutter] = 255
    return [left, right]
