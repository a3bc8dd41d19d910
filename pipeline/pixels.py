"""Any decoded page to 8-bit RGB: every bit depth, mode and kind of transparency.

Pillow's ``convert("RGB")`` clips a 16-bit grey page (modes I;16, I;16B, I) to white and
drops alpha, so a PNG whose paper is transparent over black pixels turns black. Archival
scanners write 16-bit greyscale; exported slips and screenshots carry alpha. Here:

- 16-bit and 32-bit integer grey (I;16*, I) is scaled by its bit depth (65,535 white;
  a 12-bit scan stored in 16 bits by its own, 4,095), never clipped; 32-bit float (F)
  by its range (0-1 as a fraction of white, else its minimum to its maximum);
- alpha (RGBA, LA, PA, La, RGBa, a palette's or a grey/RGB ``transparency`` entry) is
  composited on white paper;
- palette, CMYK, YCbCr, LAB, HSV and 1-bit pages go through Pillow's own conversions.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.errors import InputError

WIDE = {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}
ALPHA_MODES = {"RGBA", "LA", "PA", "La", "RGBa"}
MIN_SIDE = 32  # px: a line of text needs letters ~10 px high and room around them


def to_rgb8(img: Image.Image) -> Image.Image:
    """``img`` as an 8-bit RGB image of the same size: wide grey scaled to 0-255 (see the
    module's rules), alpha composited on white, other modes converted. Raises
    ``ValueError`` for a mode Pillow cannot convert (sohoa's caller reports the page)."""
    if img.mode in WIDE:
        return Image.fromarray(scale_to_8bit(np.asarray(img), img.mode)).convert("RGB")
    if "transparency" in img.info or img.mode == "PA":  # a palette's or a colour key's
        img = img.convert("RGBA")
    if img.mode in ALPHA_MODES:
        return on_white(img.convert("RGBA"))
    return img.convert("RGB")  # a copy, decoded now (the file may close after)


def on_white(rgba: Image.Image) -> Image.Image:
    """An RGBA image composited over white paper (transparent paper is paper, whatever
    colour its hidden pixels hold)."""
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


def scale_to_8bit(values: np.ndarray, mode: str) -> np.ndarray:
    """A wide grey array (uint16/int32/float32) as uint8 (rows x columns).

    Integers: values up to 255 are taken as they are (an 8-bit page stored wide); else
    white is their maximum rounded up to a whole bit depth: 65,535 for a 16-bit scan
    (divided by 257), 4,095 for a 12-bit one stored in 16 bits. Floats: 0-1 taken as a fraction
    of white, otherwise stretched from their minimum to their maximum."""
    a = np.asarray(values)
    if mode == "F" or a.dtype.kind == "f":
        a = np.nan_to_num(a.astype(np.float64))
        low, high = float(a.min(initial=0.0)), float(a.max(initial=0.0))
        if low >= 0.0 and high <= 1.0:
            return np.rint(a * 255).astype(np.uint8)
        span = max(high - low, 1e-9)
        return np.rint((a - low) * (255 / span)).astype(np.uint8)
    a = a.astype(np.int64)
    a = np.clip(a, 0, None)
    top = int(a.max(initial=0))
    if top <= 255:
        return a.astype(np.uint8)  # an 8-bit page stored wide
    white = (1 << top.bit_length()) - 1  # 4095 for a 12-bit scan, 65535 for 16 bits
    return np.rint(a * (255 / white)).astype(np.uint8)


def require_page_size(pixels: np.ndarray, index: int = 0) -> None:
    """Raise ``InputError`` when page ``index`` (0-based; ``pixels`` rows x columns [x
    channels]) is under ``MIN_SIDE`` px on a side: no line of text fits (a 1 x 1 icon,
    a thumbnail), and cleanup's resizing would fail on it with a raw OpenCV assertion."""
    rows, cols = pixels.shape[:2]
    if min(rows, cols) < MIN_SIDE:
        raise InputError(f"page {index + 1} is {cols}x{rows} pixels: too small to be a "
                         f"scanned page (at least {MIN_SIDE} pixels a side)")
