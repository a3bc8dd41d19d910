"""Image cleanup: a straight, flat, clean binary image for OCR, plus the orientation steps
(tesseract OSD, quarter turns) that ``ocr.read`` calls when a page does not read upright.

Each step is a plain function; ``clean_page`` chains them, each switchable: scanner border
cropped (``ocr.borders``), light flattened and binarised on the red channel (seals fade
there), deskewed, ruling lines (``ocr.tables``), a certificate's printed frame
(``ocr.frames``) and dotted leaders (``ocr.leaders``) out, specks out. The archive keeps
the colour image with the same geometry as the OCR image so word boxes fit both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from ocr.borders import crop_to_page
from ocr.frames import detect_frame
from ocr.leaders import NO_DOTS, Components, components, erase_components, remove_leaders
from ocr.models import Binarize, Grid
from ocr.tables import remove_rules

Debug = Callable[[str, np.ndarray], None]  # (step name, image): ``--debug-images``


@dataclass(frozen=True)
class CleanPage:
    colour: np.ndarray  # RGB uint8, rotated and deskewed: what is archived
    binary: np.ndarray  # uint8 0/255, same geometry: all the ink (the archive's text mask)
    rotation: int
    skew: float
    ocr: np.ndarray | None = None  # what tesseract reads: ``binary`` without ruling lines
    grid: Grid | None = None  # the ruled table those lines formed, if any
    soft: np.ndarray | None = None  # red channel without rules, for small table text
    crop: tuple[int, int, int, int] | None = None  # the paper's box in the scan, if cropped
    # leader dots taken out of ``ocr``: x, y, 1 if cut off a letter (``ocr.leaders``)
    leader_dots: np.ndarray | None = None

    @property
    def leaders(self) -> bool:
        return self.leader_dots is not None and len(self.leader_dots) > 0

    @property
    def for_ocr(self) -> np.ndarray:
        return self.binary if self.ocr is None else self.ocr


def detect_rotation(binary: np.ndarray, language: str = "vie") -> int:
    """Clockwise degrees (0/90/180/270) that make the page upright.

    tesseract OSD first, on the full-resolution binary page (downscaled to 1500 px, OSD's
    confidence on an upside-down certificate fell from 12.7 to 0.4 in our measurements).
    When OSD is unsure or fails, the page's middle is read in each orientation and the
    one tesseract reads most confidently wins; 0 when none reads clearly better.
    """
    try:
        osd = pytesseract.image_to_osd(binary, config="--psm 0", timeout=60)
        rotate = re.search(r"Rotate: (\d+)", osd)
        conf = re.search(r"Orientation confidence: ([\d.]+)", osd)
        if rotate and conf and float(conf.group(1)) >= 2.0:
            return int(rotate.group(1)) % 360
    except (pytesseract.TesseractError, RuntimeError):  # RuntimeError: pytesseract's timeout
        pass  # too little text for OSD, or stuck
    return rotation_by_reading(binary, language)


def rotation_by_reading(binary: np.ndarray, language: str = "vie") -> int:
    """The quarter turn under which the middle of the page reads most confidently."""
    def confidence(turn: int) -> float:
        img = rotate_quarter(binary, turn)
        h, w = img.shape
        middle = img[h // 4:3 * h // 4, w // 8:7 * w // 8]
        try:
            data = pytesseract.image_to_data(middle, lang=language, config="--psm 6",
                                             output_type=pytesseract.Output.DICT, timeout=60)
        except (pytesseract.TesseractError, RuntimeError):
            return 0.0
        confs = [float(c) for c, t in zip(data["conf"], data["text"], strict=True)
                 if float(c) >= 0 and len(t.strip()) >= 3]
        return sum(confs) / len(confs) if len(confs) >= 5 else 0.0

    scores = {turn: confidence(turn) for turn in (0, 90, 180, 270)}
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] >= 60 and scores[best] >= scores[0] + 15 else 0


def rotate_quarter(img: np.ndarray, degrees: int) -> np.ndarray:
    turns = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}[degrees]
    return img if turns is None else cv2.rotate(img, turns)


def flatten(channel: np.ndarray) -> np.ndarray:
    """Uneven light taken out: the channel divided by its background, estimated by closing
    away the text on a quarter-size copy (a shadow is smooth, text strokes are thin)."""
    h, w = channel.shape
    small = cv2.resize(channel, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15)))
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(np.ascontiguousarray(channel), np.maximum(background, 1), scale=255)


def binarize(rgb: np.ndarray, flat: bool = True) -> np.ndarray:
    """Otsu on the red channel (red seals turn light there while black text stays dark),
    after ``flatten`` so a shadow does not turn into ink."""
    return otsu(red_channel(rgb, flat))


def red_channel(rgb: np.ndarray, flat: bool = True) -> np.ndarray:
    red = cv2.medianBlur(rgb[:, :, 0], 3)
    return flatten(red) if flat else red


def otsu(grey: np.ndarray) -> np.ndarray:
    return otsu_level(grey)[1]


def otsu_level(grey: np.ndarray) -> tuple[float, np.ndarray]:
    """Otsu's threshold on ``grey`` and the binary image it gives."""
    level, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(level), binary


