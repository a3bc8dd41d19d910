"""Storage and search of records behind one interface (``index.base.SearchIndex``)."""

from __future__ import annotations

from pipeline.settings import Settings


def open_index(settings: Settings):
    """The configured backend; the embedded tantivy index is the default."""
    from index.embedded import EmbeddedIndex

    return EmbeddedIndex(settings.index_dir)
