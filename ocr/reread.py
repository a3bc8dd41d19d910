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


def _enlarged(image: np.ndarray, box: Box) -> np.ndarray | None:
    """``box`` of ``image`` enlarged towards ``TARGET_HEIGHT`` (bilinear), or None."""
    h, w = image.shape[:2]
    crop = image[box.top:min(h, box.bottom), box.left:min(w, box.right)]
    if crop.size == 0:
        return None
    scale = min(MAX_SCALE, max(1.0, TARGET_HEIGHT / max(1, box.height / (1 + 2 * PAD_Y))))
    if scale == 1.0:
        return crop
    return cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)


def read_crops(image: np.ndarray, boxes: list[Box], *, dpi: int,
               **tesseract: object) -> list[list[Word]]:
    """The words tesseract reads on each of ``boxes`` of ``image`` (grey or binary uint8,
    the page's pixels): every crop enlarged (``_enlarged``) and stacked, ``BORDER`` px of
    paper round and between them, and the stack read in one call as a block of single
    lines (``--psm 6``: tesseract's start-up, about 0.3 s, paid once a page, not once a
    value). Words are given to the crop their middle lies on (boxes in the stack's px)."""
    crops = [_enlarged(image, box) for box in boxes]
    width = max((c.shape[1] for c in crops if c is not None), default=0) + 2 * BORDER
    rows, spans, y = [], [], BORDER
    for crop in crops:
        if crop is None:
            spans.append((0, 0))
            continue
        rows.append(np.pad(crop, ((0, BORDER), (BORDER, width - BORDER - crop.shape[1])),
                           constant_values=255))
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + BORDER
    if not rows:
        return [[] for _ in boxes]
    stack = np.vstack([np.full((BORDER, width), 255, np.uint8), *rows])
    words = recognize(stack, dpi=dpi, psm=6, **tesseract)  # type: ignore[arg-type]
    return [sorted((w for w in words if top <= w.box.center_y < bottom),
                   key=lambda w: w.box.left)
            for top, bottom in spans]


def read_crop(image: np.ndarray, box: Box, *, dpi: int, **tesseract: object) -> list[Word]:
    """The words tesseract reads on ``box`` of ``image`` alone, as one text line
    (``--psm 7``), enlarged and framed like ``read_crops``'s; boxes in the crop's px."""
    crop = _enlarged(image, box)
    if crop is None:
        return []
    crop = cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT,
                              value=255)
    return recognize(crop, dpi=dpi, psm=7, **tesseract)  # type: ignore[arg-type]


def _reading(words: list[Word]) -> tuple[str, float]:
    """(the words' text, the lowest confidence of those with letters or digits): a
    leader's dots or the label's colon alone say nothing of the value."""
    if not words:
        return "", 0.0
    told = [w.confidence for w in words if any(ch.isalnum() for ch in w.text)]
    return " ".join(w.text for w in words), min(told, default=0.0)


def reread_all(texts: list[str], page: OcrPage, image: np.ndarray,
               **tesseract: object) -> list[tuple[str, float] | None]:
    """Each of ``texts`` (values read off ``page``) read again from the crop of its words
    on ``image``, all in one tesseract call (``read_crops``): (the second reading, its
    lowest word confidence 0..1) each, or None for a value whose words are not found."""
    found = [value_boxes(text, page) for text in texts]
    flat = [box for boxes in found for box in boxes]
    read = iter(read_crops(image, flat, dpi=page.dpi, **tesseract) if flat else [])
    return [_reading([w for _ in boxes for w in next(read)]) if boxes else None
            for boxes in found]


def reread(text: str, page: OcrPage, image: np.ndarray,
           **tesseract: object) -> tuple[str, float] | None:
    """``text`` (a value read off ``page``) read again alone from the crop of its words on
    ``image`` (``--psm 7`` a line): (the second reading, its lowest word confidence
    0..1), or None when its words are not found on the page; ("", 0) when the crop
    reads nothing."""
    boxes = value_boxes(text, page)
    if not boxes:
        return None
    return _reading([w for box in boxes for w in read_crop(image, box, dpi=page.dpi,
                                                            **tesseract)])
