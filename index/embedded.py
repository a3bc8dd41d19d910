"""The default backend: a tantivy index in a folder of the home, no server needed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from index.base import Hit, IndexRecord, query_tokens, rerank
from ocr.text import fold_lower, nfc

SCHEMA_VERSION = "1"


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw")
    b.add_text_field("document_id", stored=True, tokenizer_name="raw")
    b.add_text_field("record_type", stored=True, tokenizer_name="raw")
    b.add_text_field("names_exact")  # lower-case, diacritics kept: boosts exact spellings
    b.add_text_field("names_folded")  # diacritics stripped: "nguyen" finds "Nguyễn"
    b.add_text_field("text_folded")  # every field value and the page text, folded
    b.add_bytes_field("payload", stored=True, indexed=False)
    return b.build()


class EmbeddedIndex:
    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        marker = path / "sohoa-schema"
        if marker.exists() and marker.read_text() != SCHEMA_VERSION:
            raise RuntimeError(f"index at {path} has an older layout: run `sohoa index rebuild`")
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        marker.write_text(SCHEMA_VERSION)

    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> None:
        writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        try:
            for doc_id in document_ids:
                writer.delete_documents_by_term("document_id", doc_id)
            for r in records:
                payload = json.dumps({"source": r.source, "page": r.page, "fields": r.fields},
                                     ensure_ascii=False).encode()
                values = " ".join(v for v in r.fields.values() if v)
                writer.add_document(tantivy.Document(
                    key=r.key, document_id=r.document_id, record_type=r.record_type,
                    names_exact=nfc(r.names).lower(), names_folded=fold_lower(r.names),
                    text_folded=fold_lower(f"{values}\n{r.text}"), payload=payload))
            writer.commit()
            writer.garbage_collect_files()  # obsolete segments otherwise pile up on disk
        finally:
            writer.wait_merging_threads()
        self.index.reload()

    def _token_query(self, exact: str, folded: str) -> Query:
        s = self.schema
        options = [
            Query.boost_query(Query.term_query(s, "names_folded", folded), 2.0),
            Query.term_query(s, "text_folded", folded),
        ]
        if exact != folded:  # the user typed diacritics: reward the exact spelling
            options.append(Query.boost_query(Query.term_query(s, "names_exact", exact), 2.0))
        if len(folded) >= 3:  # one typo from 3 letters, as Elasticsearch's fuzziness AUTO
            options += [
                Query.boost_query(Query.fuzzy_term_query(s, "names_folded", folded, 1), 0.6),
                Query.boost_query(Query.fuzzy_term_query(s, "text_folded", folded, 1), 0.3)]
        return Query.boolean_query([(Occur.Should, q) for q in options])

    def search(self, query: str, *, record_type: str | None = None, limit: int = 10) -> list[Hit]:
        exact, folded = query_tokens(query)
        if not folded:
            return []
        clauses = [(Occur.Must, self._token_query(e, f)) for e, f in zip(exact, folded,
                                                                            strict=True)]
        if len(folded) > 1:  # the whole name in order ranks above scattered tokens
            clauses.append((Occur.Should, Query.boost_query(
                Query.phrase_query(self.schema, "names_folded", folded), 3.0)))
        if record_type:
            clauses.append((Occur.Must, Query.term_query(self.schema, "record_type", record_type)))
        searcher = self.index.searcher()
        # Fetch a pool of candidates and let the shared name re-ranking order them.
        result = searcher.search(Query.boolean_query(clauses), max(limit * 10, 100))
        hits = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            payload = json.loads(bytes(doc["payload"][0]))
            hits.append(Hit(document_id=doc["document_id"][0], source=payload["source"],
                            record_type=doc["record_type"][0], score=float(score),
                            fields=payload["fields"]))
        return rerank(query, hits, limit)

    def count(self) -> int:
        return self.index.searcher().num_docs

    def clear(self) -> None:
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        self.index.reload()

    def close(self) -> None:
        """Nothing held open between calls: each write takes and releases the writer lock."""
