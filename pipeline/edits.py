"""What people did to records: corrections, checks, keyed records, and the audit trail.

The catalog tables are declared in ``pipeline.catalog``; this module holds their queries.
Every change is written with its audit rows in one transaction, so there is no edit
without its trace (Decree 13/2023: who processed which personal data, and when).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update

from pipeline.catalog import (
    HUMAN,
    Catalog,
    audit,
    batch_pages,
    batches,
    documents,
    fields,
    insert_record,
    records,
    records_where,
)
from schemas.records import PRIMARY_NAMES, Record


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class AuditEntry:
    user: str
    at: str
    action: str  # correct | verify | key | export | user
    record_id: str | None = None
    document_id: str | None = None
    field: str | None = None
    old: str | None = None
    new: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


def merge_human(extracted: list[Record], kept: list[Record]) -> list[Record]:
    """Extracted records with the ones people checked or keyed put in their place.

    A kept record replaces the extracted record with its id; kept records the new
    extraction no longer has (keyed ones, or an entry it now misses) are appended.
    """
    by_id = {r.id: r for r in kept}
    out = [by_id.pop(r.id, r) for r in extracted]
    return out + list(by_id.values())


def human_records(catalog: Catalog, document_id: str) -> list[Record]:
    with catalog.engine.connect() as c:
        return records_where(c, records.c.document_id == document_id, HUMAN)


def find_record(catalog: Catalog, record_id: str) -> tuple[str, Record] | None:
    """(document id, record) for a record id, or None."""
    with catalog.engine.connect() as c:
        found = records_where(c, records.c.uid == record_id)
        if not found:
            return None
        doc = c.execute(select(records.c.document_id).where(records.c.uid == record_id)).scalar()
    return doc, found[0]


def save_record(catalog: Catalog, document_id: str, record: Record,
                trail: list[AuditEntry]) -> None:
    """Replace one record (found by its id) or add it, with its audit rows, atomically."""
    with catalog.engine.begin() as c:
        old = c.execute(select(records.c.id, records.c.ordinal, records.c.pdf_path,
                               records.c.pdfa).where(records.c.uid == record.id)).first()
        if old is None:
            ordinal = (c.execute(select(func.max(records.c.ordinal)).where(
                records.c.document_id == document_id)).scalar() or -1) + 1
            insert_record(c, document_id, ordinal, record)
        else:
            c.execute(delete(fields).where(fields.c.record_id == old.id))
            c.execute(update(records).where(records.c.id == old.id).values(
                needs_review=record.needs_review, verified_by=record.verified_by,
                verified_at=record.verified_at,
                review_reasons=json.dumps(record.review_reasons, ensure_ascii=False)))
            if record.fields:
                c.execute(insert(fields), [{"record_id": old.id, "key": k, **v.model_dump()}
                                           for k, v in record.fields.items()])
        if trail:
            c.execute(insert(audit), [asdict(e) for e in trail])


def append_audit(catalog: Catalog, trail: list[AuditEntry]) -> None:
    if trail:
        with catalog.engine.begin() as c:
            c.execute(insert(audit), [asdict(e) for e in trail])


def audit_entries(catalog: Catalog, *, record_id: str | None = None, user: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Newest first."""
    query = select(audit).order_by(audit.c.id.desc()).limit(limit).offset(offset)
    if record_id:
        query = query.where(audit.c.record_id == record_id)
    if user:
        query = query.where(audit.c.user == user)
    with catalog.engine.connect() as c:
        return [AuditEntry(user=r.user, at=r.at, action=r.action, record_id=r.record_id,
                           document_id=r.document_id, field=r.field, old=r.old, new=r.new)
                for r in c.execute(query)]


@dataclass(frozen=True)
class QueueItem:
    record_id: str
    document_id: str
    type: str
    page: int
    entry: int
    min_confidence: float
    reasons: list[str]
    name: str | None

    def as_json(self) -> dict:
        return asdict(self)


