"""Cleanup and recognition of one page, with orientation detection only when needed.

tesseract's OSD costs about a second per page, most of tesseract's start-up. Nearly all
scanned pages are upright, so the page is read first as it is; OSD runs only when that
reading does not look upright (low confidence, or word boxes taller than wide, which is
how tesseract reads a page turned 90°), and the page is then turned and read again.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ocr.cleanup import CleanPage, clean_page, detect_rotation, rotate_quarter
from ocr.correct import correct_page
from ocr.lexicon import default_lexicon
from ocr.models import OcrPage
from ocr.recognize import ocr_page

MIN_CONFIDENCE = 0.7
MIN_HORIZONTAL = 0.8


def looks_upright(page: OcrPage) -> bool:
    words = [w for w in page.words if len(w.text) >= 3]
    if len(words) < 5:
        return False  # too little text to tell: let OSD decide (it is cheap on blank pages)
    horizontal = sum(w.box.width >= w.box.height for w in words) / len(words)
    return page.mean_confidence >= MIN_CONFIDENCE and horizontal >= MIN_HORIZONTAL


def read_page(rgb: np.ndarray, *, dpi: int, osd: bool = True, deskew: bool = True,
              language: str = "vie", tessdata_dir: str | None = None,
              timeout: int = 0, correct: bool = True) -> tuple[CleanPage, OcrPage]:
    """Clean up and read one page; with ``correct``, post-correct its Vietnamese
    (``ocr.correct``; the raw reading is kept on the page)."""
    cleaned, page = _read(rgb, dpi=dpi, osd=osd, deskew=deskew, language=language,
                          tessdata_dir=tessdata_dir, timeout=timeout)
    return cleaned, (correct_page(page, default_lexicon()) if correct else page)


def _read(rgb: np.ndarray, *, dpi: int, osd: bool, deskew: bool, language: str,
          tessdata_dir: str | None, timeout: int) -> tuple[CleanPage, OcrPage]:
    def read(image: np.ndarray, rotation: int) -> tuple[CleanPage, OcrPage]:
        cleaned = clean_page(image, deskew=deskew)
        page = ocr_page(cleaned.for_ocr, dpi=dpi, language=language, tessdata_dir=tessdata_dir,
                        timeout=timeout, rotation=rotation, skew=cleaned.skew, grid=cleaned.grid,
                        table_image=cleaned.soft)
        return replace(cleaned, rotation=rotation), page

    cleaned, page = read(rgb, 0)
    if not osd or looks_upright(page):
        return cleaned, page
    rotation = detect_rotation(cleaned.binary)
    if rotation == 0:
        return cleaned, page
    return read(rotate_quarter(rgb, rotation), rotation)
