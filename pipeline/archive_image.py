"""How a cleaned page is stored in the archive PDF: small, but faithful where it matters.

- ``mrc`` (mixed raster content), for pages with colour or grey: neutral black ink as a
  1-bit stencil mask at the scan's resolution (CCITT G4), painted over a colour JPEG
  background at ``background_dpi`` (paper, red seals, blue signatures, photos). Stencil
  masks are not transparency, so PDF/A-1 allows them. A generated colour certificate
  page at 300 dpi takes ~80-140 kB instead of ~700 kB as one JPEG.
- ``bitonal``: a page that is only black ink on white paper: the mask alone.
- ``jpeg``: the whole page as one JPEG at full resolution (``SOHOA_ARCHIVE_IMAGE=jpeg``),
  for when the archive wants the scan untouched by any separation.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

NEUTRAL_SATURATION = 60  # max-min of RGB below this: black/grey ink, not coloured ink


@dataclass(frozen=True)
class ArchiveImage:
    kind: str  # "mrc" | "bitonal" | "jpeg"
    width: int  # full-resolution pixels (the OCR geometry)
    height: int
    jpeg: bytes = b""  # background (mrc) or the page (jpeg)
    jpeg_size: tuple[int, int] = (0, 0)
    jpeg_colour: bool = True
    mask: bytes = b""  # CCITT G4, 1 bit per pixel, ink = black
    ink: tuple[int, int, int] = (0, 0, 0)  # the colour the mask is painted with


def g4(ink: np.ndarray) -> bytes:
    """CCITT Group 4 data of a boolean ink mask (True = black), as one strip."""
    img = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)).convert("1")
    buf = io.BytesIO()
    img.save(buf, "TIFF", compression="group4", tiffinfo={278: img.height})  # one strip
    with Image.open(io.BytesIO(buf.getvalue())) as tif:
        (offset,), (count,) = tif.tag_v2[273], tif.tag_v2[279]
    return buf.getvalue()[offset:offset + count]


def _jpeg(rgb: np.ndarray, colour: bool, quality: int) -> bytes:
    img = Image.fromarray(rgb if colour else cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def is_colour(rgb: np.ndarray, threshold: float = 6.0) -> bool:
    """True when the page has real colour (a red seal, a pink certificate)."""
    small = rgb[::8, ::8].astype(np.int16)
    spread = np.abs(small[:, :, 0] - small[:, :, 1]) + np.abs(small[:, :, 1] - small[:, :, 2])
    return float(np.percentile(spread, 99.5)) > threshold


def encode(rgb: np.ndarray, binary: np.ndarray, *, mode: str, dpi: int, quality: int,
           background_dpi: int) -> ArchiveImage:
    """``rgb`` the cleaned colour page, ``binary`` its OCR binarisation (0 = ink)."""
    h, w = binary.shape
    colour = is_colour(rgb)
    if mode == "jpeg":
        return ArchiveImage("jpeg", w, h, _jpeg(rgb, colour, quality), (w, h), colour)
    r, g, b = cv2.split(rgb)
    saturation = cv2.subtract(cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b))
    ink = (binary < 128) & (saturation < NEUTRAL_SATURATION)
    mask = g4(ink)
    ink_colour = tuple(int(v) for v in np.median(rgb[ink], axis=0)) if ink.any() else (0, 0, 0)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if not colour and np.count_nonzero((grey > 60) & (grey < 200) & ~ink) < 0.002 * grey.size:
        return ArchiveImage("bitonal", w, h, mask=mask, ink=ink_colour)  # nothing but ink
    scale = min(1.0, background_dpi / dpi)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    back = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    holes = cv2.resize(ink.astype(np.uint8) * 255, size, interpolation=cv2.INTER_AREA) > 0
    holes = cv2.dilate(holes.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    # Fill where the ink was with the surroundings, estimated at quarter size (cheap).
    quarter = cv2.resize(back, (max(1, size[0] // 4), max(1, size[1] // 4)),
                         interpolation=cv2.INTER_AREA)
    fill = cv2.resize(cv2.medianBlur(quarter, 5), size, interpolation=cv2.INTER_LINEAR)
    back[holes] = fill[holes]
    back = cv2.medianBlur(back, 3)  # scanner noise costs bytes and carries nothing
    return ArchiveImage("mrc", w, h, _jpeg(back, colour, quality), size, colour, mask,
                        ink_colour)
