"""Blank pages told before any reading: the back of a duplex scan has paper grain and a
few specks, which tesseract reads as ~800 characters of junk in 8-16 s (and OSD then
tries every orientation). A page is blank when, at 100 dpi, it holds no more than
``STRAY`` marks the size of a small letter.

How: the darkest channel (a coloured stamp is ink too), min-pooled to about 100 dpi (a
thin pale stroke keeps its darkness; dust and specks under 0.03 in stay under a mark's
size); the paper is measured locally (the lightest level within ``PAPER_INCHES``,
smoothed: a shadow over half the page or a page lit unevenly is paper, not ink, and its
gradient is not grain), and ink is ``CONTRAST`` grey levels darker than the paper around
it (or six times the paper's own grain, if that is more: a noisy scan's grain is no ink);
ink touching the image's edge (a scanner border, a shadow by the spine) is not counted;
a mark is a blob at least ``MARK_INCHES`` across (a 6 pt letter's x-height). A page
whose paper is dark (a photo, a negative) is never called blank. 20-40 ms at 300 dpi.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

WORK_DPI = 100
CONTRAST = 40  # grey levels below paper: pencil at grey 150 on paper at 235 is ink
GRAIN = 6.0  # ink is also at least this many times the paper's grain (robust sigma)
MARK_INCHES = 0.04  # a blob this long either way is a mark (6 pt x-height), not a speck
STRAY = 2  # marks a blank page may hold (two punched holes, a hair, a stain)
DARK_PAPER = 128  # paper darker than this is no page of paper
PAPER_INCHES = 0.25  # wider than any letter's stroke cluster: the lightest level here is paper


@dataclass(frozen=True)
class Ink:
    """What the ink check saw: ``marks`` (blobs of a letter's size, edge ink left out),
    ``paper`` (median grey level 0-255) and ``threshold`` (grey under which a pixel
is ink where the paper is at its median level; elsewhere the level is that far under
the paper around it)."""

    marks: int
    paper: float
    threshold: float

    @property
    def blank(self) -> bool:
        return self.paper >= DARK_PAPER and self.marks <= STRAY


def ink(rgb: np.ndarray, dpi: int) -> Ink:
    """The ink check of a page (rows x columns x 3 RGB or rows x columns grey, uint8)
    scanned at ``dpi``; see the module's rules."""
    grey = rgb if rgb.ndim == 2 else cv2.min(cv2.min(rgb[:, :, 0], rgb[:, :, 1]), rgb[:, :, 2])
    k = max(1, round(dpi / WORK_DPI))
    if k > 1:  # min-pooling: the darkest pixel of each k x k block
        grey = cv2.erode(grey, np.ones((k, k), np.uint8))[k // 2::k, k // 2::k]
    paper = float(np.median(grey[::2, ::2]))
    if paper < DARK_PAPER:
        return Ink(marks=0, paper=paper, threshold=0.0)
    side = max(3, round(PAPER_INCHES * dpi / k)) | 1
    local = cv2.blur(cv2.dilate(grey, np.ones((side, side), np.uint8)), (side, side))
    below = local.astype(np.float32) - grey  # how much darker than the paper around it
    sample = below[::2, ::2]
    grain = 1.4826 * float(np.median(np.abs(sample - np.median(sample))))
    level = max(CONTRAST, GRAIN * grain)
    threshold = paper - level
    dark = (below > level).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    x, y = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    rows, cols = dark.shape
    inside = (x > 0) & (y > 0) & (x + w < cols) & (y + h < rows)
    size = MARK_INCHES * dpi / k
    marks = inside & (np.maximum(w, h) >= size)
    return Ink(marks=int(marks.sum()), paper=round(paper, 1), threshold=round(threshold, 1))


def is_blank(rgb: np.ndarray, dpi: int) -> bool:
    """Whether the page has no ink worth reading (``ink``): no tesseract for it."""
    return ink(rgb, dpi).blank
