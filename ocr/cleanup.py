"""Image cleanup: a straight, flat, clean binary image for OCR, plus the orientation steps
(tesseract OSD, quarter turns) that ``ocr.read`` calls when a page does not read upright.

Each step is a plain function; ``clean_page`` chains them, each switchable: scanner border
cropped (``ocr.borders``), light flattened and binarised on the red channel (seals fade
there), deskewed, ruling lines (``ocr.tables``), a certificate's printed frame
(``ocr.frames``) and dotted leaders (``ocr.leaders``) out, specks out (``ocr.specks``:
by where a blob sits, never a mark by a letter). A step runs only where the page's own
measures call for it (``Steps``: already 1-bit? light uneven? skewed? specks away from
the text?), so a clean scan reaches tesseract as it came (issue #16: every step taken
on a clean 1-bit page wore marks away). A grey scan is read in grey. The archive keeps
the colour image with the same geometry as the OCR image so word boxes fit both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

import cv2
import numpy as np
import pytesseract

from ocr.borders import crop_to_page
from ocr.frames import detect_frame
from ocr.leaders import NO_DOTS, Components, components, erase_components, remove_leaders
from ocr.letters import letter_height
from ocr.models import Binarize, Grid
from ocr.specks import Specks, find_specks
from ocr.tables import remove_rules, rule_lengths

# (step name, image), or ("decisions", ``Steps.as_dict()``): ``--debug-images`` (the writer
# numbers the steps in the order they ran)
Debug = Callable[[str, Any], None]

BILEVEL = 0.002  # a scan with fewer sampled pixels between black and white is 1-bit
UNEVEN = 24.0  # grey levels of paper light from darkest to lightest twentieth: flattened
DESKEW_MIN = 0.3  # degrees: a smaller skew is left (tesseract reads it; turning resamples)
# degrees under which a 1-bit page with no ruling line is left as scanned: turning a 1-bit
# page resamples every stroke and wears marks away, and without rules nothing on the
# page needs straight rows (a grid, a frame: ``ocr.tables`` looks for straight strokes)
BILEVEL_PLAIN_SKEW = 1.0
NOISY = 2.0  # specks per megapixel, away from letters, from which specks are taken out


@dataclass(frozen=True)
class Steps:
    """What cleanup measured on one page and which steps the measures called for.

    ``bilevel``: the scan has only black and white (a 1-bit or G4 fax scan): it is
    neither flattened nor thresholded again. ``unevenness``: grey levels between the
    darkest and lightest twentieth of the paper's light (``paper_light``); ``flatten``
    when above ``UNEVEN``. ``skew``: degrees measured; ``deskew`` when at least
    ``DESKEW_MIN`` (on a 1-bit page with no ruling line, ``BILEVEL_PLAIN_SKEW``).
    ``specks``: blobs away from every letter (``ocr.specks``), per megapixel;
    ``despeckle`` when at least ``NOISY``. ``letter_height`` in px.
    ``threshold``: ``as scanned``, ``otsu``, ``wolf`` or ``sauvola``. ``read_grey``: a
    grey scan under Otsu is read by tesseract in grey (``CleanPage.grey``).
    ``leader_dots``: dots of dotted leaders taken out (``ocr.leaders``)."""

    bilevel: bool = False
    unevenness: float = 0.0
    flatten: bool = True
    threshold: str = "otsu"
    skew: float = 0.0
    deskew: bool = False
    letter_height: float = 0.0
    specks: float = 0.0
    despeckle: bool = True
    read_grey: bool = False
    leader_dots: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    steps: Steps | None = None  # what was measured and which steps ran (``Steps``)
    # a grey scan's grey (flattened if it was) round the ink of ``ocr``, paper elsewhere:
    # what tesseract reads when set (``Steps.read_grey``, ``grey_round_ink``)
    grey: np.ndarray | None = None
    gutter: int | None = None  # x of a two-page spread's fold (``ocr.read.page_image``)

    @property
    def leaders(self) -> bool:
        return self.leader_dots is not None and len(self.leader_dots) > 0

    @property
    def for_ocr(self) -> np.ndarray:
        """The binary OCR image: what layout steps (gutter, dewarp) look at."""
        return self.binary if self.ocr is None else self.ocr

    @property
    def for_reading(self) -> np.ndarray:
        """What tesseract reads: ``grey`` if set, else ``for_ocr``."""
        return self.for_ocr if self.grey is None else self.grey


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
    """Uneven light taken out: the channel divided by its background (``paper_light``)."""
    return divide_light(channel, paper_light(channel))


def paper_light(channel: np.ndarray) -> np.ndarray:
    """The paper's light under ``channel`` on a quarter-size grid (uint8, rows x columns
    a quarter of the page's): text closed away (a shadow is smooth, text strokes are
    thin, 15 px at quarter size is 60 px, wider than a 12 pt stroke)."""
    h, w = channel.shape
    small = cv2.resize(channel, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                            cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15)))


def divide_light(channel: np.ndarray, light: np.ndarray) -> np.ndarray:
    """``channel`` divided by ``paper_light``'s estimate (enlarged to it): paper 255."""
    h, w = channel.shape
    background = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(np.ascontiguousarray(channel), np.maximum(background, 1), scale=255)


