"""The search interface every backend implements, and the documents it indexes.

Text is folded in Python (NFC, diacritics stripped, đ -> d) before it reaches a backend, so
each backend sees the same tokens and behaves the same for diacritic-free queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz.distance import OSA

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


def _token_score(q_folded: str, q_exact: str, folded: list[str], exact: list[str]) -> float:
    """How well one query token is matched by a name's tokens: 1 exact (after folding),
    0.7 one edit away (transposition counts as one), plus 0.1 for the same diacritics."""
    best = 0.0
    for f, e in zip(folded, exact, strict=True):
        if f == q_folded:
            score = 1.0
        elif len(q_folded) >= 3 and OSA.distance(f, q_folded, score_cutoff=1) <= 1:
            score = 0.7
        else:
            continue
        best = max(best, score + (0.1 if e == q_exact else 0.0))
    return best


def name_similarity(query: str, fields: dict[str, str | None]) -> float:
    """0..1.1: the best match of the query against the record's person names.

    Index engines score typo matches as constants (tantivy) or by engine-specific rules, so
    candidates are re-ranked here, the same way for every backend.
    """
    exact_q, folded_q = query_tokens(query)
    if not folded_q:
        return 0.0
    best = 0.0
    for key, weight in zip(NAME_FIELDS, (1.0, 0.9, 0.9, 0.8), strict=True):
        name = fields.get(key)
        if not name:
            continue
        exact = TOKEN.findall(nfc(name).lower())
        folded = [fold_lower(t) for t in exact]
        matched = sum(_token_score(f, e, folded, exact) for f, e in zip(folded_q, exact_q,
                                                                         strict=True))
        coverage = len(folded_q) / max(len(folded), len(folded_q))
        in_order = 0.1 if " ".join(folded_q) in " ".join(folded) else 0.0
        best = max(best, weight * (0.8 * matched / len(folded_q) + 0.1 * coverage + in_order))
    return best


def rerank(query: str, hits: list[Hit], limit: int) -> list[Hit]:
    """Order engine candidates by name similarity first, the engine's score second."""
    scored = [(name_similarity(query, h.fields), h) for h in hits]
    scored.sort(key=lambda pair: (pair[0], pair[1].score), reverse=True)
    return [Hit(h.document_id, h.source, h.record_type, round(sim * 100 + h.score, 4), h.fields)
            for sim, h in scored[:limit]]


class SearchIndex(Protocol):
    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> None:
        """Replace all records of ``document_ids`` with ``records`` and make them searchable."""

    def search(self, query: str, *, record_type: str | None = None, limit: int = 10) -> list[Hit]:
        """Best records for a free-text or name query (diacritic-free, one typo tolerated)."""

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
