"""Dotted leader lines: the form's dotted lines that values are typed or written on.

tesseract glues the dots into the words above them and reads rows of them as junk
(``SÙNG.SEQ.GIỐNG....------``). A leader is a long row of small round dots at one
height, evenly spaced; a letter's own dot (the nặng mark under ạ, the dot of i) is
alone or off the row's rhythm, and stays. Once a line is known, it is followed beat by
beat under the typed value, where dots ran into the letters' feet: a dot-sized blob on
the beat with paper under it is cut off (a descender goes on below it and stays). Left
in, those dots were read as nặng marks and periods (``Nạm``, ``Lưu.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ocr.models import Box, Line, OcrPage, Word

MIN_DOTS = 6  # fewer dots in a row are an ellipsis or marks, not a leader


Components = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # cv2.connectedComponentsWithStats


@dataclass(frozen=True, slots=True)
class Leader:
    """One dotted line: where its dots are (x from ``x0`` to ``x1``, centre height
    ``y0 + slope * (x - x0)``), its beat (a dot every ``step`` px from ``phase``) and
    the dots' diameter and area."""

    x0: float
    x1: float
    y0: float
    slope: float
    phase: float
    step: float
    size: float
    area: float

    def y(self, x: float) -> float:
        return self.y0 + self.slope * (x - self.x0)

    def beats(self) -> np.ndarray:
        first = self.phase + np.ceil((self.x0 - self.phase) / self.step) * self.step
        return np.arange(first, self.x1 + 1, self.step)


def components(binary: np.ndarray) -> Components:
    """The ink's 8-connected components, labelled in 16 bits when there are fewer than
    65,535 (twice as fast to label and to look labels up in; a text page has a few
    thousand), else in 32."""
    ink = (binary < 128).astype(np.uint8)
    try:
        return cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:  # OpenCV refuses to overflow 16-bit labels: a page of noise
        return cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_32S)


def leader_mask(binary: np.ndarray, dpi: int = 300) -> np.ndarray:
    """Boolean mask of the ink ``remove_leaders`` takes off ``binary`` (0 ink, 255 paper)."""
    return (remove_leaders(binary, components(binary), dpi)[0] > 127) & (binary < 128)


NO_DOTS = np.zeros((0, 3), int)


