"""tesseract's own second guesses per letter, and the better reading they allow.

tesseract's LSTM decides each letter among several; with ``lstm_choice_mode=2`` its hOCR
lists, for every letter it wrote, the other letters it weighed and how strongly
(``x_confs``, 0-100). A Vietnamese tone or hat slip (``mấy`` read ``mây``, ``thấy`` read
``thây``) is nearly always such a close second guess: the image alone did not decide.

``parse_hocr`` turns that hOCR into ``Word``\\ s carrying their letters' close
alternatives (``Word.choices``); ``spellings`` lists the spellings they allow and ``sure``
tells a word tesseract had no doubt about. ``ocr.choose`` decides among them.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from itertools import chain, combinations

from ocr.models import Box, Word
from ocr.text import nfc

CLOSE = 60.0  # an alternative this close (x_confs points) to the letter written is a choice
MIN_ALT = 5.0  # x_confs under this are tesseract's "also ran" (0 on clean letters)
MAX_CHANGED = 2  # letters of one word changed at once
_NS = "{http://www.w3.org/1999/xhtml}"
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_WCONF = re.compile(r"x_wconf (-?[\d.]+)")
_CONFS = re.compile(r"x_confs? (-?[\d.]+)")

Choices = tuple[tuple[tuple[str, float], ...], ...]


def _class(el: ET.Element) -> str:
    return el.get("class", "")


def _letters(word: ET.Element) -> tuple[str, Choices]:
    """A word span's text and, per letter, (letter, x_confs) of its choices, best first
    (the letter written first whatever its score: it is what tesseract decided)."""
    text, choices = [], []
    for child in word.iter():
        if _class(child) != "ocrx_cinfo":
            continue
        if (child.get("id") or "").startswith("lstm_choices") and choices:
            alts = [(c.text or "", float(m.group(1))) for c in child
                    if (m := _CONFS.search(c.get("title", "")))]
            letter = choices[-1][0][0]
            top = max([s for ch, s in alts if ch == letter], default=100.0)
            others = sorted(((ch, s) for ch, s in alts if ch != letter and ch.strip()),
                            key=lambda a: -a[1])
            choices[-1] = ((letter, top), *others)
        elif "x_bboxes" in child.get("title", ""):
            text.append(child.text or "")
            choices.append(((child.text or "", 100.0),))
    return "".join(text), tuple(choices)


def parse_hocr(hocr: bytes | str, offset: tuple[int, int] = (0, 0),
               scale: float = 1.0) -> list[Word]:
    """tesseract's hOCR (``hocr_char_boxes=1``, ``lstm_choice_mode=2``) as ``Word``\\ s:
    boxes moved by ``offset`` after dividing by ``scale`` (page pixels), confidence 0..1
    from ``x_wconf``, ``choices`` one entry per letter of the NFC text (empty when NFC
    changed the letter count, so they could not be matched). Raises ``ET.ParseError``
    on text that is not XML."""
    root = ET.fromstring(hocr.encode() if isinstance(hocr, str) else hocr)
    dx, dy = offset
    words: list[Word] = []
    for span in root.iter(f"{_NS}span"):
        if _class(span) != "ocrx_word":
            continue
        title = span.get("title", "")
        bbox, wconf = _BBOX.search(title), _WCONF.search(title)
        raw, choices = _letters(span)
        text = nfc(raw).strip()
        if not text or not bbox or not wconf or float(wconf.group(1)) < 0:
            continue
        left, top, right, bottom = (int(v) for v in bbox.groups())
        box = Box(dx + round(left / scale), dy + round(top / scale),
                  round((right - left) / scale), round((bottom - top) / scale))
        fits = len(choices) == len(text) and all(
            nfc(c[0][0]) == ch for c, ch in zip(choices, text, strict=True))
        words.append(Word(text=text, confidence=round(float(wconf.group(1)) / 100.0, 3),
                          box=box, choices=choices if fits else ()))
    return words


def spellings(word: Word) -> list[tuple[str, float]]:
    """The spellings ``word``'s close alternatives allow, with how much less sure
    tesseract was of each (sum of x_confs points below the letters written, / 100),
    cheapest first; the word as read first, at 0. At most ``MAX_CHANGED`` letters are
    changed, so a long junk word with many doubts costs O(letters² × choices²)."""
    written = [letter[0][0] for letter in word.choices]
    options = [[(ch, max(0.0, letter[0][1] - s) / 100) for ch, s in letter[1:]
                if s >= MIN_ALT and letter[0][1] - s <= CLOSE and ch.isalpha()
                and ch.isupper() == letter[0][0].isupper()] for letter in word.choices]
    flat = [(i, ch) for i, opts in enumerate(options) for ch, _ in opts]
    out: dict[str, float] = {word.text: 0.0}
    for picks in chain.from_iterable(combinations(flat, k) for k in range(1, MAX_CHANGED + 1)):
        if len({i for i, _ in picks}) != len(picks):
            continue  # two alternatives for one letter
        letters, cost = written[:], 0.0
        for i, ch in picks:
            letters[i] = ch
            cost += dict(options[i])[ch]
        text = nfc("".join(letters))
        out[text] = min(cost, out.get(text, math.inf))
    return sorted(out.items(), key=lambda kv: kv[1])


def doubted(letter: tuple[tuple[str, float], ...]) -> bool:
    """Whether tesseract weighed another letter close to the one it wrote."""
    (_, top), *others = letter
    return any(s >= MIN_ALT and top - s <= CLOSE and ch.strip() for ch, s in others)


def sure(word: Word) -> bool:
    """Whether tesseract was sure of every letter of ``word`` (it weighed no close
    alternative); False when the word carries no choices (nothing is known)."""
    return bool(word.choices) and not any(doubted(letter) for letter in word.choices)
