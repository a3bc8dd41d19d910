"""The catalog: round trips and additive migrations of older catalogs."""

import sqlite3

from pipeline.catalog import Catalog


def test_older_catalog_gains_new_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the records table as the first release made it
        db.execute("CREATE TABLE documents (id VARCHAR(32) PRIMARY KEY)")  # (a catalog has one)
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

    # and, opening a new SQLite file together, all but one were refused the switch to
    # WAL ('database is locked'): ~1 open in 300 failed so
    with multiprocessing.get_context("fork").Pool(12) as pool:
        for round_ in range(12):
            url = f"sqlite:///{tmp_path / f'c{round_}.sqlite'}"
            assert all(pool.map(_open_catalog, [url] * 24))


def test_raw_ocr_reading_is_kept_beside_the_corrected_one(tmp_path):
    from ocr.models import Box, Line, OcrPage, Word
    from pipeline.models import DocumentResult

    page = OcrPage(100, 50, 300, lines=(Line((Word("SỔ", 0.75, Box(1, 2, 3, 4), raw="SỐ"),
                                              Word("ĐĂNG", 0.9, Box(5, 2, 3, 4)))),),
                   raw_text="SỐ ĐĂNG")
    catalog = Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}")
    catalog.save(DocumentResult(source="a.png", sha256="a" * 64, document_id="a" * 16,
                                status="ok", pages=[page]))
    [back] = catalog.document("a" * 16).pages
    assert back == page
    assert (back.text, back.raw_text) == ("SỔ ĐĂNG", "SỐ ĐĂNG")