def remove_leaders(binary: np.ndarray, cc: Components, dpi: int = 300,
                   drop: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``binary`` without its leader dots, free or run into a typed letter's foot; the
    components flagged in ``drop`` (specks) go too. Returns the image and the dots taken
    (rows of x, y, 1 if the dot was cut off a letter): a nặng mark that fell on the
    line's beat looks just like a dot and went with it (``ocr.correct.restore_marks``)."""
    drop = np.zeros(cc[0], bool) if drop is None else drop.copy()
    drop[find_dashes(cc, dpi)] = True
    ids, rows = find_leaders(cc, dpi)
    drop[ids] = True
    out = erase_components(binary, cc, drop)
    if not rows:
        return out, NO_DOTS
    out = out if out is not binary else binary.copy()  # the caller's image is not touched
    taken = [(round(x), round(y), 0) for x, y in cc[3][ids]]
    found = {i: (x, y, a) for i, (x, y), a in  # Python numbers: the walk looks them up often
             zip(ids.tolist(), cc[3][ids].tolist(), cc[2][ids, cv2.CC_STAT_AREA].tolist(),
                 strict=True)}
    for row in rows:
        _erase_on_beat(out, cc, row, dpi / 300, taken, found)
    return out, np.array(taken, int).reshape(-1, 3)


def erase_components(binary: np.ndarray, cc: Components, drop: np.ndarray) -> np.ndarray:
    """``binary`` (a copy, if anything goes) with the components flagged in ``drop``
    made paper."""
    drop[0] = False
    gone = np.flatnonzero(drop)
    if gone.size == 0:
        return binary
    out = binary.copy()
    if gone.size > BOXES:
        out[drop[cc[1]]] = 255  # a lookup per label: np.isin over the page is 5x slower
        return out
    for label in gone:  # ~5 us each, where the page-wide lookup takes ~25 ms
        x, y, w, h = cc[2][label, :4]
        out[y:y + h, x:x + w][cc[1][y:y + h, x:x + w] == label] = 255
    return out


BOXES = 4000  # components erased box by box up to this many, with one page lookup beyond


def find_leaders(cc: Components, dpi: int = 300) -> tuple[np.ndarray, list[Leader]]:
    """Labels of the components of ``cc`` that are leader dots, and the leader lines."""
    n, labels, stats, centroids = cc
    s = dpi / 300
    area, w, h = (stats[:, k] for k in (cv2.CC_STAT_AREA, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    dot = ((area >= 3 * s * s) & (area <= 60 * s * s) & (w <= 10 * s) & (h <= 10 * s)
           & (np.maximum(w, h) <= 2 * np.minimum(w, h) + 1))
    dot[0] = False
    ids = np.flatnonzero(dot)
    if ids.size < MIN_DOTS:
        return ids[:0], []
    # Rows of dots: dots of one height, bridged horizontally (~30 px; on a third of the
    # width, as a row's dots are far apart along it: a full-size image cost 50 ms a page).
    seeds = np.zeros((labels.shape[0], labels.shape[1] // 3 + 1), np.uint8)
    cx, cy = centroids[ids, 0].astype(int), centroids[ids, 1].astype(int)
    cx3 = cx // 3
    seeds[cy, cx3] = 1
    bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, int(10 * s)), max(1, int(3 * s))))
    runs = cv2.connectedComponents(cv2.dilate(seeds, bridge), ltype=cv2.CV_32S)[1]
    found: list[np.ndarray] = []
    rows: list[Leader] = []
    for run in np.unique(runs[cy, cx3]):
        members = ids[runs[cy, cx3] == run]
        if members.size < MIN_DOTS:
            continue
        xs = np.sort(centroids[members, 0])
        step = float(np.median(np.diff(xs)))
        if step < 4 * s:
            continue
        # the beat's phase, as offsets from a middle dot: x mod step wraps round at the
        # step, and a plain median of values near 0 and near the step lands in between,
        # off every dot (a whole line was lost so)
        ref = xs[xs.size // 2]
        phase = float(ref + np.median(np.mod(xs - ref + step / 2, step) - step / 2)) % step
        off = np.abs((np.mod(centroids[members, 0] - phase + step / 2, step)) - step / 2)
        # A leader's dots are one size; a bigger one is a dot with a letter's nặng mark
        # run into it (``Việt`` typed on the line): it stays, and is read as the mark.
        single = area[members] <= 1.3 * np.median(area[members])
        members = members[(off <= max(2.5 * s, step * 0.2)) & single]
        if members.size < MIN_DOTS:
            continue
        x, y = centroids[members, 0], centroids[members, 1]
        slope = float(np.polyfit(x, y, 1)[0]) if np.ptp(x) > 0 else 0.0
        # a dot above the line is a full stop on the letters' baseline, which the leader
        # is printed under ("với ai." then the dots, on the beat): it stays
        members = members[y - (np.median(y - slope * x) + slope * x) >= -2 * s]
        if members.size < MIN_DOTS:
            continue
        found.append(members)
        x, y = centroids[members, 0], centroids[members, 1]
        x0 = float(x.min())
        rows.append(Leader(x0, float(x.max()), float(np.median(y - slope * (x - x0))), slope,
                           phase, step, float(np.median(np.maximum(w[members], h[members]))),
                           float(np.median(area[members]))))
    return (np.concatenate(found) if found else ids[:0]), _join(rows, s)


def find_dashes(cc: Components, dpi: int = 300) -> np.ndarray:
    """Labels of the components of ``cc`` that are the dashes of a dashed leader: thin
    short strokes (at 300 dpi 11 x 2 px, a dash every 19 px) in a row of ``MIN_DOTS`` or
    more at one height, evenly spaced. Left in, tesseract took a row of them into the
    value before it (``08/03/1975`` read ``08031905`` in one 1,400 px word) or glued the
    line's words (``KSORHBLIN``). A hyphen stands alone; an underline is one stroke."""
    n, _, stats, centroids = cc
    s = dpi / 300
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    dash = (h <= 4 * s + 1) & (w >= 2 * h + 1) & (w >= 5 * s) & (w <= 20 * s)
    dash[0] = False
    ids = np.flatnonzero(dash)
    if ids.size < MIN_DOTS:
        return ids[:0]
    rows: list[list[int]] = []  # each row's dashes left to right; a row may drift
    for label in ids[np.argsort(centroids[ids, 0])].tolist():  # with a slight skew
        x, y = centroids[label]
        row = next((r for r in rows if 0 < x - centroids[r[-1], 0] <= 3 * w[r[-1]]
                    and abs(y - centroids[r[-1], 1]) <= 2 * s), None)
        if row is None:
            rows.append([label])
        else:
            row.append(label)
    found = [r for row in rows for r in _even_row(np.array(row), centroids)]
    return np.concatenate(found) if found else ids[:0]


def _even_row(run: np.ndarray, centroids: np.ndarray) -> list[np.ndarray]:
    """``run`` as one dashed row if it is long enough and its dashes are evenly spaced
    (each gap within a fifth of the median)."""
    if run.size < MIN_DOTS:
        return []
    gaps = np.diff(centroids[run, 0])
    step = float(np.median(gaps))
    return [run] if (np.abs(gaps - step) <= 0.2 * step + 1).mean() >= 0.8 else []


def _join(rows: list[Leader], s: float) -> list[Leader]:
    """Runs of one dotted line, parted where a typed value's letters swallowed the dots
    under them, joined again: the line goes on under the value."""
    rows = sorted(rows, key=lambda r: (round(r.y0 / (6 * s)), r.x0))
    out: list[Leader] = []
    for row in rows:
        last = out[-1] if out else None
        if (last is not None and 0 < row.x0 - last.x1 <= 600 * s
                and abs(row.step - last.step) <= 0.1 * last.step
                and abs(last.y(row.x0) - row.y0) <= 2 * s
                and _beat_off(row.x0, last) <= 2.5 * s):
            out[-1] = replace(last, x1=row.x1)
        else:
            out.append(row)
    return out


def _beat_off(x: float, row: Leader) -> float:
    return abs(((x - row.phase + row.step / 2) % row.step) - row.step / 2)


Found = dict[int, tuple[float, float, float]]  # label of a free dot: its centre x, y, area
MAX_MISSES = 3  # beats of bare paper before a line is taken to end
MAX_BLOCKED = 60  # beats under letters in a row (~700 px): no value is typed longer
DOT, INK, PAPER = "dot", "ink", "paper"


def _erase_on_beat(out: np.ndarray, cc: Components, row: Leader, s: float,
                   taken: list[tuple[int, int, int]], found: Found) -> None:
    """What is left of ``row`` under a typed value made paper, beat by beat, inside the
    line and on from its ends while dots go on (a run under a value is often too short
    to be seen as a line): a lone dot, and a dot that ran into a letter's foot (one
    component with it) -- a round blob of the dots' size at the line's height with paper
    under it. A descender (g, p, y) goes on below the dot's place and stays; so does a
    dot bigger than the line's (a nặng mark on a dot). Past an end, the walk goes on
    under letters (a value typed straight after the label has its dots fused into its
    feet) and stops at bare paper: the line ended. Each free dot met re-centres the
    beats after it (``_snap``). ``found`` are the free dots already erased."""
    beats = row.beats().tolist()  # Python floats: numpy scalars made the walk 2x slower
    dx = dy = 0.0  # where the last lone dot was found, against the fitted beat
    for x in beats:
        _, sx, sy = _erase_dot(out, cc, row, x + dx, row.y(x) + dy, s, taken, found)
        dx, dy = sx - x, sy - row.y(x)
    for x, way in ((beats[0], -1), (beats[-1], 1)):
        y, misses, blocked = row.y(x), 0, 0
        while misses < MAX_MISSES and blocked < MAX_BLOCKED:
            x, y = x + way * row.step, y + way * row.step * row.slope
            seen, x, y = _erase_dot(out, cc, row, x, y, s, taken, found)
            misses = misses + 1 if seen == PAPER else 0
            blocked = blocked + 1 if seen == INK else 0


def _snap(cc: Components, row: Leader, x: float, y: float, s: float) -> tuple[float, float]:
    """(x, y) moved onto the centre of a lone dot of the line's size within 2.5 px along
    the line and 1.5 across it, if there is one: a beat fitted on one run drifts a pixel
    or two by the end of a long walk. Not further, nor onto a dot of another size: a
    label's nặng mark near the line (14-16 px of ink where the dots had 21-25) is no dot."""
    labels, stats, centroids = cc[1], cc[2], cc[3]
    cx, cy = round(x), round(y)
    near = np.unique(labels[max(0, cy - 2):cy + 3, max(0, cx - 3):cx + 4])
    area = stats[near, cv2.CC_STAT_AREA]
    near = near[(near > 0) & (area >= 0.75 * row.area) & (area <= 1.3 * row.area)]
    near = near[(np.abs(centroids[near, 0] - x) <= 2.5 * s)
                & (np.abs(centroids[near, 1] - y) <= 1.5 * s)]
    if near.size == 0:
        return x, y
    best = near[np.argmin(np.hypot(centroids[near, 0] - x, centroids[near, 1] - y))]
    return float(centroids[best, 0]), float(centroids[best, 1])


def _erase_dot(out: np.ndarray, cc: Components, row: Leader, x: float, y: float, s: float,
               taken: list[tuple[int, int, int]], found: Found) -> tuple[str, float, float]:
    """Erase the dot on ``row`` near (``x``, ``y``) if there is one (noting it in
    ``taken``); what was there -- a dot (erased or kept as a mark), other ink, or
    paper -- and where the dot's centre was taken to be."""
    labels, stats = cc[1], cc[2]
    cx, cy = round(x), round(y)
    if 0 <= cy < labels.shape[0] and 0 <= cx < labels.shape[1]:
        dot = found.get(int(labels[cy, cx]))
        if (dot is not None and abs(dot[0] - x) <= 2.5 * s and abs(dot[1] - y) <= 1.5 * s
                and 0.75 * row.area <= dot[2] <= 1.3 * row.area):
            # most beats: a free dot of the line, found and erased already, where ``_snap``
            # would go; at a tenth of its cost
            return PAPER, dot[0], dot[1]
    x, y = _snap(cc, row, x, y, s)
    r = max(1, round(row.size / 2))
    cx, cy = round(x), round(y)
    top, bottom, left, right = cy - r - 1, cy + r + 1, cx - r - 1, cx + r + 1
    if top < 0 or left < 2 or bottom + 5 >= out.shape[0] or right + 3 >= out.shape[1]:
        return PAPER, x, y
    window = out[top:bottom + 1, left:right + 1] < 128
    core = out[cy - r + 1:cy + r, cx - r + 1:cx + r] < 128
    if core.mean() < 0.75:  # no dot; a letter's foot just above its place is no ink there
        low = out[cy:cy + r + 1, cx - r:cx + r + 1] < 128
        return (INK if low.mean() >= 0.5 else PAPER), x, y
    if (out[bottom + 1:bottom + 5, left - 2:right + 3] < 128).any():
        return INK, x, y  # a stroke that goes on below the dot's place (a descender)
    owner = np.bincount(labels[top:bottom + 1, left:right + 1][window]).argmax()
    area = stats[owner, cv2.CC_STAT_AREA]
    fused = area > 60 * s * s  # the dot ran into a letter (or punctuation): one component
    if 1.3 * row.area < area and not fused:
        return DOT, x, y  # a dot with a mark in it: a dot was there, and stays
    if fused and _punctuation(out, cc, owner, (top, bottom, left, right), row):
        return DOT, x, y  # a comma's tail on the beat stays: cut, the comma read as a period
    if fused:  # a round cut: the window's corners and top row are the letter's
        yy, xx = np.mgrid[top:bottom + 1, left:right + 1]
        window &= (np.hypot(xx - x, yy - y) <= r + 1) & (yy >= cy - r)
    out[top:bottom + 1, left:right + 1][window] = 255
    if fused and _split(out, cc, owner):
        out[top:bottom + 1, left:right + 1][window] = 0
        return INK, x, y  # the cut parted the letter: a y's tail that ended on the dot
    taken.append((cx, cy, int(fused)))
    return DOT, x, y


def _remains(out: np.ndarray, cc: Components, owner: int) -> tuple[np.ndarray, int, int]:
    """The ink of component ``owner`` still in ``out``, as a mask over its box, and the
    box's top-left corner (x, y)."""
    x, y, w, h = (int(v) for v in cc[2][owner, :4])
    return (cc[1][y:y + h, x:x + w] == owner) & (out[y:y + h, x:x + w] < 128), x, y


def _split(out: np.ndarray, cc: Components, owner: int) -> bool:
    """Whether what is left of component ``owner`` in ``out`` is in more than one piece
    (bits of a few pixels, the dot's anti-aliased rim, do not count)."""
    mine = _remains(out, cc, owner)[0].astype(np.uint8)
    stats = cv2.connectedComponentsWithStats(mine, connectivity=8)[2]
    return int((stats[1:, cv2.CC_STAT_AREA] > 4).sum()) > 1


def _punctuation(out: np.ndarray, cc: Components, owner: int,
                 window: tuple[int, int, int, int], row: Leader) -> bool:
    """Whether the ink ``owner`` has outside the dot's ``window`` is punctuation-small
    (a comma's head, a period) rather than a letter: no taller than three dots and no
    more ink than three (measured at 300 dpi: a comma's head 10-12 px, 27-47 px of ink;
    what was left of the letters the walk cut dots off: 20 px and 110 px and more)."""
    mine, x, y = _remains(out, cc, owner)
    top, bottom, left, right = window
    mine[max(0, top - y):max(0, bottom + 1 - y), max(0, left - x):max(0, right + 1 - x)] = False
    rows = np.flatnonzero(mine.any(axis=1))
    return rows.size == 0 or (rows[-1] - rows[0] + 1 <= 3 * row.size
                              and mine.sum() <= 3 * row.area)


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
