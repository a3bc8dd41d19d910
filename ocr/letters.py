"""The size of a page's letters, measured on its ink: what kernels, thresholds and the
page's believed resolution are scaled by (not the image's height or width).

``letter_height`` is the median height (px) of the letter-sized ink components: marks,
dots and specks (under 40 % of the tall letters' height), rules and borders (over a
tenth of the page, or more than 6:1 either way) left out. On ``pipeline.samples.prose``
pages it is 0.48-0.59 of the type size in pixels (Liberation, Noto, DejaVu; 9-14 pt;
150-600 dpi): 22-26 px for 11 pt at 300 dpi. Measured at most ``WORK_SIDE`` px on the
long side (a whole-factor shrink; the height scaled back): 10-25 ms a 300 dpi page.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_LETTERS = 40  # fewer letter-sized components: too little text to measure
WORK_SIDE = 2000  # px


def letter_height(binary: np.ndarray) -> float | None:
    """Median letter height (px, at ``binary``'s own scale) of a binary page (uint8, ink
    under 128, paper above), or None when it has fewer than ``MIN_LETTERS`` letters (a
    blank page) or more ink than paper (not a page of text)."""
    k = max(1, -(-max(binary.shape[:2]) // WORK_SIDE))
    ink = (binary[::k, ::k] < 128).astype(np.uint8) if k > 1 else (binary < 128).astype(np.uint8)
    if ink.mean() > 0.5:
        return None
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    shaped = (h >= 2) & (h <= max(ink.shape) / 10) & (w <= 6 * h) & (h <= 6 * w)
    heights = h[shaped]
    if heights.size < MIN_LETTERS:
        return None
    letters = heights[heights >= 0.4 * float(np.percentile(heights, 90))]
    if letters.size < MIN_LETTERS:
        return None
    return float(np.median(letters)) * k
