"""Dotted leader lines: the form's dotted lines that values are typed or written on.

tesseract glues the dots into the words above them and reads rows of them as junk
(``SÙNG.SEQ.GIỐNG....------``). A leader is a long row of small round dots at one
height, evenly spaced; a letter's own dot (the nặng mark under ạ, the dot of i) is
alone or off the row's rhythm, and stays. Dots that touch a typed value's letters are
part of the letter's ink and stay too (clearing every beat of the row nibbled the
letters and read worse).
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_DOTS = 6  # fewer dots in a row are an ellipsis or marks, not a leader


def leader_mask(binary: np.ndarray, dpi: int = 300) -> np.ndarray:
    """Boolean mask of the ink of leader dots on ``binary`` (0 ink, 255 paper)."""
    s = dpi / 300
    ink = (binary < 128).astype(np.uint8)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    area, w, h = (stats[:, k] for k in (cv2.CC_STAT_AREA, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    dot = ((area >= 3 * s * s) & (area <= 60 * s * s) & (w <= 10 * s) & (h <= 10 * s)
           & (np.maximum(w, h) <= 2 * np.minimum(w, h) + 1))
    dot[0] = False
    ids = np.flatnonzero(dot)
    mask = np.zeros(ink.shape, bool)
    if ids.size < MIN_DOTS:
        return mask
    # Rows of dots: dots of one height, bridged horizontally.
    seeds = np.zeros(ink.shape, np.uint8)
    cx, cy = centroids[ids, 0].astype(int), centroids[ids, 1].astype(int)
    seeds[cy, cx] = 1
    bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(30 * s)), max(1, int(3 * s))))
    runs = cv2.connectedComponentsWithStats(cv2.dilate(seeds, bridge))[1]
    leaders: list[np.ndarray] = []
    for run in np.unique(runs[cy, cx]):
        members = ids[runs[cy, cx] == run]
        if members.size < MIN_DOTS:
            continue
        xs = np.sort(centroids[members, 0])
        step = float(np.median(np.diff(xs)))
        if step < 4 * s:
            continue
        phase = np.median(np.mod(xs, step))
        off = np.abs((np.mod(centroids[members, 0] - phase + step / 2, step)) - step / 2)
        leaders.append(members[off <= max(2.5 * s, step * 0.2)])
    if leaders:
        mask = np.isin(labels, np.concatenate(leaders))
    return mask


def remove_leaders(binary: np.ndarray, dpi: int = 300) -> np.ndarray:
    """``binary`` with leader dots made paper."""
    mask = leader_mask(binary, dpi)
    if not mask.any():
        return binary
    out = binary.copy()
    out[mask] = 255
    return out
