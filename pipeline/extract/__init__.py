"""Field extraction: classify each page, read it with its layout's reader, and finish
every entry into a typed, validated record with per-field confidence.

A certificate or a decision page gives one record; a register page gives one record per
entry, each with the book number and registry of the page header.
"""

from __future__ import annotations

from ocr.models import OcrPage
from pipeline.classify import classify
from pipeline.extract.finish import make_record
from pipeline.extract.layouts import (
    read_certificate,
    read_decision,
    read_marriage,
    read_register,
)
from pipeline.extract.second import Opinion, Second
from schemas.records import Record, RecordType


def _with_reasons(record: Record, reasons: list[str]) -> Record:
    """A register record with the reasons only its page could give (numbering, notes)."""
    if not reasons:
        return record
    return record.model_copy(update={"needs_review": True,
                                     "review_reasons": [*record.review_reasons, *reasons]})


def extract_page(page: OcrPage, number: int, review_confidence: float,
                 second: Opinion | None = None) -> list[Record]:
    """The page's records. ``second`` judges values against a second reading of their
    crop; by default the page's own (``OcrPage.rereads``, made by the page worker)."""
    if second is None and getattr(page, "rereads", ()):  # pages pickled before rereads
        second = Second(page.rereads)
    kind = classify(page)
    if kind.type is RecordType.unknown:
        return []
    if kind.layout.startswith("register-"):
        layout, entries = read_register(page, kind.type, kind.layout)
        if not entries:
            return [Record(type=kind.type, page=number, layout=layout, needs_review=True,
                           review_reasons=[f"no entries read on this {layout} page"])]
        return [_with_reasons(make_record(kind.type, e.raw, page=number, entry=n,
                                          layout=layout, region=e.region,
                                          review_confidence=review_confidence,
                                          second=second), e.reasons)
                for n, e in enumerate(entries, start=1)]
    if kind.type is RecordType.decision:
        raw = read_decision(page)
    elif kind.type is RecordType.marriage:
        raw = read_marriage(page)
    else:
        raw = read_certificate(page, kind.type)
    return [make_record(kind.type, raw, page=number, layout=kind.layout,
                        review_confidence=review_confidence, second=second)]


def extract(pages: list[OcrPage], review_confidence: float) -> list[Record]:
    """Records of a document, in page and entry order."""
    return [r for number, page in enumerate(pages, start=1)
            for r in extract_page(page, number, review_confidence)]