def unevenness(light: np.ndarray) -> float:
    """Grey levels between the darkest and the lightest twentieth of ``paper_light``,
    its outer 5 % left out (a scanner border's or lid's dark rim is no shadow)."""
    h, w = light.shape
    inner = light[h // 20:h - h // 20, w // 20:w - w // 20]
    if inner.size == 0:
        return 0.0
    low, high = np.percentile(inner, (5, 95))
    return round(float(high - low), 1)


def is_bilevel(channel: np.ndarray) -> bool:
    """Whether the scan is black and white only (1-bit, G4): fewer than ``BILEVEL`` of a
    sample of its pixels lie between 20 and 235 (a JPEG of a 1-bit scan has grey rims)."""
    sample = channel[::3, ::3]
    return bool(((sample > 20) & (sample < 235)).mean() < BILEVEL)


def binarize(rgb: np.ndarray, flat: bool = True) -> np.ndarray:
    """Otsu on the red channel (red seals turn light there while black text stays dark),
    after ``flatten`` so a shadow does not turn into ink."""
    return otsu(red_channel(rgb, flat))


def red_channel(rgb: np.ndarray, flat: bool = True, smooth: bool = True) -> np.ndarray:
    """The red channel, (``smooth``) median-filtered over 3x3 and (``flat``) flattened.
    ``clean_page`` does not smooth: a 3x3 median wears 1-2 px strokes away, the marks
    over small letters first (8 words more lost a page at 9 pt on a 1-bit scan)."""
    red = cv2.medianBlur(rgb[:, :, 0], 3) if smooth else rgb[:, :, 0]
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
    """``clear_small`` without its measure of the specks: the image and the leader dots."""
    return clear_small(binary, dpi, leaders=leaders, speckle=speckle, grey=grey)[:2]


def clear_small(binary: np.ndarray, dpi: int = 300, *, leaders: bool = True,
                speckle: bool = True, grey: tuple[np.ndarray, float] | None = None
                ) -> tuple[np.ndarray, np.ndarray, Specks, bool]:
    """Specks and (``leaders``) dotted leader dots made paper, from one look at the
    page's connected components; the leader dots taken (``remove_leaders``), the specks
    found (``ocr.specks``: small blobs in no letter's mark zone) and whether they were
    taken: with ``speckle``, if there are ``NOISY`` or more a megapixel. With ``grey``
    (the grey page ``binary`` was thresholded from, and its threshold), faint small
    blobs go too (``_faint``)."""
    cc = components(binary)
    specks = find_specks(cc, dpi)
    drop = np.zeros(cc[0], bool)
    despeckle = speckle and specks_per_megapixel(specks, binary.shape) >= NOISY
    if despeckle:
        drop |= specks.labels
    if grey is not None:
        drop |= _faint(cc, *grey, dpi)
    if leaders:
        return (*remove_leaders(binary, cc, dpi, drop), specks, despeckle)
    return erase_components(binary, cc, drop), NO_DOTS, specks, despeckle


def specks_per_megapixel(specks: Specks, shape: tuple[int, ...]) -> float:
    return round(specks.count / max(1e-6, shape[0] * shape[1] / 1e6), 2)


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
    ``ocr.read``'s job (it runs OSD only when a page does not read upright). Each step
    runs only where the page's measures call for it (``threshold_page``, ``Steps``):
    the switches allow a step, the page decides. ``debug`` is shown each step's image
    and, as ``decisions``, the ``Steps``."""
    show = debug or (lambda _name, _image: None)
    show("scan", rgb)
    box = None
    if crop:
        rgb, box = crop_to_page(rgb)
        if box:
            show("cropped", rgb)
    rgb, grey, level, binary, steps = threshold_page(
        rgb, flat=flat, deskew=deskew, binarize=binarize, dpi=dpi, show=show)
    frame = detect_frame(rgb, dpi) if rules and frames else None
    ocr, grid, mask = (remove_rules(binary, frame, dpi, letter_height(binary)) if rules
                       else (binary, None, None))
    if grid is not None or frame is not None:
        show("rules-out", ocr)
    # the other form furniture, dotted lines that values are typed on, and specks
    ocr, dots, specks, despeckle = clear_small(
        ocr, dpi, leaders=rules, speckle=speckle,
        grey=(grey, level) if speckle and not steps.bilevel else None)
    steps = replace(steps, letter_height=round(specks.letter_height, 1),
                    specks=specks_per_megapixel(specks, ocr.shape), despeckle=despeckle,
                    leader_dots=len(dots))
    show("for-ocr", ocr)
    reading = None
    if steps.read_grey:
        reading = grey_round_ink(grey, ocr)
        show("grey-for-ocr", reading)
    show("decisions", steps.as_dict())
    soft = None
    if grid is not None:  # 8-9 pt cell text: enlarged grey reads far better than binary
        soft = flatten(rgb[:, :, 0]) if steps.flatten else rgb[:, :, 0].copy()
        if mask is not None:
            soft[mask] = 255
    return CleanPage(colour=rgb, binary=binary, rotation=0, skew=steps.skew if steps.deskew
                     else 0.0, ocr=ocr, grid=grid, soft=soft, crop=box, leader_dots=dots,
                     steps=steps, grey=reading)


def grey_round_ink(grey: np.ndarray, ocr: np.ndarray, reach: int = 2) -> np.ndarray:
    """``grey`` (uint8, the page's geometry) within ``reach`` px of the ink ``ocr`` kept,
    paper elsewhere: the soft edges of the strokes and marks Otsu cut (tesseract reads
    them better than any binary), without what cleanup took out (rules, frames, leader
    dots, specks) or the light texture no threshold kept (a seal, an emblem, noise)."""
    size = 2 * reach + 1
    near = cv2.dilate((ocr < 128).astype(np.uint8), np.ones((size, size), np.uint8))
    return np.where(near > 0, grey, 255).astype(np.uint8)


def threshold_page(rgb: np.ndarray, *, flat: bool, deskew: bool, binarize: Binarize,
                   dpi: int, show: Debug) -> tuple[np.ndarray, np.ndarray, float,
                                                   np.ndarray, Steps]:
    """The page measured, made binary and straight: (colour, grey, threshold, binary,
    steps). A 1-bit scan is taken as it is (no smoothing, flattening or threshold of
    ours: each wore its smallest marks away); a grey one is flattened only if its
    light is uneven, then Otsu'd (or ``binarize``). Turned only by ``DESKEW_MIN`` or more."""
    red = np.ascontiguousarray(rgb[:, :, 0])  # red seals turn light, black text stays dark
    bilevel = is_bilevel(red)
    light = None if bilevel else paper_light(red)
    uneven = 0.0 if light is None else unevenness(light)
    steps = Steps(bilevel=bilevel, unevenness=uneven, flatten=flat and uneven > UNEVEN,
                  threshold="as scanned" if bilevel else binarize,
                  read_grey=not bilevel and binarize == "otsu")
    grey = divide_light(red, light) if steps.flatten and light is not None else red
    if steps.flatten:
        show("flattened", grey)
    level, binary = (128.0, _at(grey, 128)) if bilevel else otsu_level(grey)
    show("binary", binary)
    skew = estimate_skew(binary) if deskew else 0.0
    turn = abs(skew) >= DESKEW_MIN and not (
        bilevel and abs(skew) < BILEVEL_PLAIN_SKEW and not has_rules(binary, dpi))
    steps = replace(steps, skew=skew, deskew=turn)
    if steps.deskew:
        rgb = rotate_small(rgb, skew, _paper(rgb))
        grey = rotate_small(grey, skew, 255)
        # no second flattening needed; a 1-bit page turned is grey at its edges only
        level, binary = (128.0, _at(grey, 128)) if bilevel else otsu_level(grey)
        show("deskewed", binary)
    if binarize != "otsu" and not bilevel:
        binary = local_threshold(grey, binarize, dpi)
        show(binarize, binary)
    return rgb, grey, level, binary, steps


def has_rules(binary: np.ndarray, dpi: int) -> bool:
    """Whether ``binary`` (uint8, ink < 128) holds a straight stroke as long as a ruling
    line (``ocr.tables.rule_lengths``: 0.33 inch across, 0.47 inch down), on a page
    skewed up to ``BILEVEL_PLAIN_SKEW``: strokes are first thickened to 3 px across their
    length, which keeps a row (a column) that long in them; a 1 px rule turned 0.6
    degrees stays in one row for only 95 px."""
    ink = (binary < 128).astype(np.uint8)
    across, down = rule_lengths(dpi)
    for thick, long in (((1, 3), (across, 1)), ((3, 1), (1, down))):
        thickened = cv2.dilate(ink, np.ones(thick[::-1], np.uint8))
        opened = cv2.morphologyEx(thickened, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, long))
        if opened.any():
            return True
    return False


def _at(grey: np.ndarray, level: int) -> np.ndarray:
    """``grey`` thresholded at ``level``: 0 ink at or below it, 255 paper above."""
    return cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)[1]


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
