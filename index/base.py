"""The search interface every backend implements, and the documents it indexes.

Text is folded in Python (NFC, diacritics stripped, đ -> d) before it reaches a backend, so
each backend sees the same tokens and behaves the same for diacritic-free queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ocr.text import fold_lower, nfc
from pipeline.models import DocumentResult
from schemas.records import NAME_FIELDS

TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class IndexRecord:
    """One searchable record (or one page of text when no record was extracted)."""

    key: str  # "<document_id>:<ordinal>"
    document_id: str
    source: str
    record_type: str
    page: int
    fields: dict[str, str | None] = field(default_factory=dict)
    text: str = ""  # the page text the record was read from

    @property
    def names(self) -> str:
        return " ".join(v for k in NAME_FIELDS if (v := self.fields.get(k)))


@dataclass(frozen=True)
class Hit:
    document_id: str
    source: str
    record_type: str
    score: float
    fields: dict[str, str | None]

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "source": self.source,
                "record_type": self.record_type, "score": round(self.score, 4),
                "fields": self.fields}


def records_of(doc: DocumentResult) -> list[IndexRecord]:
    """What the index holds for a document: its records, or its pages if it has none."""
    assert doc.document_id
    texts = {i: p.text for i, p in enumerate(doc.pages, start=1)}
    if doc.records:
        return [IndexRecord(f"{doc.document_id}:{n}", doc.document_id, doc.source, r.type.value,
                            r.page, {k: v.value for k, v in r.fields.items()},
                            texts.get(r.page, ""))
                for n, r in enumerate(doc.records)]
    return [IndexRecord(f"{doc.document_id}:p{i}", doc.document_id, doc.source, "page", i, {}, t)
            for i, t in texts.items()]


def query_tokens(query: str) -> tuple[list[str], list[str]]:
    """(exact lower-case tokens, folded tokens) of a user's query."""
    exact = TOKEN.findall(nfc(query).lower())
    return exact, [fold_lower(t) for t in exact]


class SearchIndex(Protocol):
    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> None:
        """Replace all records of ``document_ids`` with ``records`` and make them searchable."""

    def search(self, query: str, *, record_type: str | None = None, limit: int = 10) -> list[Hit]:
        """Best records for a free-text or name query (diacritic-free, one typo tolerated)."""

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
