"""Specks against marks: a small blob of ink is judged by where it sits, not by its size.

Vietnamese letters carry their marks as separate blobs: the dot of i, an acute or grave,
the hook of ả, the breve of ă, the second mark of ấ, the nặng dot under ạ. At 9-10 pt
and 300 dpi many are as small as a speck (4-12 px of ink on a 1-bit scan), so a rule by
size alone took them: ``mấy`` read ``mây``, ``nhỏ`` ``nho`` (issue #16). A mark sits
just above or below a letter, in the band of its line; a speck is what sits away from
every letter: in a margin, in a wide gap between paragraphs, alone on the page.

Each letter-sized component claims a zone: its box grown by ``UP`` letter heights above,
``DOWN`` below and ``SIDE`` to each side (stacked marks over a capital reach about 0.9 of
the median letter height above its top; a nặng dot under a descender about 0.5 below;
punctuation after a letter, an ellipsis's third dot, about 0.8 to its side). A small
blob whose centre lies in some letter's zone is letter ink and stays; only the others
are specks.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Components = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # cv2.connectedComponentsWithStats

SPECK_AREA = 20  # px of ink at 300 dpi: the largest blob a speck may be (a 5 px dot; a
# period alone, bigger, stays wherever it is)
DUST = 2  # px of ink at 300 dpi: no mark is this small, wherever it sits (a 1-bit mark's
# smallest piece, a 9 pt i-dot, has 9 or more)
SPECK_SIDE = 10  # px at 300 dpi: nor longer than this (no dash, no thin rule piece)
UP, DOWN, SIDE = 1.0, 0.6, 0.8  # a letter's mark zone, in median letter heights
CELL = 4  # px: the zone is drawn on a grid this coarse (16x fewer pixels; a mark is wider)
DEFAULT_HEIGHT = 30  # px at 300 dpi: the letter height assumed on a page without letters


@dataclass(frozen=True)
class Specks:
    """Which components of a page are specks: ``labels`` (bool per component label),
    ``letter_height`` (px, median height of the page's letters) and ``zone`` (bool,
    the page on a ``CELL``-px grid: where marks may sit)."""

    labels: np.ndarray
    letter_height: float
    zone: np.ndarray

    @property
    def count(self) -> int:
        return int(self.labels.sum())


def find_specks(cc: Components, dpi: int = 300) -> Specks:
    """The small components of ``cc`` (``SPECK_AREA``) that sit in no letter's mark zone,
    and dust (``DUST``) wherever it is."""
    n, _, stats, centroids = cc
    s = dpi / 300
    height = letter_height(stats, s)
    zone = mark_zone(stats, height, cc[1].shape, s)
    area, w, h = (stats[:, k] for k in (cv2.CC_STAT_AREA, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    small = (area <= SPECK_AREA * s * s) & (np.maximum(w, h) <= SPECK_SIDE * s)
    small[0] = False
    dust = area <= max(1, round(DUST * s * s))
    gx = np.clip(centroids[:, 0] // CELL, 0, zone.shape[1] - 1).astype(int)
    gy = np.clip(centroids[:, 1] // CELL, 0, zone.shape[0] - 1).astype(int)
    return Specks(small & (dust | ~zone[gy, gx]), height, zone)


def letter_height(stats: np.ndarray, s: float = 1.0) -> float:
    """Median height (px) of the letter-like components: 10-120 px tall at 300 dpi
    (5-48 pt type), at least 25 px of ink; ``DEFAULT_HEIGHT`` if there are none."""
    area, h = stats[1:, cv2.CC_STAT_AREA], stats[1:, cv2.CC_STAT_HEIGHT]
    letters = h[(area >= 25 * s * s) & (h >= 10 * s) & (h <= 120 * s)]
    return float(np.median(letters)) if letters.size else DEFAULT_HEIGHT * s


def mark_zone(stats: np.ndarray, height: float, shape: tuple[int, int],
              s: float = 1.0) -> np.ndarray:
    """Where a letter's marks may sit: every component at least half a letter tall (and
    of 20 px of ink at 300 dpi) with its box grown by ``UP``/``DOWN``/``SIDE`` letter
    heights, as a bool image on a ``CELL``-px grid (``shape`` is the page's, rows x
    columns). Drawn as summed corner marks, not box by box: one pass for thousands of
    letters."""
    rows, cols = -(-shape[0] // CELL), -(-shape[1] // CELL)
    x, y, w, h, area = (stats[1:, k].astype(np.int64) for k in range(5))
    big = (h >= 0.5 * height) & (area >= 20 * s * s)
    x, y, w, h = x[big], y[big], w[big], h[big]
    x0 = np.clip((x - SIDE * height) // CELL, 0, cols).astype(np.int64)
    x1 = np.clip((x + w + SIDE * height) // CELL + 1, 0, cols).astype(np.int64)
    y0 = np.clip((y - UP * height) // CELL, 0, rows).astype(np.int64)
    y1 = np.clip((y + h + DOWN * height) // CELL + 1, 0, rows).astype(np.int64)
    corners = np.zeros((rows + 1, cols + 1), np.int32)
    for ys, xs, sign in ((y0, x0, 1), (y0, x1, -1), (y1, x0, -1), (y1, x1, 1)):
        np.add.at(corners, (ys, xs), sign)
    return corners.cumsum(axis=0).cumsum(axis=1)[:rows, :cols] > 0
