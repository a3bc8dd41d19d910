"""Browsing the catalog document by document, and erasing one document.

The catalog tables are declared in ``pipeline.catalog``; this module holds their queries
for ``sohoa list`` and ``sohoa delete`` (through ``app.service``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, delete, func, select, update

from pipeline.catalog import Catalog, audit, documents, records


@dataclass(frozen=True)
class DocumentSummary:
    """One line of ``sohoa list``: no field values (they are personal data)."""

    document_id: str
    status: str
    source: str
    page_count: int
    records: int
    to_review: int
    updated_at: str

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "status": self.status, "source": self.source,
                "pages": self.page_count, "records": self.records,
                "to_review": self.to_review, "updated_at": self.updated_at}


def document_summaries(catalog: Catalog, status: str | None = None, limit: int = 50,
                       offset: int = 0) -> tuple[list[DocumentSummary], int]:
    """Documents newest first (``limit`` from ``offset``), and how many there are in all."""
    counted = (select(records.c.document_id, func.count().label("n"),
                      func.sum(case((records.c.needs_review, 1), else_=0)).label("review"))
               .group_by(records.c.document_id).subquery())
    query = (select(documents.c.id, documents.c.status, documents.c.source,
                    documents.c.page_count, documents.c.updated_at, counted.c.n,
                    counted.c.review)
             .select_from(documents.outerjoin(counted, counted.c.document_id == documents.c.id))
             .order_by(documents.c.updated_at.desc(), documents.c.id).limit(limit).offset(offset))
    total = select(func.count()).select_from(documents)
    if status:
        query = query.where(documents.c.status == status)
        total = total.where(documents.c.status == status)
    with catalog.engine.connect() as c:
        rows = c.execute(query).all()
        count = c.execute(total).scalar() or 0
    return [DocumentSummary(r.id, r.status, r.source, r.page_count or 0, r.n or 0,
                            int(r.review or 0), r.updated_at) for r in rows], count


def delete_document(catalog: Catalog, document_id: str) -> int:
    """The document's rows (pages, records, fields, index failures cascade); returns how many
    records went. Its audit rows stay (who processed the data, and when: Decree 13/2023)
    but lose the values they quoted, which were the erased person's data."""
    with catalog.engine.begin() as c:
        n = c.execute(select(func.count()).select_from(records).where(
            records.c.document_id == document_id)).scalar() or 0
        c.execute(update(audit).where(audit.c.document_id == document_id)
                  .values(old=None, new=None))
        c.execute(delete(documents).where(documents.c.id == document_id))
    return n
