"""Inputs to documents: find scans, fingerprint them, and load their pages as RGB arrays.

One input file is one document. Sources are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputError

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
    except pikepdf.PdfError as exc:
        raise InputError(f"not a readable PDF ({exc})") from None


def _check_image(path: Path, max_pixels: int) -> int:
    # Pillow's own bomb guard would fire first with a vaguer message; only the header is
    # read before sohoa's limit is checked, so lifting it here decodes nothing big.
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged files become errors, not warnings
            with Image.open(path) as img:
                width, height = img.size
                if width * height > max_pixels:
                    raise InputError(
                        f"image is {width}x{height} pixels, above the limit of {max_pixels:,} "
                        "pixels (SOHOA_MAX_PIXELS); scan at 300 dpi or raise the limit")
                count = getattr(img, "n_frames", 1)
                img.verify()  # reads the first frame's data: catches truncated files
                return count
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the image ({exc}); the file may be "
                         "corrupt or truncated") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def load_page(path: Path, kind: str, index: int, *, dpi: int, max_pixels: int) -> np.ndarray:
    """Page ``index`` (0-based) as an RGB array; PDF pages are rasterised at ``dpi``."""
    Image.MAX_IMAGE_PIXELS = max_pixels  # sohoa's limit, not Pillow's default (this process)
    try:
        if kind == "pdf":
            info = pdfinfo_from_path(str(path))
            w_pt, h_pt = (float(x) for x in info.get("Page size", "595 x 842").split()[0:3:2])
            if (w_pt * dpi / 72) * (h_pt * dpi / 72) > max_pixels:
                raise InputError(f"page {index + 1} at {dpi} dpi is above "
                                 f"{max_pixels:,} pixels (SOHOA_MAX_PIXELS)")
            pages = convert_from_path(str(path), dpi=dpi, first_page=index + 1,
                                      last_page=index + 1, fmt="ppm")
            if not pages:
                raise InputError(f"page {index + 1} could not be rasterised")
            img = pages[0]
        else:
            with Image.open(path) as src:
                frame = next(f for i, f in enumerate(ImageSequence.Iterator(src)) if i == index)
                img = frame.convert("RGB")
        return np.asarray(img.convert("RGB"))
    except InputError:
        raise
    except (PDFPageCountError, PDFSyntaxError, OSError, ValueError, StopIteration) as exc:
        raise InputError(f"page {index + 1} cannot be read ({exc})") from None


LARGEST_SHEET_INCHES = 17.5  # A3's long side (16.5 in) and a margin
LARGEST_SPREAD_INCHES = 25.0  # an A3 register book scanned open (A2, 23.4 in) and a margin
SCREEN_DPI = 100  # 72 and 96 dpi are what software writes when it does not know


def image_dpi(path: Path, kind: str, default: int) -> int:
    """The scan's own resolution where the file records a plausible one.

    Many scanners and phones write 72 dpi whatever they scanned at: a resolution that
    makes the page larger than an A3 sheet is not believed, and the page is taken to be
    A4 (its long side 11.69 in), so a 300 dpi scan labelled 72 is not enlarged fourfold.
    A scanning resolution (150 dpi and up) is believed up to an A3 book open with the
    scanner bed around it: a two-page spread at 300 dpi is 17.6 in wide with its border.
    """
    if kind == "pdf":
        return default
    try:
        with Image.open(path) as img:
            dpi = float(img.info.get("dpi", (default, default))[0])
            long_side = max(img.size)
    except (OSError, ValueError, TypeError):
        return default
    if not 72 <= dpi <= 1200:
        dpi = default
    if long_side / dpi > (LARGEST_SHEET_INCHES if dpi < SCREEN_DPI else LARGEST_SPREAD_INCHES):
        dpi = min(1200, max(100, long_side / 11.69))
    return int(round(dpi))
