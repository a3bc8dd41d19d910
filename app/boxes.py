"""Where a field's value is printed on its page: the run of OCR words that best matches it.

Pure functions over ``ocr.models.OcrPage``: the web app outlines the box when a reviewer
clicks a field. Values are compared folded (no diacritics, lower case), so an OCR slip on a
tone mark or a normaliser's correction still finds the words; ISO dates are also looked
for as the form prints them (``01/04/2019``, ``ngày 01 tháng 04 năm 2019``).
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from ocr.models import Box, OcrPage, Word
from ocr.text import fold_lower

MIN_SCORE = 80.0  # rapidfuzz ratio (0..100) a run of words needs to count as the value
_WORD = re.compile(r"\w+")


def _fold_words(text: str) -> str:
    return " ".join(_WORD.findall(fold_lower(text)))


def _inside(word: Word, region: tuple[int, int, int, int] | None) -> bool:
    if region is None:
        return True
    left, top, right, bottom = region
    cx, cy = word.box.left + word.box.width / 2, word.box.center_y
    return left <= cx <= right and top <= cy <= bottom


def spellings(value: str) -> list[str]:
    """The value folded, and for an ISO date (or date-time) the ways forms print it."""
    out = [_fold_words(value)]
    try:
        d = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return [s for s in out if s]
    out += [f"{d.day:02d} {d.month:02d} {d.year}", f"{d.day} {d.month} {d.year}",
            f"ngay {d.day:02d} thang {d.month:02d} nam {d.year}"]
    return [s for s in out if s]


def union(words: list[Word]) -> Box:
    left = min(w.box.left for w in words)
    top = min(w.box.top for w in words)
    right = max(w.box.right for w in words)
    bottom = max(w.box.bottom for w in words)
    return Box(left, top, right - left, bottom - top)


def _best_run(target: str, words: list[Word], folded: list[str]) -> tuple[float, int, int]:
    """(score, start, end) of the run of words whose folded text is closest to ``target``."""
    n = len(target.split())
    best = (0.0, 0, 0)
    for size in range(1, n + 2):  # a word may hold several tokens (01/04/2019)
        for start in range(0, len(words) - size + 1):
            text = " ".join(t for t in folded[start:start + size] if t)
            if not text:
                continue
            score = fuzz.ratio(target, text)
            # equal scores: the shorter run (fewer stray words in the box)
            if score > best[0] or (score == best[0] and size < best[2] - best[1]):
                best = (score, start, start + size)
    return best


def locate(value: str, page: OcrPage,
           region: tuple[int, int, int, int] | None = None) -> Box | None:
    """The box around the page words that best match ``value``, or None when no run of
    words scores ``MIN_SCORE`` or more. ``region`` (left, top, right, bottom, page pixels):
    only words whose centre lies inside it are considered (a register entry's band)."""
    if not value or not value.strip():
        return None
    words = [w for w in page.words if _inside(w, region)]
    folded = [_fold_words(w.text) for w in words]
    best = (0.0, 0, 0)
    for target in spellings(value):
        found = _best_run(target, words, folded)
        if found[0] > best[0]:
            best = found
    score, start, end = best
    if score < MIN_SCORE or end <= start:
        return None
    return union(words[start:end])
