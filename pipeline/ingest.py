"""Inputs to documents: find scans, fingerprint them, and load their pages as RGB arrays.

One input file is one document. Sources are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import logging
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pikepdf
from pdf2image import convert_from_path
from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError
from PIL import Image, UnidentifiedImageError

from pipeline.errors import InputError
from pipeline.pixels import to_rgb8
from pipeline.resolution import believed_dpi, page_letter_height

log = logging.getLogger(__name__)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}


@dataclass(frozen=True)
class Source:
    path: Path  # as given by the user (kept for reports)
    sha256: str
    kind: str  # "image" or "pdf"
    page_count: int

    @property
    def document_id(self) -> str:
        """Content address: the same scan is the same document, wherever it lies."""
        return self.sha256[:16]


def discover(paths: list[Path]) -> list[Path]:
    """Files given, plus supported files found recursively in folders given (sorted)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            found.append(p)  # checked (and reported) when opened
    return found


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def open_source(path: Path, *, max_pixels: int, max_pages: int) -> Source:
    """Fingerprint and check one input; raises InputError with a message a user can act on."""
    if not path.exists():
        raise InputError("no such file")
    if not path.is_file():
        raise InputError("not a regular file")
    if path.stat().st_size == 0:
        raise InputError("the file is empty (0 bytes); rescan the page")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'}; "
                         "sohoa reads PNG, JPEG, TIFF and PDF")
    digest = sha256_of(path)
    if suffix == ".pdf":
        count = _check_pdf(path)
        kind = "pdf"
    else:
        count = _check_image(path, max_pixels)
        kind = "image"
    if count == 0:
        raise InputError("the file has no pages")
    if count > max_pages:
        raise InputError(f"{count} pages, above the limit of {max_pages} "
                         "(SOHOA_MAX_PAGES); split the file")
    return Source(path=path, sha256=digest, kind=kind, page_count=count)


def _check_pdf(path: Path) -> int:
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PasswordError:
        raise InputError("the PDF is encrypted with a password; "
                         "save an unprotected copy and digitise that") from None
    except pikepdf.PdfError as exc:  # qpdf names the file first: the line already does
        why = str(exc).removeprefix(f"{path}: ")
        raise InputError(f"not a readable PDF ({why})") from None


def _check_image(path: Path, max_pixels: int) -> int:
    # Pillow's own bomb guard would fire first with a vaguer message; only the header is
    # read before sohoa's limit is checked, so lifting it here decodes nothing big.
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged files become errors, not warnings
            with Image.open(path) as img:
                count = getattr(img, "n_frames", 1)
                if count > 1:  # each page is checked when it is read, and fails alone
                    return count
                width, height = img.size
                if width * height > max_pixels:
                    raise InputError(
                        f"image is {width}x{height} pixels, above the limit of {max_pixels:,} "
                        "pixels (SOHOA_MAX_PIXELS); scan at 300 dpi or raise the limit")
                img.verify()  # reads the frame's data: catches truncated files
                return count
    except InputError:
        raise
    except UnidentifiedImageError:  # Pillow's message only repeats the file's name
        raise InputError("cannot read the image: its content is not PNG, JPEG or TIFF, "
                         "whatever its name says; the file may be corrupt or not a scan"
                         ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the image ({exc}); the file may be "
                         "corrupt or truncated") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


WORK_PIXELS = 36_000_000  # a page is read at most this big: an A3 book open at 300 dpi (A2)
LARGEST_PAGE_INCHES = 50.0  # a PDF page's long side: A0 (46.8 in) and a margin


@dataclass(frozen=True)
class PageSize:
    """A page's size before decoding: ``width`` x ``height`` pixels at ``dpi`` (an image's
    own pixels; a PDF page at the dpi it would be rendered at) and its size in inches."""

    width: int
    height: int
    dpi: float
    inches: tuple[float, float]

    @property
    def pixels(self) -> int:
        return self.width * self.height


