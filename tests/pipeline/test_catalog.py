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
