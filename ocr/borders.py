"""The page on the scanner bed: dark borders found and cropped away, two-page spreads split.

A flatbed scan of a loose certificate shows the dark lid around the paper; tesseract reads
the edge as a column of ``|`` and ``l``, and deskew aligns to the paper's edge instead of
the text. A book scanned open shows two pages with the gutter between them; read as one
page, each line of the left page is glued to the line beside it on the right.
"""

from __future__ import annotations

import cv2
import numpy as np

WORK_SIDE = 800  # px: the long side the page is looked at on (fast, and enough)
DARK = 90  # grey level below which a pixel is scanner bed, not paper (paper is > 150)


def page_box(rgb: np.ndarray) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """(x, y, width, height) of the paper and its mask (same size as the box), when the
    scan shows a dark border on most of its edge; None when the paper fills the scan."""
    if not _dark_edge(rgb):
        return None  # most pages: no need to look further
    step = max(1, max(rgb.shape[:2]) // (2 * WORK_SIDE))  # look at every n-th pixel first
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[::step, ::step]), cv2.COLOR_RGB2GRAY)
    scale = WORK_SIDE / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    scale /= step
    paper = (small >= DARK).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(paper)
    if n < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[best, cv2.CC_STAT_AREA] < 0.3 * small.size:
        return None  # no sheet of paper in view: leave the scan as it is
    # A book's gutter shadow (as dark as the bed) parts a spread's two pages: paper as large
    # as half the largest piece is a page too, and the box holds them all.
    kept = [i for i in range(1, n)
            if stats[i, cv2.CC_STAT_AREA] >= 0.5 * stats[best, cv2.CC_STAT_AREA]]
    x, y = stats[kept, 0].min(), stats[kept, 1].min()
    w = (stats[kept, 0] + stats[kept, 2]).max() - x
    h = (stats[kept, 1] + stats[kept, 3]).max() - y
    # The mask fills the text holes (text is dark as well) and is pulled in a little: the
    # sheet's own edge casts a grey line.
    mask = np.isin(labels, kept).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = cv2.drawContours(np.zeros_like(mask), contours, -1, 1, thickness=cv2.FILLED)
    mask = cv2.erode(mask, np.ones((5, 5), np.uint8))
    rows, cols = rgb.shape[:2]
    full = cv2.resize(mask, (cols, rows), interpolation=cv2.INTER_NEAREST)
    X, Y, W, H = (round(v / scale) for v in (x, y, w, h))
    X, Y = max(0, X), max(0, Y)
    W, H = min(W, cols - X), min(H, rows - Y)
    return (X, Y, W, H), full[Y:Y + H, X:X + W].astype(bool)


def _dark_edge(rgb: np.ndarray) -> bool:
    """Whether most of the scan's edge, three pixels deep at ``WORK_SIDE``, is darker than
    paper: a scanner bed around the sheet."""
    step = max(1, max(rgb.shape[:2]) // WORK_SIDE)
    view = rgb[::step, ::step]
    edge = np.concatenate([view[:3].reshape(-1, 3), view[-3:].reshape(-1, 3),
                           view[:, :3].reshape(-1, 3), view[:, -3:].reshape(-1, 3)])
    grey = edge @ np.array([0.299, 0.587, 0.114])  # as cv2.COLOR_RGB2GRAY weighs them
    return bool((grey < DARK).mean() >= 0.5)


def crop_to_page(rgb: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """The paper alone; what the crop leaves of the bed (corners of a turned sheet) is
    painted the paper's own colour. The resolution is unchanged: only pixels go."""
    found = page_box(rgb)
    if found is None:
        return rgb, None
    (x, y, w, h), mask = found
    page = rgb[y:y + h, x:x + w].copy()
    paper = np.median(page[::9, ::9][mask[::9, ::9]], axis=0).astype(np.uint8)
    page[~mask] = paper
    return page, (x, y, w, h)


def find_gutter(binary: np.ndarray) -> int | None:
    """x of the gutter of a two-page spread, or None for a single page.

    A spread is landscape and has a band, in its middle fifth, that no text crosses from
    the top of the text to its bottom; a landscape register table has rules across it.
    """
    h, w = binary.shape[:2]
    if w < 1.2 * h:
        return None
    ink = binary < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    body = ink[rows[0]:rows[-1] + 1]
    columns = body.sum(axis=0)
    lo, hi = int(w * 0.4), int(w * 0.6)
    empty = columns[lo:hi] <= max(2, body.shape[0] // 500)
    best, start, run = (0, 0), None, 0
    for i, e in enumerate(np.append(empty, False)):
        if e:
            start = i if start is None else start
            run += 1
        elif start is not None:
            best = max(best, (run, start))
            start, run = None, 0
    width, at = best
    if width < w * 0.02:  # an inner margin of a book page is wider than 1 cm
        return None
    return lo + at + width // 2
