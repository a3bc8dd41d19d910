"""A page's resolution, believed only when the page and the text it implies are plausible.

A file's recorded dpi is often wrong both ways: scanners and phones write 72 whatever they
scanned at (the page then looks larger than A3), and some software writes 600 on a
150 dpi scan (the page looks 2 x 3 inches and is read unenlarged: 61 % CER, issue #18).
So a recorded (or default) resolution is believed only when the sheet it implies is no
larger than a sheet can be, and the letters it implies are the size of print (6-24 pt;
body text is 9-14 pt). Otherwise the resolution is inferred from the letters' height
(body text taken as 11 pt); on a page without enough letters, from the page's size.

Letter height: ``ocr.letters.letter_height`` on the page's grey thresholded by Otsu.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.letters import letter_height

LARGEST_SHEET_INCHES = 17.5  # A3's long side (16.5 in) and a margin
LARGEST_SPREAD_INCHES = 25.0  # an A3 register book scanned open (A2, 23.4 in) and a margin
SCREEN_DPI = 100  # 72 and 96 dpi are what software writes when it does not know
A4_LONG_INCHES = 11.69
# the median letter component's height per point of type size at 1 dpi, measured on
# ``pipeline.samples.prose`` pages (Liberation, Noto, DejaVu serif; 9-14 pt; 150-600 dpi)
LETTER_PER_POINT = 0.53 / 72  # 0.48-0.59 by font
SMALLEST_PT, LARGEST_PT = 6.0, 24.0  # letters implied outside this: the dpi is wrong
BODY_PT = 11.0  # what body text is taken to be when the dpi must be inferred
LOWEST_DPI, HIGHEST_DPI = 100, 1200
COMMON_DPI = (150, 200, 240, 300, 400, 600, 1200)


def page_letter_height(rgb: np.ndarray) -> float | None:
    """``ocr.letters.letter_height`` of a page's pixels (rows x columns x 3 RGB or rows x
    columns grey, uint8), thresholded by Otsu on grey; None without enough letters."""
    grey = rgb if rgb.ndim == 2 else cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return letter_height(cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1])


def implied_points(letters: float, dpi: float) -> float:
    """The type size (pt) that letters ``letters`` px high are at ``dpi``."""
    return letters / (LETTER_PER_POINT * dpi)


def believed_dpi(recorded: float | None, long_side: int, letters: float | None,
                 default: int = 300) -> int:
    """The page's resolution: ``recorded`` (the file's dpi, None or outside 72-1200 when
    it has none: then ``default``) when the sheet it implies (``long_side`` px) is no
    larger than a sheet can be and the ``letters`` height it implies (px,
    ``letter_height``; None: not measured) is 6-24 pt; otherwise from the letters (body
    text 11 pt), or without letters the page taken to be A4. Snapped to a common
    scanning resolution within 12 %; clamped to 100-1200 dpi."""
    dpi = float(recorded) if recorded and 72 <= recorded <= 1200 else float(default)
    largest = LARGEST_SHEET_INCHES if dpi < SCREEN_DPI else LARGEST_SPREAD_INCHES
    sheet_ok = long_side / dpi <= largest
    text_ok = letters is None or SMALLEST_PT <= implied_points(letters, dpi) <= LARGEST_PT
    if sheet_ok and text_ok:
        return int(round(dpi))
    guess = (letters / (LETTER_PER_POINT * BODY_PT) if letters is not None
             else long_side / A4_LONG_INCHES)  # body text 11 pt, or an A4 sheet
    guess = min(HIGHEST_DPI, max(LOWEST_DPI, guess))
    near = min(COMMON_DPI, key=lambda c: abs(c - guess))
    return near if abs(near - guess) <= 0.12 * near else int(round(guess))
