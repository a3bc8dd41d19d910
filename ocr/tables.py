"""Ruling lines: found, removed from the OCR image, and kept as a table grid.

Long straight strokes are form furniture, not text: tesseract reads a ruled cell border as
``|`` or ``—`` glued to the value, or drops the cell. A morphological opening with a long
thin kernel keeps only such strokes; they are erased from the binary image that tesseract
reads (the archived colour image keeps them), and when there are several vertical and
horizontal ones, their positions are the table's cell geometry for the field stage.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.models import Frame, Grid

MIN_LINES = 3  # a table has at least two cells a way: three rules
# The shortest stroke taken for a rule, in inches and in letter heights (``ocr.letters``),
# whichever is longer: what 1/25 of an A4 page's side was at 300 dpi (99 and 140 px),
# now in physical units, so a slip 773 px high does not lose its letters' stems as
# "rules" (1/25 of its height was 30 px: 14-44 % CER, issue #18), and large type keeps
# its stems (an 11 pt letter is 22-26 px high at 300 dpi: 4 and 5 of them, 88-130 px).
HORIZONTAL_INCHES, VERTICAL_INCHES = 0.33, 0.47
HORIZONTAL_LETTERS, VERTICAL_LETTERS = 4.0, 5.0


def rule_lengths(dpi: float, letters: float | None = None) -> tuple[int, int]:
    """(horizontal, vertical) shortest rule lengths (px) at ``dpi`` for letters
    ``letters`` px high (None: not measured)."""
    h = max(HORIZONTAL_INCHES * dpi, HORIZONTAL_LETTERS * (letters or 0.0))
    v = max(VERTICAL_INCHES * dpi, VERTICAL_LETTERS * (letters or 0.0))
    return max(8, round(h)), max(8, round(v))


def rule_masks(binary: np.ndarray, dpi: float = 300, letters: float | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks (uint8 0/1, ``binary``'s shape) of the straight
    strokes at least ``rule_lengths(dpi, letters)`` long in a binary page (ink < 128)."""
    ink = (binary < 128).astype(np.uint8)
    across, down = rule_lengths(dpi, letters)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    return horizontal, vertical


def _positions(profile: np.ndarray, minimum: float) -> tuple[int, ...]:
    """Centres of the runs where ``profile`` (rule pixels per row or column) is high."""
    on = profile >= minimum
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return tuple(int((a + b - 1) // 2) for a, b in zip(edges[::2], edges[1::2], strict=True))


def _thin_only(mask: np.ndarray, widest: int, vertical: bool) -> np.ndarray:
    """``mask`` without its strokes thicker than ``widest`` px across: a rule is a few
    pixels thick; a band that thick is a dark scanner-lid edge or a book's shadow left
    after cropping, whose ragged strokes pass for long rules (and, being longer than the
    table's, would make every real rule look short)."""
    across = (widest + 1, 1) if vertical else (1, widest + 1)
    thick = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, across))
    if not thick.any():
        return mask
    # with its ragged edges: thin strokes along the band's side are the band too
    edge = np.ones((3, 2 * widest + 1) if vertical else (2 * widest + 1, 3), np.uint8)
    return mask & (1 - cv2.dilate(thick, edge))


def find_grid(horizontal: np.ndarray, vertical: np.ndarray) -> Grid | None:
    """The table's rule positions, when the page has a ruled grid (else None).

    A rule must span most of the table: at least half the length of the longest one, so a
    short underline or a separator between register entries does not make a column; and
    be thin (``_thin_only``: a hundredth of the page's short side at most, 25 px at 300 dpi
    on A4).
    """
    widest = max(12, min(horizontal.shape) // 100)
    horizontal = _thin_only(horizontal, widest, vertical=False)
    vertical = _thin_only(vertical, widest, vertical=True)
    rows_profile = cv2.reduce(horizontal, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    cols_profile = cv2.reduce(vertical, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    if rows_profile.max(initial=0) == 0 or cols_profile.max(initial=0) == 0:
        return None
    ys = _positions(rows_profile, rows_profile.max() / 2)
    xs = _positions(cols_profile, cols_profile.max() / 2)
    if len(xs) < MIN_LINES or len(ys) < MIN_LINES:
        return None
    return Grid(xs=xs, ys=ys)


def remove_rules(binary: np.ndarray, frame: Frame | None = None, dpi: float = 300,
                 letters: float | None = None
                 ) -> tuple[np.ndarray, Grid | None, np.ndarray | None]:
    """The binary page without its ruling lines (``rule_masks`` at ``dpi`` for letters
    ``letters`` px high), the grid they form (if any), and the mask of what went (None
    when nothing did) to erase it from other images too. A certificate's printed
    ``frame`` (``ocr.frames``) goes whole, motifs and all, and its rules make no grid."""
    horizontal, vertical = rule_masks(binary, dpi, letters)
    if frame is not None:
        frame.fill_outside(horizontal, 0)
        frame.fill_outside(vertical, 0)
    grid = find_grid(horizontal, vertical)
    rules = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8)) > 0  # anti-aliased edges
    if frame is not None:
        frame.fill_outside(rules, True)
    if not rules.any():
        return binary, grid, None
    out = binary.copy()
    out[rules] = 255
    return out, grid, rules


def _ruled(binary: np.ndarray, y: int, x: int) -> bool:
    """Whether a horizontal rule passes through (x, y) (within 3 px of y)."""
    return bool((binary[max(0, y - 3):y + 4, x] < 128).any())


def side_by_side(binary: np.ndarray, grid: Grid) -> tuple[Grid, ...]:
    """The tables of a grid that is really two side by side (the two pages of a spread
    whose fold was not found: their rules together made one grid). A "column" that
    (nearly) no horizontal rule crosses is the gap between tables; each table keeps the rules
    that cross its own first column. One table: ``(grid,)``."""
    mids = [(a + b) // 2 for a, b in zip(grid.xs, grid.xs[1:], strict=False)]
    crossed = [sum(_ruled(binary, y, x) for y in grid.ys) for x in mids]
    gaps = [c for c, n in enumerate(crossed) if n * 10 <= len(grid.ys)]
    if not gaps:
        return (grid,)
    tables = []
    for first, end in zip([-1, *gaps], [*gaps, len(mids)], strict=True):
        xs = grid.xs[first + 1:end + 1]
        ys = tuple(y for y in grid.ys if len(xs) > 1 and _ruled(binary, y, mids[first + 1]))
        if len(xs) >= MIN_LINES and len(ys) >= MIN_LINES:
            tables.append(Grid(xs=xs, ys=ys))
    return tuple(tables) or (grid,)