def page_size(path: Path, kind: str, index: int, *, dpi: int) -> PageSize:
    """Page ``index``'s size read from the file's header only (a PDF page's MediaBox times
    its UserUnit, what pdftoppm renders; a TIFF frame's IFD), nothing decoded. An image's
    dpi is ``image_dpi``'s. Raises ``InputError`` when the page cannot be found."""
    try:
        if kind == "pdf":
            with pikepdf.open(path) as pdf:
                page = pdf.pages[index]
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                unit = float(page.obj.get("/UserUnit", 1))
            w_in, h_in = abs(x1 - x0) * unit / 72, abs(y1 - y0) * unit / 72
            return PageSize(round(w_in * dpi), round(h_in * dpi), float(dpi), (w_in, h_in))
        with _guard_off():
            own_dpi = image_dpi(path, kind, dpi)
        with _opened(path) as img:
            img.seek(index)  # reads the frame's header, not its pixels
            w, h = img.size
        return PageSize(w, h, float(own_dpi), (w / own_dpi, h / own_dpi))
    except (pikepdf.PdfError, OSError, ValueError, EOFError, IndexError) as exc:
        raise InputError(f"page {index + 1} cannot be read ({exc})") from None


def check_page(size: PageSize, index: int, kind: str, max_pixels: int) -> None:
    """sohoa's limits for one page, before any pixel is decoded: a PDF page no larger than
    ``LARGEST_PAGE_INCHES`` on its long side, an image page no more than ``max_pixels``."""
    long_side = max(size.inches)
    if kind == "pdf" and long_side > LARGEST_PAGE_INCHES:
        w_in, h_in = size.inches
        raise InputError(f"page {index + 1} is {w_in:.0f} x {h_in:.0f} in "
                         f"({w_in * 2.54:.0f} x {h_in * 2.54:.0f} cm), larger than any sheet "
                         f"sohoa reads ({LARGEST_PAGE_INCHES:.0f} in, A0); export the scan "
                         "at its real page size")
    if kind != "pdf" and size.pixels > max_pixels:
        raise InputError(f"page {index + 1} is {size.width}x{size.height} pixels, above the "
                         f"limit of {max_pixels:,} pixels (SOHOA_MAX_PIXELS); scan at 300 dpi "
                         "or raise the limit")


