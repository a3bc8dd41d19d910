"""A 1-bit page skewed under a degree is turned only when it holds ruling lines."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.cleanup import BILEVEL_PLAIN_SKEW, DESKEW_MIN, clean_page, has_rules

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _bilevel(angle: float, rule: bool, width: int = 1) -> np.ndarray:
    """An A5-ish page at 300 dpi of prose lines (and a ``width`` px rule under them),
    turned ``angle`` degrees, then made 1-bit as a fax scanner would: RGB of 0/255."""
    img = Image.new("L", (1800, 1200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for k in range(12):
        draw.text((120, 100 + 75 * k), "Người ấy đã về quê từ mấy hôm trước rồi", font=font, fill=0)
    if rule:
        draw.line((120, 1050, 1500, 1050), fill=0, width=width)
    turned = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ink = np.where(np.asarray(turned) > 128, 255, 0).astype(np.uint8)
    return np.dstack([ink] * 3)


def test_a_thin_rule_turned_half_a_degree_is_found():
    assert has_rules(_bilevel(0.6, rule=True, width=1)[:, :, 0], 300)
    assert has_rules(_bilevel(-0.9, rule=True, width=2)[:, :, 0], 300)


def test_prose_alone_has_no_rules():
    assert not has_rules(_bilevel(0.6, rule=False)[:, :, 0], 300)
    assert not has_rules(_bilevel(0.0, rule=False)[:, :, 0], 300)


def test_plain_1bit_prose_under_a_degree_is_left_as_scanned():
    steps = clean_page(_bilevel(0.6, rule=False), speckle=False).steps
    assert steps is not None and steps.bilevel
    assert DESKEW_MIN <= abs(steps.skew) < BILEVEL_PLAIN_SKEW
    assert not steps.deskew


def test_1bit_page_with_a_rule_is_still_turned():
    steps = clean_page(_bilevel(0.6, rule=True), speckle=False).steps
    assert steps is not None and steps.bilevel and steps.deskew


def test_plain_1bit_prose_skewed_more_is_turned():
    steps = clean_page(_bilevel(2.0, rule=False), speckle=False).steps
    assert steps is not None and steps.bilevel and steps.deskew
