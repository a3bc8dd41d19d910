"""The page of a record's own PDF (``--split-entries``): for a register entry, only the
part of the page that holds it, so the file carries no other person's data.

Workers keep no pixels, so the parent reads the page again along the workers' own path
(``pipeline.page.page_pixels`` then ``ocr.read.page_image``: upscaling, turn, cleanup,
a spread's halves dewarped) and cuts the entry's region out of it. That path is
deterministic; if the page still comes out with another geometry than the words were
read on, no file is written for its entries and the record says why: a whole page would
show every other person on it.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np

from ocr.cleanup import CleanPage
from ocr.models import OcrPage, Word
from ocr.read import page_image
from ocr.recognize import group_lines
from pipeline.archive_image import encode
from pipeline.errors import SohoaError
from pipeline.extract.tables import header_band
from pipeline.ingest import Source
from pipeline.page import page_pixels
from pipeline.pdfa import ArchivePage
from pipeline.settings import Settings
from schemas.records import Record

log = logging.getLogger(__name__)

Region = tuple[int, int, int, int]  # left, top, right, bottom: px on the cleaned page


class Mismatch(Exception):
    """The page read again is not the page the words were read on (or the region does
    not fit it): no entry file may be cut from it."""


def entry_pages(src: Source, pages: list[ArchivePage], records: list[Record],
                settings: Settings) -> tuple[list[ArchivePage | None], list[Record]]:
    """Each record's page for its own PDF, or None where none may be written: a register
    entry's band (a table entry's under its table's header row), a record alone on its
    page that whole page; a keyed record (no region) none, nor any record whose region
    cannot be cut safely (it then gets a review reason saying why). Returns (pages, the
    records, with those reasons). ``pages``: the document's archived pages, in order."""
    again = _PageAgain(src, settings)
    out: list[ArchivePage | None] = []
    checked: list[Record] = []
    for record in records:
        try:
            if not 1 <= record.page <= len(pages):
                raise Mismatch(f"the document has no page {record.page}")
            out.append(_entry_page(pages[record.page - 1], record, records, again))
        except Mismatch as exc:
            log.warning("%s: no entry PDF for record %s: %s", src.document_id, record.id, exc)
            reason = f"entry PDF not written: {exc}"
            checked.append(record.model_copy(update={
                "needs_review": True, "review_reasons": [*record.review_reasons, reason]}))
            out.append(None)
            continue
        checked.append(record)
    return out, checked


def _entry_page(page: ArchivePage, record: Record, records: list[Record],
                again: _PageAgain) -> ArchivePage | None:
    if record.region is None:
        if record.origin == "keyed":
            return None  # keyed by a person: where it lies on the page is not known
        if record.layout.startswith("register") or sum(
                r.page == record.page for r in records) > 1:
            raise Mismatch(f"where it lies on page {record.page}, which holds other "
                           "people's data, is not known")
        return page  # the page holds this record only (a certificate)
    cleaned = again.page(record.page - 1, page.ocr.rotation)
    region = _fit(record.region, page.ocr, cleaned)
    strips = [region]
    if record.layout == "register-table":
        header = header_band(page.ocr, region)
        strips = [header, region] if header is not None else strips
    return cut(cleaned, page.ocr, strips, again.settings)


def _fit(region: Region, ocr: OcrPage, cleaned: CleanPage) -> Region:
    """``region`` when the page read again has the geometry its words were read on and
    the region lies inside it, within one page of a spread; else ``Mismatch``."""
    height, width = cleaned.binary.shape[:2]
    if (height, width) != (ocr.height, ocr.width):
        raise Mismatch(f"the page read again is {width}x{height} px, not {ocr.width}x"
                       f"{ocr.height} as its words were read")
    if cleaned.gutter != ocr.gutter:
        raise Mismatch(f"the page read again has its fold at {cleaned.gutter}, not at "
                       f"{ocr.gutter} as its words were read")
    left, top, right, bottom = region
    if not (0 <= left < right <= width and 0 <= top < bottom <= height):
        raise Mismatch(f"the region {region} is not inside the {width}x{height} px page")
    if ocr.gutter is not None and left < ocr.gutter < right:
        raise Mismatch(f"the region {region} runs across the fold of the spread")
    return region


def cut(cleaned: CleanPage, ocr: OcrPage, strips: list[Region],
        settings: Settings) -> ArchivePage:
    """The ``strips`` of the page (all of one width), stacked top to bottom into one
    page image, with the words whose centre lies in each, moved with it."""
    words: list[Word] = []
    colours, binaries = [], []
    y = 0
    for left, top, right, bottom in strips:
        colours.append(cleaned.colour[top:bottom, left:right])
        binaries.append(cleaned.binary[top:bottom, left:right])
        words += [replace(w, box=replace(w.box, left=w.box.left - left,
                                         top=w.box.top - top + y))
                  for w in ocr.words if top <= w.box.center_y < bottom
                  and left <= w.box.left + w.box.width / 2 < right]
        y += bottom - top
    width = strips[0][2] - strips[0][0]
    image = encode(np.vstack(colours), np.vstack(binaries), mode=settings.archive_image,
                   dpi=ocr.dpi, quality=settings.jpeg_quality,
                   background_dpi=settings.background_dpi)
    return ArchivePage(image, OcrPage(width=width, height=y, dpi=ocr.dpi,
                                      lines=group_lines(words)))


class _PageAgain:
    """A source's pages read again along the workers' path, the last one kept (records
    come in page order, so each page is read once)."""

    def __init__(self, src: Source, settings: Settings) -> None:
        self.src, self.settings = src, settings
        self._last: tuple[tuple[int, int], CleanPage] | None = None

    def page(self, index: int, rotation: int) -> CleanPage:
        """Page ``index`` (0-based) turned ``rotation`` degrees as the worker turned it,
        cleaned for reading; ``Mismatch`` if it cannot be read again."""
        if self._last is not None and self._last[0] == (index, rotation):
            return self._last[1]
        s = self.settings
        try:
            rgb, dpi = page_pixels(self.src.path, self.src.kind, index, dpi=s.dpi,
                                   max_pixels=s.max_pixels)
        except SohoaError as exc:
            raise Mismatch(f"page {index + 1} could not be read again ({exc})") from exc
        cleaned, _ = page_image(rgb, dpi=dpi, rotation=rotation, deskew=s.deskew,
                                cleanup=s.cleanup, binarize=s.binarize)
        self._last = ((index, rotation), cleaned)
        return cleaned
