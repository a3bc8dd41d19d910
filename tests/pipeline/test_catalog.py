"""The catalog: round trips and additive migrations of older catalogs."""

import sqlite3

from pipeline.catalog import Catalog


def test_older_catalog_gains_new_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the records table as the first release made it
        db.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, document_id VARCHAR(32) NOT "
                   "NULL, ordinal INTEGER NOT NULL, page INTEGER NOT NULL, type VARCHAR(32) "
                   "NOT NULL, needs_review BOOLEAN NOT NULL, review_reasons TEXT NOT NULL)")
    Catalog(f"sqlite:///{path}")
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
    assert {"pdf_path", "pdfa"} <= columns


def _open_catalog(url: str) -> bool:
    Catalog(url)
    return True


def test_many_processes_opening_a_new_catalog_at_once(tmp_path):
    """A batch and its observer, or Celery workers, may create the tables together; the
    loser of that race must not crash (it did: 'table runs already exists')."""
    import multiprocessing

    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'c{round_}.sqlite'}"
        with multiprocessing.get_context("fork").Pool(6) as pool:
            assert all(pool.map(_open_catalog, [url] * 12))
