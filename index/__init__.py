"""Storage and search of records behind one interface (``index.base.SearchIndex``)."""

from __future__ import annotations

from index.base import SearchIndex
from index.config import IndexSettings


def open_index(settings: IndexSettings) -> SearchIndex:
    """The configured backend: Elasticsearch when SOHOA_ELASTICSEARCH_URL is set (or
    SOHOA_SEARCH_BACKEND=elasticsearch), else the embedded tantivy index."""
    if settings.backend == "elasticsearch":
        if not settings.elasticsearch_url:
            from index.elastic import BackendError

            raise BackendError("SOHOA_SEARCH_BACKEND=elasticsearch needs SOHOA_ELASTICSEARCH_URL")
        from index.elastic import ElasticIndex

        return ElasticIndex(settings)
    from index.embedded import EmbeddedIndex

    return EmbeddedIndex(settings.index_dir)
