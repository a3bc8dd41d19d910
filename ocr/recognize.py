"""tesseract ``vie`` over a cleaned page: words with boxes and confidences, in visual lines."""

from __future__ import annotations

import numpy as np
import pytesseract

from ocr.models import Box, Line, OcrPage, Word
from ocr.text import nfc


def tesseract_config(dpi: int, tessdata_dir: str | None = None, psm: int = 3) -> str:
    parts = [f"--psm {psm}", f"--dpi {dpi}"]
    if tessdata_dir:
        parts.append(f'--tessdata-dir "{tessdata_dir}"')
    return " ".join(parts)


def recognize(binary: np.ndarray, *, dpi: int, language: str = "vie",
              tessdata_dir: str | None = None, timeout: int = 0) -> list[Word]:
    data = pytesseract.image_to_data(
        binary, lang=language, config=tesseract_config(dpi, tessdata_dir),
        output_type=pytesseract.Output.DICT, timeout=timeout,
    )
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text = nfc(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        box = Box(int(data["left"][i]), int(data["top"][i]),
                  int(data["width"][i]), int(data["height"][i]))
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


def ocr_page(binary: np.ndarray, *, dpi: int, language: str = "vie",
             tessdata_dir: str | None = None, timeout: int = 0,
             rotation: int = 0, skew: float = 0.0) -> OcrPage:
    words = recognize(binary, dpi=dpi, language=language, tessdata_dir=tessdata_dir,
                      timeout=timeout)
    h, w = binary.shape[:2]
    return OcrPage(width=w, height=h, dpi=dpi, lines=group_lines(words),
                   rotation=rotation, skew=skew)
