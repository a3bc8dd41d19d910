"""A certificate's printed frame: found from its rules, and everything outside it taken
out of the OCR image.

Birth and marriage certificates are printed inside an ornamental border: one or two
rules around the page with a chain of motifs between them and corner pieces. tesseract
reads the motifs as lines of junk (``b ©``, ``l4``, ``aaaaaG``) beside every line of
text, and the frame's four double rules look like a ruled table (four columns, four
rows) to ``ocr.tables``. A frame is a rule near each of the four edges, at least 60 %
of the page long; the text is inside the innermost ones. A ruled table that fills the
page is no frame: it has long rules inside too.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.models import Frame
from ocr.tables import rule_masks

EDGE = 0.10  # a frame's rules lie within this fraction of the page side from its edge
LONG = 0.6  # and are at least this fraction of the page side long
HALF = 0.3  # the innermost rule may be broken (thin, rescanned): this much of it will do
INSIDE = 0.5  # a rule inside the frame this long (of the frame's side) makes it a table
MARGIN = 4  # px (at half size) taken off the inner box: the inner rule's blurred edge


def detect_frame(rgb: np.ndarray, dpi: float = 300) -> Frame | None:
    """The printed frame of a colour page, or None. Looked for at half size in the green
    channel: frames are printed in colour (the marriage paper's is red, faint in the red
    channel that OCR reads, where its rules came out as dashes), and a frame's rules are
    long enough to be found at any size (40 ms against 120 at full size)."""
    green = rgb[:, :, 1] if rgb.ndim == 3 else rgb
    small = cv2.resize(green, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    frame = find_frame(*rule_masks(binary, dpi / 2))
    return None if frame is None else frame.scaled(2)


def _cover(mask: np.ndarray) -> np.ndarray:
    """For each row of ``mask`` (a rule mask), the fraction of the page's width its rules
    cover within 3 rows: a thin rule left slightly tilted by deskew still counts whole."""
    return cv2.dilate(mask.astype(np.uint8), np.ones((7, 1), np.uint8)).mean(axis=1)


def _sides(cover: np.ndarray) -> tuple[int, int] | None:
    """The innermost rows, near the first and near the last edge, that a frame's rule
    covers; None unless a rule near each edge is LONG."""
    n = cover.size
    band = int(EDGE * n)
    near, far = cover[:band], cover[n - band:]
    if near.max(initial=0) < LONG or far.max(initial=0) < LONG:
        return None
    return int(np.flatnonzero(near >= HALF).max()), n - band + int(np.flatnonzero(far >= HALF).min())


def find_frame(horizontal: np.ndarray, vertical: np.ndarray) -> Frame | None:
    """The frame formed by the long rules in the (horizontal, vertical) rule masks of
    ``ocr.tables.rule_masks`` of a page, or None when the page has none."""
    rows, cols = _sides(_cover(horizontal)), _sides(_cover(vertical.T))
    if rows is None or cols is None:
        return None
    frame = Frame(left=cols[0] + MARGIN, top=rows[0] + MARGIN, right=cols[1] - MARGIN,
                  bottom=rows[1] - MARGIN)
    h, w = horizontal.shape
    middle = np.zeros((h, w), bool)
    middle[int(EDGE * h):h - int(EDGE * h), int(EDGE * w):w - int(EDGE * w)] = True
    if (_cover(horizontal & middle) >= INSIDE * (frame.right - frame.left) / w).any() or (
            _cover((vertical & middle).T) >= INSIDE * (frame.bottom - frame.top) / h).any():
        return None  # rules across the middle: a page-wide table, not a frame
    return frame