def reduction(size: PageSize, target_dpi: int, work_pixels: int) -> int:
    """The whole factor a page is read reduced by: down to ``target_dpi`` (what OCR needs,
    never below it) and within ``work_pixels``; 1 for a page already that small."""
    by_dpi = max(1, int(size.dpi // target_dpi))
    by_pixels = max(1, math.ceil(math.sqrt(size.pixels / work_pixels)))
    return max(by_dpi, by_pixels)


def load_page_reduced(path: Path, kind: str, index: int, *, dpi: int, max_pixels: int,
                      work_pixels: int | None = WORK_PIXELS, trust_dpi: bool = True
                      ) -> tuple[np.ndarray, int]:
    """Page ``index`` (0-based) as RGB uint8 (height, width, 3) and the dpi it is at now.

    The page's size is checked first (``check_page``); a page above what OCR needs is read
    reduced, never in full: a PDF rendered by pdftoppm at a lower dpi, a JPEG decoded at
    1/2, 1/4 or 1/8 scale (``Image.draft``), other images decoded and box-reduced by a
    whole factor before any conversion. Peak memory is the image as stored (at most
    ``max_pixels``) plus its reduced copy. Raises ``InputError`` for a page that is too
    big or cannot be read, with the reason. ``trust_dpi=False``: the image's recorded
    dpi proved wrong (its letters, ``pipeline.page.page_pixels``), reduced only to fit
    ``work_pixels``."""
    size = page_size(path, kind, index, dpi=dpi)
    check_page(size, index, kind, max_pixels)
    factor = 1 if work_pixels is None else reduction(size, dpi, work_pixels)
    if not trust_dpi and work_pixels is not None:
        factor = reduction(replace(size, dpi=float(dpi)), dpi, work_pixels)
    Image.MAX_IMAGE_PIXELS = max_pixels  # sohoa's limit, not Pillow's default (this process)
    try:
        if kind == "pdf":
            render_dpi = max(1, int(dpi / factor))
            pages = convert_from_path(str(path), dpi=render_dpi, first_page=index + 1,
                                      last_page=index + 1, fmt="ppm")
            if not pages:
                raise InputError(f"page {index + 1} could not be rasterised")
            return np.asarray(pages[0].convert("RGB")), render_dpi
        with _opened(path) as src, _c_stderr_to_log():
            src.seek(index)
            img = _reduced(src, factor, size.width)
            dpi_now = size.dpi * img.width / size.width
            return np.asarray(to_rgb8(img)), int(round(dpi_now))  # 16-bit, alpha: pixels.py
    except InputError:
        raise
    except (PDFPageCountError, PDFSyntaxError, OSError, ValueError, EOFError) as exc:
        raise InputError(f"page {index + 1} cannot be read ({_why(exc)})") from None


def _reduced(src: Image.Image, factor: int, width: int) -> Image.Image:
    """The open frame (``width`` pixels wide as stored) decoded ``factor`` times smaller on
    each side: a JPEG scaled while its DCT is decoded (1/2, 1/4, 1/8), the rest by a box
    filter; modes the box filter lacks (1-bit, palette, 16-bit) are widened first."""
    if factor > 1 and src.format == "JPEG":
        src.draft(src.mode, (width // factor, src.height * src.width // width // factor))
    src.load()
    if factor == 1:
        return src.copy()
    img: Image.Image = src
    if img.mode in ("1", "P", "I;16", "I;16B", "I;16L"):
        img = img.convert({"1": "L", "P": "RGBA"}.get(img.mode, "I"))
    if img.width == width:  # not drafted: an exact box reduction
        return img.reduce(factor)
    target = (max(1, width // factor), max(1, round(img.height * width / img.width) // factor))
    return img.resize(target, Image.Resampling.BOX)


@contextmanager
def _c_stderr_to_log() -> Iterator[None]:
    """What C decoders print on the process's stderr themselves goes to the log (debug)
    instead: libtiff says 'tempfile.tif: Using code not yet in table.' for a corrupt LZW
    strip, a file name the user never had, printed beside sohoa's own message for the
    page. File descriptor 2 is pointed at a temporary file meanwhile."""
    import os
    import sys
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            if said := sink.read().decode(errors="replace").strip():
                log.debug("decoder said: %s", said)


def _why(exc: Exception) -> str:
    """A decoder's terse message made readable (Pillow says 'decoder error -2')."""
    text = str(exc)
    if "decoder error" in text or "image file is truncated" in text:
        return f"its image data is corrupt or truncated: {text}"
    return text


@contextmanager
def _guard_off() -> Iterator[None]:
    """Pillow's own bomb guard lifted while headers are read: sohoa's limits come first,
    with sohoa's message (Pillow's fires at open, before any pixel is decoded)."""
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


@contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    """Pillow's image, its header only read, without Pillow's bomb guard."""
    with _guard_off(), Image.open(path) as img:
        yield img


def load_page(path: Path, kind: str, index: int, *, dpi: int, max_pixels: int) -> np.ndarray:
    """Page ``index`` (0-based) as an RGB array at its own resolution (a PDF page rendered
    at ``dpi``), checked like ``load_page_reduced`` but never reduced: for tools that
    compare with the scan's own pixels (evaluation). Raises ``InputError``."""
    return load_page_reduced(path, kind, index, dpi=dpi, max_pixels=max_pixels,
                             work_pixels=None)[0]


def image_dpi(path: Path, kind: str, default: int, rgb: np.ndarray | None = None) -> int:
    """The scan's resolution: the one its file records (else ``default``) when believable
    (``pipeline.resolution.believed_dpi``), else inferred.

    Many scanners and phones write 72 dpi whatever they scanned at, and some software
    600 on a 150 dpi scan. A recorded resolution is not believed when it makes the page
    larger than an A3 sheet (a screen resolution, under 100) or an A3 book open with the
    scanner bed around it (a scanning one), nor, given the page's pixels ``rgb``, when
    the letters it implies are smaller than 6 pt or larger than 24 pt; the resolution is
    then inferred from the letters' height, or without letters the page taken for A4.
    A PDF's pages are rendered at ``default``: returned as it is."""
    if kind == "pdf":
        return default
    try:
        with Image.open(path) as img:
            recorded = img.info.get("dpi", (None, None))[0]
            recorded = float(recorded) if recorded is not None else None
            long_side = max(img.size) if rgb is None else max(rgb.shape[:2])
    except (OSError, ValueError, TypeError):
        return default
    letters = page_letter_height(rgb) if rgb is not None else None
    return believed_dpi(recorded, long_side, letters, default)
