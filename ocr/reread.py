"""A second reading of a value from the crop of its own words.

tesseract read the page once, as a whole (``--psm 3``, or a ruled table's columns as
blocks). A value whose reading is in doubt is read again on its own: the words it spans
are found on the page (``value_boxes``), their crop is enlarged so capitals are about
``TARGET_HEIGHT`` px high, and tesseract reads each line of it as a single text line
(``--psm 7``) binarising the crop itself. Another segmentation, scale and threshold: an
independent look at the same ink, which agrees or not with the first reading
(``pipeline.extract.second`` judges that).
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.models import Box, OcrPage, Word
from ocr.recognize import recognize

TARGET_HEIGHT = 48  # px: a word box's height after enlarging (about 36 pt at 300 dpi)
MAX_SCALE = 3.0
PAD_X = 0.8  # of the line's height, left and right of the words' box (tesseract's word
PAD_Y = 0.3  # boxes can clip a glyph's edge), and above and below
BORDER = 20  # px of paper round the enlarged crop: tesseract reads a line better framed


def _token_run(tokens: list[str], words: list[Word], start: int) -> tuple[float, float] | None:
    """Whether ``tokens`` are the texts of ``words[start:start + len(tokens)]``, the first
    possibly the end of its word and the last its beginning (a label glued to the value,
    leader junk after it): the share of the first word to skip and of the last to keep."""
    n = len(tokens)
    if start + n > len(words):
        return None
    run = [w.text for w in words[start:start + n]]
    if n == 1:
        head = run[0].find(tokens[0])
        if head < 0:
            return None
        return head / len(run[0]), (head + len(tokens[0])) / len(run[0])
    if not run[0].endswith(tokens[0]) or not run[-1].startswith(tokens[-1]) \
            or run[1:-1] != tokens[1:-1]:
        return None
    return 1 - len(tokens[0]) / len(run[0]), len(tokens[-1]) / len(run[-1])


def value_boxes(text: str, page: OcrPage) -> list[Box]:
    """The boxes, one per visual line, round the page words that read ``text`` (its words
    in order; a value wrapped over lines continues on the next line's first words), or []
    when no run of words reads it. Where the value starts or ends inside a word, the box
    keeps that word's share of it (by letters); elsewhere it is widened by up to ``PAD_X``
    of the line's height (a word box can clip a glyph), never onto a neighbouring word."""
    tokens = text.split()
    if not tokens:
        return []
    words = page.words
    line_of = [i for i, line in enumerate(page.lines) for _ in line.words]
    for start in range(len(words)):
        fractions = _token_run(tokens, words, start)
        if fractions is not None:
            run = range(start, start + len(tokens))
            return [_piece(words, [i for i in run if line_of[i] == line], line_of,
                           fractions, start, run[-1])
                    for line in sorted({line_of[i] for i in run})]
    return []


def _piece(words: list[Word], members: list[int], line_of: list[int],
           fractions: tuple[float, float], first: int, last: int) -> Box:
    """The box of ``members`` (indices of one line's words in the value)."""
    a, b = words[members[0]].box, words[members[-1]].box
    height = max(words[i].box.height for i in members)
    pad = round(PAD_X * height)
    left = a.left + round(a.width * fractions[0]) if members[0] == first else a.left
    right = b.left + round(b.width * fractions[1]) if members[-1] == last else b.right
    if members[0] != first or fractions[0] == 0:
        before = members[0] - 1
        limit = words[before].box.right + 2 if _neighbour(words, line_of, before, members[0]) \
            else 0
        left = min(left, max(limit, left - pad))
    if members[-1] != last or fractions[1] == 1:
        after = members[-1] + 1
        limit = words[after].box.left - 2 if _neighbour(words, line_of, after, members[-1]) \
            else right + pad
        right = max(right, min(limit, right + pad))
    top = min(words[i].box.top for i in members) - round(PAD_Y * height)
    bottom = max(words[i].box.bottom for i in members) + round(PAD_Y * height)
    return Box(max(0, left), max(0, top), max(1, right - left), max(1, bottom - top))


def _neighbour(words: list[Word], line_of: list[int], i: int, of: int) -> bool:
    """Whether word ``i`` is a word (letters or digits, not a leader's dots) on the line
    of word ``of``: the crop stops short of it."""
    return 0 <= i < len(words) and line_of[i] == line_of[of] \
        and any(ch.isalnum() for ch in words[i].text)


def read_crop(image: np.ndarray, box: Box, *, dpi: int, **tesseract: object) -> list[Word]:
    """The words tesseract reads on ``box`` of ``image`` (grey or binary uint8, the page's
    pixels) as one text line, enlarged towards ``TARGET_HEIGHT`` (bilinear) and framed in
    ``BORDER`` px of paper; boxes in page pixels."""
    h, w = image.shape[:2]
    crop = image[box.top:min(h, box.bottom), box.left:min(w, box.right)]
    if crop.size == 0:
        return []
    scale = min(MAX_SCALE, max(1.0, TARGET_HEIGHT / max(1, box.height / (1 + 2 * PAD_Y))))
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
    crop = cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT,
                              value=255)
    shift = BORDER / scale
    return recognize(crop, dpi=dpi, psm=7, offset=(round(box.left - shift), round(box.top - shift)),
                     scale=scale, **tesseract)  # type: ignore[arg-type]


def reread(text: str, page: OcrPage, image: np.ndarray,
           **tesseract: object) -> tuple[str, float] | None:
    """``text`` (a value read off ``page``) read again from the crop of its words on
    ``image``: (the second reading, its lowest word confidence 0..1), or None when its
    words are not found on the page. A line where the crop reads nothing gives ("", 0)."""
    boxes = value_boxes(text, page)
    if not boxes:
        return None
    words = [w for box in boxes for w in read_crop(image, box, dpi=page.dpi, **tesseract)]
    if not words:
        return "", 0.0
    # punctuation alone (a leader's dots, the label's colon) says nothing of the value
    told = [w.confidence for w in words if any(ch.isalnum() for ch in w.text)]
    return " ".join(w.text for w in words), min(told, default=0.0)
