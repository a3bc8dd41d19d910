"""The default backend: a tantivy index in the home folder, no server needed.

Layout: ``index/current`` is a symlink to a generation folder ``index/gen-<stamp>``.
A rebuild fills a new generation beside the live one and swaps the link atomically
(``os.replace`` of a symlink), so searches never see a half-built index and a failed
rebuild leaves the old one serving.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import tantivy
from tantivy import FieldType, Occur, Query

from index.base import FACETS, Hit, IndexRecord, SearchQuery, SearchResult, finish, fuzziness
from ocr.text import fold_lower, nfc

SCHEMA_VERSION = "2"


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw")
    b.add_text_field("document_id", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("record_type", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("names_exact")  # lower-case, diacritics kept: boosts exact spellings
    b.add_text_field("names_folded")  # diacritics stripped: "nguyen" finds "Nguyễn"
    b.add_text_field("text_folded")  # every field value and the page text, folded
    b.add_date_field("date_of_birth", indexed=True, fast=True)
    b.add_integer_field("registration_year", indexed=True, fast=True)
    b.add_text_field("commune", tokenizer_name="raw", fast=True)
    b.add_text_field("book_number", tokenizer_name="raw", fast=True)
    b.add_bytes_field("payload", stored=True, indexed=False)
    return b.build()


def _date(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


class EmbeddedIndex:
    def __init__(self, path: Path) -> None:
        self.root = path
        self.schema = _schema()
        path.mkdir(parents=True, exist_ok=True)
        live = path / "current"
        if not live.exists():
            if any(p for p in path.iterdir() if p.name not in ("current",)) and not (
                    path / "sohoa-schema").exists() and not any(path.glob("gen-*")):
                raise RuntimeError(f"{path} holds files that are not a sohoa index")
            self._point_live_at(self._new_generation())
        marker = path / "sohoa-schema"
        if marker.exists() and marker.read_text() != SCHEMA_VERSION:
            raise RuntimeError(f"the index at {path} has an older layout: run `sohoa index rebuild`")
        marker.write_text(SCHEMA_VERSION)
        self.index = self._open(live)

    # generations -------------------------------------------------------------------------
    def _open(self, folder: Path) -> tantivy.Index:
        return tantivy.Index(self.schema, path=str(folder.resolve()), reuse=True)

    def _new_generation(self) -> Path:
        folder = self.root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**9:09d}"
        folder.mkdir()
        return folder

    def _point_live_at(self, folder: Path) -> None:
        tmp = self.root / f".current-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(folder.name)
        os.replace(tmp, self.root / "current")  # atomic: readers see old or new, never none

    def begin_rebuild(self) -> str:
        return self._new_generation().name

    def add_to(self, generation: str, records: Iterable[IndexRecord]) -> list[str]:
        records = list(records)
        self._write(self._open(self.root / generation), records,
                    {r.document_id for r in records})
        return []

    def commit_rebuild(self, generation: str) -> None:
        old = (self.root / "current").resolve()
        self._point_live_at(self.root / generation)
        self.index = self._open(self.root / "current")
        if old.name != generation:
            shutil.rmtree(old, ignore_errors=True)

    def abort_rebuild(self, generation: str) -> None:
        if (self.root / "current").resolve().name != generation:
            shutil.rmtree(self.root / generation, ignore_errors=True)

    # writing -----------------------------------------------------------------------------
    def _document(self, r: IndexRecord) -> tantivy.Document:
        payload = json.dumps({"source": r.source, "page": r.page, "fields": r.fields},
                             ensure_ascii=False).encode()
        values = " ".join(v for v in r.fields.values() if v)
        doc = tantivy.Document(
            key=r.key, document_id=r.document_id, record_type=r.record_type,
            names_exact=nfc(r.names).lower(), names_folded=fold_lower(r.names),
            text_folded=fold_lower(f"{values}\n{r.text}"), payload=payload)
        if r.date_of_birth:
            doc.add_date("date_of_birth", _date(r.date_of_birth))
        if r.registration_year:
            doc.add_integer("registration_year", r.registration_year)
        if r.commune:
            doc.add_text("commune", r.commune)
        if r.book_number:
            doc.add_text("book_number", r.book_number)
        return doc

    def _write(self, index: tantivy.Index, records: Iterable[IndexRecord],
               document_ids: Iterable[str]) -> None:
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        try:
            for doc_id in document_ids:
                writer.delete_documents_by_term("document_id", doc_id)
            for r in records:
                writer.add_document(self._document(r))
            writer.commit()
            writer.garbage_collect_files()  # obsolete segments otherwise pile up on disk
        finally:
            writer.wait_merging_threads()
        index.reload()

    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> list[str]:
        self._write(self.index, records, document_ids)
        return []  # tantivy rejects nothing item by item: a failure raises for the batch

    def clear(self) -> None:
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        self.index.reload()

    # reading -----------------------------------------------------------------------------
    def _text_query(self, query: SearchQuery) -> Query | None:
        exact, folded = query.tokens
        if not folded:
            return None
        s = self.schema
        clauses = []
        for e, f in zip(exact, folded, strict=True):
            options = [Query.boost_query(Query.term_query(s, "names_folded", f), 2.0),
                       Query.term_query(s, "text_folded", f)]
            if e != f:  # the user typed diacritics: reward the exact spelling
                options.append(Query.boost_query(Query.term_query(s, "names_exact", e), 2.0))
            if fuzziness(f):  # typos are tolerated on names only: on the page text, one edit
                # turns boilerplate ("nhân dân") into matches for almost any query
                options.append(
                    Query.boost_query(Query.fuzzy_term_query(s, "names_folded", f, 1), 0.6))
            clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, q) for q in options])))
        if len(folded) > 1:  # the whole name in order ranks above scattered tokens
            clauses.append((Occur.Should, Query.boost_query(
                Query.phrase_query(s, "names_folded", folded), 3.0)))
        return Query.boolean_query(clauses)

    def _filters(self, query: SearchQuery) -> list[Query]:
        s, out = self.schema, []
        if query.record_type:
            out.append(Query.term_query(s, "record_type", query.record_type))
        if query.born_from or query.born_to:
            out.append(Query.range_query(
                s, "date_of_birth", FieldType.Date,
                _date(query.born_from.isoformat()) if query.born_from else None,
                _date(query.born_to.isoformat()) if query.born_to else None))
        if query.registration_year:
            out.append(Query.term_query(s, "registration_year", query.registration_year))
        if query.commune_folded:
            out.append(Query.term_query(s, "commune", query.commune_folded))
        if query.book_number:
            out.append(Query.term_query(s, "book_number", query.book_number))
        return out

    def search(self, query: SearchQuery) -> SearchResult:
        text = self._text_query(query)
        filters = self._filters(query)
        if text is None and not filters:
            return SearchResult(total=0, hits=[])
        parts = ([(Occur.Must, text)] if text else [(Occur.Must, Query.all_query())])
        parts += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
        full = Query.boolean_query(parts)
        searcher = self.index.searcher()
        result = searcher.search(full, query.pool, count=True)
        hits = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            payload = json.loads(bytes(doc["payload"][0]))
            hits.append(Hit(doc["document_id"][0], payload["source"], doc["record_type"][0],
                            float(score), payload["fields"]))
        facets = self._facets(searcher, full) if query.facets else {}
        return SearchResult(total=result.count or 0, hits=finish(query, hits), facets=facets)

    def _facets(self, searcher: tantivy.Searcher, query: Query) -> dict[str, dict[str, int]]:
        aggs = {name: {"terms": {"field": name, "size": 100}} for name in FACETS}
        raw = searcher.aggregate(query, aggs)
        return {name: {str(b["key"]): int(b["doc_count"]) for b in raw[name]["buckets"]}
                for name in FACETS}

    def count(self) -> int:
        return self.index.searcher().num_docs

    def document_counts(self) -> dict[str, int]:
        searcher = self.index.searcher()
        if not searcher.num_docs:
            return {}
        raw = searcher.aggregate(Query.all_query(), {"d": {"terms": {
            "field": "document_id", "size": max(searcher.num_docs, 1)}}})
        return {b["key"]: int(b["doc_count"]) for b in raw["d"]["buckets"]}

    def close(self) -> None:
        """Nothing held open between calls: each write takes and releases the writer lock."""