def review_queue(catalog: Catalog, *, record_type: str | None = None, book: str | None = None,
                 batch: str | None = None, reason: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[QueueItem]:
    """Records waiting for a person, lowest field confidence first.

    ``reason`` matches a substring of a review reason (e.g. a field key or "missing");
    ``book`` the record's book number; ``batch`` a batch name (its documents' records).
    """
    low = (select(fields.c.record_id, func.min(fields.c.confidence).label("low"))
           .where(fields.c.value.is_not(None)).group_by(fields.c.record_id).subquery())
    query = (select(records.c.uid, records.c.document_id, records.c.type, records.c.page,
                    records.c.entry, records.c.review_reasons,
                    func.coalesce(low.c.low, 0.0).label("low"))
             .outerjoin(low, low.c.record_id == records.c.id)
             .where(records.c.needs_review.is_(True), records.c.verified_by.is_(None))
             .order_by("low", records.c.document_id, records.c.ordinal)
             .limit(limit).offset(offset))
    if record_type:
        query = query.where(records.c.type == record_type)
    if reason:
        query = query.where(records.c.review_reasons.contains(reason))
    if book:
        query = query.where(records.c.id.in_(select(fields.c.record_id).where(
            fields.c.key == "book_number", fields.c.value == book)))
    if batch:
        hashes = select(batch_pages.c.sha256).join(batches).where(batches.c.name == batch)
        query = query.where(records.c.document_id.in_(
            select(documents.c.id).where(documents.c.sha256.in_(hashes))))
    with catalog.engine.connect() as c:
        rows = c.execute(query).all()
        names = _names(c, [r.uid for r in rows])
    return [QueueItem(record_id=r.uid, document_id=r.document_id, type=r.type, page=r.page,
                      entry=r.entry or 1, min_confidence=round(r.low, 3),
                      reasons=json.loads(r.review_reasons), name=names.get(r.uid))
            for r in rows]


def _names(c, uids: list[str]) -> dict[str, str]:
    """The person each record is about (its first primary name), for the queue."""
    rows = c.execute(select(records.c.uid, fields.c.key, fields.c.value)
                     .join(fields, fields.c.record_id == records.c.id)
                     .where(records.c.uid.in_(uids), fields.c.key.in_(PRIMARY_NAMES),
                            fields.c.value.is_not(None))).all()
    out: dict[str, str] = {}
    for uid, _key, value in sorted(rows, key=lambda r: PRIMARY_NAMES.index(r[1])):
        out.setdefault(uid, value)
    return out


def next_keyed_id(catalog: Catalog, document_id: str, page: int) -> str:
    """``<document>-<page>-k<n>``: n one more than the keyed records of that page."""
    prefix = f"{document_id}-{page}-k"
    with catalog.engine.connect() as c:
        taken = c.execute(select(records.c.uid).where(records.c.uid.like(f"{prefix}%"))).scalars()
        numbers = [int(u[len(prefix):]) for u in taken if u[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def entry_pdfs(catalog: Catalog, document_id: str) -> dict[str, Path]:
    """Record id -> its own PDF/A (``--split-entries``)."""
    with catalog.engine.connect() as c:
        return {uid: catalog.resolve(p) for uid, p in c.execute(
            select(records.c.uid, records.c.pdf_path).where(
                records.c.document_id == document_id, records.c.pdf_path.is_not(None)))}


def document_pdf(catalog: Catalog, document_id: str) -> Path | None:
    """The document's archived PDF/A, or None."""
    with catalog.engine.connect() as c:
        path = c.execute(select(documents.c.pdf_path).where(documents.c.id == document_id)
                         ).scalar()
    return catalog.resolve(path) if path else None


def document_source(catalog: Catalog, document_id: str) -> str:
    with catalog.engine.connect() as c:
        return c.execute(select(documents.c.source).where(documents.c.id == document_id)
                         ).scalar() or ""
