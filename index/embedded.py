"""The default backend: a tantivy index in the home folder, no server needed.

Layout: ``index/current`` is a symlink to a generation folder ``index/gen-<stamp>``.
A rebuild fills a new generation beside the live one and swaps the link atomically
(``os.replace`` of a symlink), so searches never see a half-built index and a failed
rebuild leaves the old one serving.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import tantivy
from tantivy import FieldType, Occur, Query

from index.base import (
    FACETS,
    TOKEN,
    Hit,
    IndexRecord,
    SearchQuery,
    SearchResult,
    enough,
    finish,
    fuzziness,
    joins,
    loose_text,
    rank,
    typo_neighbours,
)
from ocr.text import fold_lower, nfc

SCHEMA_VERSION = "2"
# The words of an entry without names (index.base.loose_text) are also put in text_folded
# behind this prefix: a region of the term dictionary holding only such entries' words, so
# typos are expanded against it in Python (as against names), costing in proportion to
# them, not to every page's text. A prefix, not a new field: a schema change would make
# every existing index unreadable until rebuilt (entries indexed before get it when their
# document is indexed again or the index rebuilt).
LOOSE = "zzl"


class Vocabulary(NamedTuple):
    """Terms of a field (in order, for typo expansion) and the same as a set (membership)."""

    terms: list[str]
    known: frozenset[str]


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
        self._vocabularies: dict[str, tuple[tuple[int, int], Vocabulary]] = {}

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
        return self._write(self._open(self.root / generation), records,
                           {r.document_id for r in records})

    def commit_rebuild(self, generation: str) -> None:
        old = (self.root / "current").resolve()
        self._point_live_at(self.root / generation)
        self.index = self._open(self.root / "current")
        if old.name != generation:
            shutil.rmtree(old, ignore_errors=True)

    def has_generation(self, generation: str) -> bool:
        return bool(re.fullmatch(r"gen-[0-9-]+", str(generation))) and (
            self.root / generation / "meta.json").is_file()

    def abort_rebuild(self, generation: str) -> None:
        if (self.root / "current").resolve().name != generation:
            shutil.rmtree(self.root / generation, ignore_errors=True)

    # writing -----------------------------------------------------------------------------
    def _document(self, r: IndexRecord) -> tantivy.Document:
        loose = loose_text(r)  # kept as read: ranking looks at capitals
        payload = json.dumps({"source": r.source, "page": r.page, "fields": r.fields,
                              **({"text": loose} if loose else {})},
                             ensure_ascii=False).encode()
        values = " ".join(v for v in r.fields.values() if v)
        loose_words = " ".join(LOOSE + w for w in set(TOKEN.findall(fold_lower(loose)))
                               if w.isalpha())  # no name has digits: dates, numbers out
        doc = tantivy.Document(
            key=r.key, document_id=r.document_id, record_type=r.record_type,
            names_exact=nfc(r.names).lower(), names_folded=fold_lower(r.names),
            text_folded=fold_lower(f"{values}\n{r.text}") + f"\n\n{loose_words}",
            payload=payload)
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
               document_ids: Iterable[str]) -> list[str]:
        """Replace the documents' entries; returns the keys of records that could not be
        made into index documents (kept by the caller for a retry, as Elasticsearch's
        refused items are), the others are written."""
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        refused = []
        try:
            for doc_id in document_ids:
                writer.delete_documents_by_term("document_id", doc_id)
            for r in records:
                try:
                    doc = self._document(r)
                except (ValueError, OverflowError):  # a value the engine cannot hold
                    refused.append(r.key)
                    continue
                writer.add_document(doc)
            writer.commit()
            writer.garbage_collect_files()  # obsolete segments otherwise pile up on disk
        finally:
            writer.wait_merging_threads()
        index.reload()
        return refused

    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> list[str]:
        return self._write(self.index, records, document_ids)

    def clear(self) -> None:
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        self.index.reload()

    # reading -----------------------------------------------------------------------------
    def _vocabulary(self, searcher: tantivy.Searcher, field: str, prefix: str = "") -> Vocabulary:
        """The terms of ``field`` starting with ``prefix`` (taken off), cached until the index
        changes: every syllable of every indexed name (a few thousand in a real registry), or
        the words of entries without names; typos are expanded against it, not by the engine."""
        stamp = (searcher.num_docs, searcher.num_segments)
        cached = self._vocabularies.get(field + prefix)
        if not cached or cached[0] != stamp:
            terms = [t[len(prefix):] for t, _ in searcher.terms_with_prefix(field, prefix)]
            cached = (stamp, Vocabulary(terms, frozenset(terms)))
            self._vocabularies[field + prefix] = cached
        return cached[1]

    def _loose_query(self, query: SearchQuery, vocabulary: Vocabulary,
                     names: Vocabulary) -> Query | None:
        """Entries without names whose text holds every word, each within its typo allowance
        (as for a name: see index.base.fuzziness and loose_text); None when some word is in
        no such text."""
        clauses, syllables = [], names.known
        for f in query.tokens[1]:
            terms = [t for t in typo_neighbours(f, vocabulary.terms, f in syllables)
                     if fuzziness(f, f in syllables) or t == f]
            if not terms:
                return None
            clauses.append((Occur.Must, Query.boolean_query([
                (Occur.Should, Query.term_query(self.schema, "text_folded", LOOSE + t))
                for t in terms])))
        return Query.boolean_query(clauses)

    def _names_query(self, query: SearchQuery, vocabulary: Vocabulary, tolerant: bool) -> Query:
        """Step one (see index.base). A word that is a name syllable becomes one term posting
        list; tantivy intersects those quickly. Only unknown words are expanded."""
        s = self.schema
        exact, folded = query.tokens
        vocab = vocabulary.known
        # tolerant: a 2-letter syllable may be a typo too ("mi" for "mai"); see fuzziness
        near = {f: typo_neighbours(f, vocabulary.terms, f in vocab and not tolerant)
                for f in folded if tolerant or f not in vocab}  # what the step uses: a scan each
        joined = [[t for j in joins(folded, i) for t in typo_neighbours(j, vocabulary.terms)]
                  if tolerant else [] for i in range(len(folded))]
        clauses = []
        for i, (e, f) in enumerate(zip(exact, folded, strict=True)):
            if f in vocab and not (tolerant and (fuzziness(f, False) or joined[i])):  # fast
                clauses.append((Occur.Must, Query.term_query(s, "names_folded", f)))
            else:  # a typo of a name syllable, two syllables joined, a word of the page...
                alternatives = [Query.term_query(s, "names_folded", t)
                                for t in near[f] + joined[i]]
                if f not in vocab:
                    alternatives.append(Query.term_query(s, "text_folded", f))
                clauses.append((Occur.Must, Query.boolean_query(
                    [(Occur.Should, q) for q in alternatives])))
            if tolerant and f in vocab:  # the word as typed outranks its neighbours
                clauses.append((Occur.Should, Query.boost_query(
                    Query.term_query(s, "names_folded", f), 2.0)))
            if e != f:  # the user typed diacritics: reward the exact spelling
                clauses.append((Occur.Should, Query.boost_query(
                    Query.term_query(s, "names_exact", e), 2.0)))
        if len(folded) > 1:  # the whole name in order ranks above scattered words
            clauses.append((Occur.Should, Query.boost_query(
                Query.phrase_query(s, "names_folded", folded), 3.0)))
            if tolerant:  # ... and so does the name in order within one typo a word:
                # strongly where only the evident typos (not syllables) vary, weakly where
                # any word may (a typo that made another syllable), which matches a lot.
                for boost, vary in ((3.0, lambda f: f not in vocab), (1.0, lambda f: True)):
                    words = ["|".join(near[f] or [f]) if vary(f) else f for f in folded]
                    clauses.append((Occur.Should, Query.boost_query(
                        Query.regex_phrase_query(s, "names_folded", words), boost)))
        return Query.boolean_query(clauses)

    def _tolerant_query(self, searcher: tantivy.Searcher, query: SearchQuery,
                        vocabulary: Vocabulary) -> Query:
        """Step two: the names within one typo a word, or an entry without names whose text
        holds the words (see index.base)."""
        names = self._names_query(query, vocabulary, tolerant=True)
        loose = self._loose_query(query, self._vocabulary(searcher, "text_folded", LOOSE),
                                  vocabulary)
        return names if loose is None else Query.boolean_query(
            [(Occur.Should, names), (Occur.Should, loose)])

    def _anywhere_query(self, query: SearchQuery) -> Query:
        """Step two: every word anywhere in the record's text, exactly (after folding)."""
        return Query.boolean_query([(Occur.Must, Query.term_query(self.schema, "text_folded", f))
                                    for f in query.tokens[1]])

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

    def _hits(self, searcher: tantivy.Searcher, q: Query, limit: int) -> list[Hit]:
        hits = []
        for score, address in searcher.search(q, limit, count=False).hits:
            doc = searcher.doc(address)
            payload = json.loads(bytes(doc["payload"][0]))
            hits.append(Hit(doc["key"][0], doc["document_id"][0], payload["source"],
                            doc["record_type"][0], float(score), payload["fields"],
                            text=payload.get("text", "")))
        return hits

    def search(self, query: SearchQuery) -> SearchResult:
        filters = [(Occur.Must, Query.const_score_query(f, 0.0)) for f in self._filters(query)]
        filters += [(Occur.Must, Query.phrase_query(self.schema, "text_folded", p))
                    for p in query.phrases]
        searcher = self.index.searcher()
        steps: list[Callable[[], Query]]
        if query.tokens[1]:
            vocabulary = self._vocabulary(searcher, "names_folded")
            steps = [lambda: self._names_query(query, vocabulary, tolerant=False),
                     lambda: self._tolerant_query(searcher, query, vocabulary),
                     lambda: self._anywhere_query(query)]  # each made only when reached
        elif filters:
            steps = [Query.all_query]
        else:
            return SearchResult(hits=[], total=0 if query.count or query.facets else None)
        hits: list[Hit] = []
        for n, step in enumerate(steps):
            full = Query.boolean_query([(Occur.Must, step()), *filters])
            hits += self._hits(searcher, full, query.pool)
            if enough(query, n, hits):
                break
        total = searcher.search(full, 1, count=True).count if query.count or query.facets else None
        facets = self._facets(searcher, full) if query.facets else {}
        return SearchResult(hits=finish(query, rank(query, hits)), total=total, facets=facets)

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
