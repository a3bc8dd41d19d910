"""tesseract ``vie`` over a cleaned page: words with boxes and confidences, in visual lines."""

from __future__ import annotations

import cv2
import numpy as np
import pytesseract

from ocr.models import Box, Grid, Line, OcrPage, Word
from ocr.text import nfc

TABLE_SCALE = 1.5  # cell text is small (8-9 pt); tesseract reads it better enlarged


def tesseract_config(dpi: int, tessdata_dir: str | None = None, psm: int = 3) -> str:
    parts = [f"--psm {psm}", f"--dpi {dpi}"]
    if tessdata_dir:
        parts.append(f'--tessdata-dir "{tessdata_dir}"')
    return " ".join(parts)


def recognize(binary: np.ndarray, *, dpi: int, language: str = "vie",
              tessdata_dir: str | None = None, timeout: int = 0, psm: int = 3,
              offset: tuple[int, int] = (0, 0), scale: float = 1.0) -> list[Word]:
    """Words on ``binary``; boxes are moved by ``offset`` and divided by ``scale`` (the
    image may be a crop, enlarged) so they land on the page's own pixels."""
    data = pytesseract.image_to_data(
        binary, lang=language, config=tesseract_config(round(dpi * scale), tessdata_dir, psm),
        output_type=pytesseract.Output.DICT, timeout=timeout,
    )
    dx, dy = offset
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text = nfc(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        box = Box(dx + round(data["left"][i] / scale), dy + round(data["top"][i] / scale),
                  round(data["width"][i] / scale), round(data["height"][i] / scale))
        words.append(Word(text=text, confidence=round(conf / 100.0, 3), box=box))
    return words


def group_lines(words: list[Word]) -> tuple[Line, ...]:
    """Group words into visual lines by vertical overlap, then sort each by x.

    Forms put several ``label: value`` pairs on one row with wide gaps; tesseract's own
    block order can split such a row into columns, so rows are rebuilt from geometry.
    """
    if not words:
        return ()
    heights = sorted(w.box.height for w in words)
    tolerance = max(4.0, heights[len(heights) // 2] * 0.5)
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.box.center_y):
        if rows:
            row = rows[-1]
            centre = sum(w.box.center_y for w in row) / len(row)
            if abs(word.box.center_y - centre) <= tolerance:
                row.append(word)
                continue
        rows.append([word])
    return tuple(Line(tuple(sorted(r, key=lambda w: w.box.left))) for r in rows)


def read_table(binary: np.ndarray, grid: Grid, *, dpi: int, scale: float = TABLE_SCALE,
               cells: np.ndarray | None = None, **tesseract: object) -> list[Word]:
    """A ruled table read column by column, then the page around it.

    On the whole page tesseract's layout analysis dropped narrow columns (all of "Giới
    tính") and small cell text; one uniform block per column, enlarged, reads them.
    """
    top, bottom = grid.ys[0], grid.ys[-1]
    words: list[Word] = []
    for left, right in zip(grid.xs, grid.xs[1:], strict=False):
        strip = (binary if cells is None else cells)[top:bottom, left + 4:right - 4]
        if strip.size == 0 or strip.min() > 128:
            continue
        if scale != 1.0:
            strip = cv2.resize(strip, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        words += recognize(strip, dpi=dpi, psm=6, offset=(left + 4, top), scale=scale,
                           **tesseract)  # type: ignore[arg-type]
    rest = binary.copy()
    rest[top:bottom, grid.xs[0]:grid.xs[-1]] = 255
    return words + recognize(rest, dpi=dpi, **tesseract)  # type: ignore[arg-type]


def ocr_page(binary: np.ndarray, *, dpi: int, language: str = "vie",
             tessdata_dir: str | None = None, timeout: int = 0,
             rotation: int = 0, skew: float = 0.0, grid: Grid | None = None,
             table_image: np.ndarray | None = None) -> OcrPage:
    """A page's words in visual lines; a ruled table's cells are read from ``table_image``
    (a grey image of the same geometry) when given."""
    options = {"language": language, "tessdata_dir": tessdata_dir, "timeout": timeout}
    if grid is not None:
        words = read_table(binary, grid, dpi=dpi, cells=table_image, **options)
    else:
        words = recognize(binary, dpi=dpi, **options)  # type: ignore[arg-type]
    h, w = binary.shape[:2]
    return OcrPage(width=w, height=h, dpi=dpi, lines=group_lines(words),
                   rotation=rotation, skew=skew, grid=grid)
