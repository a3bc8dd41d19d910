"""tesseract ``vie`` over a cleaned page: words with boxes and confidences, in visual lines."""

from __future__ import annotations

import cv2
import numpy as np
import pytesseract

from ocr.choices import parse_hocr
from ocr.models import Box, Grid, Line, OcrPage, Word

# tesseract's hOCR with each letter's box and the other letters it weighed
CHOICES = "-c hocr_char_boxes=1 -c lstm_choice_mode=2"
TABLE_SCALE = 1.5  # cell text is small (8-9 pt); tesseract reads it better enlarged
# A column strip with no pixel darker than this is empty. Not 128: faded ink on a grey
# table image is 125-130 at its darkest, and whole columns were skipped (indgen dev seed 15).
INK_LEVEL = 200


def tesseract_config(dpi: int, tessdata_dir: str | None = None, psm: int = 3) -> str:
    parts = [f"--psm {psm}", f"--dpi {dpi}"]
    if tessdata_dir:
        parts.append(f'--tessdata-dir "{tessdata_dir}"')
    return " ".join(parts)


def recognize(binary: np.ndarray, *, dpi: int, language: str = "vie",
              tessdata_dir: str | None = None, timeout: int = 0, psm: int = 3,
              offset: tuple[int, int] = (0, 0), scale: float = 1.0) -> list[Word]:
    """Words on ``binary``; boxes are moved by ``offset`` and divided by ``scale`` (the
    image may be a crop, enlarged) so they land on the page's own pixels. Each word
    carries its letters' close alternatives (``Word.choices``, ``ocr.choices``): read
    from tesseract's hOCR, the same reading as its TSV, at about 10 % more time."""
    config = f"{tesseract_config(round(dpi * scale), tessdata_dir, psm)} {CHOICES}"
    hocr = pytesseract.image_to_pdf_or_hocr(binary, lang=language, config=config,
                                            extension="hocr", timeout=timeout)
    return parse_hocr(hocr, offset=offset, scale=scale)


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
        if strip.size == 0 or strip.min() > INK_LEVEL:
            continue  # no ink (faded ink, grey 130-150 on a scan, is ink)
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
        words += recover_missed(binary, words, dpi=dpi, **options)
    h, w = binary.shape[:2]
    return OcrPage(width=w, height=h, dpi=dpi, lines=group_lines(words),
                   rotation=rotation, skew=skew, grid=grid)


MAX_RECOVERED = 12  # text lines re-read a page: bounds the cost on noisy pages


def missed_lines(binary: np.ndarray, words: list[Word], dpi: int) -> list[Box]:
    """Text-like ink that no recognised word covers: line-shaped clusters of ink, as tall
    as printed text, outside every word box."""
    ink = (binary < 128).astype(np.uint8)
    for w in words:
        ink[max(0, w.box.top - 6):w.box.bottom + 6, max(0, w.box.left - 6):w.box.right + 6] = 0
    scale = dpi / 300
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (int(40 * scale), 3)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    boxes = []
    for x, y, width, height, _area in stats[1:n]:
        if not (25 * scale <= height <= 90 * scale and width >= 60 * scale and width > 1.5 * height):
            continue
        # Printed text is several glyphs; a signature or a rule remnant is one stroke.
        glyphs = cv2.connectedComponents(ink[y:y + height, x:x + width])[0] - 1
        if glyphs >= 3:
            boxes.append(Box(int(x), int(y), int(width), int(height)))
    return sorted(boxes, key=lambda b: -b.width * b.height)[:MAX_RECOVERED]


LEADER_RUN = 4  # dashes or dots in a row, nothing else between: a leader, not marks


def _leader(run: list[tuple], line_height: int) -> bool:
    """A run of small marks is a leader when it is long, twice the line's height at least:
    a slash or a letter broken into specks on a grey scan is narrow."""
    return len(run) >= LEADER_RUN and run[-1][2] - run[0][0] >= 2 * line_height


def erase_leader_runs(crop: np.ndarray, line_height: int) -> np.ndarray:
    """``crop`` (one text line) without its leaders: runs of ``LEADER_RUN`` or more small
    marks (a quarter of the line's height at most) at one height, each close to the last,
    with no letter between them. A mark of a letter (a dot, an accent) has letters on both
    sides; dashes (``------``) the page's dotted-leader pass does not take are such a run,
    and a long one (``_leader``)."""
    ink = (crop < 128).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    marks = sorted((x, y + h / 2, x + w, h <= 0.25 * line_height and w <= line_height, i)
                   for i, (x, y, w, h, _a) in enumerate(stats[1:n], start=1))
    runs: list[list[tuple]] = [[]]
    for mark in marks:
        last = runs[-1][-1] if runs[-1] else None
        if mark[3] and (last is None or (mark[0] - last[2] <= line_height
                                         and abs(mark[1] - last[1]) <= 0.2 * line_height)):
            runs[-1].append(mark)
        else:
            runs.append([mark] if mark[3] else [])
    drop = [m[4] for run in runs if _leader(run, line_height) for m in run]
    out = crop.copy()
    out[np.isin(labels, drop)] = 255
    return out


def recover_missed(binary: np.ndarray, words: list[Word], *, dpi: int,
                   **tesseract: object) -> list[Word]:
    """Read again, one line at a time, the text tesseract's layout analysis dropped.

    On the pink marriage paper tesseract found no block at all for the clean line "Số: 48"
    (the registration number). Only confident, lettered words are kept: signatures and
    seal remnants are ink too, and read as junk. The line's leaders are erased first
    (``erase_leader_runs``): a date read with its dashes (``04/12/2019_..._...``) had a
    confidence of 0.03 and was dropped, the line's label kept.
    """
    found: list[Word] = []
    h, w = binary.shape[:2]
    for box in missed_lines(binary, words, dpi):
        top, left = max(0, box.top - 10), max(0, box.left - 10)
        crop = erase_leader_runs(binary[top:min(h, box.bottom + 10),
                                        left:min(w, box.right + 10)], box.height)
        for word in recognize(crop, dpi=dpi, psm=7, offset=(left, top),
                              **tesseract):  # type: ignore[arg-type]
            if word.confidence >= 0.5 and any(ch.isalnum() for ch in word.text):
                found.append(word)
    return found
