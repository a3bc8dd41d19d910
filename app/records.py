"""Values people type, checked the way extraction checks what it reads, and what follows
a change: the record's review state, its audit rows, the index and the archive's XMP."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from app.errors import InvalidInput
from index.base import SearchIndex
from ocr.text import nfc
from pipeline.catalog import Catalog
from pipeline.edits import AuditEntry, now
from pipeline.errors import SigningError
from pipeline.extract.finish import VERBATIM, cross_checks, normaliser
from pipeline.models import DocumentResult
from pipeline.signing import SignerConfig
from schemas.records import FIELDS, REQUIRED, FieldValue, Record, RecordType

# A person's name as typed: letters, with spaces, apostrophes or hyphens between them
# (KSOR H'BLIN, Y-Moan Êban); no digits or other signs.
NAME = re.compile(r"[^\W\d_]+(?:(?:['’\-]| )[^\W\d_]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
DATE_KEYS = ("date_of_birth", "registration_date", "issue_date")
log = logging.getLogger(__name__)


def normalise_value(key: str, typed: str | None) -> tuple[str | None, str | None]:
    """(normal form, reason it cannot be taken or None) of one typed value.

    Dates may be typed as printed (05/03/2019) or in their stored ISO form; anything else
    goes through the field's extraction normaliser (``pipeline.extract.finish``), whose
    problems refuse the value. A name keeps the spelling typed: the name-list correction
    extraction applies to OCR misreadings is not for a person's deliberate spelling.
    """
    text = nfc(" ".join((typed or "").split()))
    if not text:
        return None, None
    if key.endswith("full_name"):
        return text, None if NAME.fullmatch(text) else (
            "a name has only letters, with spaces, apostrophes or hyphens between them")
    if key.endswith(DATE_KEYS) and ISO_DATE.fullmatch(text):
        return _iso(text, date.fromisoformat)
    if key == "death_datetime" and (ISO_DATE.fullmatch(text) or ISO_DATETIME.fullmatch(text)):
        return _iso(text, datetime.fromisoformat)
    if key in VERBATIM:
        return text, None
    value, problems = normaliser(key)(text)
    return value, "; ".join(problems) or None


def _iso(text: str, parse) -> tuple[str, str | None]:
    try:
        parse(text)
    except ValueError:
        return text, f"not a date: {text!r}"
    return text, None


def check_values(record_type: str, values: dict[str, str | None]) -> dict[str, str | None]:
    """The values in normal form; ``InvalidInput`` with a reason per refused key."""
    try:
        kind = RecordType(record_type)
    except ValueError:
        raise InvalidInput(f"unknown record type {record_type!r}") from None
    known = FIELDS.get(kind, {})
    reasons = {k: f"not a field of {kind.value} (fields: {', '.join(known)})"
               for k in values if k not in known}
    out = {}
    for key, typed in values.items():
        if key in known:
            out[key], why = normalise_value(key, typed)
            if why:
                reasons[key] = why
    if reasons:
        raise InvalidInput("; ".join(f"{k}: {v}" for k, v in reasons.items()), reasons)
    return out


def review_reasons(kind: RecordType, fields: dict[str, FieldValue]) -> list[str]:
    """What still needs a look once people have set values: types, cross-checks
    (digits against words, id against sex and birth year, dates in order), missing."""
    record = Record(type=kind, page=1, fields=fields)
    return (record.type_problems() + cross_checks(kind, fields)
            + [f"{k}: missing" for k in REQUIRED.get(kind, ()) if not (
                fields.get(k) and fields[k].value)])


def edited_record(record: Record, values: dict[str, str | None], user: str,
                  verified: bool = True) -> tuple[Record, list[AuditEntry]]:
    """The record with ``values`` set by ``user`` (checked), and the audit rows of the
    change. The OCR value stays in ``ocr_value``; a correction marks the record checked."""
    typed = check_values(record.type.value, values)
    at, fields, trail = now(), dict(record.fields), []
    for key, new in typed.items():
        old = fields.get(key)
        if old is not None and old.value == new:
            continue
        ocr = old.ocr_value if old and old.edited_by else (old.value if old else None)
        fields[key] = FieldValue(value=new, confidence=1.0, raw=old.raw if old else None,
                                 ocr_value=ocr, edited_by=user, edited_at=at)
        trail.append(AuditEntry(user=user, at=at, action="correct", record_id=record.id,
                                field=key, old=old.value if old else None, new=new))
    if not trail and (not verified or record.verified_by):
        return record, []  # nothing changes
    trail.append(AuditEntry(user=user, at=at, action="verify", record_id=record.id))
    reasons = review_reasons(record.type, fields)
    return record.model_copy(update={"fields": fields, "verified_by": user, "verified_at": at,
                                     "review_reasons": reasons, "needs_review": False}), trail


def keyed_record(record_id: str, record_type: str, page: int, entry: int | None,
                 values: dict[str, str | None], user: str) -> tuple[Record, list[AuditEntry]]:
    """A new record entered by ``user`` (every form field present, blank ones null)."""
    kind = RecordType(record_type)
    typed = check_values(record_type, values)
    at = now()
    fields = {k: FieldValue(value=typed.get(k), confidence=1.0,
                            edited_by=user if typed.get(k) else None,
                            edited_at=at if typed.get(k) else None) for k in FIELDS[kind]}
    record = Record(id=record_id, type=kind, page=page, entry=entry or 1, layout="keyed",
                    fields=fields, origin="keyed", verified_by=user, verified_at=at,
                    review_reasons=review_reasons(kind, fields))
    trail = [AuditEntry(user=user, at=at, action="key", record_id=record_id, field=k, new=v)
             for k, v in typed.items() if v]
    return record, trail or [AuditEntry(user=user, at=at, action="key", record_id=record_id)]


def publish(doc: DocumentResult, catalog: Catalog, index: SearchIndex, level: str,
            signer: SignerConfig | None = None) -> None:
    """The document's index entries and archived files' XMP from its catalog state. A
    signed file gets a new revision, signed by ``signer`` when one is configured (the
    earlier signatures stay valid); unsigned files are rewritten (and signed by it)."""
    from pathlib import Path

    from pipeline.edits import entry_pdfs
    from pipeline.reindex import index_document
    from pipeline.run import archive_info

    assert doc.document_id and doc.sha256
    level = doc.pdfa.level if doc.pdfa else level
    try:
        index_document(doc, index, catalog)
    except Exception as exc:  # noqa: BLE001 - the change is saved; the index catches up
        # e.g. a digitize run holds the index writer: the catalog (the system of record)
        # has the change, and `sohoa index check --repair` re-indexes the document.
        catalog.set_index_failures(doc.document_id, [f"{doc.document_id}:*"])
        log.warning("document %s not re-indexed after a change (%s); sohoa index check "
                    "--repair will do it", doc.document_id, type(exc).__name__)
    source = Path(doc.source)
    files = []
    if doc.pdf and doc.pdf.exists() and len(doc.records) == 1:
        files.append((doc.pdf, archive_info(doc.records, source, doc.sha256)))
    own = entry_pdfs(catalog, doc.document_id)
    for record in doc.records:
        path = own.get(record.id or "")
        if path and path.exists():
            files.append((path, archive_info([record], source, doc.sha256)))
    signed: set[str | None] = set()
    for path, info in files:
        signed.add(_rewrite(path, info, level, signer))
        catalog.record_written(path)  # its new checksum: verify must not call it changed
    signed.discard(None)
    if signed and doc.signer not in signed:  # the catalog names who signed last
        catalog.set_signer(doc.document_id, signed.pop())


def _rewrite(path, info, level: str, signer: SignerConfig | None) -> str | None:
    """One archived file's new metadata; a key that cannot sign (a wrong password in the
    app's environment) leaves the new revision unsigned, said in the log: the earlier
    signatures still hold, and ``sohoa verify --require-signature`` names the file.
    Returns the new signature's subject, or None."""
    from pipeline.pdfa import rewrite_metadata

    try:
        return rewrite_metadata(path, info, level, signer)
    except SigningError as exc:
        log.warning("%s: correction saved without a new signature (%s)", path.name, exc)
        return rewrite_metadata(path, info, level, None)
