"""Elasticsearch backend (official client, 8.x): the production-scale store.

Analysis uses only the default distribution: names are indexed as sub-fields — exact
(lower-case), folded (lower-case + asciifolding, so "nguyen" finds "Nguyễn" and đ -> d),
prefix (edge n-grams, for autocomplete) and keyword (folding normalizer) — rather than
``preserve_original``, which stacks tokens and defeats fuzziness. Reads and writes go through
an alias over versioned indices; a rebuild fills a new index and swaps the alias in one
``_aliases`` call.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

import elasticsearch
from elasticsearch import Elasticsearch, helpers

from index.base import (
    FACETS,
    Hit,
    IndexRecord,
    SearchQuery,
    SearchResult,
    enough,
    finish,
    fuzziness,
    join_apostrophes,
    joins,
    rank,
)
from index.config import IndexSettings
from schemas.records import NAME_FIELDS

CLIENT_MAJOR = int(elasticsearch.__versionstr__.split(".")[0])

ANALYSIS = {
    "filter": {"sohoa_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20}},
    "normalizer": {"sohoa_fold": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    "analyzer": {
        "sohoa_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        "sohoa_folded": {"type": "custom", "tokenizer": "standard",
                         "filter": ["lowercase", "asciifolding"]},
        "sohoa_prefix": {"type": "custom", "tokenizer": "standard",
                         "filter": ["lowercase", "asciifolding", "sohoa_edge"]},
    },
}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "document_id": {"type": "keyword"},
        "record_type": {"type": "keyword"},
        "source": {"type": "keyword", "index": False},
        "page": {"type": "integer", "index": False},
        "names": {"type": "text", "analyzer": "sohoa_exact", "fields": {
            "folded": {"type": "text", "analyzer": "sohoa_folded"},
            "prefix": {"type": "text", "analyzer": "sohoa_prefix",
                       "search_analyzer": "sohoa_folded"},
            "keyword": {"type": "keyword", "normalizer": "sohoa_fold"}}},
        "text": {"type": "text", "analyzer": "sohoa_folded"},
        "date_of_birth": {"type": "date", "format": "strict_date"},
        "registration_date": {"type": "date", "format": "strict_date"},
        "registration_year": {"type": "integer"},
        "commune": {"type": "keyword", "normalizer": "sohoa_fold"},
        "book_number": {"type": "keyword"},
        "fields": {"type": "object", "enabled": False},
    },
}


class BackendError(RuntimeError):
    """The search backend cannot be used as configured; the message says how to fix it."""


def connect(settings: IndexSettings) -> Elasticsearch:
    auth: dict = {}
    if settings.elasticsearch_api_key:
        auth["api_key"] = settings.elasticsearch_api_key.get_secret_value()
    elif settings.elasticsearch_username:
        password = settings.elasticsearch_password
        auth["basic_auth"] = (settings.elasticsearch_username,
                              password.get_secret_value() if password else "")
    client = Elasticsearch(settings.elasticsearch_url, request_timeout=settings.elasticsearch_timeout,
                           ca_certs=str(settings.elasticsearch_ca_certs)
                           if settings.elasticsearch_ca_certs else None,
                           verify_certs=settings.elasticsearch_verify_certs, **auth)
    try:
        info = client.info()
    except elasticsearch.AuthenticationException:
        raise BackendError("Elasticsearch refused the credentials: check SOHOA_ELASTICSEARCH_"
                           "USERNAME/PASSWORD or SOHOA_ELASTICSEARCH_API_KEY") from None
    except (elasticsearch.ConnectionError, elasticsearch.UnsupportedProductError) as exc:
        raise BackendError(f"cannot use Elasticsearch at {settings.elasticsearch_url}: {exc}; "
                           "check SOHOA_ELASTICSEARCH_URL, or unset it to use the embedded "
                           "index") from None
    server = info["version"]["number"]
    if int(server.split(".")[0]) != CLIENT_MAJOR:
        raise BackendError(
            f"Elasticsearch server {server} but sohoa's client is {elasticsearch.__versionstr__}: "
            f"client and server majors must match (install elasticsearch>={server.split('.')[0]},"
            f"<{int(server.split('.')[0]) + 1} in sohoa's environment)")
    return client


def _source(r: IndexRecord) -> dict:
    names = [join_apostrophes(v) for k in NAME_FIELDS if (v := r.fields.get(k))]
    values = " ".join(v for v in r.fields.values() if v)
    return {"key": r.key, "document_id": r.document_id, "record_type": r.record_type,
            "source": r.source, "page": r.page, "names": names, "text": f"{values}\n{r.text}",
            "date_of_birth": r.date_of_birth, "registration_date": r.registration_date,
            "registration_year": r.registration_year, "commune": r.commune,
            "book_number": r.book_number, "fields": r.fields}


class ElasticIndex:
    def __init__(self, settings: IndexSettings, client: Elasticsearch | None = None) -> None:
        self.client = client or connect(settings)
        self.alias = settings.elasticsearch_index
        if not self.client.indices.exists_alias(name=self.alias):
            generation = self.begin_rebuild()
            self.client.indices.update_aliases(actions=[
                {"add": {"index": generation, "alias": self.alias}}])

    # generations -------------------------------------------------------------------------
    def begin_rebuild(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**6:06d}"
        self.client.indices.create(index=name, settings={"analysis": ANALYSIS,
                                                         "number_of_shards": 1},
                                   mappings=MAPPINGS)
        return name

    def _live(self) -> list[str]:
        return list(self.client.indices.get_alias(name=self.alias))

    def commit_rebuild(self, generation: str) -> None:
        old = [i for i in self._live() if i != generation]
        self.client.indices.refresh(index=generation)
        self.client.indices.update_aliases(actions=[  # one call: atomic for readers
            *({"remove": {"index": i, "alias": self.alias}} for i in old),
            {"add": {"index": generation, "alias": self.alias}}])
        for i in old:
            self.client.indices.delete(index=i, ignore_unavailable=True)

    def has_generation(self, generation: str) -> bool:
        return str(generation).startswith(f"{self.alias}-") and bool(
            self.client.indices.exists(index=generation))

    def abort_rebuild(self, generation: str) -> None:
        if generation not in self._live():
            self.client.indices.delete(index=generation, ignore_unavailable=True)

    # writing -----------------------------------------------------------------------------
    def _bulk(self, index: str, records: Iterable[IndexRecord]) -> list[str]:
        actions: Iterator[dict] = ({"_op_type": "index", "_index": index, "_id": r.key,
                                    "_source": _source(r)} for r in records)
        failed = []
        for ok, item in helpers.streaming_bulk(self.client, actions, chunk_size=500,
                                               max_retries=3, raise_on_error=False,
                                               raise_on_exception=False):
            if not ok:
                failed.append(item.get("index", {}).get("_id", "?"))
        self.client.indices.refresh(index=index)
        return failed

    def _delete_documents(self, index: str, document_ids: list[str]) -> None:
        if document_ids:
            self.client.delete_by_query(index=index, query={"terms": {
                "document_id": document_ids}}, refresh=True, conflicts="proceed")

    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> list[str]:
        self._delete_documents(self.alias, list(document_ids))
        return self._bulk(self.alias, records)

    def add_to(self, generation: str, records: Iterable[IndexRecord]) -> list[str]:
        records = list(records)
        self._delete_documents(generation, sorted({r.document_id for r in records}))
        return self._bulk(generation, records)

    def clear(self) -> None:
        self.client.delete_by_query(index=self.alias, query={"match_all": {}}, refresh=True,
                                    conflicts="proceed")

    # reading -----------------------------------------------------------------------------
    def _filters(self, query: SearchQuery) -> list[dict]:
        filters: list[dict] = []
        if query.record_type:
            filters.append({"term": {"record_type": query.record_type}})
        if query.born_from or query.born_to:
            bounds = {k: d.isoformat() for k, d in (("gte", query.born_from),
                                                    ("lte", query.born_to)) if d}
            filters.append({"range": {"date_of_birth": bounds}})
        if query.registration_year:
            filters.append({"term": {"registration_year": query.registration_year}})
        if query.commune_folded:
            filters.append({"term": {"commune": query.commune_folded}})
        if query.book_number:
            filters.append({"term": {"book_number": query.book_number}})
        filters += [{"match_phrase": {"text": " ".join(p)}} for p in query.phrases]
        return filters

    def _name_words(self, folded: list[str]) -> list[bool]:
        """For each word: is it a syllable of some indexed name? (one round trip)"""
        searches: list[dict] = []
        for f in folded:
            searches += [{"index": self.alias}, {"size": 0, "track_total_hits": 1,
                                                 "query": {"term": {"names.folded": f}}}]
        responses = self.client.msearch(searches=searches)["responses"]
        return [r["hits"]["total"]["value"] > 0 for r in responses]

    def _names_query(self, query: SearchQuery, tolerant: bool) -> dict:
        """Step one (see index.base): a name syllable must be in the names exactly; another
        word must be in the names within one typo, or in the page text."""
        exact, folded = query.tokens
        must, should = [], []
        is_names = self._name_words(folded)
        for i, (e, f, is_name) in enumerate(zip(exact, folded, is_names, strict=True)):
            # tolerant: the word may also be written together with a neighbour (see joins)
            joined = [{"match": {"names.folded": {"query": j, "fuzziness": 1}}}
                      for j in joins(folded, i)] if tolerant else []
            if is_name and tolerant:
                must.append({"bool": {"minimum_should_match": 1, "should": [
                    {"match": {"names.folded": {"query": f,  # "mi" may be "mai" here too
                                                "fuzziness": fuzziness(f, known=False)}}},
                    *joined]}})
                should.append({"term": {"names.folded": {"value": f, "boost": 2.0}}})
            elif is_name:
                must.append({"term": {"names.folded": f}})
            else:
                must.append({"bool": {"minimum_should_match": 1, "should": [
                    {"match": {"names.folded": {"query": f,
                                                "fuzziness": fuzziness(f, known=False)}}},
                    {"match": {"text": f}}, *joined]}})
            if e != f:  # the user typed diacritics: reward the exact spelling
                should.append({"match": {"names": {"query": e, "boost": 2.0}}})
        if len(folded) > 1:
            should.append({"match_phrase": {"names.folded": {"query": " ".join(folded),
                                                             "boost": 3.0}}})
            if tolerant:  # the name in order within one typo a word (see EmbeddedIndex)
                should.append({"span_near": {"in_order": True, "slop": 0, "boost": 3.0,
                                             "clauses": [{"span_multi": {"match": {"fuzzy": {
                                                 "names.folded": {"value": f,
                                                                  "fuzziness": fuzziness(f)}}}}}
                                                 for f in folded]}})
        query_words = {"bool": {"must": must, "should": should}}
        if not tolerant:
            return query_words
        # or an entry without names whose text holds every word (see index.base.loose_text)
        return {"bool": {"minimum_should_match": 1, "should": [query_words, {"bool": {
            "must_not": [{"exists": {"field": "names"}}],
            "must": [{"match": {"text": {"query": f, "fuzziness": fuzziness(f, known)}}}
                     for f, known in zip(folded, is_names, strict=True)]}}]}}

    def search(self, query: SearchQuery) -> SearchResult:
        filters = self._filters(query)
        folded = query.tokens[1]
        if folded:
            steps = [self._names_query(query, tolerant=False),
                     self._names_query(query, tolerant=True),
                     {"bool": {"must": [{"match": {"text": f}} for f in folded]}}]
        elif filters:
            steps = [{"match_all": {}}]
        else:
            return SearchResult(hits=[], total=0 if query.count or query.facets else None)
        aggs = ({name: {"terms": {"field": name, "size": 100}} for name in FACETS}
                if query.facets else None)
        hits: list[Hit] = []
        for n, step in enumerate(steps):  # the same steps as EmbeddedIndex.search
            res = self.client.search(index=self.alias, size=query.pool, aggs=aggs,
                                     query={"bool": {"must": [step], "filter": filters}},
                                     track_total_hits=True)
            hits += [Hit(h["_id"], h["_source"]["document_id"], h["_source"]["source"],
                         h["_source"]["record_type"], float(h["_score"] or 0.0),
                         h["_source"]["fields"],
                         text="" if h["_source"]["names"] else h["_source"]["text"])
                     for h in res["hits"]["hits"]]
            if enough(query, n, hits):
                break
        facets = {name: {str(b["key"]): int(b["doc_count"])
                         for b in res["aggregations"][name]["buckets"]}
                  for name in FACETS} if query.facets else {}
        total = (int(res["hits"]["total"]["value"]) if query.count or query.facets else None)
        return SearchResult(hits=finish(query, rank(query, hits)), total=total, facets=facets)

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    def document_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        after = None
        while True:  # search_after pages through any number of records, with no bucket cap
            res = self.client.search(index=self.alias, size=1000, sort=[{"key": "asc"}],
                                     source=["document_id"], search_after=after,
                                     track_total_hits=False)
            hits = res["hits"]["hits"]
            for h in hits:
                doc = h["_source"]["document_id"]
                counts[doc] = counts.get(doc, 0) + 1
            if len(hits) < 1000:
                return counts
            after = hits[-1]["sort"]

    def close(self) -> None:
        self.client.close()
