"""Dotted leader lines: the form's dotted lines that values are typed or written on.

tesseract glues the dots into the words above them and reads rows of them as junk
(``SÙNG.SEQ.GIỐNG....------``). A leader is a long row of small round dots at one
height, evenly spaced; a letter's own dot (the nặng mark under ạ, the dot of i) is
alone or off the row's rhythm, and stays. Dots that touch a typed value's letters are
part of the letter's ink and stay too (clearing every beat of the row nibbled the
letters and read worse).
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np

from ocr.models import Box, Line, OcrPage, Word

MIN_DOTS = 6  # fewer dots in a row are an ellipsis or marks, not a leader


Components = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # cv2.connectedComponentsWithStats


def components(binary: np.ndarray) -> Components:
    return cv2.connectedComponentsWithStats((binary < 128).astype(np.uint8), connectivity=8)


def leader_mask(binary: np.ndarray, dpi: int = 300) -> np.ndarray:
    """Boolean mask of the ink of leader dots on ``binary`` (0 ink, 255 paper)."""
    cc = components(binary)
    is_leader = np.zeros(cc[0], bool)
    is_leader[leader_ids(cc, dpi)] = True
    return is_leader[cc[1]]


def leader_ids(cc: Components, dpi: int = 300) -> np.ndarray:
    """Labels of the components of ``cc`` that are leader dots."""
    n, labels, stats, centroids = cc
    s = dpi / 300
    area, w, h = (stats[:, k] for k in (cv2.CC_STAT_AREA, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    dot = ((area >= 3 * s * s) & (area <= 60 * s * s) & (w <= 10 * s) & (h <= 10 * s)
           & (np.maximum(w, h) <= 2 * np.minimum(w, h) + 1))
    dot[0] = False
    ids = np.flatnonzero(dot)
    if ids.size < MIN_DOTS:
        return ids[:0]
    # Rows of dots: dots of one height, bridged horizontally.
    seeds = np.zeros(labels.shape, np.uint8)
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
    return np.concatenate(leaders) if leaders else ids[:0]


_GLUED = re.compile(r"(?<=[^\W\d_])[.,](?=[^\W\d_])")


def unglue(page: OcrPage) -> OcrPage:
    """Words a leader dot glued together (``Việt.Nam``, ``xã.Mỹ``) split again: on a page
    with leaders, a dot or comma between two letters is a leftover dot, not punctuation.
    tesseract's reading stays in ``raw_text``; the parts are left to post-correction."""
    lines = []
    for line in page.lines:
        words: list[Word] = []
        for w in line.words:
            parts = [p for p in _GLUED.split(w.text) if p]
            if len(parts) == 1:
                words.append(w)
                continue
            x, total = w.box.left, sum(len(p) for p in parts)
            for part in parts:  # boxes shared out by letters
                width = round(w.box.width * len(part) / total)
                words.append(Word(part, w.confidence, Box(x, w.box.top, width, w.box.height)))
                x += width
        lines.append(Line(tuple(words)))
    return replace(page, lines=tuple(lines), raw_text=page.raw_text or page.text)
