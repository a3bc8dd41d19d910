"""One row per record, for the registry import: CSV, XLSX or JSON Lines.

Rows stream from the catalog one document at a time; the file is written to a temporary
name beside the target and renamed, so a reader never sees half an export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.atomic import replacing
from pipeline.catalog import Catalog
from schemas.records import FIELDS, RecordType

BASE_COLUMNS = ["document_id", "record", "record_id", "record_type", "source", "page", "entry",
                "pdf", "needs_review", "review_reasons", "verified_by"]
FORMATS = ("csv", "xlsx", "jsonl")


def columns(record_type: str | None) -> list[str]:
    """The fixed columns, then the field keys of the type (or of every type), in form order."""
    types = [RecordType(record_type)] if record_type else list(FIELDS)
    keys: list[str] = []
    for t in types:
        keys += [k for k in FIELDS.get(t, {}) if k not in keys]
    return BASE_COLUMNS + keys


def rows(catalog: Catalog, record_type: str | None = None) -> Iterator[dict]:
    for doc in catalog.iter_documents():
        for n, rec in enumerate(doc.records):
            if record_type and rec.type.value != record_type:
                continue
            entry = doc.entries[n][0] if n < len(doc.entries) else doc.pdf
            yield {"document_id": doc.document_id, "record": n, "record_id": rec.id,
                   "verified_by": rec.verified_by, "record_type": rec.type.value,
                   "source": doc.source, "page": rec.page, "entry": rec.entry,
                   "pdf": str(entry) if entry else "",
                   "needs_review": rec.needs_review,
                   "review_reasons": "; ".join(rec.review_reasons),
                   **{k: v.value for k, v in rec.fields.items()}}


def export(catalog: Catalog, target: Path, fmt: str, record_type: str | None = None) -> int:
    """Write the export; returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    header = columns(record_type)
    count = 0
    with replacing(target) as tmp:
        if fmt == "xlsx":
            from openpyxl import Workbook

            book = Workbook(write_only=True)  # streams rows: memory stays flat
            sheet = book.create_sheet(record_type or "records")
            sheet.append(header)
            for row in rows(catalog, record_type):
                sheet.append([row.get(c) for c in header])
                count += 1
            book.save(tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, header, extrasaction="ignore") if fmt == "csv" else None
                if writer:
                    writer.writeheader()
                for row in rows(catalog, record_type):
                    if writer:
                        writer.writerow(row)
                    else:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
    return count