def local_threshold(grey: np.ndarray, method: Binarize, dpi: int = 300) -> np.ndarray:
    """Wolf-Jolion or Sauvola binarisation: each pixel against the mean and spread of the
    grey around it (a window of about three text lines), so faint strokes in a light
    neighbourhood stay ink where one threshold for the page would drop them."""
    # The neighbourhood's mean and spread are smooth: found on 4x4 blocks (a 60 px window
    # of 15 blocks at 300 dpi) and the level map enlarged, 6x cheaper than at full size.
    h, w = grey.shape
    g = grey.astype(np.float32)
    small = (max(1, w // 4), max(1, h // 4))
    mean = cv2.resize(g, small, interpolation=cv2.INTER_AREA)
    square = cv2.resize(cv2.multiply(g, g), small, interpolation=cv2.INTER_AREA)
    window = (max(3, round(15 * dpi / 300)) | 1,) * 2
    mean = cv2.boxFilter(mean, -1, window, borderType=cv2.BORDER_REPLICATE)
    square = cv2.boxFilter(square, -1, window, borderType=cv2.BORDER_REPLICATE)
    spread = np.sqrt(np.maximum(square - mean * mean, 0))
    if method == "sauvola":  # k 0.34, R 128: the values tesseract uses
        level = mean * (1 + 0.34 * (spread / 128 - 1))
    else:  # Wolf-Jolion, k 0.5: contrast taken against the page's darkest and most varied
        level = mean - 0.5 * (1 - spread / max(float(spread.max()), 1.0)) * (mean - float(g.min()))
    level = cv2.resize(level, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.compare(g, level, cv2.CMP_GT)  # 255 paper, 0 ink


def remove_small(binary: np.ndarray, dpi: int = 300, *, leaders: bool = True,
                 speckle: bool = True, grey: tuple[np.ndarray, float] | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Specks and (``leaders``) dotted leader dots made paper, from one look at the
    page's connected components; and the leader dots taken (``remove_leaders``). With
    ``grey`` (the grey page ``binary`` was thresholded from, and its threshold), faint
    small blobs go too (``_faint``)."""
    cc = components(binary)
    drop = np.zeros(cc[0], bool)
    if speckle:
        drop |= cc[2][:, cv2.CC_STAT_AREA] <= max(2, round(6 * (dpi / 300) ** 2))
    if grey is not None:
        drop |= _faint(cc, *grey, dpi)
    if leaders:
        return remove_leaders(binary, cc, dpi, drop)
    return erase_components(binary, cc, drop), NO_DOTS


FAINT = 40  # grey levels: a small blob whose darkest pixel is this close to the threshold
FLOOR = 110  # (and lighter than this, whatever the threshold) is no ink


def _faint(cc: Components, grey: np.ndarray, level: float, dpi: int) -> np.ndarray:
    """Small components whose darkest pixel is far lighter than text's: specks of a faint
    printed background (a certificate's emblem) that the threshold let through."""
    small = cc[2][:, cv2.CC_STAT_AREA] <= 40 * (dpi / 300) ** 2
    small[0] = False
    dark = np.zeros(cc[0], bool)  # components with a pixel darker than faint
    dark[cc[1][grey <= max(level - FAINT, FLOOR)]] = True
    return small & ~dark


def estimate_skew(binary: np.ndarray, limit: float = 10.0) -> float:
    """Angle (degrees, counter-clockwise positive) that best aligns text rows.

    Projection-profile search: the right angle makes row sums peakiest. Coarse then fine,
    on a downscaled image, so it costs a few tens of milliseconds.
    """
    def shrink(img: np.ndarray, side: int) -> np.ndarray:  # to at least ``side`` px long
        k = max(1, max(img.shape) // side)  # a whole factor: 3x faster to shrink by
        return img if k == 1 else cv2.resize(img, (img.shape[1] // k, img.shape[0] // k),
                                             interpolation=cv2.INTER_AREA)
    fine = cv2.bitwise_not(shrink(binary, 800))  # ink as bright pixels
    coarse = shrink(fine, 400)  # the 1-degree search needs far fewer pixels
    if fine.mean() < 0.5:  # blank page: nothing to align
        return 0.0

    def score(ink: np.ndarray, angle: float) -> float:
        h, w = ink.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = rotated.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    best = max(np.arange(-limit, limit + 0.01, 1.0), key=lambda a: score(coarse, a))
    best = max(np.arange(best - 1.0, best + 1.01, 0.1), key=lambda a: score(fine, a))
    return round(float(best), 2)


def rotate_small(img: np.ndarray, angle: float, fill: int | tuple[int, int, int]) -> np.ndarray:
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def clean_page(rgb: np.ndarray, *, deskew: bool = True, rules: bool = True, crop: bool = True,
               flat: bool = True, speckle: bool = True, frames: bool = True, dpi: int = 300,
               binarize: Binarize = "otsu", debug: Debug | None = None) -> CleanPage:
    """Crop, binarise, deskew and (``rules``) take ruling lines, (``frames``) a printed
    frame and leader dots out of the OCR image, and (``speckle``) specks; orientation is
    ``ocr.read``'s job (it runs OSD only when a page does not read upright). Otsu finds
    the skew; ``binarize`` makes the final binary (``local_threshold``). ``debug`` is
    shown each step's image."""
    show = debug or (lambda _name, _image: None)
    show("1-scan", rgb)
    box = None
    if crop:
        rgb, box = crop_to_page(rgb)
        if box:
            show("2-cropped", rgb)
    grey = red_channel(rgb, flat)
    level, binary = otsu_level(grey)
    show("3-binary", binary)
    skew = estimate_skew(binary) if deskew else 0.0
    if skew:
        rgb = rotate_small(rgb, skew, _paper(rgb))
        grey = rotate_small(grey, skew, 255)
        level, binary = otsu_level(grey)  # no second flattening needed
        show("4-deskewed", binary)
    if binarize != "otsu":
        binary = local_threshold(grey, binarize, dpi)
        show("4-" + binarize, binary)
    frame = detect_frame(rgb) if rules and frames else None
    ocr, grid, mask = remove_rules(binary, frame) if rules else (binary, None, None)
    # the other form furniture, dotted lines that values are typed on, and specks
    ocr, dots = remove_small(ocr, dpi, leaders=rules, speckle=speckle,
                             grey=(grey, level) if speckle else None)
    show("5-for-ocr", ocr)
    soft = None
    if grid is not None:  # 8-9 pt cell text: enlarged grey reads far better than binary
        soft = flatten(rgb[:, :, 0]) if flat else rgb[:, :, 0].copy()
        if mask is not None:
            soft[mask] = 255
    return CleanPage(colour=rgb, binary=binary, rotation=0, skew=skew, ocr=ocr, grid=grid,
                     soft=soft, crop=box, leader_dots=dots)


def plain_page(rgb: np.ndarray) -> CleanPage:
    """No cleanup at all: Otsu on grey, as tesseract would binarise the scan itself."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return CleanPage(colour=rgb, binary=binary, rotation=0, skew=0.0)


def _paper(rgb: np.ndarray) -> tuple[int, int, int]:
    """The paper's colour (the brightest tenth of a sample), to fill corners turned in."""
    sample = rgb[::37, ::37].reshape(-1, 3)
    bright = sample[sample.sum(axis=1) >= np.percentile(sample.sum(axis=1), 90)]
    return tuple(int(v) for v in np.median(bright, axis=0))  # type: ignore[return-value]
