"""One row per record, for the registry import: CSV, XLSX or JSON Lines.

Rows stream from the catalog one document at a time; the file is written to a temporary
name beside the target and renamed, so a reader never sees half an export.

Values keep their types where the format has them: JSON Lines carries booleans, numbers
and the review reasons as a list (the shape of ``digitize --json``); XLSX booleans and
numbers; CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese right)
writes ``true``/``false`` and a value's line breaks as `` / `` so every record is one line.
Headers are the field keys, or with ``labels="vi"`` the labels the forms print
(``schemas.forms``: Circular 04/2020 wording).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from index.base import IndexRecord, SearchQuery
from pipeline.atomic import replacing
from pipeline.catalog import Catalog
from schemas.records import FIELDS, Record, RecordType

BASE_COLUMNS = ["document_id", "record", "record_id", "record_type", "source", "page", "entry",
                "pdf", "needs_review", "review_reasons", "verified_by"]
BASE_LABELS_VI = {
    "document_id": "Mã tài liệu", "record": "Thứ tự hồ sơ", "record_id": "Mã hồ sơ",
    "record_type": "Loại hồ sơ", "source": "Tệp quét", "page": "Trang",
    "entry": "Số thứ tự trên trang", "pdf": "Tệp PDF/A", "needs_review": "Cần kiểm tra",
    "review_reasons": "Lý do kiểm tra", "verified_by": "Người kiểm tra"}
FORMATS = ("csv", "xlsx", "jsonl")
LABELS = ("keys", "vi")


@dataclass(frozen=True)
class ExportFilter:
    """Which records to export; every set filter must hold (the search's own filters).

    ``year``: the registration year; ``commune``: the registering commune, matched without
    diacritics and case; ``book``: the register book number as printed.
    """

    record_type: str | None = None
    year: int | None = None
    commune: str | None = None
    book: str | None = None
    needs_review: bool | None = None

    @cached_property
    def commune_folded(self) -> str | None:
        """The commune as the index keeps it (``SearchQuery.commune_folded``'s rule)."""
        return SearchQuery(commune=self.commune).commune_folded

    def keeps(self, rec: Record, document_id: str, source: str) -> bool:
        if self.record_type and rec.type.value != self.record_type:
            return False
        if self.needs_review is not None and rec.needs_review != self.needs_review:
            return False
        if self.year is None and not self.commune and not self.book:
            return True
        facts = IndexRecord(rec.id or "", document_id, source, rec.type.value, rec.page,
                            {k: v.value for k, v in rec.fields.items()})
        return ((self.year is None or facts.registration_year == self.year)
                and (not self.commune or facts.commune == self.commune_folded)
                and (not self.book or (facts.book_number or "").strip() == self.book.strip()))


def columns(record_type: str | None) -> list[str]:
    """The fixed columns, then the field keys of the type (or of every type), in form order."""
    types = [RecordType(record_type)] if record_type else list(FIELDS)
    keys: list[str] = []
    for t in types:
        keys += [k for k in FIELDS.get(t, {}) if k not in keys]
    return BASE_COLUMNS + keys


def header_labels(keys: list[str], record_type: str | None) -> list[str]:
    """Vietnamese column titles: the form's label; a key shared by several types with other
    labels gets the first type's (one type chosen: exactly its form's labels)."""
    labels: dict[str, str] = dict(BASE_LABELS_VI)
    types = [RecordType(record_type)] if record_type else list(FIELDS)
    for t in types:
        for k, label in FIELDS.get(t, {}).items():
            labels.setdefault(k, label)
    return [labels.get(k, k) for k in keys]


def rows(catalog: Catalog, keep: ExportFilter | None = None) -> Iterator[dict]:
    """Typed rows (bool, int, list of reasons, str values) in catalog order."""
    keep = keep or ExportFilter()
    for doc in catalog.iter_documents():
        for n, rec in enumerate(doc.records):
            if not keep.keeps(rec, doc.document_id, doc.source):
                continue
            own = doc.entries[n] if n < len(doc.entries) else None
            entry = own[0] if own is not None else doc.pdf
            yield {"document_id": doc.document_id, "record": n, "record_id": rec.id,
                   "verified_by": rec.verified_by, "record_type": rec.type.value,
                   "source": doc.source, "page": rec.page, "entry": rec.entry,
                   "pdf": str(entry) if entry else "",
                   "needs_review": rec.needs_review,
                   "review_reasons": list(rec.review_reasons),
                   **{k: v.value for k, v in rec.fields.items()}}


def _flat(value: object) -> object:
    """A cell for CSV: one line, booleans as true/false, lists joined with "; "."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return " / ".join(part.strip() for part in value.splitlines() if part.strip())
    return value


def export(catalog: Catalog, target: Path, fmt: str, keep: ExportFilter | None = None,
           labels: str = "keys") -> int:
    """Write the export; returns the number of records written.

    Raises ValueError for an unknown ``fmt`` or ``labels``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {', '.join(LABELS)}")
    keep = keep or ExportFilter()
    keys = columns(keep.record_type)
    titles = header_labels(keys, keep.record_type) if labels == "vi" else keys
    with replacing(target) as tmp:
        if fmt == "xlsx":
            return _xlsx(tmp, keys, titles, rows(catalog, keep), keep.record_type)
        count = 0
        with open(tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as f:
            writer = csv.writer(f) if fmt == "csv" else None
            if writer:
                writer.writerow(titles)
            for row in rows(catalog, keep):
                if writer:
                    writer.writerow([_flat(row.get(k)) for k in keys])
                else:
                    named = row if labels == "keys" else dict(zip(titles, (
                        row.get(k) for k in keys), strict=True))
                    f.write(json.dumps(named, ensure_ascii=False) + "\n")
                count += 1
    return count


def _xlsx(tmp: Path, keys: list[str], titles: list[str], body: Iterator[dict],
          record_type: str | None) -> int:
    """A streamed sheet (memory stays flat) with a frozen, bold header and column widths."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(record_type or "records")
    sheet.freeze_panes = "A2"
    for i, (key, title) in enumerate(zip(keys, titles, strict=True), start=1):
        wide = 40 if key.endswith(("residence", "place", "place_of_birth", "summary", "notes",
                                   "review_reasons", "source", "pdf")) else 22
        sheet.column_dimensions[get_column_letter(i)].width = max(wide, min(len(title) + 2, 40))
    bold = Font(bold=True)
    head = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in body:
        sheet.append([_flat(v) if isinstance(v, list) else v
                      for v in (row.get(k) for k in keys)])
        count += 1
    book.save(tmp)
    return count
