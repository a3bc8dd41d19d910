"""Reading order of a page's text: a page set in columns is read column by column.

``ocr.recognize.group_lines`` rebuilds visual lines across the whole page width, which is
what field extraction needs (a form's ``label: value`` pairs share a row, whatever
tesseract's blocks say). On a page set in two columns (a book's poems; a marriage form
with the two spouses side by side) those lines run across the gutter, and text read that
way interleaves two texts: VietOCR's
two-column sample page (``tests/data/real/vietocr-vietsample2-p2``) had a CER of 0.72
against 0.015 for bare tesseract, which reads it block by block.

A column section is found from geometry alone: a run of lines where one x is the start of
a left-aligned column after a wide gap (``GUTTER`` word heights) on at least
``MIN_SECTION`` lines, and no line of the run crosses the gutter before that x (no word
over it, no ordinary word gap at it). The section is read left column first, then right;
each column may hold columns again. Lines above and below a section (a title across both
columns) keep their order; so do pages with ruled tables, whose rows are the reading order
(``OcrPage.text`` decides). A gutter narrower than ``GUTTER`` word heights (justified prose
in narrow columns) is not found: those pages are still read across.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ocr.models import Line, Word

GUTTER = 3.0  # a gap this many median word heights wide may be a column gutter
MIN_SECTION = 8  # lines with words on both sides of the gutter, at least
MAX_DEPTH = 3  # columns inside columns, at most (a newspaper's three or four)

Row = list["Word"]


def reading_text(lines: Sequence[Line]) -> str:
    """The page's text, one line per row, column sections read column by column.

    ``lines``: visual lines in top-to-bottom order (``group_lines``); returns their text
    joined by newlines, with the rows of each column section re-ordered."""
    rows = [list(line.words) for line in lines if line.words]
    return "\n".join(" ".join(w.text for w in row) for row in _ordered(rows, MAX_DEPTH))


def _ordered(rows: list[Row], depth: int) -> list[Row]:
    if depth == 0 or len(rows) < MIN_SECTION:
        return rows
    height = _median_height(rows)
    x = _column_start(rows, height)
    if x is None:
        return rows
    section = _section(rows, x, height)
    if section is None:
        return rows
    first, last = section
    left = [[w for w in row if w.box.left < x - height] for row in rows[first:last + 1]]
    right = [[w for w in row if w.box.left >= x - height] for row in rows[first:last + 1]]
    return (rows[:first] + _ordered([r for r in left if r], depth - 1)
            + _ordered([r for r in right if r], depth - 1)
            + _ordered(rows[last + 1:], depth))


def _median_height(rows: list[Row]) -> float:
    heights = sorted(w.box.height for row in rows for w in row)
    return max(4.0, float(heights[len(heights) // 2]))


def _starts(row: Row, height: float) -> list[int]:
    """x of each word in ``row`` that follows a gap of ``GUTTER`` word heights or more."""
    return [b.box.left for a, b in zip(row, row[1:], strict=False)
            if b.box.left - a.box.right >= GUTTER * height]


def _column_start(rows: list[Row], height: float) -> int | None:
    """The x most rows start a word at after a wide gap (within a word height), when at
    least ``MIN_SECTION`` rows do; else None."""
    starts = sorted(x for row in rows for x in set(_starts(row, height)))
    best, count = None, 0
    for i, x in enumerate(starts):
        near = [s for s in starts[i:] if s - x <= height]
        if len(near) > count:
            best, count = near[len(near) // 2], len(near)
    return best if count >= MIN_SECTION else None


def _section(rows: list[Row], x: int, height: float) -> tuple[int, int] | None:
    """(first, last) index of the run of rows no word crosses ``x`` in that holds the most
    rows with words on both sides, when ``MIN_SECTION`` of them at least. Rows of the run
    with words on one side only belong to that side's column (a column running longer
    than the other, a title above the left one)."""
    best: tuple[int, int] | None = None
    best_count = 0
    run: list[int] = []
    for i in range(len(rows) + 1):
        if i < len(rows) and not _crosses(rows[i], x, height):
            run.append(i)
            continue
        both = sum(_both_sides(rows[k], x, height) for k in run)
        if both > best_count:
            best, best_count = (run[0], run[-1]), both
        run = []
    return best if best_count >= MIN_SECTION else None


def _crosses(row: Row, x: int, height: float) -> bool:
    """Whether ``row`` runs across the gutter before ``x``: a word over it, or words on
    both sides closer than a gutter (a full-width line whose word gap fell there)."""
    if any(w.box.left < x - height < w.box.right for w in row):
        return True
    left = [w.box.right for w in row if w.box.right <= x - height]
    right = [w.box.left for w in row if w.box.left >= x - height]
    return bool(left and right) and min(right) - max(left) < GUTTER * height


def _both_sides(row: Row, x: int, height: float) -> bool:
    return (any(w.box.right <= x - height for w in row)
            and any(w.box.left >= x - height for w in row))
