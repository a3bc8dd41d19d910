"""Text lines that bend near a book's gutter, straightened (dewarping).

A book scanned open does not lie flat near its spine: the lines of each page sink or
rise as they approach the gutter. Cut into narrow vertical strips, the page shows the
same rows of text in each strip, moved up or down a little from one strip to the next;
those moves, followed across the page, are the curve, and each column of pixels is moved
back by it. Only pages split from a spread are dewarped: on a flat page any apparent
curve would be noise.
"""

from __future__ import annotations

import cv2
import numpy as np

STRIP = 80  # px at 300 dpi: narrow enough to follow the curve, wide enough to hold text
MAX_STEP = 8  # px a line may move between neighbouring strips
MIN_CURVE = 4  # px: less than this is not worth moving pixels for


def line_shifts(binary: np.ndarray, dpi: int = 300) -> np.ndarray | None:
    """Vertical offset of the text (px, + down) at the centre of each strip, relative to
    the page's straight part; None when the lines are straight."""
    strip = max(20, round(STRIP * dpi / 300))
    ink = (binary < 128).astype(np.float32)
    h, w = ink.shape
    n = w // strip
    if n < 4:
        return None
    profiles = [cv2.GaussianBlur(ink[:, i * strip:(i + 1) * strip].sum(axis=1).reshape(-1, 1),
                                 (1, 0), 3).ravel() for i in range(n)]
    shifts = np.zeros(n)
    for i in range(1, n):
        a, b = profiles[i - 1], profiles[i]
        if a.sum() < strip * 2 or b.sum() < strip * 2:  # (nearly) empty strip: no evidence
            shifts[i] = shifts[i - 1]
            continue
        lags = range(-MAX_STEP, MAX_STEP + 1)
        scores = [float(np.dot(a[max(0, -k):h - max(0, k)], b[max(0, k):h - max(0, -k)]))
                  for k in lags]
        shifts[i] = shifts[i - 1] + lags[int(np.argmax(scores))]
    shifts -= np.median(shifts)  # most of a page is flat: that is the reference
    return shifts if np.abs(shifts).max() >= MIN_CURVE else None


def apply_shifts(image: np.ndarray, shifts: np.ndarray, fill: int | tuple[int, ...]) -> np.ndarray:
    """Each column moved up by the curve's offset there (interpolated between strips)."""
    h, w = image.shape[:2]
    strip = w / len(shifts)
    centres = (np.arange(len(shifts)) + 0.5) * strip
    offset = np.interp(np.arange(w), centres, shifts).astype(np.float32)
    map_x = np.tile(np.arange(w, dtype=np.float32), (h, 1))
    map_y = np.arange(h, dtype=np.float32)[:, None] + offset[None, :]
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                     borderValue=fill)
